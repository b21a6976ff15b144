//! The payment processor's side: exporting the day's debits (NACHA or CSV) and posting them.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use super::codec::{date, instant};
use super::{payments, Store, StoreError};
use crate::domain::bank::{BankAccountNumber, RoutingNumber};
use crate::domain::nacha::{self, Debit, Originator};
use crate::domain::payment::AuditEntry;
use crate::domain::{CustomerNumber, Money};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Nacha,
    Csv,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub text: String,
    pub payments: usize,
    pub total: Money,
}

struct Row_ {
    id: i64,
    customer: String,
    account: String,
    name: String,
    routing: String,
    number: BankAccountNumber,
    amount: Money,
    confirmation: String,
}

impl Store {
    /// Exports pending debits dated on or before `day`, marks them submitted, and hands the
    /// file to `write` before committing: if writing fails nothing is marked, and a second
    /// export never repeats a debit.
    ///
    /// # Errors
    /// Storage, decryption, or the writer failed; nothing is marked then.
    pub async fn export_payments(
        &self,
        day: NaiveDate,
        format: Format,
        originator: &Originator,
        now: DateTime<Utc>,
        write: impl FnOnce(&str) -> std::io::Result<()>,
    ) -> Result<Exported, StoreError> {
        let cipher = self
            .cipher()
            .cloned()
            .ok_or_else(|| StoreError::Config("no payments encryption key is configured".into()))?;
        let _gate = self.write_gate().await;
        let mut tx = self.pool().begin().await?;
        let rows = sqlx::query(
            "SELECT p.id, p.account_number, p.amount_cents, p.confirmation, c.number AS customer_number, c.name, b.routing_number, b.account_encrypted \
             FROM payments p JOIN accounts a ON a.number = p.account_number JOIN customers c ON c.number = a.customer_number \
             JOIN bank_accounts b ON b.id = p.bank_account_id \
             WHERE p.status = 'pending' AND p.kind <> 'import' AND p.date <= $1 ORDER BY p.id",
        )
        .bind(date(day))
        .fetch_all(&mut *tx)
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            let customer: String = r.try_get("customer_number")?;
            let plain = cipher.decrypt(&r.try_get::<String, _>("account_encrypted")?, &customer)?;
            items.push(Row_ {
                id: r.try_get("id")?,
                account: r.try_get("account_number")?,
                name: r.try_get("name")?,
                routing: r.try_get("routing_number")?,
                number: BankAccountNumber::parse(&plain)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                amount: Money::from_cents(r.try_get("amount_cents")?),
                confirmation: r
                    .try_get::<Option<String>, _>("confirmation")?
                    .unwrap_or_default(),
                customer,
            });
        }
        let text = match format {
            Format::Nacha => {
                let debits: Vec<Debit> = items
                    .iter()
                    .map(|i| {
                        Ok(Debit {
                            routing: RoutingNumber::parse(&i.routing)
                                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                            account: i.number.clone(),
                            amount: i.amount,
                            individual_id: i.account.clone(),
                            name: i.name.clone(),
                        })
                    })
                    .collect::<Result<_, StoreError>>()?;
                nacha::build(originator, day, now.naive_utc(), &debits)
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                let io = |e: csv::Error| StoreError::Corrupt(e.to_string());
                w.write_record([
                    "confirmation",
                    "account_number",
                    "name",
                    "routing_number",
                    "bank_account_number",
                    "amount",
                    "debit_date",
                ])
                .map_err(io)?;
                for i in &items {
                    w.write_record([
                        i.confirmation.as_str(),
                        &i.account,
                        &i.name,
                        &i.routing,
                        i.number.expose(),
                        &i.amount.to_string(),
                        &date(day),
                    ])
                    .map_err(io)?;
                }
                String::from_utf8(
                    w.into_inner()
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                )
                .map_err(|e| StoreError::Corrupt(e.to_string()))?
            }
        };
        for i in &items {
            sqlx::query("UPDATE payments SET status = 'submitted', submitted_at = $1 WHERE id = $2 AND status = 'pending'").bind(instant(now)).bind(i.id).execute(&mut *tx).await?;
            let entry = AuditEntry {
                customer: CustomerNumber::parse(&i.customer)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                channel: "processor".into(),
                actor: "export".into(),
                event: "payment_submitted".into(),
                detail: format!("{} {} from {}", i.confirmation, i.amount, i.number.masked()),
                at: now,
            };
            payments::audit(&mut tx, &entry).await?;
        }
        write(&text).map_err(|e| StoreError::Config(format!("writing the export: {e}")))?;
        tx.commit().await?;
        Ok(Exported {
            payments: items.len(),
            total: items.iter().map(|i| i.amount).sum(),
            text,
        })
    }

    /// Marks submitted payments posted (the utility received them); they then reduce the
    /// balance. Returns how many posted.
    ///
    /// # Errors
    /// Storage failed.
    pub async fn post_payments(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let _gate = self.write_gate().await;
        let mut tx = self.pool().begin().await?;
        let rows = sqlx::query(
            "SELECT p.id, p.confirmation, p.amount_cents, a.customer_number FROM payments p JOIN accounts a ON a.number = p.account_number WHERE p.status = 'submitted' ORDER BY p.id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            sqlx::query("UPDATE payments SET status = 'posted', posted_at = $1 WHERE id = $2")
                .bind(instant(now))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let entry = AuditEntry {
                customer: CustomerNumber::parse(&r.try_get::<String, _>("customer_number")?)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                channel: "processor".into(),
                actor: "post".into(),
                event: "payment_posted".into(),
                detail: format!(
                    "{} {}",
                    r.try_get::<Option<String>, _>("confirmation")?
                        .unwrap_or_default(),
                    Money::from_cents(r.try_get("amount_cents")?)
                ),
                at: now,
            };
            payments::audit(&mut tx, &entry).await?;
        }
        tx.commit().await?;
        Ok(rows.len())
    }
}
