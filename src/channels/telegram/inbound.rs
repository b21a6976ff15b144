//! A Telegram update, parsed at the edge into what the engine understands.
//!
//! The conversation belongs to the Telegram *user* (linking survives a new private chat);
//! the chat is kept beside it as the place to reply.

use chrono::{DateTime, Utc};
use teloxide::types::{CallbackQueryId, ChatId, MessageId, Update, UpdateKind, User};

use crate::domain::{Channel, Identity, Locale};
use crate::engine::{Capabilities, Content, Inbound};

/// A button press: answered so the client stops its spinner, and its keyboard removed.
#[derive(Debug, Clone, PartialEq)]
pub struct Press {
    pub id: CallbackQueryId,
    /// The message that carried the keyboard, when Telegram still has it.
    pub message: Option<MessageId>,
}

/// An update gridchat acts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub user: i64,
    pub chat: ChatId,
    pub private: bool,
    /// Stable across redeliveries of the same update, for deduplication.
    pub message_id: String,
    pub content: Content,
    pub language: Option<Locale>,
    pub press: Option<Press>,
}

/// Why an update is acknowledged without a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Ignored {
    #[error("an update kind gridchat does not subscribe to")]
    Kind,
    #[error("a message without text (a sticker, a photo, a service message)")]
    NoText,
    #[error("no user sent it (a channel post or an anonymous admin)")]
    NoUser,
    #[error("sent by a bot")]
    FromBot,
    #[error("a press on an inline-mode message or a game, which gridchat never sends")]
    NoChat,
}

fn user_of(u: &User) -> Result<(i64, Option<Locale>), Ignored> {
    if u.is_bot {
        return Err(Ignored::FromBot);
    }
    let id = i64::try_from(u.id.0).map_err(|_| Ignored::NoUser)?;
    Ok((id, u.language_code.as_deref().and_then(Locale::from_code)))
}

impl TryFrom<&Update> for Incoming {
    type Error = Ignored;

    fn try_from(update: &Update) -> Result<Incoming, Ignored> {
        match &update.kind {
            UpdateKind::Message(m) => {
                let (user, language) = user_of(m.from.as_ref().ok_or(Ignored::NoUser)?)?;
                let text = m.text().ok_or(Ignored::NoText)?;
                Ok(Incoming {
                    user,
                    chat: m.chat.id,
                    private: m.chat.is_private(),
                    // Message ids are unique per chat and survive Telegram restarting its
                    // update ids, so they key deduplication.
                    message_id: format!("msg:{}:{}", m.chat.id.0, m.id.0),
                    content: Content::Text(text.to_string()),
                    language,
                    press: None,
                })
            }
            UpdateKind::CallbackQuery(q) => {
                let (user, language) = user_of(&q.from)?;
                let message = q.message.as_ref().ok_or(Ignored::NoChat)?;
                let data = q.data.clone().ok_or(Ignored::NoText)?;
                let chat = message.chat();
                Ok(Incoming {
                    user,
                    chat: chat.id,
                    private: chat.is_private(),
                    message_id: format!("cb:{}", q.id.0),
                    content: Content::Choice(data),
                    language,
                    press: Some(Press {
                        id: q.id.clone(),
                        message: Some(message.id()),
                    }),
                })
            }
            _ => Err(Ignored::Kind),
        }
    }
}

impl Incoming {
    pub fn identity(&self) -> Identity {
        Identity::new(Channel::Telegram, self.user.to_string())
    }

    /// A command addressed to another bot in a group (`/balance@other_bot`) is not ours.
    pub fn addressed_elsewhere(&self, bot_username: &str) -> bool {
        let Content::Text(t) = &self.content else {
            return false;
        };
        let Some(first) = t.trim_start().strip_prefix('/') else {
            return false;
        };
        let word = first.split_whitespace().next().unwrap_or("");
        word.split_once('@')
            .is_some_and(|(_, to)| !to.eq_ignore_ascii_case(bot_username))
    }

    pub fn into_inbound(self, received_at: DateTime<Utc>) -> Inbound {
        Inbound {
            identity: self.identity(),
            message_id: self.message_id,
            content: self.content,
            capabilities: Capabilities {
                buttons: true,
                private: self.private,
            },
            locale_hint: self.language,
            received_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// From text, as updates arrive (teloxide's update kinds do not read from a `Value`).
    fn update(json: serde_json::Value) -> Update {
        serde_json::from_str(&json.to_string()).expect("a valid update")
    }

    #[test]
    fn a_private_text_message_is_keyed_by_user_and_chat_message() {
        let u = update(serde_json::json!({
            "update_id": 7,
            "message": {
                "message_id": 11, "date": 0,
                "chat": {"id": 42, "type": "private", "first_name": "An"},
                "from": {"id": 42, "is_bot": false, "first_name": "An", "language_code": "vi"},
                "text": "/balance"
            }
        }));
        let i = Incoming::try_from(&u).unwrap();
        assert_eq!(i.user, 42);
        assert!(i.private);
        assert_eq!(i.message_id, "msg:42:11");
        assert_eq!(i.language, Some(Locale::Vi));
        assert_eq!(i.content, Content::Text("/balance".into()));
    }

    #[test]
    fn a_button_press_is_a_choice_in_its_chat() {
        let u = update(serde_json::json!({
            "update_id": 8,
            "callback_query": {
                "id": "q1", "chat_instance": "x", "data": "flow:link",
                "from": {"id": 42, "is_bot": false, "first_name": "An"},
                "message": {
                    "message_id": 12, "date": 0,
                    "chat": {"id": -100, "type": "group", "title": "Family"},
                    "text": "Hi"
                }
            }
        }));
        let i = Incoming::try_from(&u).unwrap();
        assert_eq!(i.chat, ChatId(-100));
        assert!(!i.private);
        assert_eq!(i.content, Content::Choice("flow:link".into()));
        assert_eq!(i.press.unwrap().message, Some(MessageId(12)));
    }

    #[test]
    fn bots_and_stickers_are_ignored() {
        let from_bot = update(serde_json::json!({
            "update_id": 9,
            "message": {
                "message_id": 1, "date": 0,
                "chat": {"id": 5, "type": "private", "first_name": "B"},
                "from": {"id": 5, "is_bot": true, "first_name": "B"},
                "text": "hi"
            }
        }));
        assert_eq!(Incoming::try_from(&from_bot), Err(Ignored::FromBot));
    }

    #[test]
    fn commands_for_other_bots_are_not_ours() {
        let mut i = Incoming {
            user: 1,
            chat: ChatId(-1),
            private: false,
            message_id: "m".into(),
            content: Content::Text("/balance@other_bot".into()),
            language: None,
            press: None,
        };
        assert!(i.addressed_elsewhere("gridchat_bot"));
        i.content = Content::Text("/balance@GridChat_Bot".into());
        assert!(!i.addressed_elsewhere("gridchat_bot"));
    }
}
