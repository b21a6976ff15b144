//! Choosing one of the customer's accounts.

use crate::engine::action::{Action, ActionCx, ActionSpec};
use crate::engine::ports::PortError;
use crate::engine::value::Value;

pub struct Pick;

/// `...0001 · 2450 Mission St, San Francisco, CA`
pub fn account_label(a: &crate::domain::Account) -> String {
    format!("{} · {}", a.number.masked(), a.service_address)
}

#[async_trait::async_trait]
impl Action for Pick {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "accounts.pick",
            outcomes: &["one", "many", "none"],
            messages: &[],
            provides: &["account", "accounts", "account_label"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(customer) = cx.linked.clone() else {
            return Ok("none");
        };
        let accounts = cx.ports.accounts_of(&customer).await?;
        match accounts.as_slice() {
            [] => Ok("none"),
            [one] => {
                cx.set("account", Value::Text(one.number.to_string()));
                cx.set("account_label", Value::Text(account_label(one)));
                Ok("one")
            }
            many => {
                let items = many
                    .iter()
                    .map(|a| (a.number.to_string(), account_label(a)))
                    .collect();
                let list = cx.choices(items);
                cx.set("accounts", list);
                Ok("many")
            }
        }
    }
}
