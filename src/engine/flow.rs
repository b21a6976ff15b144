//! Flow definitions as read from `dialogues/*.toml`, and the checked form the engine runs.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A flow file as written. Exactly one step kind key per step.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowFile {
    pub flow: FlowHeader,
    pub steps: BTreeMap<String, StepDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowHeader {
    pub name: String,
    /// Bump when steps change meaning; people mid-flow are then moved safely.
    pub version: u32,
    pub start: String,
    /// The flow needs a linked customer.
    #[serde(default)]
    pub requires_link: bool,
    /// The flow shows account data and refuses to run outside a private conversation.
    #[serde(default)]
    pub private: bool,
    /// When it ends, the flow it interrupted carries on (language, help).
    #[serde(default)]
    pub returns: bool,
    /// The flow moves money or changes enrolment: on channels that cannot authenticate the
    /// sender (email) it starts only with a reply token, and its confirm steps accept a yes
    /// only as a reply to the confirmation itself.
    #[serde(default)]
    pub guarded: bool,
    /// The message shown as this flow's title in menus.
    pub title: String,
    #[serde(default)]
    pub triggers: Triggers,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Triggers {
    /// Slash commands without the slash: `balance` for `/balance`.
    #[serde(default)]
    pub commands: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
    #[serde(default)]
    pub vi: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepDef {
    pub say: Option<String>,
    pub ask: Option<String>,
    pub choose: Option<String>,
    pub confirm: Option<String>,
    pub action: Option<String>,
    pub end: Option<bool>,
    pub slot: Option<String>,
    #[serde(rename = "type")]
    pub slot_type: Option<SlotType>,
    pub invalid: Option<String>,
    pub options: Option<String>,
    #[serde(default)]
    pub option: Vec<OptionDef>,
    pub yes: Option<String>,
    pub no: Option<String>,
    #[serde(default)]
    pub on: BTreeMap<String, String>,
    pub next: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionDef {
    pub id: String,
    pub label: String,
    pub next: Option<String>,
}

/// The typed slots a step may ask for; each has a parser in the domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotType {
    AccountNumber,
    Zip,
    Code,
    Date,
    Money,
    Text,
    /// A short name for a saved bank account.
    Nickname,
    RoutingNumber,
    /// A bank account number: kept only for the turn that asked it, never stored in state.
    BankAccount,
}

impl SlotType {
    pub fn code(self) -> &'static str {
        match self {
            SlotType::AccountNumber => "account_number",
            SlotType::Zip => "zip",
            SlotType::Code => "code",
            SlotType::Date => "date",
            SlotType::Money => "money",
            SlotType::Text => "text",
            SlotType::Nickname => "nickname",
            SlotType::RoutingNumber => "routing_number",
            SlotType::BankAccount => "bank_account",
        }
    }

    /// Secret slots live only for the turn; the step after them must be an action.
    pub fn secret(self) -> bool {
        self == SlotType::BankAccount
    }
}

/// A checked step: references resolved, exactly one kind.
#[derive(Debug, Clone)]
pub enum Step {
    Say {
        message: String,
        next: Option<String>,
    },
    Ask {
        prompt: String,
        slot: String,
        slot_type: SlotType,
        invalid: Option<String>,
        next: String,
    },
    Choose {
        prompt: String,
        slot: String,
        source: ChoiceSource,
        next: Option<String>,
    },
    Confirm {
        prompt: String,
        yes: String,
        no: String,
    },
    Action {
        name: String,
        on: BTreeMap<String, String>,
        next: Option<String>,
    },
    End,
}

#[derive(Debug, Clone)]
pub enum ChoiceSource {
    Static(Vec<OptionDef>),
    /// A list of choices an earlier action put in this variable.
    Dynamic(String),
}

#[derive(Debug, Clone)]
pub struct Flow {
    pub header: FlowHeader,
    pub steps: BTreeMap<String, Step>,
    /// The file it came from, for messages about it.
    pub file: String,
}

impl Step {
    /// Whether the step waits for the person's answer.
    pub fn awaits_input(&self) -> bool {
        matches!(
            self,
            Step::Ask { .. } | Step::Choose { .. } | Step::Confirm { .. }
        )
    }
}
