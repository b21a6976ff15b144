//! `gridchat import DIR`: the utility's CSV export, loaded all-or-nothing.
//!
//! Every file is checked in full first (each bad row listed as `file:line: column: what is
//! wrong`); only a clean run is applied, in one transaction, as an idempotent upsert.

pub(crate) mod files;
pub(crate) mod rows;

use std::path::Path;

pub use files::{ImportSet, FILES};
pub use rows::{AccountRow, BillRow, CustomerRow, PaymentRow, UsageRow};

/// One bad row (or file) found while checking an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub file: String,
    pub line: u64,
    pub column: String,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Errors listed at most, so a wholly wrong file does not print millions of lines.
pub const MAX_LISTED: usize = 1000;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} bad row(s); nothing was imported:\n{}{}", .total, .errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"), if *.total > .errors.len() { format!("\n… and {} more", .total - .errors.len()) } else { String::new() })]
    Invalid { errors: Vec<RowError>, total: usize },
    #[error("cannot read {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("import failed while writing; nothing was imported")]
    Store(#[from] crate::store::StoreError),
}

/// Per file: rows read, and rows that were new or changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub files: Vec<FileReport>,
    /// Automatic payments scheduled for new bills of enrolled accounts.
    pub autopay_scheduled: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileReport {
    pub file: &'static str,
    pub rows: u64,
    pub changed: u64,
}

impl ImportReport {
    pub fn changed(&self) -> u64 {
        self.files.iter().map(|f| f.changed).sum()
    }
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for r in &self.files {
            writeln!(
                f,
                "{:<14} {:>12} rows, {:>12} new or changed",
                r.file, r.rows, r.changed
            )?;
        }
        if self.autopay_scheduled > 0 {
            writeln!(
                f,
                "{} automatic payment(s) scheduled for new bills",
                self.autopay_scheduled
            )?;
        }
        Ok(())
    }
}

/// Checks and imports a folder of CSV files.
///
/// # Errors
/// [`ImportError::Invalid`] lists every bad row and nothing is applied; I/O and storage
/// failures also apply nothing.
pub async fn import_dir(
    store: &crate::store::Store,
    dir: &Path,
) -> Result<ImportReport, ImportError> {
    let set = ImportSet::open(dir)?;
    let checked = set.check(store).await?;
    crate::store::import::apply(store, &set, checked).await
}
