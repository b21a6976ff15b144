//! Autopay and paperless enrolments, and the automatic debits scheduled from imported bills.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, Row};

use super::banks::bank;
use super::codec::{corrupt, date, instant, parse_date};
use super::StoreError;
use crate::domain::bank::mask_last4;
use crate::domain::payment::Autopay;
use crate::domain::AccountNumber;

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
