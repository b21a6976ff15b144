//! Batched multi-row upserts shared by the import.

use sqlx::AnyConnection;

use crate::import::FileReport;
use crate::store::{Backend, StoreError};

/// A value bound into a batched statement.
pub(super) enum Bind {
    Text(String),
    OptText(Option<String>),
    Int(i64),
    OptInt(Option<i64>),
}

/// Values per statement stay under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
pub(super) fn batch_rows(columns: usize) -> usize {
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
pub(super) async fn exec_batch(
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
pub(super) fn upsert_tail(table: &str, key: &[&str], cols: &[&str]) -> String {
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

pub(super) struct Batcher<'a> {
    backend: Backend,
    head: String,
    tail: String,
    columns: usize,
    rows: Vec<Vec<Bind>>,
    report: &'a mut FileReport,
}

impl<'a> Batcher<'a> {
    pub(super) fn new(
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

    pub(super) async fn push(
        &mut self,
        c: &mut AnyConnection,
        row: Vec<Bind>,
    ) -> Result<(), StoreError> {
        self.rows.push(row);
        self.report.rows += 1;
        if self.rows.len() >= batch_rows(self.columns) {
            self.flush(c).await?;
        }
        Ok(())
    }

    pub(super) async fn flush(&mut self, c: &mut AnyConnection) -> Result<(), StoreError> {
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
