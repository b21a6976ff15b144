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
    pub telegram: crate::channels::telegram::TelegramConfig,
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
        })
    }
}
