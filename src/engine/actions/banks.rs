//! Saved bank accounts: offering them, adding one (encrypted by the store), managing them,
//! and the terms and conditions accepted before the first payment.

use crate::domain::bank::{BankAccountNumber, RoutingNumber};
use crate::domain::payment::{SavedBank, TERMS_VERSION};
use crate::engine::action::{Action, ActionCx, ActionSpec};
use crate::engine::ports::PortError;
use crate::engine::value::Value;

fn bank_id(cx: &ActionCx<'_>) -> Option<i64> {
    cx.var_text("bank").and_then(|t| t.parse().ok())
}

/// The linked customer's saved bank accounts; `None` when unlinked or there are none.
async fn saved_banks(cx: &mut ActionCx<'_>) -> Result<Option<Vec<SavedBank>>, PortError> {
    let Some(customer) = cx.linked.clone() else {
        return Ok(None);
    };
    let saved = cx.ports.banks(&customer).await?;
    Ok(Some(saved).filter(|s| !s.is_empty()))
}

/// `(id, "Checking ••••4321")` for a choice list.
fn bank_items(saved: &[SavedBank]) -> Vec<(String, String)> {
    saved
        .iter()
        .map(|b| (b.id.to_string(), b.label()))
        .collect()
}

pub struct Offer;

#[async_trait::async_trait]
impl Action for Offer {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "banks.offer",
            outcomes: &["some", "none"],
            messages: &["bank-new"],
            provides: &["banks"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(saved) = saved_banks(cx).await? else {
            return Ok("none");
        };
        let mut items = bank_items(&saved);
        items.push(("new".into(), cx.text("bank-new", &[])));
        let list = cx.choices(items);
        cx.set("banks", list);
        Ok("some")
    }
}

pub struct Chosen;

#[async_trait::async_trait]
impl Action for Chosen {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "banks.chosen",
            outcomes: &["saved", "new"],
            messages: &[],
            provides: &["bank_label"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(customer) = cx.linked.clone() else {
            return Ok("new");
        };
        let Some(id) = bank_id(cx) else {
            return Ok("new");
        };
        match cx
            .ports
            .banks(&customer)
            .await?
            .into_iter()
            .find(|b| b.id == id)
        {
            Some(b) => {
                cx.set("bank_label", Value::Text(b.label()));
                Ok("saved")
            }
            None => Ok("new"),
        }
    }
}

pub struct Add;

#[async_trait::async_trait]
impl Action for Add {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "banks.add",
            outcomes: &["added", "failed"],
            messages: &[],
            provides: &["bank", "bank_label"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(customer) = cx.linked.clone() else {
            return Ok("failed");
        };
        // The number leaves the turn's secrets here and is never seen again in clear.
        let number = cx
            .secrets
            .remove("bank_account")
            .and_then(|t| BankAccountNumber::parse(&t).ok());
        let routing = cx
            .var_text("routing")
            .and_then(|t| RoutingNumber::parse(t).ok());
        let nickname = cx.var_text("nickname").unwrap_or("Checking").to_string();
        let (Some(number), Some(routing)) = (number, routing) else {
            return Ok("failed");
        };
        let id = cx
            .ports
            .add_bank(&customer, &nickname, &routing, &number, cx.now)
            .await?;
        let label = format!("{nickname} {}", number.masked());
        cx.audit("bank_added", label.clone()).await?;
        cx.set("bank", Value::Text(id.to_string()));
        cx.set("bank_label", Value::Text(label));
        cx.vars.remove("routing");
        Ok("added")
    }
}

pub struct List;

#[async_trait::async_trait]
impl Action for List {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "banks.list",
            outcomes: &["some", "none"],
            messages: &["bank-line"],
            provides: &["banks"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(saved) = saved_banks(cx).await? else {
            return Ok("none");
        };
        let lines: Vec<String> = saved
            .iter()
            .map(|b| {
                cx.text(
                    "bank-line",
                    &[
                        ("label", Value::Text(b.label())),
                        ("routing", Value::Text(b.routing.clone())),
                    ],
                )
            })
            .collect();
        cx.paragraphs.push(lines.join("\n"));
        let list = cx.choices(bank_items(&saved));
        cx.set("banks", list);
        Ok("some")
    }
}

pub struct Rename;

#[async_trait::async_trait]
impl Action for Rename {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "banks.rename",
            outcomes: &["done", "not_found"],
            messages: &[],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let (Some(customer), Some(id)) = (cx.linked.clone(), bank_id(cx)) else {
            return Ok("not_found");
        };
        let nickname = cx.var_text("nickname").unwrap_or_default().to_string();
        if !cx.ports.rename_bank(&customer, id, &nickname).await? {
            return Ok("not_found");
        }
        cx.audit("bank_renamed", nickname).await?;
        Ok("done")
    }
}

pub struct Remove;

#[async_trait::async_trait]
impl Action for Remove {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "banks.remove",
            outcomes: &["done", "not_found"],
            messages: &[],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let (Some(customer), Some(id)) = (cx.linked.clone(), bank_id(cx)) else {
            return Ok("not_found");
        };
        let label = cx
            .ports
            .banks(&customer)
            .await?
            .into_iter()
            .find(|b| b.id == id)
            .map(|b| b.label());
        if !cx.ports.remove_bank(&customer, id, cx.now).await? {
            return Ok("not_found");
        }
        cx.audit("bank_removed", label.unwrap_or_default()).await?;
        Ok("done")
    }
}

pub struct TermsCheck;

#[async_trait::async_trait]
impl Action for TermsCheck {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "terms.check",
            outcomes: &["accepted", "needed"],
            messages: &[],
            provides: &["terms_version"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(customer) = cx.linked.clone() else {
            return Ok("needed");
        };
        cx.set("terms_version", Value::Text(TERMS_VERSION.into()));
        Ok(
            if cx.ports.terms_accepted(&customer, TERMS_VERSION).await? {
                "accepted"
            } else {
                "needed"
            },
        )
    }
}

pub struct TermsAccept;

#[async_trait::async_trait]
impl Action for TermsAccept {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "terms.accept",
            outcomes: &["done"],
            messages: &[],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(customer) = cx.linked.clone() else {
            return Ok("done");
        };
        let who = cx.inbound.identity.clone();
        cx.ports
            .accept_terms(&customer, TERMS_VERSION, &who, cx.now)
            .await?;
        cx.audit("terms_accepted", format!("version {TERMS_VERSION}"))
            .await?;
        Ok("done")
    }
}
