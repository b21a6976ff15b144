//! Automatic payments ("Direct Payment") and paperless billing, per account.

use chrono::Days;

use crate::engine::action::{Action, ActionCx, ActionSpec};
use crate::engine::ports::PortError;
use crate::engine::value::Value;

pub struct AutopayStatus;

#[async_trait::async_trait]
impl Action for AutopayStatus {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "autopay.status",
            outcomes: &["enrolled", "not_enrolled"],
            messages: &[
                "autopay-on-status",
                "autopay-off-status",
                "autopay-next-debit",
                "autopay-next-bill",
            ],
            provides: &["account_masked"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(account) = cx.chosen_account().await? else {
            return Ok("not_enrolled");
        };
        let masked = Value::Text(account.number.masked());
        cx.set("account_masked", masked.clone());
        let Some(enrolled) = cx.ports.autopay(&account.number).await? else {
            cx.say("autopay-off-status", &[("account", masked)]);
            return Ok("not_enrolled");
        };
        let mut lines = vec![cx.text(
            "autopay-on-status",
            &[
                ("account", masked),
                ("bank", Value::Text(enrolled.bank.label())),
                ("since", Value::Date(enrolled.since)),
            ],
        )];
        let customer = account.customer.clone();
        let next = cx
            .ports
            .open_payments(&customer)
            .await?
            .into_iter()
            .filter(|p| {
                p.account == account.number
                    && p.kind == "autopay"
                    && p.status == crate::domain::PaymentStatus::Pending
            })
            .min_by_key(|p| p.date);
        match next {
            Some(p) => lines.push(cx.text(
                "autopay-next-debit",
                &[
                    ("amount", Value::Money(p.amount)),
                    ("date", Value::Date(p.date)),
                ],
            )),
            None => lines.push(cx.text("autopay-next-bill", &[])),
        }
        cx.paragraphs.push(lines.join("\n"));
        Ok("enrolled")
    }
}

pub struct AutopaySet;

#[async_trait::async_trait]
impl Action for AutopaySet {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "autopay.set",
            outcomes: &["on", "off", "failed"],
            messages: &[],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(account) = cx.chosen_account().await? else {
            return Ok("failed");
        };
        let turn_on = cx.var_text("autopay_choice") == Some("on");
        if turn_on {
            let Some(bank) = cx.var_text("bank").and_then(|t| t.parse::<i64>().ok()) else {
                return Ok("failed");
            };
            let ours = cx
                .ports
                .banks(&account.customer)
                .await?
                .into_iter()
                .any(|b| b.id == bank);
            if !ours {
                return Ok("failed");
            }
            // Bills issued from tomorrow on are paid automatically; today's is paid by hand.
            cx.ports
                .set_autopay(&account.number, Some(bank), cx.today + Days::new(1), cx.now)
                .await?;
            let label = cx.var_text("bank_label").unwrap_or_default().to_string();
            cx.audit(
                "autopay_on",
                format!("account {} from {label}", account.number.masked()),
            )
            .await?;
            Ok("on")
        } else {
            cx.ports
                .set_autopay(&account.number, None, cx.today, cx.now)
                .await?;
            cx.audit(
                "autopay_off",
                format!("account {}", account.number.masked()),
            )
            .await?;
            Ok("off")
        }
    }
}

pub struct PaperlessStatus;

#[async_trait::async_trait]
impl Action for PaperlessStatus {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "paperless.status",
            outcomes: &["on", "off", "no_email"],
            messages: &["paperless-on-status", "paperless-off-status"],
            provides: &["account_masked", "email_masked"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(account) = cx.chosen_account().await? else {
            return Ok("no_email");
        };
        let masked = Value::Text(account.number.masked());
        cx.set("account_masked", masked.clone());
        let email = cx
            .ports
            .customer(&account.customer)
            .await?
            .and_then(|c| c.email);
        let Some(email) = email else {
            return Ok("no_email");
        };
        cx.set("email_masked", Value::Text(email.masked()));
        let on = cx.ports.paperless(&account.number).await?;
        let id = if on {
            "paperless-on-status"
        } else {
            "paperless-off-status"
        };
        cx.say(
            id,
            &[("account", masked), ("email", Value::Text(email.masked()))],
        );
        Ok(if on { "on" } else { "off" })
    }
}

pub struct PaperlessSet;

#[async_trait::async_trait]
impl Action for PaperlessSet {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "paperless.set",
            outcomes: &["on", "off"],
            messages: &[],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(account) = cx.chosen_account().await? else {
            return Ok("off");
        };
        let on = cx.var_text("paperless_choice") == Some("on");
        cx.ports.set_paperless(&account.number, on, cx.now).await?;
        cx.audit(
            if on { "paperless_on" } else { "paperless_off" },
            format!("account {}", account.number.masked()),
        )
        .await?;
        Ok(if on { "on" } else { "off" })
    }
}
