//! The email channel's tables: raw inbound messages, threads of sent mail, address health and
//! notice opt-outs.

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

use super::codec::instant;
use super::{Store, StoreError};
use crate::domain::Identity;

/// A stored inbound message waiting to be processed.
#[derive(Debug, Clone)]
pub struct RawEmail {
    pub id: i64,
    pub message_id: String,
    pub sender: String,
    pub raw: Vec<u8>,
    pub attempts: i64,
}

/// A mail gridchat sent, as its token and Message-ID name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    pub token_id: String,
    pub message_id: String,
    pub outbox_id: i64,
    pub identity: Identity,
    pub recipient: String,
}

/// How a processed message ended.
#[derive(Debug, Clone, Default)]
pub struct Outcome<'a> {
    pub status: &'a str,
    pub class: Option<&'a str>,
    pub token_id: Option<&'a str>,
    pub auth_failed: bool,
    pub note: Option<&'a str>,
}

fn thread(r: &sqlx::any::AnyRow) -> Result<Thread, StoreError> {
    let channel: String = r.try_get("channel")?;
    Ok(Thread {
        token_id: r.try_get("token_id")?,
        message_id: r.try_get("message_id")?,
        outbox_id: r.try_get("outbox_id")?,
        identity: Identity::new(
            crate::domain::Channel::from_code(&channel)
                .ok_or_else(|| StoreError::Corrupt(format!("thread channel {channel}")))?,
            r.try_get::<String, _>("external_id")?,
        ),
        recipient: r.try_get("recipient")?,
    })
}

const THREAD_COLUMNS: &str = "token_id, message_id, outbox_id, channel, external_id, recipient";

impl Store {
    /// Stores a received message; `false` when its Message-ID was seen before (the caller
    /// acknowledges it and does nothing more).
    ///
    /// # Errors
    /// A query failed: the message must not be acknowledged.
    pub async fn email_store(
        &self,
        message_id: &str,
        sender: &str,
        raw: &[u8],
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let _gate = self.write_gate().await;
        let r = sqlx::query(
            "INSERT INTO email_messages (message_id, sender, raw, status, next_attempt_at, received_at) \
             VALUES ($1, $2, $3, 'new', $4, $4) ON CONFLICT (message_id) DO NOTHING",
        )
        .bind(message_id)
        .bind(sender)
        .bind(raw.to_vec())
        .bind(instant(now))
        .execute(self.pool())
        .await?;
        Ok(r.rows_affected() > 0)
    }

    /// Messages received from `sender` since `since` (rate limiting).
    ///
    /// # Errors
    /// A query failed.
    pub async fn email_count_from(
        &self,
        sender: &str,
        since: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM email_messages WHERE sender = $1 AND received_at >= $2",
        )
        .bind(sender)
        .bind(instant(since))
        .fetch_one(self.pool())
        .await?)
    }

    /// Claims due new messages, leased for a minute so a crashed worker's are retried.
    ///
    /// # Errors
    /// A query failed.
    pub async fn email_claim(
        &self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<RawEmail>, StoreError> {
        let _gate = self.write_gate().await;
        let mut tx = self.pool().begin().await?;
        let lock = if self.backend() == super::Backend::Postgres {
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let rows = sqlx::query(&format!(
            "SELECT id, message_id, sender, raw, attempts FROM email_messages \
             WHERE status = 'new' AND next_attempt_at <= $1 ORDER BY id LIMIT $2{lock}"
        ))
        .bind(instant(now))
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        let lease = instant(now + chrono::Duration::seconds(60));
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: i64 = r.try_get("id")?;
            sqlx::query("UPDATE email_messages SET next_attempt_at = $1, attempts = attempts + 1 WHERE id = $2")
                .bind(&lease)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            out.push(RawEmail {
                id,
                message_id: r.try_get("message_id")?,
                sender: r.try_get("sender")?,
                raw: r.try_get("raw")?,
                attempts: r.try_get("attempts")?,
            });
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Records how a message was handled.
    ///
    /// # Errors
    /// A query failed.
    pub async fn email_finish(&self, id: i64, o: &Outcome<'_>) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        sqlx::query("UPDATE email_messages SET status = $1, class = $2, token_id = $3, auth_failed = $4, note = $5 WHERE id = $6")
            .bind(o.status)
            .bind(o.class)
            .bind(o.token_id)
            .bind(i64::from(o.auth_failed))
            .bind(o.note)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Notes the token and authentication result before the turn runs, so the turn's
    /// [`crate::engine::Ports::assurance`] sees them.
    ///
    /// # Errors
    /// A query failed.
    pub async fn email_mark_proof(
        &self,
        id: i64,
        token_id: Option<&str>,
        auth_failed: bool,
    ) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        sqlx::query("UPDATE email_messages SET token_id = $1, auth_failed = $2 WHERE id = $3")
            .bind(token_id)
            .bind(i64::from(auth_failed))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The stored bytes of a received message, by Message-ID (to thread replies to it).
    ///
    /// # Errors
    /// A query failed.
    pub async fn email_raw(&self, message_id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT raw FROM email_messages WHERE message_id = $1")
                .bind(message_id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Records the thread a mail starts (idempotent: a retried send reuses it).
    ///
    /// # Errors
    /// A query failed.
    pub async fn thread_put(&self, t: &Thread, now: DateTime<Utc>) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        sqlx::query(&format!(
            "INSERT INTO email_threads ({THREAD_COLUMNS}, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (token_id) DO NOTHING"
        ))
        .bind(&t.token_id)
        .bind(&t.message_id)
        .bind(t.outbox_id)
        .bind(t.identity.channel.code())
        .bind(&t.identity.external_id)
        .bind(&t.recipient)
        .bind(instant(now))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// # Errors
    /// A query failed.
    pub async fn thread_by_token(&self, token_id: &str) -> Result<Option<Thread>, StoreError> {
        let mut c = self.pool().acquire().await?;
        thread_by_token(&mut c, token_id).await
    }

    /// The first of `message_ids` that names a mail gridchat sent.
    ///
    /// # Errors
    /// A query failed.
    pub async fn thread_by_message_ids(
        &self,
        message_ids: &[String],
    ) -> Result<Option<Thread>, StoreError> {
        for id in message_ids.iter().take(20) {
            let row = sqlx::query(&format!(
                "SELECT {THREAD_COLUMNS} FROM email_threads WHERE message_id = $1"
            ))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
            if let Some(r) = row {
                return Ok(Some(thread(&r)?));
            }
        }
        Ok(None)
    }

    /// Outbox rows queued for one address of a channel since `since` (loop brake).
    ///
    /// # Errors
    /// A query failed.
    pub async fn outbox_count_to(
        &self,
        channel: &str,
        recipient: &str,
        since: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE channel = $1 AND recipient = $2 AND created_at >= $3 AND kind = 'reply'")
            .bind(channel)
            .bind(recipient)
            .bind(instant(since))
            .fetch_one(self.pool())
            .await?)
    }

    /// Counts a hard bounce; returns `true` when this one made the address undeliverable.
    ///
    /// # Errors
    /// A query failed.
    pub async fn address_hard_bounce(
        &self,
        address: &str,
        threshold: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let _gate = self.write_gate().await;
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO email_addresses (address, hard_bounces, updated_at) VALUES ($1, 1, $2) \
             ON CONFLICT (address) DO UPDATE SET hard_bounces = email_addresses.hard_bounces + 1, updated_at = excluded.updated_at",
        )
        .bind(address)
        .bind(instant(now))
        .execute(&mut *tx)
        .await?;
        let r = sqlx::query("UPDATE email_addresses SET undeliverable_at = $1 WHERE address = $2 AND undeliverable_at IS NULL AND hard_bounces >= $3")
            .bind(instant(now))
            .bind(address)
            .bind(threshold)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(r.rows_affected() > 0)
    }

    /// # Errors
    /// A query failed.
    pub async fn address_undeliverable(&self, address: &str) -> Result<bool, StoreError> {
        let v: Option<Option<String>> =
            sqlx::query_scalar("SELECT undeliverable_at FROM email_addresses WHERE address = $1")
                .bind(address)
                .fetch_optional(self.pool())
                .await?;
        Ok(v.flatten().is_some())
    }

    /// # Errors
    /// A query failed.
    pub async fn opted_out(&self, identity: &Identity) -> Result<bool, StoreError> {
        let mut c = self.pool().acquire().await?;
        opted_out(&mut c, identity).await
    }

    /// # Errors
    /// A query failed.
    pub async fn opt_out(&self, identity: &Identity, now: DateTime<Utc>) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        let mut c = self.pool().acquire().await?;
        opt_out(&mut c, identity, now).await
    }

    /// The email identity's customer's address on file, when the identity is linked.
    ///
    /// # Errors
    /// A query failed.
    pub async fn linked_email(&self, identity: &Identity) -> Result<Option<String>, StoreError> {
        let mut c = self.pool().acquire().await?;
        linked_email(&mut c, identity).await
    }
}

pub async fn thread_by_token(
    c: &mut AnyConnection,
    token_id: &str,
) -> Result<Option<Thread>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {THREAD_COLUMNS} FROM email_threads WHERE token_id = $1"
    ))
    .bind(token_id)
    .fetch_optional(&mut *c)
    .await?;
    row.as_ref().map(thread).transpose()
}

pub async fn opted_out(c: &mut AnyConnection, identity: &Identity) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notice_optouts WHERE channel = $1 AND external_id = $2",
    )
    .bind(identity.channel.code())
    .bind(&identity.external_id)
    .fetch_one(&mut *c)
    .await?;
    Ok(n > 0)
}

pub async fn opt_out(
    c: &mut AnyConnection,
    identity: &Identity,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO notice_optouts (channel, external_id, opted_out_at) VALUES ($1, $2, $3) ON CONFLICT (channel, external_id) DO NOTHING")
        .bind(identity.channel.code())
        .bind(&identity.external_id)
        .bind(instant(now))
        .execute(&mut *c)
        .await?;
    Ok(())
}

pub async fn linked_email(
    c: &mut AnyConnection,
    identity: &Identity,
) -> Result<Option<String>, StoreError> {
    let v: Option<Option<String>> = sqlx::query_scalar(
        "SELECT c.email FROM links l JOIN customers c ON c.number = l.customer_number WHERE l.channel = $1 AND l.external_id = $2",
    )
    .bind(identity.channel.code())
    .bind(&identity.external_id)
    .fetch_optional(&mut *c)
    .await?;
    Ok(v.flatten().map(|e| e.to_lowercase()))
}

/// What the turn needs to know about an inbound email: its token's thread, the cause of the
/// mail that token came with, and whether authentication failed.
pub async fn proof_of(
    c: &mut AnyConnection,
    message_id: &str,
) -> Result<Option<(Option<Thread>, Option<String>, bool)>, StoreError> {
    let row = sqlx::query("SELECT token_id, auth_failed FROM email_messages WHERE message_id = $1")
        .bind(message_id)
        .fetch_optional(&mut *c)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let token: Option<String> = row.try_get("token_id")?;
    let failed: i64 = row.try_get("auth_failed")?;
    let Some(token) = token else {
        return Ok(Some((None, None, failed != 0)));
    };
    let Some(t) = thread_by_token(c, &token).await? else {
        return Ok(Some((None, None, failed != 0)));
    };
    let cause: Option<Option<String>> =
        sqlx::query_scalar("SELECT cause FROM outbox WHERE id = $1")
            .bind(t.outbox_id)
            .fetch_optional(&mut *c)
            .await?;
    Ok(Some((Some(t), cause.flatten(), failed != 0)))
}
