//! Bank accounts, terms, payments, autopay, paperless and the audit log.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::codec::{corrupt, date, instant, parse_date, parse_instant};
use super::crypto::Cipher;
use super::StoreError;
use crate::domain::bank::{mask_last4, BankAccountNumber, RoutingNumber};
use crate::domain::payment::{AuditEntry, Autopay, NewPayment, PendingPayment, SavedBank};
use crate::domain::{AccountNumber, CustomerNumber, Identity, Money, PaymentStatus};
use crate::engine::ports::Scheduled;

fn bank(r: &AnyRow) -> Result<SavedBank, StoreError> {
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

pub async fn autopay(
    c: &mut AnyConnection,
    account: &AccountNumber,
) -> Result<Option<Autopay>, StoreError> {
    let row = sqlx::query(
        "SELECT b.id, b.nickname, b.routing_number, b.account_last4, e.since_date FROM autopay_enrollments e JOIN bank_accounts b ON b.id = e.bank_account_id WHERE e.account_number = $1",
    )
    .bind(account.as_str())
    .fetch_optional(&mut *c)
    .await?;
    row.map(|r| {
        Ok(Autopay {
            bank: bank(&r)?,
            since: parse_date(&r.try_get::<String, _>("since_date")?)?,
        })
    })
    .transpose()
}

pub async fn set_autopay(
    c: &mut AnyConnection,
    account: &AccountNumber,
    bank: Option<i64>,
    since: NaiveDate,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    match bank {
        Some(id) => {
            sqlx::query(
                "INSERT INTO autopay_enrollments (account_number, bank_account_id, since_date, enrolled_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (account_number) DO UPDATE SET bank_account_id = excluded.bank_account_id",
            )
            .bind(account.as_str())
            .bind(id)
            .bind(date(since))
            .bind(instant(at))
            .execute(&mut *c)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM autopay_enrollments WHERE account_number = $1")
                .bind(account.as_str())
                .execute(&mut *c)
                .await?;
            // Scheduled automatic debits not yet sent are withdrawn with the enrolment.
            sqlx::query("UPDATE payments SET status = 'cancelled', cancelled_at = $1 WHERE account_number = $2 AND kind = 'autopay' AND status = 'pending'")
                .bind(instant(at))
                .bind(account.as_str())
                .execute(&mut *c)
                .await?;
        }
    }
    Ok(())
}

pub async fn paperless(c: &mut AnyConnection, account: &AccountNumber) -> Result<bool, StoreError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM paperless_enrollments WHERE account_number = $1")
            .bind(account.as_str())
            .fetch_one(&mut *c)
            .await?;
    Ok(n > 0)
}

pub async fn set_paperless(
    c: &mut AnyConnection,
    account: &AccountNumber,
    on: bool,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    if on {
        sqlx::query("INSERT INTO paperless_enrollments (account_number, enrolled_at) VALUES ($1, $2) ON CONFLICT (account_number) DO NOTHING")
            .bind(account.as_str())
            .bind(instant(at))
            .execute(&mut *c)
            .await?;
    } else {
        sqlx::query("DELETE FROM paperless_enrollments WHERE account_number = $1")
            .bind(account.as_str())
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

/// After an import: every bill of an enrolled account with a statement on or after the
/// enrolment gets its automatic debit for the due date, once (the idempotency key is the
/// bill), however often the import runs. Returns (customer, account, amount) of new ones.
pub async fn schedule_autopay(
    c: &mut AnyConnection,
    at: DateTime<Utc>,
) -> Result<Vec<(String, String, i64, String)>, StoreError> {
    let rows = sqlx::query(
        "INSERT INTO payments (account_number, date, amount_cents, method, status, created_at, kind, confirmation, idempotency_key, bank_account_id, posting_by, made_by) \
         SELECT b.account_number, b.due_date, b.amount_cents, 'autopay', 'pending', $1, 'autopay', \
                'AP-' || b.account_number || '-' || REPLACE(b.statement_date, '-', ''), \
                'autopay:' || b.account_number || ':' || b.statement_date, e.bank_account_id, b.due_date, 'autopay' \
         FROM bills b JOIN autopay_enrollments e ON e.account_number = b.account_number \
         WHERE b.statement_date >= e.since_date AND b.amount_cents > 0 \
         ON CONFLICT (idempotency_key) DO NOTHING \
         RETURNING account_number, amount_cents, confirmation",
    )
    .bind(instant(at))
    .fetch_all(&mut *c)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let account: String = r.try_get("account_number")?;
        let customer: String =
            sqlx::query_scalar("SELECT customer_number FROM accounts WHERE number = $1")
                .bind(&account)
                .fetch_one(&mut *c)
                .await?;
        out.push((
            customer,
            account,
            r.try_get("amount_cents")?,
            r.try_get("confirmation")?,
        ));
    }
    Ok(out)
}

impl super::Store {
    /// Accounts enrolled in paperless billing (for the bill-ready notices).
    ///
    /// # Errors
    /// A query failed.
    pub async fn paperless_accounts(&self) -> Result<Vec<AccountNumber>, StoreError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT account_number FROM paperless_enrollments ORDER BY account_number",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|a| AccountNumber::parse(a).map_err(corrupt("account")))
            .collect()
    }

    /// `Checking ••••4321`: the bank account a PAY reply would use for this account — the
    /// autopay one if enrolled, else the customer's most recently saved.
    ///
    /// # Errors
    /// A query failed.
    pub async fn saved_bank_label(
        &self,
        account: &AccountNumber,
    ) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT b.nickname, b.account_last4 FROM bank_accounts b JOIN accounts a ON a.customer_number = b.customer_number \
             LEFT JOIN autopay_enrollments e ON e.account_number = a.number AND e.bank_account_id = b.id \
             WHERE a.number = $1 AND b.removed_at IS NULL ORDER BY (e.account_number IS NULL), b.id DESC LIMIT 1",
        )
        .bind(account.as_str())
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(format!(
                "{} {}",
                r.try_get::<String, _>(0)?,
                mask_last4(&r.try_get::<String, _>(1)?)
            ))
        })
        .transpose()
    }
}
