//! A one-time payment: amount, bank account, summary, and scheduling exactly once.

use crate::domain::calendar::posting_date;
use crate::domain::payment::{new_confirmation, NewPayment};
use crate::domain::Money;
use crate::engine::action::{Action, ActionCx, ActionSpec};
use crate::engine::format;
use crate::engine::ports::{account_balance, PortError, Scheduled};
use crate::engine::value::Value;

fn money(cx: &ActionCx<'_>, name: &str) -> Option<Money> {
    match cx.vars.get(name) {
        Some(Value::Money(m)) => Some(*m),
        _ => None,
    }
}

pub struct Prepare;

#[async_trait::async_trait]
impl Action for Prepare {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "pay.prepare",
            outcomes: &["due", "nothing_due"],
            messages: &[],
            provides: &["balance", "account_masked"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(account) = cx.chosen_account().await? else {
            return Ok("nothing_due");
        };
        let (summary, _) = account_balance(cx.ports, &account.number, cx.today).await?;
        cx.set("account_masked", Value::Text(account.number.masked()));
        cx.set("balance", Value::Money(summary.balance));
        Ok(if summary.balance.is_positive() {
            "due"
        } else {
            "nothing_due"
        })
    }
}

pub struct Full;

#[async_trait::async_trait]
impl Action for Full {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "pay.full",
            outcomes: &["ok"],
            messages: &[],
            provides: &["amount"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let balance = money(cx, "balance").unwrap_or(Money::ZERO);
        cx.set("amount", Value::Money(balance));
        Ok("ok")
    }
}

pub struct CheckAmount;

#[async_trait::async_trait]
impl Action for CheckAmount {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "pay.check_amount",
            outcomes: &["ok", "not_positive", "too_large"],
            messages: &[],
            provides: &["max_amount"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let max = cx.settings.max_payment;
        cx.set("max_amount", Value::Money(max));
        match money(cx, "amount") {
            Some(a) if !a.is_positive() => Ok("not_positive"),
            Some(a) if a > max => Ok("too_large"),
            Some(_) => Ok("ok"),
            None => Ok("not_positive"),
        }
    }
}

pub struct Summary;

#[async_trait::async_trait]
impl Action for Summary {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "pay.summary",
            outcomes: &["ok"],
            messages: &[],
            provides: &["posting_by"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let by = posting_date(cx.today);
        cx.set(
            "posting_by",
            Value::Text(format::weekday_month_day(by, cx.locale)),
        );
        Ok("ok")
    }
}

pub struct Submit;

#[async_trait::async_trait]
impl Action for Submit {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "pay.submit",
            outcomes: &["scheduled", "refused"],
            messages: &[],
            provides: &["confirmation"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let account = cx
            .var_text("account")
            .and_then(|t| crate::domain::AccountNumber::parse(t).ok());
        let bank = cx.var_text("bank").and_then(|t| t.parse::<i64>().ok());
        let (Some(account), Some(bank_id), Some(amount)) = (account, bank, money(cx, "amount"))
        else {
            return Ok("refused");
        };
        let identity = cx.inbound.identity.clone();
        // One confirming message, one payment: the key is that message's own id.
        let key = format!("{}:{}", identity.channel.code(), cx.inbound.message_id);
        let request = NewPayment {
            identity,
            account: account.clone(),
            bank_id,
            amount,
            date: cx.today,
            posting_by: posting_date(cx.today),
            idempotency_key: key,
            confirmation: new_confirmation(),
        };
        match cx.ports.schedule_payment(&request, cx.now).await? {
            Scheduled::New(confirmation) => {
                let bank_label = cx.var_text("bank_label").unwrap_or_default().to_string();
                cx.audit(
                    "payment_scheduled",
                    format!(
                        "{confirmation}: {} for account {} from {bank_label}",
                        format::money(amount, crate::domain::Locale::En),
                        account.masked()
                    ),
                )
                .await?;
                cx.set("confirmation", Value::Text(confirmation));
                Ok("scheduled")
            }
            Scheduled::Existing(confirmation) => {
                cx.set("confirmation", Value::Text(confirmation));
                Ok("scheduled")
            }
            Scheduled::NotYours => Ok("refused"),
        }
    }
}
