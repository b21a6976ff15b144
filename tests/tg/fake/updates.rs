//! Updates as Telegram would send them: messages from users, button presses.

use serde_json::{json, Value};

use super::FakeTelegram;

/// A Telegram user as the fake sends them.
#[derive(Debug, Clone)]
pub struct TgUser {
    pub id: i64,
    pub first_name: &'static str,
    pub language_code: &'static str,
}

impl TgUser {
    fn json(&self) -> Value {
        json!({"id": self.id, "is_bot": false, "first_name": self.first_name, "language_code": self.language_code})
    }
}

impl FakeTelegram {
    /// Builds an update with the next id (not queued: see [`FakeTelegram::queue`]).
    pub fn update(&self, body: (&str, Value)) -> Value {
        let mut inner = self.shared.inner.lock().unwrap();
        inner.next_update_id += 1;
        let mut u = json!({"update_id": inner.next_update_id});
        u[body.0] = body.1;
        u
    }

    /// Makes an update available to getUpdates (again, if it was delivered before).
    pub fn queue(&self, update: Value) {
        self.shared.inner.lock().unwrap().pending.push(update);
        self.shared.updates.notify_waiters();
    }

    pub fn message(&self, user: &TgUser, chat: i64, text: &str) -> Value {
        let message_id = {
            let mut inner = self.shared.inner.lock().unwrap();
            inner.next_message_id += 1;
            inner.next_message_id
        };
        let chat_json = if chat < 0 {
            json!({"id": chat, "type": "group", "title": "Family"})
        } else {
            json!({"id": chat, "type": "private", "first_name": user.first_name})
        };
        self.update((
            "message",
            json!({
                "message_id": message_id, "date": 1_800_000_000, "chat": chat_json,
                "from": user.json(), "text": text
            }),
        ))
    }

    pub fn press(&self, user: &TgUser, chat: i64, message_id: i64, data: &str) -> Value {
        let n = self.shared.inner.lock().unwrap().next_update_id;
        self.update((
            "callback_query",
            json!({
                "id": format!("cbq-{n}"), "chat_instance": "ci", "data": data, "from": user.json(),
                "message": {
                    "message_id": message_id, "date": 1_800_000_000,
                    "chat": {"id": chat, "type": "private", "first_name": user.first_name},
                    "text": "…"
                }
            }),
        ))
    }
}
