//! The one path every message takes: dedup, serialise per conversation, run the engine,
//! commit state, replies and effects in one transaction; then deliver from the outbox.

pub mod clock;
pub mod demo;
pub mod dispatch;
mod locks;
pub mod mailer;

use std::sync::Arc;

use anyhow::Context;

use crate::engine::{ConversationState, Engine, Inbound, Reply};
use crate::store::outbox::Payload;
use crate::store::{Destination, OutboxKind, Store};
pub use clock::Clock;

/// What happened to an inbound message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    Processed,
    /// Seen before: acknowledged, not processed again.
    Duplicate,
    /// The turn failed and was rolled back; the person was told to try again.
    Failed,
}

#[derive(Clone)]
pub struct Service {
    pub store: Store,
    pub engine: Arc<Engine>,
    pub clock: Clock,
    locks: Arc<locks::KeyedLocks>,
}

impl Service {
    pub fn new(store: Store, engine: Arc<Engine>, clock: Clock) -> Service {
        Service {
            store,
            engine,
            clock,
            locks: Arc::new(locks::KeyedLocks::default()),
        }
    }

    /// Processes one inbound message exactly once.
    ///
    /// # Errors
    /// Storage failed before the turn could run or be reported; the message was not marked
    /// processed, so a redelivery will run it.
    pub async fn handle(&self, inbound: Inbound) -> anyhow::Result<Handled> {
        self.handle_via(inbound, None).await
    }

    /// [`Service::handle`] for a channel whose replies go to an address other than the
    /// identity: `route` is stored with each reply row (a Telegram chat id, since the
    /// conversation belongs to the user wherever they write from).
    ///
    /// # Errors
    /// As [`Service::handle`].
    pub async fn handle_via(
        &self,
        inbound: Inbound,
        route: Option<&str>,
    ) -> anyhow::Result<Handled> {
        let key = inbound.identity.to_string();
        let _turn = self.locks.lock(&key).await;
        let now = self.clock.now();
        let channel = inbound.identity.channel.code();
        let mut tx = self.store.begin().await.context("starting a turn")?;
        if !tx
            .mark_inbound(channel, &inbound.message_id, now)
            .await
            .context("marking the inbound message")?
        {
            tx.rollback().await.ok();
            tracing::debug!(channel, "duplicate inbound message acknowledged");
            return Ok(Handled::Duplicate);
        }
        let json = tx
            .lock_conversation(&inbound.identity, now)
            .await
            .context("loading the conversation")?;
        let mut state = ConversationState::from_json(&json);
        let out = match self.engine.turn(&mut tx, &mut state, &inbound, now).await {
            Ok(out) => out,
            Err(e) => {
                tx.rollback().await.ok();
                tracing::error!(error = %error_chain(&e), channel, "turn failed and was rolled back");
                self.report_failure(&inbound, route).await?;
                return Ok(Handled::Failed);
            }
        };
        tx.save_conversation(&inbound.identity, &state.to_json(), now)
            .await
            .context("saving the conversation")?;
        let id = &inbound.identity;
        let to = Destination {
            channel,
            recipient: &id.external_id,
            route,
        };
        for reply in out.replies {
            tx.enqueue_to(
                to,
                OutboxKind::Reply,
                &Payload::Reply(reply),
                None,
                Some(&inbound.message_id),
                now,
            )
            .await
            .context("queueing a reply")?;
        }
        for mail in out.mails {
            let to = mail.to.to_string();
            tx.enqueue(
                "email",
                &to,
                OutboxKind::Mail,
                &Payload::Mail(mail),
                None,
                now,
            )
            .await
            .context("queueing a mail")?;
        }
        for notice in out.notices {
            tx.enqueue(
                notice.to.channel.code(),
                &notice.to.external_id,
                OutboxKind::Notice,
                &Payload::Reply(notice.reply),
                None,
                now,
            )
            .await
            .context("queueing a notice")?;
        }
        tx.commit().await.context("committing the turn")?;
        Ok(Handled::Processed)
    }

    /// Tells the person the turn failed, without marking their message processed.
    async fn report_failure(&self, inbound: &Inbound, route: Option<&str>) -> anyhow::Result<()> {
        let locale = inbound.locale_hint.unwrap_or_default();
        let text = self.engine.i18n().text(locale, "error-generic", None);
        let mut tx = self.store.begin().await?;
        let reply = Reply {
            text,
            ..Default::default()
        };
        let to = Destination {
            channel: inbound.identity.channel.code(),
            recipient: &inbound.identity.external_id,
            route,
        };
        tx.enqueue_to(
            to,
            OutboxKind::Reply,
            &Payload::Reply(reply),
            None,
            Some(&inbound.message_id),
            self.clock.now(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// `error: cause: cause`, the whole chain on one line for logs.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
