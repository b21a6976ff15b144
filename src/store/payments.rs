//! Payments made through gridchat, pending payments, and the audit log.

use chrono::{DateTime, Utc};
use sqlx::{AnyConnection, Row};

use super::codec::{corrupt, date, instant, parse_date, parse_instant};
use super::StoreError;
use crate::domain::bank::mask_last4;
use crate::domain::payment::{AuditEntry, NewPayment, PendingPayment};
use crate::domain::{AccountNumber, CustomerNumber, Money, PaymentStatus};
use crate::engine::ports::Scheduled;

/// Records a one-time payment exactly once per confirming message. The insert joins through
/// the identity's link and the bank account's owner, so a payment for an account that is
/// not under the linked customer cannot be written at all.
pub async fn schedule(
    c: &mut AnyConnection,
    p: &NewPayment,
    at: DateTime<Utc>,
) -> Result<Scheduled, StoreError> {
    if let Some(existing) = confirmation_for(c, &p.idempotency_key).await? {
        return Ok(Scheduled::Existing(existing));
    }
    let r = sqlx::query(
        "INSERT INTO payments (account_number, date, amount_cents, method, status, created_at, kind, confirmation, idempotency_key, bank_account_id, posting_by, made_by) \
         SELECT a.number, $1, $2, 'bank', 'pending', $3, 'one_time', $4, $5, b.id, $6, $7 \
         FROM accounts a \
         JOIN links l ON l.customer_number = a.customer_number AND l.channel = $8 AND l.external_id = $9 \
         JOIN bank_accounts b ON b.customer_number = a.customer_number AND b.id = $10 AND b.removed_at IS NULL \
         WHERE a.number = $11 \
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(date(p.date))
    .bind(p.amount.cents())
    .bind(instant(at))
    .bind(&p.confirmation)
    .bind(&p.idempotency_key)
    .bind(date(p.posting_by))
    .bind(p.identity.to_string())
    .bind(p.identity.channel.code())
    .bind(&p.identity.external_id)
    .bind(p.bank_id)
    .bind(p.account.as_str())
    .execute(&mut *c)
    .await?;
    if r.rows_affected() == 1 {
        return Ok(Scheduled::New(p.confirmation.clone()));
    }
    // A racing twin committed first (PostgreSQL waits on the unique index, then skips).
    Ok(match confirmation_for(c, &p.idempotency_key).await? {
        Some(existing) => Scheduled::Existing(existing),
        None => Scheduled::NotYours,
    })
}

async fn confirmation_for(c: &mut AnyConnection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT confirmation FROM payments WHERE idempotency_key = $1")
            .bind(key)
            .fetch_optional(&mut *c)
            .await?,
    )
}

pub async fn open_payments(
    c: &mut AnyConnection,
    customer: &CustomerNumber,
) -> Result<Vec<PendingPayment>, StoreError> {
    let rows = sqlx::query(
        "SELECT p.id, p.account_number, p.amount_cents, p.date, p.created_at, p.confirmation, p.kind, p.status, b.nickname, b.account_last4 \
         FROM payments p JOIN accounts a ON a.number = p.account_number \
         LEFT JOIN bank_accounts b ON b.id = p.bank_account_id \
         WHERE a.customer_number = $1 AND p.status IN ('pending', 'submitted') AND p.kind <> 'import' ORDER BY p.date DESC, p.id DESC",
    )
    .bind(customer.as_str())
    .fetch_all(&mut *c)
    .await?;
    rows.iter()
        .map(|r| {
            let nick: Option<String> = r.try_get("nickname")?;
            let last4: Option<String> = r.try_get("account_last4")?;
            Ok(PendingPayment {
                id: r.try_get("id")?,
                account: AccountNumber::parse(&r.try_get::<String, _>("account_number")?)
                    .map_err(corrupt("account"))?,
                amount: Money::from_cents(r.try_get("amount_cents")?),
                date: parse_date(&r.try_get::<String, _>("date")?)?,
                made_at: Some(parse_instant(&r.try_get::<String, _>("created_at")?)?),
                confirmation: r
                    .try_get::<Option<String>, _>("confirmation")?
                    .unwrap_or_default(),
                kind: r.try_get("kind")?,
                status: PaymentStatus::from_code(&r.try_get::<String, _>("status")?)
                    .unwrap_or(PaymentStatus::Pending),
                bank_label: match (nick, last4) {
                    (Some(n), Some(l)) => format!("{n} {}", mask_last4(&l)),
                    _ => String::new(),
                },
            })
        })
        .collect()
}

pub async fn cancel(
    c: &mut AnyConnection,
    customer: &CustomerNumber,
    id: i64,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let r = sqlx::query(
        "UPDATE payments SET status = 'cancelled', cancelled_at = $1 WHERE id = $2 AND status = 'pending' \
         AND account_number IN (SELECT number FROM accounts WHERE customer_number = $3)",
    )
    .bind(instant(at))
    .bind(id)
    .bind(customer.as_str())
    .execute(&mut *c)
    .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn audit(c: &mut AnyConnection, e: &AuditEntry) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO audit_log (customer_number, channel, actor, event, detail, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(e.customer.as_str())
        .bind(&e.channel)
        .bind(&e.actor)
        .bind(&e.event)
        .bind(&e.detail)
        .bind(instant(e.at))
        .execute(&mut *c)
        .await?;
    Ok(())
}

pub async fn recent_activity(
    c: &mut AnyConnection,
    customer: &CustomerNumber,
    limit: i64,
) -> Result<Vec<AuditEntry>, StoreError> {
    let rows = sqlx::query("SELECT customer_number, channel, actor, event, detail, at FROM audit_log WHERE customer_number = $1 ORDER BY id DESC LIMIT $2")
        .bind(customer.as_str())
        .bind(limit)
        .fetch_all(&mut *c)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(AuditEntry {
                customer: CustomerNumber::parse(&r.try_get::<String, _>("customer_number")?)
                    .map_err(corrupt("customer"))?,
                channel: r.try_get("channel")?,
                actor: r.try_get("actor")?,
                event: r.try_get("event")?,
                detail: r.try_get("detail")?,
                at: parse_instant(&r.try_get::<String, _>("at")?)?,
            })
        })
        .collect()
}
