//! Applying a checked import: batched, idempotent upserts in one transaction.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use chrono::{Datelike, Utc};
use sqlx::AnyConnection;

use super::codec::{date, instant};
use super::ledger::month_key;
use super::{Backend, Store, StoreError};
use crate::import::{files::Checked, rows, ImportError, ImportReport, ImportSet};
use crate::import::{FileReport, UsageRow};

/// A value bound into a batched statement.
enum Bind {
    Text(String),
    OptText(Option<String>),
    Int(i64),
    OptInt(Option<i64>),
}

/// Values per statement stay under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
fn batch_rows(columns: usize) -> usize {
    (16_000 / columns).min(500)
}

/// `($1,$2),($3,$4)` on PostgreSQL; `(?,?),(?,?)` on SQLite, whose binding of numbered
/// parameters looks each name up in a list, which is quadratic in a 16,000-value statement.
fn values_sql(backend: Backend, columns: usize, rows: usize) -> String {
    let mut s = String::with_capacity(rows * columns * 5);
    let mut n = 1;
    for r in 0..rows {
        if r > 0 {
            s.push(',');
        }
        s.push('(');
        for c in 0..columns {
            if c > 0 {
                s.push(',');
            }
            if backend == Backend::Sqlite {
                s.push('?');
            } else {
                s.push('$');
                s.push_str(&n.to_string());
            }
            n += 1;
        }
        s.push(')');
    }
    s
}

/// One multi-row statement: `INSERT INTO t (cols) VALUES … <tail>`; returns rows changed.
async fn exec_batch(
    c: &mut AnyConnection,
    backend: Backend,
    head: &str,
    tail: &str,
    columns: usize,
    rows: &mut Vec<Vec<Bind>>,
) -> Result<u64, StoreError> {
    if rows.is_empty() {
        return Ok(0);
    }
    let sql = format!(
        "{head} VALUES {} {tail}",
        values_sql(backend, columns, rows.len())
    );
    let mut q = sqlx::query(&sql);
    for row in rows.drain(..) {
        for b in row {
            q = match b {
                Bind::Text(s) => q.bind(s),
                Bind::OptText(s) => q.bind(s),
                Bind::Int(i) => q.bind(i),
                Bind::OptInt(i) => q.bind(i),
            };
        }
    }
    Ok(q.execute(&mut *c).await?.rows_affected())
}

/// `ON CONFLICT (key) DO UPDATE SET c = excluded.c … WHERE any column differs`, so an
/// unchanged row is not rewritten and not counted.
fn upsert_tail(table: &str, key: &[&str], cols: &[&str]) -> String {
    let rest: Vec<&&str> = cols.iter().filter(|c| !key.contains(c)).collect();
    let set: Vec<String> = rest.iter().map(|c| format!("{c} = excluded.{c}")).collect();
    let differs: Vec<String> = rest
        .iter()
        .map(|c| format!("{table}.{c} IS DISTINCT FROM excluded.{c}"))
        .collect();
    format!(
        "ON CONFLICT ({}) DO UPDATE SET {} WHERE {}",
        key.join(", "),
        set.join(", "),
        differs.join(" OR ")
    )
}

struct Batcher<'a> {
    backend: Backend,
    head: String,
    tail: String,
    columns: usize,
    rows: Vec<Vec<Bind>>,
    report: &'a mut FileReport,
}

impl<'a> Batcher<'a> {
    fn new(
        backend: Backend,
        table: &str,
        cols: &[&str],
        tail: String,
        report: &'a mut FileReport,
    ) -> Self {
        Batcher {
            backend,
            head: format!("INSERT INTO {table} ({})", cols.join(", ")),
            tail,
            columns: cols.len(),
            rows: Vec::new(),
            report,
        }
    }

    async fn push(&mut self, c: &mut AnyConnection, row: Vec<Bind>) -> Result<(), StoreError> {
        self.rows.push(row);
        self.report.rows += 1;
        if self.rows.len() >= batch_rows(self.columns) {
            self.flush(c).await?;
        }
        Ok(())
    }

    async fn flush(&mut self, c: &mut AnyConnection) -> Result<(), StoreError> {
        self.report.changed += exec_batch(
            c,
            self.backend,
            &self.head,
            &self.tail,
            self.columns,
            &mut self.rows,
        )
        .await?;
        Ok(())
    }
}

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
        super::payments::schedule_autopay(&mut tx, now).await?
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

/// Streams a file's rows (already checked) into `each`, bridging the sync CSV reader and
/// the async statements through a small in-memory batch.
async fn stream<T: Send + 'static>(
    set: &ImportSet,
    file: &'static str,
    parse: fn(&mut rows::Fields<'_>) -> Option<T>,
    mut each: impl AsyncSink<T>,
) -> Result<(), ImportError> {
    // The CSV reader is synchronous; read in slices of rows and write each slice.
    let mut errors = crate::import::files::Errors::default();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<T>>(4);
    let set_dir = set.dir.clone();
    let present = set.has(file);
    let reader = tokio::task::spawn_blocking(move || -> Result<(), ImportError> {
        if !present {
            return Ok(());
        }
        let set = ImportSet::open(&set_dir)?;
        let mut chunk = Vec::with_capacity(4096);
        set.read(file, parse, &mut errors, |row, _| {
            chunk.push(row);
            if chunk.len() == 4096 {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(4096));
                let _ = tx.blocking_send(full);
            }
        })?;
        if !chunk.is_empty() {
            let _ = tx.blocking_send(chunk);
        }
        Ok(())
    });
    while let Some(chunk) = rx.recv().await {
        for row in chunk {
            each.accept(row).await?;
        }
    }
    reader.await.map_err(|e| ImportError::Io {
        path: file.into(),
        source: std::io::Error::other(e.to_string()),
    })??;
    each.finish().await?;
    Ok(())
}

#[async_trait::async_trait]
trait AsyncSink<T: Send>: Send {
    async fn accept(&mut self, row: T) -> Result<(), StoreError>;
    async fn finish(&mut self) -> Result<(), StoreError>;
}

struct BillSink<'a, 'c> {
    c: &'c mut AnyConnection,
    b: Batcher<'a>,
}

#[async_trait::async_trait]
impl AsyncSink<rows::BillRow> for BillSink<'_, '_> {
    async fn accept(&mut self, r: rows::BillRow) -> Result<(), StoreError> {
        let row = vec![
            Bind::Text(r.account.to_string()),
            Bind::Text(date(r.statement_date)),
            Bind::Text(date(r.due_date)),
            Bind::Text(date(r.period_start)),
            Bind::Text(date(r.period_end)),
            Bind::Int(r.wh),
            Bind::Int(r.amount.cents()),
        ];
        self.b.push(self.c, row).await
    }
    async fn finish(&mut self) -> Result<(), StoreError> {
        self.b.flush(self.c).await
    }
}

async fn apply_bills(
    c: &mut AnyConnection,
    backend: Backend,
    set: &ImportSet,
) -> Result<FileReport, ImportError> {
    let mut r = FileReport {
        file: "bills.csv",
        ..Default::default()
    };
    let cols = [
        "account_number",
        "statement_date",
        "due_date",
        "period_start",
        "period_end",
        "wh",
        "amount_cents",
    ];
    let b = Batcher::new(
        backend,
        "bills",
        &cols,
        upsert_tail("bills", &["account_number", "statement_date"], &cols),
        &mut r,
    );
    stream(set, "bills.csv", rows::bill, BillSink { c, b }).await?;
    Ok(r)
}

struct PaymentSink<'a, 'c> {
    c: &'c mut AnyConnection,
    b: Batcher<'a>,
    seen: HashMap<u64, u32>,
    now: String,
}

#[async_trait::async_trait]
impl AsyncSink<rows::PaymentRow> for PaymentSink<'_, '_> {
    async fn accept(&mut self, r: rows::PaymentRow) -> Result<(), StoreError> {
        let base = format!(
            "{}|{}|{}|{}",
            r.account,
            date(r.date),
            r.amount.cents(),
            r.method
        );
        let mut h = std::collections::hash_map::DefaultHasher::new();
        base.hash(&mut h);
        // Two identical payments on one day are two payments: number them in file order.
        let n = self.seen.entry(h.finish()).or_insert(0);
        *n += 1;
        let key = format!("{base}|{n}");
        let row = vec![
            Bind::Text(r.account.to_string()),
            Bind::Text(date(r.date)),
            Bind::Int(r.amount.cents()),
            Bind::Text(r.method),
            Bind::Text("posted".into()),
            Bind::Text(key),
            Bind::Text(self.now.clone()),
        ];
        self.b.push(self.c, row).await
    }
    async fn finish(&mut self) -> Result<(), StoreError> {
        self.b.flush(self.c).await
    }
}

async fn apply_payments(
    c: &mut AnyConnection,
    backend: Backend,
    set: &ImportSet,
) -> Result<FileReport, ImportError> {
    let mut r = FileReport {
        file: "payments.csv",
        ..Default::default()
    };
    let cols = [
        "account_number",
        "date",
        "amount_cents",
        "method",
        "status",
        "import_key",
        "created_at",
    ];
    let b = Batcher::new(
        backend,
        "payments",
        &cols,
        "ON CONFLICT (import_key) DO NOTHING".into(),
        &mut r,
    );
    stream(
        set,
        "payments.csv",
        rows::payment,
        PaymentSink {
            c,
            b,
            seen: HashMap::new(),
            now: instant(Utc::now()),
        },
    )
    .await?;
    Ok(r)
}

/// Usage is grouped into month rows; days merge with COALESCE so partial months add to,
/// never erase, what is stored.
struct UsageSink<'c> {
    c: &'c mut AnyConnection,
    backend: Backend,
    pending: Vec<(String, String, [Option<i64>; 31])>,
    index: HashMap<(String, String), usize>,
    head: String,
    tail: String,
    report: FileReport,
}

impl UsageSink<'_> {
    async fn flush(&mut self) -> Result<(), StoreError> {
        let mut rows: Vec<Vec<Bind>> = self
            .pending
            .drain(..)
            .map(|(a, m, days)| {
                let mut row = vec![Bind::Text(a), Bind::Text(m)];
                row.extend(days.iter().map(|d| Bind::OptInt(*d)));
                row
            })
            .collect();
        self.index.clear();
        self.report.changed +=
            exec_batch(self.c, self.backend, &self.head, &self.tail, 33, &mut rows).await?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl AsyncSink<UsageRow> for UsageSink<'_> {
    async fn accept(&mut self, r: UsageRow) -> Result<(), StoreError> {
        self.report.rows += 1;
        let key = (r.account.to_string(), month_key(r.date));
        let day = r.date.day0() as usize;
        if let Some(&i) = self.index.get(&key) {
            self.pending[i].2[day] = Some(r.wh);
            return Ok(());
        }
        // A month row may appear in one statement only once, so flush before a new key.
        if self.pending.len() >= batch_rows(33) {
            self.flush().await?;
        }
        let mut days = [None; 31];
        days[day] = Some(r.wh);
        self.index.insert(key.clone(), self.pending.len());
        self.pending.push((key.0, key.1, days));
        Ok(())
    }
    async fn finish(&mut self) -> Result<(), StoreError> {
        self.flush().await
    }
}

async fn apply_usage(
    c: &mut AnyConnection,
    backend: Backend,
    set: &ImportSet,
) -> Result<FileReport, ImportError> {
    let days: Vec<String> = (1..=31).map(|d| format!("d{d:02}")).collect();
    let head = format!(
        "INSERT INTO usage_months (account_number, month, {})",
        days.join(", ")
    );
    let set_sql: Vec<String> = days
        .iter()
        .map(|d| format!("{d} = COALESCE(excluded.{d}, usage_months.{d})"))
        .collect();
    let differs: Vec<String> = days
        .iter()
        .map(|d| {
            format!("COALESCE(excluded.{d}, usage_months.{d}) IS DISTINCT FROM usage_months.{d}")
        })
        .collect();
    let tail = format!(
        "ON CONFLICT (account_number, month) DO UPDATE SET {} WHERE {}",
        set_sql.join(", "),
        differs.join(" OR ")
    );
    let mut sink = UsageSink {
        c,
        backend,
        pending: Vec::new(),
        index: HashMap::new(),
        head,
        tail,
        report: FileReport {
            file: "usage.csv",
            ..Default::default()
        },
    };
    stream(set, "usage.csv", rows::usage, &mut sink).await?;
    Ok(std::mem::take(&mut sink.report))
}

#[async_trait::async_trait]
impl<T: Send + 'static, S: AsyncSink<T>> AsyncSink<T> for &mut S {
    async fn accept(&mut self, row: T) -> Result<(), StoreError> {
        (**self).accept(row).await
    }
    async fn finish(&mut self) -> Result<(), StoreError> {
        (**self).finish().await
    }
}
