//! Streaming the large files (bills, usage, payments) into batched statements.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use chrono::{Datelike, Utc};
use sqlx::AnyConnection;

use super::codec::{date, instant};
use super::import_batch::{batch_rows, exec_batch, upsert_tail, Batcher, Bind};
use super::ledger::month_key;
use super::{Backend, StoreError};
use crate::import::{rows, FileReport, ImportError, ImportSet, UsageRow};

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

pub(super) async fn apply_bills(
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

pub(super) async fn apply_payments(
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

pub(super) async fn apply_usage(
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
