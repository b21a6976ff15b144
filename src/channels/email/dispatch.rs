//! Delivering the email channel's outbox rows: each reply goes to the address on file (never
//! to a `From` or `Reply-To` that differs), carries a fresh signed reply token, and is threaded
//! to the message it answers.

use super::outbound::{Draft, Transport};
use super::parse::ParsedEmail;
use super::token::reply_address;
use super::{looks_vietnamese, EmailChannel};
use crate::app::mailer::SendError;
use crate::domain::{Channel, Identity, Locale};
use crate::engine::Reply;
use crate::store::email::Thread;
use crate::store::outbox::Payload;
use crate::store::OutboxRow;

impl EmailChannel {
    /// Sends the due email rows; returns how many went out.
    ///
    /// # Errors
    /// Storage failed.
    pub async fn dispatch(&self, transport: &dyn Transport) -> anyhow::Result<usize> {
        let mut sent = 0;
        loop {
            let rows = self
                .service
                .store
                .claim_outbox("email", None, self.service.clock.now(), 50)
                .await?;
            if rows.is_empty() {
                return Ok(sent);
            }
            for row in rows {
                match self.deliver(&row, transport).await {
                    Ok(Some(_)) => {
                        self.service
                            .store
                            .outbox_sent(row.id, self.service.clock.now())
                            .await?;
                        sent += 1;
                    }
                    Ok(None) => {}
                    Err(e) => self.service.failed(&row, &e).await?,
                }
            }
        }
    }

    /// Sends one row; `Ok(None)` when it was parked instead (undeliverable, opted out).
    async fn deliver(
        &self,
        row: &OutboxRow,
        transport: &dyn Transport,
    ) -> Result<Option<String>, SendError> {
        let store = &self.service.store;
        let temp = |e: crate::store::StoreError| SendError::Temporary(format!("storage: {e}"));
        let (conversation, to, reply, subject, secret) = match &row.payload {
            Payload::Reply(r) => {
                let identity = Identity::new(Channel::Email, row.recipient.clone());
                let on_file = store.linked_email(&identity).await.map_err(temp)?;
                (
                    identity,
                    on_file.unwrap_or_else(|| row.recipient.clone()),
                    r.clone(),
                    None,
                    false,
                )
            }
            Payload::Mail(m) => {
                let to = m.to.as_str().to_string();
                let reply = Reply {
                    text: m.text.clone(),
                    ..Default::default()
                };
                (
                    Identity::new(Channel::Email, to.clone()),
                    to,
                    reply,
                    Some(m.subject.clone()),
                    m.secret,
                )
            }
        };
        let notice = row.kind == "notice";
        if store.address_undeliverable(&to).await.map_err(temp)? {
            store
                .outbox_failed(row.id, "address undeliverable after hard bounces")
                .await
                .map_err(temp)?;
            return Ok(None);
        }
        if notice
            && (store.opted_out(&conversation).await.map_err(temp)?
                || store
                    .opted_out(&Identity::new(Channel::Email, to.clone()))
                    .await
                    .map_err(temp)?)
        {
            store
                .outbox_failed(row.id, "recipient unsubscribed from notices")
                .await
                .map_err(temp)?;
            return Ok(None);
        }
        let locale = self
            .locale_for(&conversation, &reply.text)
            .await
            .map_err(temp)?;
        let token_id = self.key.id_for(row.id);
        let domain = self.settings.domain().to_string();
        let thread = Thread {
            token_id: token_id.clone(),
            message_id: format!("gridchat.{token_id}@{domain}"),
            outbox_id: row.id,
            identity: conversation.clone(),
            recipient: to.clone(),
        };
        store
            .thread_put(&thread, self.service.clock.now())
            .await
            .map_err(temp)?;
        let token = self.key.sign(&token_id, &to, &conversation.external_id);
        let reply_to = reply_address(&self.settings.address, &token);
        let answered = match (&row.cause, row.kind.as_str()) {
            (Some(cause), "reply") => store
                .email_raw(cause)
                .await
                .map_err(temp)?
                .and_then(|raw| ParsedEmail::try_from(&raw[..]).ok()),
            _ => None,
        };
        let subject = subject.unwrap_or_else(|| match &answered {
            Some(a) if !a.subject.is_empty() => {
                let lower = a.subject.to_lowercase();
                if lower.starts_with("re:") || lower.starts_with("aw:") || lower.starts_with("tr:")
                {
                    a.subject.clone()
                } else {
                    format!("Re: {}", a.subject)
                }
            }
            _ => self.text(locale, "email-subject"),
        });
        let (in_reply_to, references) = match &answered {
            Some(a) => {
                let mut refs = a.references.clone();
                refs.push(a.message_id.clone());
                (Some(a.message_id.clone()), refs)
            }
            None => (None, Vec::new()),
        };
        let footer = self.text(
            locale,
            if notice {
                "email-notice-footer"
            } else {
                "email-reply-footer"
            },
        );
        let unsubscribe = notice.then(|| {
            let https = self
                .settings
                .unsubscribe_url
                .as_ref()
                .map(|u| format!("{u}?t={token}"));
            (reply_to.clone(), https)
        });
        let draft = Draft {
            to: to.clone(),
            reply_to: reply_to.clone(),
            subject,
            message_id: thread.message_id.clone(),
            in_reply_to,
            references,
            locale,
            text: reply.text.clone(),
            choices: reply.choices.clone(),
            footer,
            attachments: reply.attachments.clone(),
            auto_submitted: if row.kind == "reply" {
                "auto-replied"
            } else {
                "auto-generated"
            },
            unsubscribe,
        };
        let message = draft.build(&self.settings.from)?;
        let whereto = transport.send(&reply_to, &to, &message).await?;
        if !secret {
            tracing::debug!(outbox_id = row.id, "email sent");
        }
        Ok(Some(whereto))
    }

    /// The customer's language when the address is linked, else what the text is written in.
    async fn locale_for(
        &self,
        identity: &Identity,
        text: &str,
    ) -> Result<Locale, crate::store::StoreError> {
        let lang: Option<String> = sqlx::query_scalar(
            "SELECT c.language FROM links l JOIN customers c ON c.number = l.customer_number WHERE l.channel = $1 AND l.external_id = $2",
        )
        .bind(identity.channel.code())
        .bind(&identity.external_id)
        .fetch_optional(self.service.store.pool())
        .await?;
        Ok(lang
            .and_then(|l| Locale::from_code(&l))
            .unwrap_or(if looks_vietnamese(text) {
                Locale::Vi
            } else {
                Locale::En
            }))
    }

    pub(super) fn text(&self, locale: Locale, id: &str) -> String {
        let s = self.service.engine.settings();
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("utility", s.utility_name.clone());
        args.set("support_phone", s.support_phone.clone());
        self.service.engine.i18n().text(locale, id, Some(&args))
    }
}
