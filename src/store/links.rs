//! Links between identities and customers, link codes and failed attempts.

use chrono::{DateTime, Utc};
use rand::Rng;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

use super::codec::{corrupt, instant, parse_instant};
use super::StoreError;
use crate::domain::linking::Attempts;
use crate::domain::{Channel, CustomerNumber, Identity, LinkCode};
use crate::engine::ports::{CodeCheck, LinkRecord};

fn record(row: &sqlx::any::AnyRow) -> Result<LinkRecord, StoreError> {
    let channel: String = row.try_get("channel")?;
    Ok(LinkRecord {
        identity: Identity::new(
            Channel::from_code(&channel).ok_or_else(|| StoreError::Corrupt("channel".into()))?,
            row.try_get::<String, _>("external_id")?,
        ),
        customer: CustomerNumber::parse(&row.try_get::<String, _>("customer_number")?)
            .map_err(corrupt("customer"))?,
        linked_at: parse_instant(&row.try_get::<String, _>("linked_at")?)?,
    })
}

pub async fn link_of(
    c: &mut AnyConnection,
    id: &Identity,
) -> Result<Option<LinkRecord>, StoreError> {
    let row = sqlx::query("SELECT channel, external_id, customer_number, linked_at FROM links WHERE channel = $1 AND external_id = $2")
        .bind(id.channel.code())
        .bind(&id.external_id)
        .fetch_optional(&mut *c)
        .await?;
    row.as_ref().map(record).transpose()
}

pub async fn links_of(
    c: &mut AnyConnection,
    customer: &CustomerNumber,
) -> Result<Vec<LinkRecord>, StoreError> {
    let rows = sqlx::query("SELECT channel, external_id, customer_number, linked_at FROM links WHERE customer_number = $1 ORDER BY linked_at")
        .bind(customer.as_str())
        .fetch_all(&mut *c)
        .await?;
    rows.iter().map(record).collect()
}

pub async fn create_link(
    c: &mut AnyConnection,
    id: &Identity,
    customer: &CustomerNumber,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO links (channel, external_id, customer_number, linked_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (channel, external_id) DO UPDATE SET customer_number = excluded.customer_number, linked_at = excluded.linked_at",
    )
    .bind(id.channel.code())
    .bind(&id.external_id)
    .bind(customer.as_str())
    .bind(instant(at))
    .execute(&mut *c)
    .await?;
    Ok(())
}

pub async fn remove_link(c: &mut AnyConnection, id: &Identity) -> Result<bool, StoreError> {
    let r = sqlx::query("DELETE FROM links WHERE channel = $1 AND external_id = $2")
        .bind(id.channel.code())
        .bind(&id.external_id)
        .execute(&mut *c)
        .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn attempts(c: &mut AnyConnection, id: &Identity) -> Result<Attempts, StoreError> {
    let row = sqlx::query(
        "SELECT failures, locked_until FROM link_attempts WHERE channel = $1 AND external_id = $2",
    )
    .bind(id.channel.code())
    .bind(&id.external_id)
    .fetch_optional(&mut *c)
    .await?;
    let Some(row) = row else {
        return Ok(Attempts::default());
    };
    let until: Option<String> = row.try_get("locked_until")?;
    Ok(Attempts {
        failures: u32::try_from(row.try_get::<i64, _>("failures")?).unwrap_or(0),
        locked_until: until.as_deref().map(parse_instant).transpose()?,
    })
}

pub async fn set_attempts(
    c: &mut AnyConnection,
    id: &Identity,
    a: Attempts,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO link_attempts (channel, external_id, failures, locked_until) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (channel, external_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until",
    )
    .bind(id.channel.code())
    .bind(&id.external_id)
    .bind(i64::from(a.failures))
    .bind(a.locked_until.map(instant))
    .execute(&mut *c)
    .await?;
    Ok(())
}

fn hash(salt: &str, code: &LinkCode) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update(code.as_str().as_bytes());
    hex::encode(h.finalize())
}

pub fn new_code() -> LinkCode {
    let n: u32 = rand::rngs::OsRng.gen_range(0..1_000_000);
    LinkCode::parse(&format!("{n:06}")).expect("six digits")
}

pub async fn put_code(
    c: &mut AnyConnection,
    id: &Identity,
    customer: &CustomerNumber,
    code: &LinkCode,
    expires: DateTime<Utc>,
) -> Result<(), StoreError> {
    let salt = hex::encode(rand::random::<[u8; 16]>());
    sqlx::query(
        "INSERT INTO link_codes (channel, external_id, customer_number, salt, code_hash, expires_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (channel, external_id) DO UPDATE SET customer_number = excluded.customer_number, salt = excluded.salt, \
         code_hash = excluded.code_hash, expires_at = excluded.expires_at",
    )
    .bind(id.channel.code())
    .bind(&id.external_id)
    .bind(customer.as_str())
    .bind(&salt)
    .bind(hash(&salt, code))
    .bind(instant(expires))
    .execute(&mut *c)
    .await?;
    Ok(())
}

pub async fn check_code(
    c: &mut AnyConnection,
    id: &Identity,
    code: &LinkCode,
    now: DateTime<Utc>,
) -> Result<CodeCheck, StoreError> {
    let row = sqlx::query("SELECT customer_number, salt, code_hash, expires_at FROM link_codes WHERE channel = $1 AND external_id = $2")
        .bind(id.channel.code())
        .bind(&id.external_id)
        .fetch_optional(&mut *c)
        .await?;
    let Some(row) = row else {
        return Ok(CodeCheck::NoneSent);
    };
    let expires = parse_instant(&row.try_get::<String, _>("expires_at")?)?;
    if expires <= now {
        return Ok(CodeCheck::Expired);
    }
    let salt: String = row.try_get("salt")?;
    let stored: String = row.try_get("code_hash")?;
    if hash(&salt, code) != stored {
        return Ok(CodeCheck::Wrong);
    }
    // Works once: the code is gone the moment it is used.
    sqlx::query("DELETE FROM link_codes WHERE channel = $1 AND external_id = $2")
        .bind(id.channel.code())
        .bind(&id.external_id)
        .execute(&mut *c)
        .await?;
    let customer = CustomerNumber::parse(&row.try_get::<String, _>("customer_number")?)
        .map_err(corrupt("customer"))?;
    Ok(CodeCheck::Valid(customer))
}
