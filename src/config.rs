//! Configuration: built-in defaults, then `config.toml`, then `GRIDCHAT__SECTION__KEY`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub database: Database,
    #[serde(default)]
    pub utility: Utility,
    #[serde(default)]
    pub email: Email,
    #[serde(default)]
    pub paths: Paths,
    #[serde(default)]
    pub payments: Payments,
    #[serde(default)]
    pub telegram: crate::channels::telegram::TelegramConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payments {
    /// The largest one-time payment accepted in chat, in dollars.
    pub max_amount: String,
    /// Base64 of 32 bytes: the AES-256-GCM key for bank account numbers at rest. Prefer
    /// `GRIDCHAT__PAYMENTS__ENCRYPTION_KEY`; without it a key is generated into `key_file`.
    #[serde(default, skip_serializing)]
    pub encryption_key: Option<SecretString>,
    /// Where the embedded default keeps its generated key (mode 0600).
    pub key_file: PathBuf,
    /// NACHA file: the receiving point (the processor's routing number) and its name.
    pub destination_routing: String,
    pub destination_name: String,
    /// NACHA file: the originating bank's routing number.
    pub odfi_routing: String,
    /// NACHA file: the company as the customer's bank statement shows it.
    pub company_name: String,
    /// NACHA file: ten characters, usually `1` and the utility's tax id.
    pub company_id: String,
}

impl Default for Payments {
    fn default() -> Self {
        Payments {
            max_amount: "10000.00".into(),
            encryption_key: None,
            key_file: "data/secret.key".into(),
            destination_routing: "121000358".into(),
            destination_name: "Bank of America".into(),
            odfi_routing: "121000358".into(),
            company_name: "Golden State Power".into(),
            company_id: "1942000000".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Database {
    /// `sqlite://data/gridchat.db` (embedded default) or `postgres://user@host/db`.
    pub url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Utility {
    /// The utility's name as customers know it.
    pub name: String,
    /// The phone number messages send people to when chat cannot help.
    pub support_phone: String,
    /// IANA time zone of the utility; due dates are local dates there.
    pub time_zone: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Email {
    /// The sender of gridchat's mail, `Name <address>`.
    pub from: String,
    /// `smtp://host:port` or `smtps://user:pass@host`; empty writes `.eml` files to `outbox_dir`.
    #[serde(default, skip_serializing)]
    pub smtp_url: Option<SecretString>,
    /// Where mail goes without SMTP.
    pub outbox_dir: PathBuf,
    /// The bot's own address; every mail asks for replies at `local+TOKEN@domain`.
    pub address: String,
    /// Where the SMTP listener accepts mail the utility's MTA relays; empty disables it.
    pub listen: String,
    /// HMAC-SHA256 key for reply tokens; without it a random key is kept in `token_key_file`.
    #[serde(default, skip_serializing)]
    pub token_key: Option<SecretString>,
    /// Where the generated token key lives when `token_key` is not set.
    pub token_key_file: PathBuf,
    /// Largest inbound message accepted, in bytes (advertised as SMTP SIZE).
    pub max_message_bytes: usize,
    /// Messages accepted from one sender per hour; more get a temporary refusal.
    pub max_per_sender_per_hour: i64,
    /// Replies to one address per hour; past it mail is stored but not answered (loop brake).
    pub max_replies_per_hour: i64,
    /// Hard bounces after which an address is marked undeliverable.
    pub hard_bounce_limit: i64,
    /// The authserv-id of the utility's MTA: its `Authentication-Results` showing DKIM or DMARC
    /// failing makes a message unfit for actions (pay, autopay, paperless).
    #[serde(default)]
    pub trusted_authserv_id: Option<String>,
    /// An https URL for one-click unsubscribe (`List-Unsubscribe`, RFC 8058), served elsewhere.
    #[serde(default)]
    pub unsubscribe_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paths {
    /// The flows, `dialogues/*.toml`.
    pub dialogues: PathBuf,
    /// The sentences, `locales/{en,vi}/*.ftl`.
    pub locales: PathBuf,
}

impl Default for Database {
    fn default() -> Self {
        Database {
            url: "sqlite://data/gridchat.db".into(),
        }
    }
}

impl Default for Utility {
    fn default() -> Self {
        Utility {
            name: "Golden State Power".into(),
            support_phone: "1-800-555-0199".into(),
            time_zone: "America/Los_Angeles".into(),
        }
    }
}

impl Default for Email {
    fn default() -> Self {
        Email {
            from: "Golden State Power <myaccount@gridchat.example>".into(),
            smtp_url: None,
            outbox_dir: "data/outbox".into(),
            address: "myaccount@gridchat.example".into(),
            listen: "127.0.0.1:2525".into(),
            token_key: None,
            token_key_file: "data/email-token.key".into(),
            max_message_bytes: 10 * 1024 * 1024,
            max_per_sender_per_hour: 30,
            max_replies_per_hour: 5,
            hard_bounce_limit: 3,
            trusted_authserv_id: None,
            unsubscribe_url: None,
        }
    }
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            dialogues: "dialogues".into(),
            locales: "locales".into(),
        }
    }
}

impl Config {
    /// Layers defaults, the file (required unless it is the default path and absent), and
    /// the environment.
    ///
    /// # Errors
    /// An unreadable or invalid file, an unknown key, or a value that does not parse.
    pub fn load(path: &Path, explicit: bool) -> anyhow::Result<Config> {
        if explicit && !path.is_file() {
            anyhow::bail!("config file {} does not exist", path.display());
        }
        let config: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(path))
            .merge(Env::prefixed("GRIDCHAT__").split("__"))
            .extract()
            .with_context(|| {
                format!(
                    "reading configuration from {} and GRIDCHAT__* variables",
                    path.display()
                )
            })?;
        config.validate()?;
        Ok(config)
    }

    /// # Errors
    /// A value that is well-formed TOML but not usable, named precisely.
    pub fn validate(&self) -> anyhow::Result<()> {
        self.time_zone()?;
        self.from_mailbox()?;
        self.max_payment()?;
        self.originator()?;
        self.email_settings()?;
        if !self.email.listen.is_empty()
            && self.email.listen.parse::<std::net::SocketAddr>().is_err()
        {
            anyhow::bail!(
                "email.listen `{}` is not host:port (e.g. 127.0.0.1:2525)",
                self.email.listen
            );
        }
        if let Some(url) = self.smtp_url() {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                anyhow::bail!("email.smtp_url must start with smtp:// or smtps://");
            }
        }
        if !(self.database.url.starts_with("sqlite:") || self.database.url.starts_with("postgres"))
        {
            anyhow::bail!("database.url must be a sqlite:// or postgres:// URL");
        }
        self.telegram.validate()?;
        Ok(())
    }

    pub fn max_payment(&self) -> anyhow::Result<crate::domain::Money> {
        crate::domain::Money::parse_us(&self.payments.max_amount)
            .map_err(|e| anyhow::anyhow!("payments.max_amount `{}`: {e}", self.payments.max_amount))
    }

    /// The NACHA originator from `[payments]`.
    pub fn originator(&self) -> anyhow::Result<crate::domain::nacha::Originator> {
        use crate::domain::bank::RoutingNumber;
        let p = &self.payments;
        Ok(crate::domain::nacha::Originator {
            destination_routing: RoutingNumber::parse(&p.destination_routing)
                .map_err(|e| anyhow::anyhow!("payments.destination_routing: {e}"))?,
            destination_name: p.destination_name.clone(),
            company_id: p.company_id.clone(),
            company_name: p.company_name.clone(),
            odfi_routing: RoutingNumber::parse(&p.odfi_routing)
                .map_err(|e| anyhow::anyhow!("payments.odfi_routing: {e}"))?,
        })
    }

    /// The bank-account cipher: from the configured key, else from the key file, generated
    /// on first use for the embedded default.
    pub fn cipher(&self) -> anyhow::Result<crate::store::crypto::Cipher> {
        use crate::store::crypto::Cipher;
        if let Some(k) = &self.payments.encryption_key {
            return Ok(Cipher::from_base64(k.expose_secret())?);
        }
        let path = &self.payments.key_file;
        if !path.exists() {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            write_private(path, &Cipher::generate_key())
                .with_context(|| format!("writing {}", path.display()))?;
        }
        let key =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        Ok(Cipher::from_base64(&key)?)
    }

    pub fn time_zone(&self) -> anyhow::Result<chrono_tz::Tz> {
        self.utility.time_zone.parse().map_err(|_| {
            anyhow::anyhow!(
                "utility.time_zone `{}` is not an IANA time zone",
                self.utility.time_zone
            )
        })
    }

    pub fn from_mailbox(&self) -> anyhow::Result<lettre::message::Mailbox> {
        self.email
            .from
            .parse()
            .map_err(|e| anyhow::anyhow!("email.from `{}` is not a mailbox: {e}", self.email.from))
    }

    /// The email channel's settings.
    ///
    /// # Errors
    /// The bot address or `from` is not a mailbox.
    pub fn email_settings(&self) -> anyhow::Result<crate::channels::email::EmailSettings> {
        let address = crate::domain::EmailAddress::parse(&self.email.address).map_err(|_| {
            anyhow::anyhow!("email.address `{}` is not an address", self.email.address)
        })?;
        let mut from = self.from_mailbox()?;
        from.email = address
            .as_str()
            .parse()
            .map_err(|e| anyhow::anyhow!("email.address: {e}"))?;
        Ok(crate::channels::email::EmailSettings {
            address: address.to_string(),
            from,
            max_message_bytes: self.email.max_message_bytes,
            max_per_sender_per_hour: self.email.max_per_sender_per_hour,
            max_replies_per_hour: self.email.max_replies_per_hour,
            hard_bounce_limit: self.email.hard_bounce_limit,
            trusted_authserv_id: self
                .email
                .trusted_authserv_id
                .clone()
                .filter(|s| !s.is_empty()),
            unsubscribe_url: self.email.unsubscribe_url.clone().filter(|s| !s.is_empty()),
        })
    }

    /// The reply-token key: configured, or generated once into `token_key_file` (mode 0600)
    /// so tokens stay valid across restarts.
    ///
    /// # Errors
    /// The key file cannot be read or written.
    pub fn token_key(&self) -> anyhow::Result<crate::channels::email::TokenKey> {
        if let Some(k) = self
            .email
            .token_key
            .as_ref()
            .filter(|k| !k.expose_secret().is_empty())
        {
            return Ok(crate::channels::email::TokenKey::new(
                k.expose_secret().as_bytes().to_vec(),
            ));
        }
        let path = &self.email.token_key_file;
        if let Ok(hex_key) = std::fs::read_to_string(path) {
            let bytes = hex::decode(hex_key.trim())
                .with_context(|| format!("{} is not a hex key", path.display()))?;
            return Ok(crate::channels::email::TokenKey::new(bytes));
        }
        let bytes: [u8; 32] = rand::random();
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        std::fs::write(path, hex::encode(bytes))
            .with_context(|| format!("writing {}", path.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                .with_context(|| format!("protecting {}", path.display()))?;
        }
        Ok(crate::channels::email::TokenKey::new(bytes.to_vec()))
    }

    pub fn smtp_url(&self) -> Option<&str> {
        self.email
            .smtp_url
            .as_ref()
            .map(|s| s.expose_secret())
            .filter(|s| !s.trim().is_empty())
    }

    pub fn settings(&self) -> anyhow::Result<crate::engine::Settings> {
        Ok(crate::engine::Settings {
            utility_name: self.utility.name.clone(),
            support_phone: self.utility.support_phone.clone(),
            time_zone: self.time_zone()?,
            history_months: 36,
            max_payment: self.max_payment()?,
        })
    }
}

/// Writes a secret file readable only by its owner.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}
