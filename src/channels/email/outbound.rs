//! Rendering one outbound mail: `multipart/alternative` (plain text first, then a simple
//! accessible HTML version), attachments, threading and machine-mail headers; and the
//! transports that carry it (pooled SMTP through lettre, or `.eml` files).

use std::path::PathBuf;

use lettre::address::Envelope;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment as MailAttachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::app::mailer::SendError;
use crate::domain::Locale;
use crate::engine::{Attachment, ChoiceItem};

use super::classify::LOOP_HEADER;

/// Everything one mail says, before MIME.
#[derive(Debug, Clone)]
pub struct Draft {
    pub to: String,
    pub reply_to: String,
    pub subject: String,
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub locale: Locale,
    pub text: String,
    pub choices: Vec<ChoiceItem>,
    pub footer: String,
    pub attachments: Vec<Attachment>,
    /// `auto-replied` for answers, `auto-generated` for notices and codes (RFC 3834).
    pub auto_submitted: &'static str,
    /// `List-Unsubscribe` targets for notices (RFC 2369 / 8058).
    pub unsubscribe: Option<(String, Option<String>)>,
}

fn raw_header(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
}

impl Draft {
    /// The plain text part: the reply, numbered choices, then the footer.
    pub fn plain(&self) -> String {
        let mut out = self.text.clone();
        for (i, c) in self.choices.iter().enumerate() {
            out.push_str(&format!("\n  {}. {}", i + 1, c.label));
        }
        if !self.choices.is_empty() {
            out.push_str("\n\n");
            out.push_str(match self.locale {
                Locale::En => "Reply with the number of your choice.",
                Locale::Vi => "Hãy trả lời bằng số thứ tự bạn chọn.",
            });
        }
        format!("{out}\n\n-- \n{}\n", self.footer)
    }

    /// Paragraphs, an ordered list for choices, language and title set for screen readers.
    pub fn html(&self) -> String {
        let mut body = String::new();
        for para in self.text.split("\n\n") {
            body.push_str("<p>");
            body.push_str(&escape(para).replace('\n', "<br>\n"));
            body.push_str("</p>\n");
        }
        if !self.choices.is_empty() {
            body.push_str("<ol>\n");
            for c in &self.choices {
                body.push_str(&format!("<li>{}</li>\n", escape(&c.label)));
            }
            body.push_str("</ol>\n");
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n\
             <body style=\"font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;\">\n{body}\
             <hr>\n<p style=\"font-size: 14px; color: #4a4a4a;\">{}</p>\n</body>\n</html>\n",
            self.locale.code(),
            escape(&self.subject),
            escape(&self.footer).replace('\n', "<br>\n")
        )
    }

    /// The RFC 5322 message.
    ///
    /// # Errors
    /// An address lettre refuses (permanent).
    pub fn build(&self, from: &Mailbox) -> Result<Message, SendError> {
        let to: Mailbox = self
            .to
            .parse()
            .map_err(|e| SendError::Permanent(format!("recipient: {e}")))?;
        let reply_to: Mailbox = self
            .reply_to
            .parse()
            .map_err(|e| SendError::Permanent(format!("reply address: {e}")))?;
        let mut b = Message::builder()
            .from(from.clone())
            .reply_to(reply_to)
            .to(to)
            .subject(self.subject.clone())
            .date_now()
            .message_id(Some(format!("<{}>", self.message_id)));
        if let Some(irt) = &self.in_reply_to {
            b = b.in_reply_to(format!("<{irt}>"));
        }
        if !self.references.is_empty() {
            let refs: Vec<String> = self.references.iter().map(|r| format!("<{r}>")).collect();
            b = b.references(refs.join(" "));
        }
        b = b
            .raw_header(raw_header("Auto-Submitted", self.auto_submitted.into()))
            .raw_header(raw_header(LOOP_HEADER, from.email.domain().to_string()))
            .raw_header(raw_header("X-Auto-Response-Suppress", "All".into()))
            .raw_header(raw_header("Content-Language", self.locale.code().into()));
        if let Some((mailto, https)) = &self.unsubscribe {
            let mut v = format!("<mailto:{mailto}?subject=unsubscribe>");
            if let Some(u) = https {
                v.push_str(&format!(", <{u}>"));
                b = b.raw_header(raw_header(
                    "List-Unsubscribe-Post",
                    "List-Unsubscribe=One-Click".into(),
                ));
            }
            b = b.raw_header(raw_header("List-Unsubscribe", v));
        }
        let alternative = MultiPart::alternative()
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(self.plain()),
            )
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .body(self.html()),
            );
        let result = if self.attachments.is_empty() {
            b.multipart(alternative)
        } else {
            let mut mixed = MultiPart::mixed().multipart(alternative);
            for a in &self.attachments {
                let (name, bytes, ct) = match a {
                    Attachment::Csv { name, bytes } => (name, bytes, "text/csv; charset=utf-8"),
                    Attachment::Png { name, bytes } => (name, bytes, "image/png"),
                };
                let ct = ContentType::parse(ct).map_err(|e| SendError::Permanent(e.to_string()))?;
                mixed = mixed.singlepart(MailAttachment::new(name.clone()).body(bytes.clone(), ct));
            }
            b.multipart(mixed)
        };
        result.map_err(|e| SendError::Permanent(e.to_string()))
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Carries a built message to its recipient.
#[async_trait::async_trait]
pub trait Transport: Send + Sync {
    /// Sends with `bounce_to` as the envelope sender, so bounces come back to the token.
    ///
    /// # Errors
    /// [`SendError::Temporary`] is retried; [`SendError::Permanent`] is parked.
    async fn send(&self, bounce_to: &str, to: &str, message: &Message)
        -> Result<String, SendError>;
}

fn envelope(bounce_to: &str, to: &str) -> Result<Envelope, SendError> {
    let from = bounce_to
        .parse()
        .map_err(|e| SendError::Permanent(format!("sender: {e}")))?;
    let to = to
        .parse()
        .map_err(|e| SendError::Permanent(format!("recipient: {e}")))?;
    Envelope::new(Some(from), vec![to]).map_err(|e| SendError::Permanent(e.to_string()))
}

/// SMTP through lettre's pooled transport.
pub struct SmtpTransport(AsyncSmtpTransport<Tokio1Executor>);

impl SmtpTransport {
    /// # Errors
    /// The URL is not an SMTP URL lettre understands.
    pub fn new(url: &str) -> anyhow::Result<SmtpTransport> {
        Ok(SmtpTransport(
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build(),
        ))
    }
}

#[async_trait::async_trait]
impl Transport for SmtpTransport {
    async fn send(
        &self,
        bounce_to: &str,
        to: &str,
        message: &Message,
    ) -> Result<String, SendError> {
        let env = envelope(bounce_to, to)?;
        match self.0.send_raw(&env, &message.formatted()).await {
            Ok(_) => Ok("smtp".into()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Temporary(e.to_string())),
        }
    }
}

/// The embedded default: `.eml` files in a folder.
pub struct DirTransport(pub PathBuf);

#[async_trait::async_trait]
impl Transport for DirTransport {
    async fn send(
        &self,
        _bounce_to: &str,
        _to: &str,
        message: &Message,
    ) -> Result<String, SendError> {
        tokio::fs::create_dir_all(&self.0)
            .await
            .map_err(|e| SendError::Temporary(e.to_string()))?;
        let name = format!(
            "{}-{}.eml",
            chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f"),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let path = self.0.join(name);
        tokio::fs::write(&path, message.formatted())
            .await
            .map_err(|e| SendError::Temporary(e.to_string()))?;
        Ok(path.display().to_string())
    }
}
