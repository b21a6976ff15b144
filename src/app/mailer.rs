//! The mailer port: SMTP through lettre, or `.eml` files in the outbox folder.

use std::path::PathBuf;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::engine::OutMail;

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("temporary failure: {0}")]
    Temporary(String),
    #[error("permanent failure: {0}")]
    Permanent(String),
}

#[async_trait::async_trait]
pub trait Mailer: Send + Sync {
    /// Sends one mail; returns where it went (a file path or the SMTP server).
    ///
    /// # Errors
    /// [`SendError::Temporary`] is retried; [`SendError::Permanent`] is parked.
    async fn send(&self, mail: &OutMail) -> Result<String, SendError>;
}

/// Builds the RFC 5322 message, with Date and Message-ID.
///
/// # Errors
/// An address that lettre refuses (permanent).
pub fn build(from: &Mailbox, mail: &OutMail) -> Result<Message, SendError> {
    let to: Mailbox = mail
        .to
        .as_str()
        .parse()
        .map_err(|e| SendError::Permanent(format!("recipient: {e}")))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .date_now()
        .message_id(None)
        .header(ContentType::TEXT_PLAIN)
        .body(mail.text.clone())
        .map_err(|e| SendError::Permanent(e.to_string()))
}

pub struct SmtpMailer {
    from: Mailbox,
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl SmtpMailer {
    /// # Errors
    /// The URL is not an SMTP URL lettre understands.
    pub fn new(from: Mailbox, url: &str) -> anyhow::Result<SmtpMailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build();
        Ok(SmtpMailer { from, transport })
    }
}

#[async_trait::async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &OutMail) -> Result<String, SendError> {
        let message = build(&self.from, mail)?;
        match self.transport.send(message).await {
            Ok(_) => Ok("smtp".into()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Temporary(e.to_string())),
        }
    }
}

/// The embedded default: each mail becomes an `.eml` file a newcomer can open.
pub struct DirMailer {
    from: Mailbox,
    dir: PathBuf,
}

impl DirMailer {
    pub fn new(from: Mailbox, dir: PathBuf) -> DirMailer {
        DirMailer { from, dir }
    }
}

#[async_trait::async_trait]
impl Mailer for DirMailer {
    async fn send(&self, mail: &OutMail) -> Result<String, SendError> {
        let message = build(&self.from, mail)?;
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(|e| SendError::Temporary(e.to_string()))?;
        let name = format!(
            "{}-{}.eml",
            chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f"),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let path = self.dir.join(name);
        tokio::fs::write(&path, message.formatted())
            .await
            .map_err(|e| SendError::Temporary(e.to_string()))?;
        Ok(path.display().to_string())
    }
}
