//! Saved bank accounts (numbers encrypted at rest) and the terms accepted before paying.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::codec::instant;
use super::crypto::Cipher;
use super::StoreError;
use crate::domain::bank::{BankAccountNumber, RoutingNumber};
use crate::domain::payment::SavedBank;
use crate::domain::{CustomerNumber, Identity};

pub(super) fn bank(r: &AnyRow) -> Result<SavedBank, StoreError> {
    Ok(SavedBank {
        id: r.try_get("id")?,
        nickname: r.try_get("nickname")?,
        routing: r.try_get("routing_number")?,
        last4: r.try_get("account_last4")?,
    })
}

pub async fn banks(
    c: &mut AnyConnection,
    customer: &CustomerNumber,
) -> Result<Vec<SavedBank>, StoreError> {
    let rows = sqlx::query("SELECT id, nickname, routing_number, account_last4 FROM bank_accounts WHERE customer_number = $1 AND removed_at IS NULL ORDER BY id")
        .bind(customer.as_str())
        .fetch_all(&mut *c)
        .await?;
    rows.iter().map(bank).collect()
}

pub async fn add_bank(
    c: &mut AnyConnection,
    cipher: &Cipher,
    customer: &CustomerNumber,
    nickname: &str,
    routing: &RoutingNumber,
    number: &BankAccountNumber,
    at: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let encrypted = cipher.encrypt(number.expose(), customer.as_str())?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO bank_accounts (customer_number, nickname, routing_number, account_encrypted, account_last4, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(customer.as_str())
    .bind(nickname)
    .bind(routing.as_str())
    .bind(encrypted)
    .bind(number.last4())
    .bind(instant(at))
    .fetch_one(&mut *c)
    .await?;
    Ok(id)
}

pub async fn rename_bank(
    c: &mut AnyConnection,
    customer: &CustomerNumber,
    id: i64,
    nickname: &str,
) -> Result<bool, StoreError> {
    let r = sqlx::query("UPDATE bank_accounts SET nickname = $1 WHERE id = $2 AND customer_number = $3 AND removed_at IS NULL")
        .bind(nickname)
        .bind(id)
        .bind(customer.as_str())
        .execute(&mut *c)
        .await?;
    Ok(r.rows_affected() > 0)
}

/// Removes a bank account and any autopay that used it (pending payments keep their debit).
pub async fn remove_bank(
    c: &mut AnyConnection,
    customer: &CustomerNumber,
    id: i64,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let r = sqlx::query("UPDATE bank_accounts SET removed_at = $1 WHERE id = $2 AND customer_number = $3 AND removed_at IS NULL")
        .bind(instant(at))
        .bind(id)
        .bind(customer.as_str())
        .execute(&mut *c)
        .await?;
    if r.rows_affected() > 0 {
        sqlx::query("DELETE FROM autopay_enrollments WHERE bank_account_id = $1")
            .bind(id)
            .execute(&mut *c)
            .await?;
    }
    Ok(r.rows_affected() > 0)
}

pub async fn terms_accepted(
    c: &mut AnyConnection,
    customer: &CustomerNumber,
    version: &str,
) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM terms_acceptances WHERE customer_number = $1 AND version = $2",
    )
    .bind(customer.as_str())
    .bind(version)
    .fetch_one(&mut *c)
    .await?;
    Ok(n > 0)
}

pub async fn accept_terms(
    c: &mut AnyConnection,
    customer: &CustomerNumber,
    version: &str,
    who: &Identity,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO terms_acceptances (customer_number, version, accepted_at, channel, external_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (customer_number, version) DO NOTHING")
        .bind(customer.as_str())
        .bind(version)
        .bind(instant(at))
        .bind(who.channel.code())
        .bind(&who.external_id)
        .execute(&mut *c)
        .await?;
    Ok(())
}
