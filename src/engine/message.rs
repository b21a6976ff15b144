//! What crosses the engine boundary: inbound messages in, replies and effects out.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{EmailAddress, Identity, Locale};

/// One platform event, already translated by a channel adapter.
#[derive(Debug, Clone)]
pub struct Inbound {
    pub identity: Identity,
    /// The channel's own id for this message; a repeat is acknowledged and not processed.
    pub message_id: String,
    pub content: Content,
    pub capabilities: Capabilities,
    pub locale_hint: Option<Locale>,
    pub received_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Whatever the person typed.
    Text(String),
    /// A button press, carrying the id of a [`ChoiceItem`].
    Choice(String),
}

/// What the channel can render and how private it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    /// Buttons for choices; without them choices are numbered lines.
    pub buttons: bool,
    /// A one-to-one conversation; account data is never shown elsewhere.
    pub private: bool,
}

impl Default for Capabilities {
    fn default() -> Self {
        Capabilities {
            buttons: false,
            private: true,
        }
    }
}

/// The id prefix of a choice that means "continue this flow in a private conversation"
/// (`private:balance`): offered where a private flow was refused in a group. Channels with
/// groups render it as a way into a private chat (Telegram: a `?start=balance` deep link).
pub const PRIVATE_PREFIX: &str = "private:";

/// One option. Ids starting with `flow:` start that flow; see also [`PRIVATE_PREFIX`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceItem {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Attachment {
    Png { name: String, bytes: Vec<u8> },
    Csv { name: String, bytes: Vec<u8> },
}

/// One message to the person, rendered by the channel according to its capabilities.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub text: String,
    pub choices: Vec<ChoiceItem>,
    pub attachments: Vec<Attachment>,
}

impl Reply {
    /// The text with choices as a numbered list, for channels without buttons.
    pub fn plain_text(&self) -> String {
        let mut out = self.text.clone();
        for (i, c) in self.choices.iter().enumerate() {
            out.push_str(&format!("\n  {}. {}", i + 1, c.label));
        }
        out
    }
}

/// An email the turn asks to send (a link code, a link notice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutMail {
    pub to: EmailAddress,
    pub subject: String,
    pub text: String,
    /// Whether the body carries a secret (a code): it is never logged or echoed elsewhere.
    pub secret: bool,
}

/// A message to another identity of the same customer (e.g. "this chat was linked").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub to: Identity,
    pub reply: Reply,
}

/// Everything one turn produced, committed together with the new state.
#[derive(Debug, Clone, Default)]
pub struct TurnOutput {
    pub replies: Vec<Reply>,
    pub mails: Vec<OutMail>,
    pub notices: Vec<Notice>,
}
