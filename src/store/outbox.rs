//! The durable outbox: every reply, mail and notice is a row until its channel delivers it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, Row};

use super::codec::{instant, parse_instant};
use super::{Backend, Store, StoreError};
use crate::engine::{OutMail, Reply};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxKind {
    Reply,
    Mail,
    Notice,
}

impl OutboxKind {
    pub fn code(self) -> &'static str {
        match self {
            OutboxKind::Reply => "reply",
            OutboxKind::Mail => "mail",
            OutboxKind::Notice => "notice",
        }
    }
}

/// What a row carries, as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Payload {
    Reply(Reply),
    Mail(OutMail),
}

#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub kind: String,
    pub payload: Payload,
    pub attempts: i64,
    /// Where to deliver when that is not the recipient (a Telegram chat id).
    pub route: Option<String>,
    /// Parts of this row already delivered by a channel that sends one row in several
    /// messages.
    pub parts_sent: i64,
    /// The inbound message this row answers, when a turn produced it.
    pub cause: Option<String>,
}

/// Where an outbox row goes: the identity it belongs to and, where the channel needs one, the
/// address to deliver to (the chat a message came from).
#[derive(Debug, Clone, Copy)]
pub struct Destination<'a> {
    pub channel: &'a str,
    pub recipient: &'a str,
    pub route: Option<&'a str>,
}

fn row(r: &sqlx::any::AnyRow) -> Result<OutboxRow, StoreError> {
    let id: i64 = r.try_get("id")?;
    let payload: String = r.try_get("payload")?;
    Ok(OutboxRow {
        id,
        channel: r.try_get("channel")?,
        recipient: r.try_get("recipient")?,
        kind: r.try_get("kind")?,
        payload: serde_json::from_str(&payload)
            .map_err(|e| StoreError::Corrupt(format!("outbox {id}: {e}")))?,
        attempts: r.try_get("attempts")?,
        route: r.try_get("route")?,
        parts_sent: r.try_get("parts_sent")?,
        cause: r.try_get("cause")?,
    })
}

const COLUMNS: &str = "id, channel, recipient, kind, payload, attempts, route, parts_sent, cause";

pub async fn enqueue(
    c: &mut AnyConnection,
    to: Destination<'_>,
    kind: OutboxKind,
    payload: &Payload,
    dedup_key: Option<&str>,
    cause: Option<&str>,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let json = serde_json::to_string(payload).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let r = sqlx::query(
        "INSERT INTO outbox (channel, recipient, route, kind, payload, dedup_key, status, attempts, next_attempt_at, created_at, cause) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7, $8) ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(to.channel)
    .bind(to.recipient)
    .bind(to.route)
    .bind(kind.code())
    .bind(json)
    .bind(dedup_key)
    .bind(instant(at))
    .bind(cause)
    .execute(&mut *c)
    .await?;
    Ok(r.rows_affected() > 0)
}

impl Store {
    /// Claims up to `limit` rows of a channel that are due. On PostgreSQL rows locked by another
    /// instance are skipped, and a claimed row is leased for a minute so a killed instance's work
    /// is retried by the others.
    ///
    /// # Errors
    /// A query failed.
    pub async fn claim_outbox(
        &self,
        channel: &str,
        recipient: Option<&str>,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OutboxRow>, StoreError> {
        self.claim_outbox_kind(channel, recipient, None, now, limit)
            .await
    }

    /// Like [`Store::claim_outbox`], only rows of one kind (`mail`, `reply`, `notice`), so a
    /// deliverer that handles one kind never holds rows another deliverer owns.
    ///
    /// # Errors
    /// A query failed.
    pub async fn claim_outbox_kind(
        &self,
        channel: &str,
        recipient: Option<&str>,
        kind: Option<&str>,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OutboxRow>, StoreError> {
        let _gate = self.write_gate().await;
        let mut tx = self.pool().begin().await?;
        let lock = if self.backend() == Backend::Postgres {
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM outbox \
             WHERE channel = $1 AND status = 'pending' AND next_attempt_at <= $2 AND ($3 IS NULL OR recipient = $3) \
             AND ($5 IS NULL OR kind = $5) ORDER BY id LIMIT $4{lock}"
        );
        let rows = sqlx::query(&sql)
            .bind(channel)
            .bind(instant(now))
            .bind(recipient)
            .bind(limit)
            .bind(kind)
            .fetch_all(&mut *tx)
            .await?;
        let lease = instant(now + chrono::Duration::seconds(60));
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let claimed = row(&r)?;
            sqlx::query("UPDATE outbox SET next_attempt_at = $1 WHERE id = $2")
                .bind(&lease)
                .bind(claimed.id)
                .execute(&mut *tx)
                .await?;
            out.push(claimed);
        }
        tx.commit().await?;
        Ok(out)
    }

    /// # Errors
    /// A query failed.
    pub async fn outbox_sent(&self, id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1 WHERE id = $2")
            .bind(instant(now))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// A temporary failure: try again at `retry_at`.
    ///
    /// # Errors
    /// A query failed.
    pub async fn outbox_retry(
        &self,
        id: i64,
        retry_at: DateTime<Utc>,
        error: &str,
    ) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE id = $3")
            .bind(instant(retry_at))
            .bind(error)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Records that the first `parts` parts of a row went out, so a retry starts after them.
    ///
    /// # Errors
    /// A query failed.
    pub async fn outbox_progress(&self, id: i64, parts: i64) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        sqlx::query("UPDATE outbox SET parts_sent = $1 WHERE id = $2")
            .bind(parts)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Puts a claimed row back, due at `at`, without counting an attempt: it was not tried
    /// (its chat is paused, or the sender is shutting down).
    ///
    /// # Errors
    /// A query failed.
    pub async fn outbox_defer(&self, id: i64, at: DateTime<Utc>) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        sqlx::query("UPDATE outbox SET next_attempt_at = $1 WHERE id = $2 AND status = 'pending'")
            .bind(instant(at))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Sends a row somewhere else from now on (a Telegram group that became a supergroup).
    ///
    /// # Errors
    /// A query failed.
    pub async fn outbox_reroute(&self, id: i64, route: &str) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        sqlx::query("UPDATE outbox SET route = $1 WHERE id = $2")
            .bind(route)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// A permanent failure: the row is parked for an operator.
    ///
    /// # Errors
    /// A query failed.
    pub async fn outbox_failed(&self, id: i64, error: &str) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        sqlx::query("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $1 WHERE id = $2")
            .bind(error)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Rows of a channel in the order created, any status (tests and operators).
    ///
    /// # Errors
    /// A query failed.
    pub async fn outbox_all(
        &self,
        channel: &str,
    ) -> Result<Vec<(OutboxRow, String, Option<DateTime<Utc>>)>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS}, status, sent_at FROM outbox WHERE channel = $1 ORDER BY id"
        ))
        .bind(channel)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let sent: Option<String> = r.try_get("sent_at")?;
                Ok((
                    row(r)?,
                    r.try_get("status")?,
                    sent.as_deref().map(parse_instant).transpose()?,
                ))
            })
            .collect()
    }
}
