//! Pending payments: cancelling one before the 6 p.m. cutoff, and recent account activity.

use crate::domain::payment::can_cancel;
use crate::domain::PaymentStatus;
use crate::engine::action::{Action, ActionCx, ActionSpec};
use crate::engine::format;
use crate::engine::ports::PortError;
use crate::engine::value::Value;

pub struct List;

#[async_trait::async_trait]
impl Action for List {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "payments.list",
            outcomes: &["some", "none_cancellable", "none"],
            messages: &[
                "pending-line",
                "pending-line-locked",
                "payment-status-pending",
                "payment-status-submitted",
            ],
            provides: &["payments"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(customer) = cx.linked.clone() else {
            return Ok("none");
        };
        let open = cx.ports.open_payments(&customer).await?;
        if open.is_empty() {
            return Ok("none");
        }
        let tz = cx.settings.time_zone;
        let now = cx.now.with_timezone(&tz);
        let mut lines = Vec::new();
        let mut cancellable = Vec::new();
        for p in &open {
            let ok = p.status == PaymentStatus::Pending
                && p.kind == "one_time"
                && p.made_at
                    .is_some_and(|m| can_cancel(&m.with_timezone(&tz), &now));
            let args = [
                ("confirmation", Value::Text(p.confirmation.clone())),
                ("amount", Value::Money(p.amount)),
                ("account", Value::Text(p.account.masked())),
                ("date", Value::Date(p.date)),
                ("bank", Value::Text(p.bank_label.clone())),
                (
                    "status",
                    Value::Text(cx.text(&format!("payment-status-{}", p.status.code()), &[])),
                ),
            ];
            lines.push(format!(
                "• {}",
                cx.text(
                    if ok {
                        "pending-line"
                    } else {
                        "pending-line-locked"
                    },
                    &args
                )
            ));
            if ok {
                cancellable.push((
                    p.id.to_string(),
                    format!(
                        "{} · {}",
                        p.confirmation,
                        format::money(p.amount, cx.locale)
                    ),
                ));
            }
        }
        cx.paragraphs.push(lines.join("\n"));
        if cancellable.is_empty() {
            return Ok("none_cancellable");
        }
        let list = cx.choices(cancellable);
        cx.set("payments", list);
        Ok("some")
    }
}

pub struct Cancel;

#[async_trait::async_trait]
impl Action for Cancel {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "payments.cancel",
            outcomes: &["cancelled", "too_late", "not_found"],
            messages: &[],
            provides: &["confirmation"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(customer) = cx.linked.clone() else {
            return Ok("not_found");
        };
        let Some(id) = cx.var_text("payment").and_then(|t| t.parse::<i64>().ok()) else {
            return Ok("not_found");
        };
        let Some(p) = cx
            .ports
            .open_payments(&customer)
            .await?
            .into_iter()
            .find(|p| p.id == id)
        else {
            return Ok("not_found");
        };
        cx.set("confirmation", Value::Text(p.confirmation.clone()));
        let tz = cx.settings.time_zone;
        // The cutoff is checked again now: the list may have been shown before 6 p.m.
        if !(p.status == PaymentStatus::Pending
            && p.made_at
                .is_some_and(|m| can_cancel(&m.with_timezone(&tz), &cx.now.with_timezone(&tz))))
        {
            return Ok("too_late");
        }
        if !cx.ports.cancel_payment(&customer, id, cx.now).await? {
            return Ok("too_late");
        }
        cx.audit(
            "payment_cancelled",
            format!(
                "{}: {} for account {}",
                p.confirmation,
                format::money(p.amount, crate::domain::Locale::En),
                p.account.masked()
            ),
        )
        .await?;
        Ok("cancelled")
    }
}

pub struct Activity;

#[async_trait::async_trait]
impl Action for Activity {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "activity.show",
            outcomes: &["some", "none"],
            messages: &[
                "activity-line",
                "event-bank_added",
                "event-bank_removed",
                "event-bank_renamed",
                "event-terms_accepted",
                "event-payment_scheduled",
                "event-payment_cancelled",
                "event-payment_submitted",
                "event-payment_posted",
                "event-autopay_on",
                "event-autopay_off",
                "event-paperless_on",
                "event-paperless_off",
            ],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(customer) = cx.linked.clone() else {
            return Ok("none");
        };
        let entries = cx.ports.recent_activity(&customer, 15).await?;
        if entries.is_empty() {
            return Ok("none");
        }
        let tz = cx.settings.time_zone;
        let lines: Vec<String> = entries
            .iter()
            .map(|e| {
                let local = e.at.with_timezone(&tz);
                let event_id = format!("event-{}", e.event);
                let event = if cx.i18n.has(&event_id) {
                    cx.text(&event_id, &[])
                } else {
                    e.event.clone()
                };
                let when = format!(
                    "{} {}",
                    format::date(local.date_naive(), cx.locale),
                    local.format("%H:%M")
                );
                format!(
                    "• {}",
                    cx.text(
                        "activity-line",
                        &[
                            ("when", Value::Text(when)),
                            ("event", Value::Text(event)),
                            ("detail", Value::Text(e.detail.clone())),
                            ("channel", Value::Text(e.channel.clone()))
                        ]
                    )
                )
            })
            .collect();
        cx.paragraphs.push(lines.join("\n"));
        Ok("some")
    }
}
