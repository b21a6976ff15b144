//! One engine reply as the Telegram messages that show it: the text (in pieces under the
//! limit), then the chart and files, with the choices as an inline keyboard on the last one.
//!
//! Text goes without a parse mode, so a name like `O'Brien & Sons <LLC>` arrives exactly as
//! written: nothing needs escaping and nothing can break the markup.

use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::split::{split, MAX_MESSAGE};
use crate::engine::{Attachment, ChoiceItem, Reply, PRIVATE_PREFIX};

/// Telegram's limit on a button's callback data, in bytes.
const MAX_CALLBACK_DATA: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Text(String),
    Photo { name: String, bytes: Vec<u8> },
    Document { name: String, bytes: Vec<u8> },
}

/// One Telegram message to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub body: Body,
    pub keyboard: Option<InlineKeyboardMarkup>,
}

/// Renders a reply; `bot_username` builds the deep links into a private chat.
pub fn render(reply: &Reply, bot_username: &str) -> Vec<Part> {
    let keyboard = keyboard(&reply.choices, bot_username);
    // Choices that cannot be buttons are numbered in the text instead; answering by number
    // works everywhere.
    let text = if keyboard.is_none() && !reply.choices.is_empty() {
        reply.plain_text()
    } else {
        reply.text.clone()
    };
    let mut parts: Vec<Part> = split(&text, MAX_MESSAGE)
        .into_iter()
        .map(|t| Part {
            body: Body::Text(t),
            keyboard: None,
        })
        .collect();
    for a in &reply.attachments {
        let body = match a {
            Attachment::Png { name, bytes } => Body::Photo {
                name: name.clone(),
                bytes: bytes.clone(),
            },
            Attachment::Csv { name, bytes } => Body::Document {
                name: name.clone(),
                bytes: bytes.clone(),
            },
        };
        parts.push(Part {
            body,
            keyboard: None,
        });
    }
    if let Some(last) = parts.last_mut() {
        last.keyboard = keyboard;
    }
    parts
}

/// One button a row (labels are addresses and sentences, too long to sit side by side), or
/// `None` when a choice's id does not fit Telegram's callback data.
fn keyboard(choices: &[ChoiceItem], bot_username: &str) -> Option<InlineKeyboardMarkup> {
    if choices.is_empty() {
        return None;
    }
    let mut rows = Vec::with_capacity(choices.len());
    for c in choices {
        let button = match c.id.strip_prefix(PRIVATE_PREFIX) {
            Some(flow) => {
                InlineKeyboardButton::url(c.label.clone(), deep_link(bot_username, flow)?)
            }
            None if c.id.len() <= MAX_CALLBACK_DATA => {
                InlineKeyboardButton::callback(c.label.clone(), c.id.clone())
            }
            None => return None,
        };
        rows.push(vec![button]);
    }
    Some(InlineKeyboardMarkup::new(rows))
}

/// `https://t.me/<bot>?start=<flow>`: opens the private chat, where Start sends `/start <flow>`.
pub fn deep_link(bot_username: &str, flow: &str) -> Option<url::Url> {
    // A start parameter is at most 64 characters of A-Z, a-z, 0-9, _ and -.
    let ok = !flow.is_empty()
        && flow.len() <= 64
        && flow
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !ok {
        return None;
    }
    url::Url::parse(&format!("https://t.me/{bot_username}?start={flow}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use teloxide::types::InlineKeyboardButtonKind;

    fn choice(id: &str, label: &str) -> ChoiceItem {
        ChoiceItem {
            id: id.into(),
            label: label.into(),
        }
    }

    #[test]
    fn choices_become_buttons_on_the_last_message() {
        let reply = Reply {
            text: "Which account?".into(),
            choices: vec![choice("1000000001", "...0001"), choice("cancel", "Cancel")],
            attachments: vec![Attachment::Png {
                name: "c.png".into(),
                bytes: vec![1],
            }],
        };
        let parts = render(&reply, "bot");
        assert_eq!(parts.len(), 2);
        assert!(parts[0].keyboard.is_none());
        let kb = parts[1].keyboard.as_ref().unwrap();
        assert_eq!(kb.inline_keyboard.len(), 2);
        assert_eq!(
            kb.inline_keyboard[0][0].kind,
            InlineKeyboardButtonKind::CallbackData("1000000001".into())
        );
    }

    #[test]
    fn a_private_choice_is_a_deep_link() {
        let reply = Reply {
            text: "private only".into(),
            choices: vec![choice("private:balance", "Continue in a private chat")],
            attachments: vec![],
        };
        let parts = render(&reply, "gridchat_bot");
        let kb = parts[0].keyboard.as_ref().unwrap();
        match &kb.inline_keyboard[0][0].kind {
            InlineKeyboardButtonKind::Url(u) => {
                assert_eq!(u.as_str(), "https://t.me/gridchat_bot?start=balance")
            }
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn text_is_sent_as_written() {
        let reply = Reply {
            text: "Account of O'Brien & Sons <LLC>".into(),
            ..Default::default()
        };
        assert_eq!(
            render(&reply, "b")[0].body,
            Body::Text("Account of O'Brien & Sons <LLC>".into())
        );
    }
}
