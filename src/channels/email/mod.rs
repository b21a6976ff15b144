//! The email channel: an SMTP listener and a pipe intake store every message before it is
//! acknowledged; replies are read as commands; answers go out through the durable outbox to the
//! address on file, threaded, signed with a reply token, in the customer's language.
//!
//! ```text
//! smtp_server / `email receive` ─▶ intake (store raw, dedup) ─▶ parse ─▶ classify ─▶ quote
//!     ─▶ commands ─▶ Service::handle ─▶ outbox ─▶ dispatch ─▶ outbound (lettre) ─▶ MTA
//! ```

pub mod bounce;
pub mod classify;
pub mod commands;
pub mod dispatch;
pub mod dsn;
pub mod inspect;
pub mod intake;
pub mod listener;
pub mod notices;
pub mod outbound;
pub mod parse;
pub mod quote;
pub mod smtp_server;
pub mod token;

use lettre::message::Mailbox;

use crate::app::Service;
use crate::domain::Locale;
pub use token::TokenKey;

/// What the channel needs from configuration, already checked.
#[derive(Debug, Clone)]
pub struct EmailSettings {
    /// The bot's address, lower case; replies come to `local+TOKEN@domain`.
    pub address: String,
    /// The `From` of everything gridchat sends.
    pub from: Mailbox,
    pub max_message_bytes: usize,
    /// Messages accepted from one sender per hour; more are refused with a 4xx.
    pub max_per_sender_per_hour: i64,
    /// Replies queued to one address per hour; past it mail is stored but not answered.
    pub max_replies_per_hour: i64,
    /// Hard bounces after which an address is undeliverable.
    pub hard_bounce_limit: i64,
    /// The authserv-id of the utility's own MTA in `Authentication-Results`.
    pub trusted_authserv_id: Option<String>,
    /// `https://…/unsubscribe` for the one-click `List-Unsubscribe` (RFC 8058).
    pub unsubscribe_url: Option<String>,
}

impl EmailSettings {
    /// Defaults around one address, for tests and tools.
    pub fn for_address(address: &str) -> EmailSettings {
        EmailSettings {
            address: address.to_lowercase(),
            from: Mailbox::new(
                Some("Golden State Power".into()),
                address.parse().expect("a valid bot address"),
            ),
            max_message_bytes: 10 * 1024 * 1024,
            max_per_sender_per_hour: 30,
            max_replies_per_hour: 5,
            hard_bounce_limit: 3,
            trusted_authserv_id: None,
            unsubscribe_url: None,
        }
    }

    pub fn domain(&self) -> &str {
        self.address.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }
}

/// The channel: the service, its settings and the reply-token key.
#[derive(Clone)]
pub struct EmailChannel {
    pub service: Service,
    pub settings: std::sync::Arc<EmailSettings>,
    pub key: TokenKey,
}

impl EmailChannel {
    pub fn new(service: Service, settings: EmailSettings, key: TokenKey) -> EmailChannel {
        EmailChannel {
            service,
            settings: std::sync::Arc::new(settings),
            key,
        }
    }
}

/// Vietnamese letters that English never uses: enough to answer an unknown sender in kind.
pub fn looks_vietnamese(text: &str) -> bool {
    text.chars()
        .any(|c| "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯ".contains(c))
        || {
            let f = crate::domain::text::fold(text);
            [
                "so du",
                "thanh toan",
                "lich su",
                "dien nang",
                "tro giup",
                "lien ket",
            ]
            .iter()
            .any(|w| f.starts_with(w))
        }
}

/// The language to answer an unknown sender in.
pub fn guess_locale(content_language: Option<&str>, text: &str) -> Option<Locale> {
    content_language
        .and_then(Locale::from_code)
        .or_else(|| looks_vietnamese(text).then_some(Locale::Vi))
}
