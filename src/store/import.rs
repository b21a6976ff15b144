//! Applying a checked import: batched, idempotent upserts in one transaction.

use std::collections::HashSet;

use chrono::Utc;

use super::codec::date;
use super::import_batch::{upsert_tail, Batcher, Bind};
use super::import_sinks::{apply_bills, apply_payments, apply_usage};
use super::{Store, StoreError};
use crate::import::{files::Checked, FileReport, ImportError, ImportReport, ImportSet};

impl Store {
    /// The keys among `keys` that the table (`customers` or `accounts`) does not hold.
    ///
    /// # Errors
    /// A query failed.
    pub async fn missing_keys<'k>(
        &self,
        table: &str,
        keys: impl Iterator<Item = &'k str>,
    ) -> Result<HashSet<String>, StoreError> {
        let wanted: HashSet<String> = keys.map(str::to_string).collect();
        let mut found = HashSet::new();
        let list: Vec<&String> = wanted.iter().collect();
        for chunk in list.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT number FROM {table} WHERE number IN ({})",
                placeholders.join(",")
            );
            let mut q = sqlx::query_scalar::<_, String>(&sql);
            for k in chunk {
                q = q.bind(k.as_str());
            }
            found.extend(q.fetch_all(self.pool()).await?);
        }
        Ok(wanted.difference(&found).cloned().collect())
    }
}

/// Writes a checked import in one transaction.
///
/// # Errors
/// A storage failure; the transaction is rolled back and nothing is applied.
pub async fn apply(
    store: &Store,
    set: &ImportSet,
    checked: Checked,
) -> Result<ImportReport, ImportError> {
    let _gate = store.write_gate().await;
    let mut tx = store.pool().begin().await.map_err(StoreError::from)?;
    let mut report = ImportReport::default();

    let mut r = FileReport {
        file: "customers.csv",
        ..Default::default()
    };
    let cols = [
        "number",
        "name",
        "email",
        "language",
        "segment",
        "billing_zip",
    ];
    let mut b = Batcher::new(
        store.backend(),
        "customers",
        &cols,
        upsert_tail("customers", &["number"], &cols),
        &mut r,
    );
    for c in checked.customers {
        let row = vec![
            Bind::Text(c.number.to_string()),
            Bind::Text(c.name),
            Bind::OptText(c.email.map(|e| e.to_string())),
            Bind::Text(c.language.code().into()),
            Bind::Text(c.segment.code().into()),
            Bind::Text(c.billing_zip.to_string()),
        ];
        b.push(&mut tx, row).await?;
    }
    b.flush(&mut tx).await?;
    report.files.push(r);

    let mut r = FileReport {
        file: "accounts.csv",
        ..Default::default()
    };
    let cols = [
        "number",
        "customer_number",
        "service_address",
        "service_zip",
        "rate_plan",
        "outage_group",
        "demand_kw",
        "deposit_cents",
        "next_statement_date",
    ];
    let mut b = Batcher::new(
        store.backend(),
        "accounts",
        &cols,
        upsert_tail("accounts", &["number"], &cols),
        &mut r,
    );
    for a in checked.accounts {
        let row = vec![
            Bind::Text(a.number.to_string()),
            Bind::Text(a.customer.to_string()),
            Bind::Text(a.service_address),
            Bind::Text(a.service_zip.to_string()),
            Bind::OptText(a.rate_plan),
            Bind::OptText(a.outage_group),
            Bind::OptText(a.demand_kw.map(|d| d.normalize().to_string())),
            Bind::OptInt(a.deposit.map(|d| d.cents())),
            Bind::OptText(a.next_statement_date.map(date)),
        ];
        b.push(&mut tx, row).await?;
    }
    b.flush(&mut tx).await?;
    report.files.push(r);

    report
        .files
        .push(apply_bills(&mut tx, store.backend(), set).await?);
    report
        .files
        .push(apply_usage(&mut tx, store.backend(), set).await?);
    report
        .files
        .push(apply_payments(&mut tx, store.backend(), set).await?);
    // New bills of accounts enrolled in autopay get their debit scheduled, once per bill.
    let now = Utc::now();
    for (customer, account, cents, confirmation) in
        super::enrolments::schedule_autopay(&mut tx, now).await?
    {
        let entry = crate::domain::payment::AuditEntry {
            customer: crate::domain::CustomerNumber::parse(&customer)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            channel: "import".into(),
            actor: "autopay".into(),
            event: "payment_scheduled".into(),
            detail: format!(
                "autopay {confirmation}: {} for account ...{}",
                crate::domain::Money::from_cents(cents),
                &account[account.len().saturating_sub(4)..]
            ),
            at: now,
        };
        super::payments::audit(&mut tx, &entry).await?;
        report.autopay_scheduled += 1;
    }
    tx.commit().await.map_err(StoreError::from)?;
    Ok(report)
}
