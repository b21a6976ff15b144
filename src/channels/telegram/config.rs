//! `[telegram]` in `config.toml` (or `GRIDCHAT__TELEGRAM__*`): the bot, how updates arrive,
//! and the sending limits.

use std::net::SocketAddr;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// The public Bot API.
pub const PUBLIC_API_URL: &str = "https://api.telegram.org";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Long polling with getUpdates: no public address needed; one instance at a time.
    Polling,
    /// Telegram posts updates to `webhook_url`; instances can sit behind a load balancer.
    Webhook,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelegramConfig {
    /// Run the Telegram channel in `gridchat serve`.
    pub enabled: bool,
    /// The bot token from BotFather (`GRIDCHAT__TELEGRAM__TOKEN`). Never logged.
    #[serde(default, skip_serializing)]
    pub token: Option<SecretString>,
    /// The Bot API server: the public one, a local Bot API server, or a test fake.
    pub api_url: String,
    /// `polling` or `webhook`.
    pub mode: Mode,
    /// Polling: seconds one getUpdates call waits for news.
    pub poll_timeout_secs: u32,
    /// Webhook: the public HTTPS URL Telegram posts to; the listener serves its path.
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// Webhook: the address the listener binds (behind the TLS-terminating proxy).
    pub webhook_listen: String,
    /// Webhook: the secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token`; a request
    /// without it is refused with 401. 1–256 of `A-Z a-z 0-9 _ -`. Never logged.
    #[serde(default, skip_serializing)]
    pub webhook_secret: Option<SecretString>,
    #[serde(default)]
    pub limits: Limits,
}

/// Telegram's flood limits, kept with some margin: a burst never gets the bot banned.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// A private chat receives at most this many messages in any `chat_window_ms`
    /// (about one a second, with room for a reply's text, chart and file together).
    pub chat_messages: u32,
    pub chat_window_ms: u64,
    /// A group receives at most this many messages in any `group_window_ms`.
    pub group_messages: u32,
    pub group_window_ms: u64,
    /// All chats together receive at most this many messages a second.
    pub global_per_second: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            chat_messages: 3,
            chat_window_ms: 3_000,
            group_messages: 20,
            group_window_ms: 60_000,
            global_per_second: 30,
        }
    }
}

impl Default for TelegramConfig {
    fn default() -> Self {
        TelegramConfig {
            enabled: false,
            token: None,
            api_url: PUBLIC_API_URL.into(),
            mode: Mode::Polling,
            poll_timeout_secs: 25,
            webhook_url: None,
            webhook_listen: "127.0.0.1:8088".into(),
            webhook_secret: None,
            limits: Limits::default(),
        }
    }
}

impl TelegramConfig {
    /// # Errors
    /// A missing token, URL or secret the chosen mode needs, or one that does not parse.
    pub fn validate(&self) -> anyhow::Result<()> {
        if !self.enabled {
            return Ok(());
        }
        if self.token().is_none() {
            anyhow::bail!("telegram.token is required when telegram.enabled is true (GRIDCHAT__TELEGRAM__TOKEN)");
        }
        self.api_url()?;
        if self.poll_timeout_secs > 50 {
            anyhow::bail!("telegram.poll_timeout_secs must be at most 50");
        }
        let l = &self.limits;
        if l.chat_messages == 0 || l.group_messages == 0 || l.global_per_second == 0 {
            anyhow::bail!("telegram.limits: message counts must be above zero");
        }
        if self.mode == Mode::Webhook {
            self.webhook_url()?;
            self.listen()?;
            let secret = self.secret().unwrap_or_default();
            let valid = (1..=256).contains(&secret.len())
                && secret
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !valid {
                anyhow::bail!("telegram.webhook_secret is required in webhook mode: 1 to 256 characters of A-Z, a-z, 0-9, _ and -");
            }
        }
        Ok(())
    }

    pub fn token(&self) -> Option<&str> {
        self.token
            .as_ref()
            .map(|t| t.expose_secret())
            .filter(|t| !t.trim().is_empty())
    }

    pub fn secret(&self) -> Option<&str> {
        self.webhook_secret.as_ref().map(|t| t.expose_secret())
    }

    /// # Errors
    /// Not a URL.
    pub fn api_url(&self) -> anyhow::Result<url::Url> {
        url::Url::parse(self.api_url.trim_end_matches('/'))
            .map_err(|e| anyhow::anyhow!("telegram.api_url `{}` is not a URL: {e}", self.api_url))
    }

    /// # Errors
    /// Missing or not a URL.
    pub fn webhook_url(&self) -> anyhow::Result<url::Url> {
        let raw = self
            .webhook_url
            .as_deref()
            .filter(|u| !u.is_empty())
            .ok_or_else(|| anyhow::anyhow!("telegram.webhook_url is required in webhook mode"))?;
        url::Url::parse(raw)
            .map_err(|e| anyhow::anyhow!("telegram.webhook_url `{raw}` is not a URL: {e}"))
    }

    /// # Errors
    /// Not a socket address.
    pub fn listen(&self) -> anyhow::Result<SocketAddr> {
        self.webhook_listen.parse().map_err(|e| {
            anyhow::anyhow!(
                "telegram.webhook_listen `{}` is not an address like 127.0.0.1:8088: {e}",
                self.webhook_listen
            )
        })
    }
}
