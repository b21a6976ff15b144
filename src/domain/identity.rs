//! One person on one channel.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Terminal,
    Telegram,
    Email,
    Discord,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::Terminal => "terminal",
            Channel::Telegram => "telegram",
            Channel::Email => "email",
            Channel::Discord => "discord",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Some(match code {
            "terminal" => Channel::Terminal,
            "telegram" => Channel::Telegram,
            "email" => Channel::Email,
            "discord" => Channel::Discord,
            _ => return None,
        })
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// `(channel, external id)`: a Telegram user id, an email address, a terminal user name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Identity {
    pub channel: Channel,
    pub external_id: String,
}

impl Identity {
    pub fn new(channel: Channel, external_id: impl Into<String>) -> Self {
        Identity {
            channel,
            external_id: external_id.into(),
        }
    }

    /// A form safe to show to the customer: an email is masked, other ids shortened.
    pub fn display_masked(&self) -> String {
        match self.channel {
            Channel::Email => crate::domain::EmailAddress::parse(&self.external_id)
                .map(|e| e.masked())
                .unwrap_or_else(|_| "***".into()),
            _ if self.external_id.chars().count() > 4 => {
                let tail: String = self
                    .external_id
                    .chars()
                    .rev()
                    .take(4)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                format!("…{tail}")
            }
            _ => self.external_id.clone(),
        }
    }
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.channel, self.external_id)
    }
}
