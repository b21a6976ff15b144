//! Bill and payment history, most recent first, a page at a time.

use chrono::{Months, NaiveDate};

use crate::domain::{Bill, Payment};
use crate::engine::action::{Action, ActionCx, ActionSpec};
use crate::engine::ports::PortError;
use crate::engine::value::Value;

/// Entries per page: enough to see a quarter of bills and payments at once.
const PAGE: usize = 8;

enum Entry {
    Bill(Bill),
    Payment(Payment),
}

impl Entry {
    fn date(&self) -> NaiveDate {
        match self {
            Entry::Bill(b) => b.statement_date,
            Entry::Payment(p) => p.date,
        }
    }
}

pub struct Show;

#[async_trait::async_trait]
impl Action for Show {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "history.show",
            outcomes: &["more", "done", "empty"],
            messages: &[
                "history-header",
                "history-bill",
                "history-payment",
                "history-empty",
                "payment-status-pending",
                "payment-status-submitted",
                "payment-status-posted",
                "payment-status-cancelled",
            ],
            provides: &["page"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(account) = cx.chosen_account().await? else {
            return Ok("empty");
        };
        let since = cx
            .today
            .checked_sub_months(Months::new(cx.settings.history_months))
            .unwrap_or(cx.today);
        let mut entries: Vec<Entry> = cx
            .ports
            .bills(&account.number, since)
            .await?
            .into_iter()
            .map(Entry::Bill)
            .collect();
        entries.extend(
            cx.ports
                .payments(&account.number, since)
                .await?
                .into_iter()
                .map(Entry::Payment),
        );
        // Same day: the payment after the bill it pays reads better, so payments sort first.
        entries.sort_by(|a, b| {
            b.date()
                .cmp(&a.date())
                .then(matches!(a, Entry::Bill(_)).cmp(&matches!(b, Entry::Bill(_))))
        });
        let masked = Value::Text(account.number.masked());
        if entries.is_empty() {
            cx.say("history-empty", &[("account", masked)]);
            return Ok("empty");
        }
        let page = match cx.vars.get("page") {
            Some(Value::Number(n)) if *n >= 1 => *n as usize,
            _ => 1,
        };
        let pages = entries.len().div_ceil(PAGE);
        let page = page.min(pages);
        let mut lines = vec![cx.text(
            "history-header",
            &[
                ("account", masked),
                ("page", Value::Number(page as i64)),
                ("pages", Value::Number(pages as i64)),
            ],
        )];
        for e in entries.iter().skip((page - 1) * PAGE).take(PAGE) {
            lines.push(match e {
                Entry::Bill(b) => cx.text(
                    "history-bill",
                    &[
                        ("date", Value::Date(b.statement_date)),
                        ("amount", Value::Money(b.amount_due)),
                        ("due_date", Value::Date(b.due_date)),
                        ("energy", Value::Energy(b.wh)),
                    ],
                ),
                Entry::Payment(p) => {
                    let status = cx.text(&format!("payment-status-{}", p.status.code()), &[]);
                    cx.text(
                        "history-payment",
                        &[
                            ("date", Value::Date(p.date)),
                            ("amount", Value::Money(p.amount)),
                            ("status", Value::Text(status)),
                        ],
                    )
                }
            });
        }
        cx.paragraphs.push(lines.join("\n"));
        if page < pages {
            cx.set("page", Value::Number(page as i64 + 1));
            Ok("more")
        } else {
            cx.vars.remove("page");
            Ok("done")
        }
    }
}
