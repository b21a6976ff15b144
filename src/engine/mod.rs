//! The conversation engine: interprets the flows in `dialogues/`, one inbound message at a time.
//!
//! It takes an [`Inbound`] message and the stored [`ConversationState`], calls actions that use
//! [`ports`] (never a channel or a database library), and returns replies and effects.

pub mod action;
pub mod actions;
mod answer;
pub mod chart;
mod commands;
pub mod flow;
pub mod format;
pub mod i18n;
mod i18n_check;
pub mod intents;
pub mod loader;
pub mod message;
pub mod ports;
mod resolve;
mod slots;
pub mod state;
mod steps;
mod turn;
pub mod value;

pub use commands::MenuCommand;
pub use message::{
    Attachment, Capabilities, ChoiceItem, Content, Inbound, OutMail, Reply, TurnOutput,
    PRIVATE_PREFIX,
};
pub use ports::{PortError, Ports};
pub use state::ConversationState;
pub use turn::Engine;

/// Facts about the deployment that messages mention and rules depend on.
#[derive(Debug, Clone)]
pub struct Settings {
    pub utility_name: String,
    pub support_phone: String,
    pub time_zone: chrono_tz::Tz,
    /// Bill history is shown for at most this many months.
    pub history_months: u32,
    /// The largest one-time payment accepted in chat.
    pub max_payment: crate::domain::Money,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            utility_name: "Golden State Power".into(),
            support_phone: "1-800-555-0199".into(),
            time_zone: chrono_tz::America::Los_Angeles,
            history_months: 36,
            max_payment: crate::domain::Money::from_cents(1_000_000),
        }
    }
}
