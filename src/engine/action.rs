//! Actions: Rust functions registered by name that flows call, branching on their outcome.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use fluent_bundle::FluentArgs;

use super::i18n::I18n;
use super::message::{Attachment, ChoiceItem, Inbound, Notice, OutMail, Reply, TurnOutput};
use super::ports::{PortError, Ports};
use super::value::Value;
use super::Settings;
use crate::domain::{AccountNumber, CustomerNumber, Locale};

/// What an action declares, so flows can be checked against it at load time.
#[derive(Debug, Clone, Copy)]
pub struct ActionSpec {
    pub name: &'static str,
    /// Every outcome it may return; a flow must route each (or give `next`).
    pub outcomes: &'static [&'static str],
    /// The message ids it formats itself.
    pub messages: &'static [&'static str],
    /// Variables it sets, which later steps' messages may use.
    pub provides: &'static [&'static str],
}

#[async_trait::async_trait]
pub trait Action: Send + Sync {
    fn spec(&self) -> ActionSpec;
    /// Runs the action and names its outcome.
    ///
    /// # Errors
    /// A port failure; the turn is then rolled back and the person told to try again.
    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError>;
}

/// The registry of actions by name.
#[derive(Default)]
pub struct Actions(HashMap<&'static str, Box<dyn Action>>);

impl Actions {
    pub fn register(&mut self, action: impl Action + 'static) {
        self.0.insert(action.spec().name, Box::new(action));
    }

    pub fn get(&self, name: &str) -> Option<&dyn Action> {
        self.0.get(name).map(|b| b.as_ref())
    }

    pub fn specs(&self) -> impl Iterator<Item = ActionSpec> + '_ {
        self.0.values().map(|a| a.spec())
    }
}

/// What an action sees and may change during one turn.
pub struct ActionCx<'a> {
    pub ports: &'a mut dyn Ports,
    pub i18n: &'a I18n,
    pub settings: &'a Settings,
    pub inbound: &'a Inbound,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    pub locale: Locale,
    /// The language the person chose, set by the language action.
    pub chosen_locale: &'a mut Option<Locale>,
    /// The customer this identity is linked to; link and unlink actions change it.
    pub linked: &'a mut Option<CustomerNumber>,
    pub vars: &'a mut BTreeMap<String, Value>,
    pub paragraphs: &'a mut Vec<String>,
    pub attachments: &'a mut Vec<Attachment>,
    pub out: &'a mut TurnOutput,
    /// Secret answers of this turn (a bank account number), consumed by the action.
    pub secrets: &'a mut BTreeMap<String, String>,
}

impl ActionCx<'_> {
    pub fn args(&self, pairs: &[(&str, Value)]) -> FluentArgs<'static> {
        let mut args = FluentArgs::new();
        args.set("utility", self.settings.utility_name.clone());
        args.set("support_phone", self.settings.support_phone.clone());
        for (k, v) in pairs {
            args.set(k.to_string(), v.to_fluent(self.locale));
        }
        args
    }

    /// Formats a message in the reader's language.
    pub fn text(&self, id: &str, pairs: &[(&str, Value)]) -> String {
        self.i18n.text(self.locale, id, Some(&self.args(pairs)))
    }

    /// Formats a message in a given language (for mail to a customer's own language).
    pub fn text_in(&self, locale: Locale, id: &str, pairs: &[(&str, Value)]) -> String {
        let mut args = FluentArgs::new();
        args.set("utility", self.settings.utility_name.clone());
        args.set("support_phone", self.settings.support_phone.clone());
        for (k, v) in pairs {
            args.set(k.to_string(), v.to_fluent(locale));
        }
        self.i18n.text(locale, id, Some(&args))
    }

    pub fn say(&mut self, id: &str, pairs: &[(&str, Value)]) {
        let t = self.text(id, pairs);
        self.paragraphs.push(t);
    }

    pub fn set(&mut self, name: &str, value: Value) {
        self.vars.insert(name.to_string(), value);
    }

    pub fn var_text(&self, name: &str) -> Option<&str> {
        self.vars.get(name).and_then(|v| v.as_text())
    }

    /// The account the flow chose earlier (slot `account`), re-checked against the link so
    /// a stale or forged choice can never reach another customer's account.
    pub async fn chosen_account(&mut self) -> Result<Option<crate::domain::Account>, PortError> {
        let Some(customer) = self.linked.clone() else {
            return Ok(None);
        };
        let Some(number) = self
            .var_text("account")
            .and_then(|t| AccountNumber::parse(t).ok())
        else {
            return Ok(None);
        };
        let account = self.ports.account(&number).await?;
        Ok(account.filter(|a| a.customer == customer))
    }

    /// Appends to the audit log: who (this identity), which channel, when, what.
    pub async fn audit(&mut self, event: &str, detail: String) -> Result<(), PortError> {
        let Some(customer) = self.linked.clone() else {
            return Ok(());
        };
        let entry = crate::domain::payment::AuditEntry {
            customer,
            channel: self.inbound.identity.channel.code().to_string(),
            actor: self.inbound.identity.display_masked(),
            event: event.to_string(),
            detail,
            at: self.now,
        };
        self.ports.audit(&entry).await
    }

    pub fn mail(&mut self, mail: OutMail) {
        self.out.mails.push(mail);
    }

    pub fn notify(&mut self, to: crate::domain::Identity, text: String) {
        self.out.notices.push(Notice {
            to,
            reply: Reply {
                text,
                choices: Vec::new(),
                attachments: Vec::new(),
            },
        });
    }

    pub fn choices(&self, items: Vec<(String, String)>) -> Value {
        Value::Choices(
            items
                .into_iter()
                .map(|(id, label)| ChoiceItem { id, label })
                .collect(),
        )
    }
}
