//! Delivering outbox rows through a channel's sender, with retries and parking.

use chrono::Duration;

use super::mailer::{Mailer, SendError};
use super::Service;
use crate::engine::{OutMail, Reply};
use crate::store::outbox::Payload;
use crate::store::OutboxRow;

/// After this many temporary failures a row is parked for an operator.
pub const MAX_ATTEMPTS: i64 = 8;

/// Backoff for the n-th retry: 5 s, 10 s, 20 s … capped at an hour.
pub fn backoff(attempts: i64) -> Duration {
    Duration::seconds((5i64 << attempts.clamp(0, 10)).min(3600))
}

impl Service {
    /// Sends due mail rows; returns what was sent, for the terminal to show.
    ///
    /// # Errors
    /// Storage failed.
    pub async fn deliver_mail(
        &self,
        mailer: &dyn Mailer,
    ) -> anyhow::Result<Vec<(OutMail, String)>> {
        let mut sent = Vec::new();
        let rows = self
            .store
            .claim_outbox_kind("email", None, Some("mail"), self.clock.now(), 50)
            .await?;
        for row in rows {
            let Payload::Mail(mail) = &row.payload else {
                self.store.outbox_failed(row.id, "not a mail").await?;
                continue;
            };
            match mailer.send(mail).await {
                Ok(whereto) => {
                    self.store.outbox_sent(row.id, self.clock.now()).await?;
                    sent.push((mail.clone(), whereto));
                }
                Err(e) => self.failed(&row, &e).await?,
            }
        }
        Ok(sent)
    }

    /// Takes the due replies for one recipient of a channel whose delivery is immediate
    /// (the terminal): they are marked sent as they are handed over.
    ///
    /// # Errors
    /// Storage failed.
    pub async fn take_replies(&self, channel: &str, recipient: &str) -> anyhow::Result<Vec<Reply>> {
        let rows = self
            .store
            .claim_outbox(channel, Some(recipient), self.clock.now(), 100)
            .await?;
        let mut out = Vec::new();
        for row in rows {
            if let Payload::Reply(r) = row.payload {
                out.push(r);
            }
            self.store.outbox_sent(row.id, self.clock.now()).await?;
        }
        Ok(out)
    }

    /// Retries a temporary failure with backoff, parks a permanent one.
    ///
    /// # Errors
    /// Storage failed.
    pub async fn failed(&self, row: &OutboxRow, e: &SendError) -> anyhow::Result<()> {
        // The error text of a mail failure names addresses, never bodies.
        tracing::warn!(outbox_id = row.id, channel = %row.channel, error = %e, "delivery failed");
        match e {
            SendError::Temporary(m) if row.attempts + 1 < MAX_ATTEMPTS => {
                self.store
                    .outbox_retry(row.id, self.clock.now() + backoff(row.attempts), m)
                    .await?;
            }
            SendError::Temporary(m) | SendError::Permanent(m) => {
                self.store.outbox_failed(row.id, m).await?
            }
        }
        Ok(())
    }
}
