//! Balance and due date for every account, and deposit status.

use crate::engine::action::{Action, ActionCx, ActionSpec};
use crate::engine::ports::{account_balance, PortError};
use crate::engine::value::Value;

pub struct Show;

#[async_trait::async_trait]
impl Action for Show {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "balance.show",
            outcomes: &["done"],
            messages: &[
                "balance-account",
                "balance-due",
                "balance-past-due",
                "balance-zero",
                "balance-credit",
                "balance-no-bill",
                "balance-next-statement",
                "balance-pending",
                "payment-status-pending",
                "payment-status-submitted",
            ],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(customer) = cx.linked.clone() else {
            return Ok("done");
        };
        for account in cx.ports.accounts_of(&customer).await? {
            let (summary, _) = account_balance(cx.ports, &account.number, cx.today).await?;
            let mut lines = vec![cx.text(
                "balance-account",
                &[
                    ("account", Value::Text(account.number.masked())),
                    ("address", Value::Text(account.service_address.clone())),
                ],
            )];
            match summary.due_date {
                None => lines.push(cx.text("balance-no-bill", &[])),
                Some(_) if summary.balance.is_negative() => lines.push(cx.text(
                    "balance-credit",
                    &[("amount", Value::Money(summary.balance.abs()))],
                )),
                Some(_) if !summary.balance.is_positive() => {
                    lines.push(cx.text("balance-zero", &[]))
                }
                Some(due) => {
                    let id = if summary.past_due {
                        "balance-past-due"
                    } else {
                        "balance-due"
                    };
                    lines.push(cx.text(
                        id,
                        &[
                            ("amount", Value::Money(summary.balance)),
                            ("due_date", Value::Date(due)),
                        ],
                    ));
                }
            }
            for p in &summary.pending {
                let status = cx.text(&format!("payment-status-{}", p.status.code()), &[]);
                lines.push(cx.text(
                    "balance-pending",
                    &[
                        ("amount", Value::Money(p.amount)),
                        ("date", Value::Date(p.date)),
                        ("status", Value::Text(status)),
                    ],
                ));
            }
            if let Some(next) = account.next_statement_date.filter(|d| *d >= cx.today) {
                lines.push(cx.text("balance-next-statement", &[("date", Value::Date(next))]));
            }
            cx.paragraphs.push(lines.join("\n"));
        }
        Ok("done")
    }
}

pub struct Deposit;

#[async_trait::async_trait]
impl Action for Deposit {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "deposit.show",
            outcomes: &["done"],
            messages: &["deposit-held", "deposit-none"],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(account) = cx.chosen_account().await? else {
            return Ok("done");
        };
        let masked = Value::Text(account.number.masked());
        match account.deposit.filter(|d| d.is_positive()) {
            Some(amount) => cx.say(
                "deposit-held",
                &[("account", masked), ("amount", Value::Money(amount))],
            ),
            None => cx.say("deposit-none", &[("account", masked)]),
        }
        Ok("done")
    }
}
