//! Intake: a message is stored durably before it is acknowledged, then read and, when a
//! person wrote it, answered through the service's one path.

use anyhow::Context;
use chrono::Duration;
use serde::Serialize;

use super::classify::{classify, Class};
use super::commands::{self, Command};
use super::parse::ParsedEmail;
use super::token::Token;
use super::{guess_locale, EmailChannel};
use crate::domain::{Channel, Identity, Locale};
use crate::engine::{Capabilities, Content, ConversationState, Inbound};
use crate::store::email::{Outcome, RawEmail, Thread};

/// What became of a delivery attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Received {
    Accepted,
    /// The Message-ID was seen before: accepted, not processed again.
    Duplicate,
    TooLarge,
    RateLimited,
}

/// A stored message claimed more often than this is parked as failed.
const MAX_ATTEMPTS: i64 = 5;

/// How gridchat reads one message, without acting on it (`email inspect` prints this).
#[derive(Debug, Clone, Serialize)]
pub struct Reading {
    pub message_id: String,
    pub from: Option<String>,
    pub subject: String,
    pub class: Class,
    /// The verified token's thread, when the message carried a valid one.
    #[serde(skip)]
    pub thread: Option<Thread>,
    pub token_valid: bool,
    /// The conversation the message belongs to (an email identity's address).
    pub conversation: Option<String>,
    /// `token`, `thread` (In-Reply-To/References), `sender` or `none`.
    pub matched_by: &'static str,
    pub command: Command,
    pub reply_text: String,
    pub auth_failed: bool,
    #[serde(skip)]
    pub locale_hint: Option<Locale>,
    #[serde(skip)]
    pub parsed: ParsedEmail,
}

impl EmailChannel {
    /// Stores one delivered message (SMTP DATA or the pipe). `envelope_from` is the SMTP
    /// reverse path (`Some("")` for bounces), `None` for the pipe.
    ///
    /// # Errors
    /// Storage failed: the message was not accepted, and the MTA should retry.
    pub async fn receive(
        &self,
        envelope_from: Option<&str>,
        raw: &[u8],
    ) -> anyhow::Result<Received> {
        if raw.len() > self.settings.max_message_bytes {
            return Ok(Received::TooLarge);
        }
        let now = self.service.clock.now();
        let parsed = ParsedEmail::try_from(raw).ok();
        let message_id = match &parsed {
            Some(p) => p.message_id.clone(),
            None => format!("{}@digest.gridchat", hex::encode(sha2::Sha256::digest(raw))),
        };
        let sender = parsed
            .as_ref()
            .and_then(|p| p.from.clone())
            .or_else(|| envelope_from.map(str::to_lowercase))
            .unwrap_or_default();
        if !sender.is_empty()
            && self
                .service
                .store
                .email_count_from(&sender, now - Duration::hours(1))
                .await?
                >= self.settings.max_per_sender_per_hour
        {
            tracing::info!("inbound email refused: sender over its hourly limit");
            return Ok(Received::RateLimited);
        }
        let stored = self
            .service
            .store
            .email_store(&message_id, &sender, raw, now)
            .await
            .context("storing an inbound email")?;
        Ok(if stored {
            Received::Accepted
        } else {
            Received::Duplicate
        })
    }

    /// Whether `sender` may send more now (SMTP asks at MAIL FROM).
    ///
    /// # Errors
    /// Storage failed.
    pub async fn sender_allowed(&self, sender: &str) -> anyhow::Result<bool> {
        let now = self.service.clock.now();
        Ok(sender.is_empty()
            || self
                .service
                .store
                .email_count_from(&sender.to_lowercase(), now - Duration::hours(1))
                .await?
                < self.settings.max_per_sender_per_hour)
    }

    /// Processes every stored message that is due; returns how many were handled.
    ///
    /// # Errors
    /// Storage failed; unprocessed messages stay stored and are retried.
    pub async fn process_pending(&self) -> anyhow::Result<usize> {
        let mut n = 0;
        loop {
            let batch = self
                .service
                .store
                .email_claim(self.service.clock.now(), 20)
                .await?;
            if batch.is_empty() {
                return Ok(n);
            }
            for m in batch {
                n += 1;
                if let Err(e) = self.process(&m).await {
                    tracing::error!(
                        error = format!("{e:#}"),
                        email_id = m.id,
                        "processing an email failed; it stays stored"
                    );
                    if m.attempts + 1 >= MAX_ATTEMPTS {
                        let note = format!("{e:#}");
                        let o = Outcome {
                            status: "failed",
                            note: Some(&note),
                            ..Default::default()
                        };
                        self.service.store.email_finish(m.id, &o).await?;
                    }
                }
            }
        }
    }

    async fn process(&self, m: &RawEmail) -> anyhow::Result<()> {
        let store = &self.service.store;
        let Some(reading) = self.read(&m.raw).await? else {
            let o = Outcome {
                status: "ignored",
                note: Some("unreadable"),
                ..Default::default()
            };
            store.email_finish(m.id, &o).await?;
            return Ok(());
        };
        let class = Some(reading.class.code());
        if reading.class == Class::Bounce {
            self.record_bounce(&reading).await?;
        }
        if reading.class != Class::Human {
            let o = Outcome {
                status: "ignored",
                class,
                ..Default::default()
            };
            store.email_finish(m.id, &o).await?;
            return Ok(());
        }
        let Some(conversation) = reading.conversation.clone() else {
            let o = Outcome {
                status: "ignored",
                class,
                note: Some("no sender"),
                ..Default::default()
            };
            store.email_finish(m.id, &o).await?;
            return Ok(());
        };
        let identity = Identity::new(Channel::Email, conversation);
        let since = self.service.clock.now() - Duration::hours(1);
        if store
            .outbox_count_to("email", &identity.external_id, since)
            .await?
            >= self.settings.max_replies_per_hour
        {
            // Two robots answering each other stop here, whatever they claim to be.
            tracing::warn!(
                "email reply limit reached for one address; message stored, not answered"
            );
            let o = Outcome {
                status: "ignored",
                class,
                note: Some("reply limit"),
                ..Default::default()
            };
            store.email_finish(m.id, &o).await?;
            return Ok(());
        }
        let token_id = reading.thread.as_ref().map(|t| t.token_id.as_str());
        store
            .email_mark_proof(m.id, token_id, reading.auth_failed)
            .await?;
        let text = self.engine_text(&identity, &reading.command).await?;
        let inbound = Inbound {
            identity,
            message_id: reading.message_id.clone(),
            content: Content::Text(text),
            capabilities: Capabilities {
                buttons: false,
                private: true,
            },
            locale_hint: reading.locale_hint,
            received_at: self.service.clock.now(),
        };
        self.service.handle(inbound).await?;
        let o = Outcome {
            status: "done",
            class,
            token_id,
            auth_failed: reading.auth_failed,
            note: None,
        };
        store.email_finish(m.id, &o).await?;
        Ok(())
    }

    /// The engine's input: the command's slash form, or help when it cannot apply here.
    async fn engine_text(&self, identity: &Identity, command: &Command) -> anyhow::Result<String> {
        let engine = &self.service.engine;
        let linked = self.is_linked(identity).await?;
        if command.needs_link() && !linked {
            return Ok("/emailhelp".into());
        }
        if let Some(flow) = command.flow() {
            if !engine.flow_names().any(|f| f == flow) {
                return Ok("/emailhelp".into());
            }
        }
        if matches!(command, Command::Answer(_)) && !self.in_flow(identity).await? {
            return Ok("/emailhelp".into());
        }
        Ok(command.engine_text())
    }

    async fn is_linked(&self, identity: &Identity) -> anyhow::Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM links WHERE channel = $1 AND external_id = $2",
        )
        .bind(identity.channel.code())
        .bind(&identity.external_id)
        .fetch_one(self.service.store.pool())
        .await?;
        Ok(n > 0)
    }

    /// Whether the conversation is mid-flow, so free text is an answer to its question.
    async fn in_flow(&self, identity: &Identity) -> anyhow::Result<bool> {
        let state: Option<String> = sqlx::query_scalar(
            "SELECT state FROM conversations WHERE channel = $1 AND external_id = $2",
        )
        .bind(identity.channel.code())
        .bind(&identity.external_id)
        .fetch_optional(self.service.store.pool())
        .await?;
        Ok(state.is_some_and(|s| ConversationState::from_json(&s).active.is_some()))
    }

    /// Reads a message the way processing would: class, token, conversation, command.
    /// `None` when it is not an email at all.
    ///
    /// # Errors
    /// Storage failed while looking the token or thread up.
    pub async fn read(&self, raw: &[u8]) -> anyhow::Result<Option<Reading>> {
        let Ok(parsed) = ParsedEmail::try_from(raw) else {
            return Ok(None);
        };
        let bot = &self.settings.address;
        let class = classify(&parsed, bot);
        let store = &self.service.store;
        let mut thread = None;
        let mut token_valid = false;
        if let Some(token) = Token::find(parsed.recipients.iter().map(String::as_str), bot) {
            if let Some(t) = store.thread_by_token(&token.id).await? {
                if self
                    .key
                    .verify(&token, &t.recipient, &t.identity.external_id)
                {
                    token_valid = true;
                    thread = Some(t);
                }
            }
        }
        let (conversation, matched_by) = if let Some(t) = &thread {
            (Some(t.identity.external_id.clone()), "token")
        } else if let Some(t) = store.thread_by_message_ids(&parsed.thread_ids()).await? {
            (Some(t.identity.external_id), "thread")
        } else if let Some(f) = parsed
            .from
            .clone()
            .filter(|f| crate::domain::EmailAddress::parse(f).is_ok())
        {
            (Some(f), "sender")
        } else {
            (None, "none")
        };
        let reply_text = super::quote::extract_reply(&parsed.body);
        // A List-Unsubscribe mailto carries the word in the subject and nothing in the body.
        let command = match commands::parse(&reply_text) {
            Command::Empty if crate::domain::text::fold(&parsed.subject) == "unsubscribe" => {
                Command::Stop
            }
            c => c,
        };
        let auth_failed = self.auth_failed(&parsed);
        // The quoted history counts too: a bare code under our Vietnamese mail is Vietnamese.
        let locale_hint = guess_locale(parsed.content_language.as_deref(), &reply_text)
            .or_else(|| guess_locale(None, &parsed.body));
        Ok(Some(Reading {
            message_id: parsed.message_id.clone(),
            from: parsed.from.clone(),
            subject: parsed.subject.clone(),
            class,
            thread,
            token_valid,
            conversation,
            matched_by,
            command,
            reply_text,
            auth_failed,
            locale_hint,
            parsed,
        }))
    }

    /// `Authentication-Results` from the trusted MTA (only its own: anyone can add one)
    /// saying DKIM or DMARC failed.
    fn auth_failed(&self, parsed: &ParsedEmail) -> bool {
        let Some(trusted) = &self.settings.trusted_authserv_id else {
            return false;
        };
        parsed.header_all("authentication-results").any(|v| {
            let (id, rest) = v.split_once(';').unwrap_or((v, ""));
            let id = id.split_whitespace().next().unwrap_or("");
            let rest = rest.to_ascii_lowercase();
            id.eq_ignore_ascii_case(trusted)
                && (rest.contains("dkim=fail")
                    || rest.contains("dmarc=fail")
                    || rest.contains("dkim=permerror"))
        })
    }
}

use sha2::Digest as _;
