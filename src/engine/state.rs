//! A conversation's stored state: which flow, which step, what was collected so far.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::message::ChoiceItem;
use super::value::Value;
use crate::domain::Locale;

/// Bumped when the shape of this struct changes; older states are upgraded on load.
pub const STATE_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationState {
    #[serde(default = "current_version")]
    pub version: u32,
    /// The language the person chose, which wins over their record and the channel's hint.
    #[serde(default)]
    pub locale: Option<Locale>,
    #[serde(default)]
    pub active: Option<ActiveFlow>,
    /// A flow interrupted by one that returns to it (language, help).
    #[serde(default)]
    pub suspended: Option<Box<ActiveFlow>>,
    /// The choices last offered, so "2", a word or a button press can be resolved.
    #[serde(default)]
    pub offered: Vec<ChoiceItem>,
    /// What the last confirmed action answered, so a repeated "yes" (a double tap, a retry
    /// from another device) is told the same result instead of acting twice.
    #[serde(default)]
    pub last_confirmed: Option<LastConfirmed>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastConfirmed {
    pub text: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

fn current_version() -> u32 {
    STATE_VERSION
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActiveFlow {
    pub flow: String,
    /// The flow's `version` when this state was written; a changed flow is re-entered safely.
    pub flow_version: u32,
    pub step: String,
    #[serde(default)]
    pub vars: BTreeMap<String, Value>,
    /// Invalid answers in a row at this step.
    #[serde(default)]
    pub invalid: u32,
}

impl ConversationState {
    /// Reads stored JSON; an unreadable state starts afresh rather than stranding the person.
    pub fn from_json(json: &str) -> ConversationState {
        match serde_json::from_str::<ConversationState>(json) {
            Ok(mut s) => {
                s.version = STATE_VERSION;
                s
            }
            Err(_) => ConversationState {
                version: STATE_VERSION,
                ..Default::default()
            },
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}
