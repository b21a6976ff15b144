//! A call the bot made to the fake, as the tests read it.

use std::time::Instant;

use serde_json::Value;

/// One call the bot made, with its parameters (multipart text fields parsed as JSON where
/// they are JSON) and any uploaded files.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub params: Value,
    pub files: Vec<(String, String, Vec<u8>)>,
    pub at: Instant,
}

impl Call {
    pub fn text(&self) -> Option<&str> {
        self.params.get("text").and_then(Value::as_str)
    }

    pub fn chat_id(&self) -> Option<i64> {
        let v = self.params.get("chat_id")?;
        v.as_i64().or_else(|| v.as_str()?.parse().ok())
    }

    /// Inline keyboard buttons, row by row flattened: (label, callback data or URL).
    pub fn buttons(&self) -> Vec<(String, String)> {
        let Some(markup) = self.params.get("reply_markup") else {
            return Vec::new();
        };
        let markup = match markup {
            Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
            v => v.clone(),
        };
        markup["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|row| row.as_array().cloned().unwrap_or_default())
            .map(|b| {
                let target = b
                    .get("callback_data")
                    .or_else(|| b.get("url"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                (b["text"].as_str().unwrap_or_default().to_string(), target)
            })
            .collect()
    }

    pub fn is_send(&self) -> bool {
        matches!(
            self.method.as_str(),
            "sendMessage" | "sendPhoto" | "sendDocument"
        )
    }
}
