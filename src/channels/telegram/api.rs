//! What a failed Bot API call means for delivery, and error text that never shows the token
//! (reqwest puts the request URL, `…/bot<token>/…`, into its errors).

use std::time::Duration;

use teloxide::types::ChatId;
use teloxide::{ApiError, RequestError};

/// How to carry on after a failed call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Flood control: wait this long; not the message's fault, so no attempt is counted.
    RetryAfter(Duration),
    /// The group became a supergroup with this id: send there instead.
    Migrated(ChatId),
    /// Try again later with backoff (network trouble, a Telegram-side hiccup).
    Temporary(String),
    /// Will never succeed (blocked by the user, chat gone, a request Telegram refuses).
    Permanent(String),
}

pub fn classify(e: &RequestError, token: &str) -> Failure {
    let text = describe(e, token);
    match e {
        RequestError::RetryAfter(s) => Failure::RetryAfter(s.duration()),
        RequestError::MigrateToChatId(to) => Failure::Migrated(*to),
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => {
            Failure::Temporary(text)
        }
        RequestError::Api(ApiError::Unknown(s))
            if ["Internal Server Error", "Bad Gateway", "Gateway", "restart"]
                .iter()
                .any(|w| s.contains(w)) =>
        {
            Failure::Temporary(text)
        }
        RequestError::Api(_) => Failure::Permanent(text),
    }
}

/// The error and its causes on one line, with the token replaced.
pub fn describe(e: &(dyn std::error::Error + 'static), token: &str) -> String {
    redact(&crate::app::error_chain(e), token)
}

pub fn redact(text: &str, token: &str) -> String {
    if token.is_empty() {
        text.to_string()
    } else {
        text.replace(token, "<token>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use teloxide::types::Seconds;

    #[test]
    fn flood_control_waits_and_blocked_users_park() {
        assert_eq!(
            classify(&RequestError::RetryAfter(Seconds::from_seconds(3)), "t"),
            Failure::RetryAfter(Duration::from_secs(3))
        );
        assert!(matches!(
            classify(&RequestError::Api(ApiError::BotBlocked), "t"),
            Failure::Permanent(_)
        ));
    }

    #[test]
    fn the_token_never_appears() {
        assert_eq!(
            redact(
                "error sending request for url (http://x/bot123:ABC/getMe)",
                "123:ABC"
            ),
            "error sending request for url (http://x/bot<token>/getMe)"
        );
    }
}
