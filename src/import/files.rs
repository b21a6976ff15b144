//! The five files of an export: headers, streaming reads, and the checking pass.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::rows::{self, AccountRow, CustomerRow, Fields};
use super::{ImportError, RowError, MAX_LISTED};
use crate::store::Store;

pub const CUSTOMERS: &[&str] = &[
    "customer_number",
    "name",
    "email",
    "language",
    "segment",
    "billing_zip",
];
pub const ACCOUNTS: &[&str] = &[
    "account_number",
    "customer_number",
    "service_address",
    "service_zip",
    "rate_plan",
    "outage_group",
    "demand_kw",
    "deposit_amount",
    "next_statement_date",
];
pub const BILLS: &[&str] = &[
    "account_number",
    "statement_date",
    "due_date",
    "period_start",
    "period_end",
    "kwh",
    "amount_due",
];
pub const USAGE: &[&str] = &["account_number", "date", "kwh"];
pub const PAYMENTS: &[&str] = &["account_number", "date", "amount", "method"];

/// The files of the public import contract and their exact headers.
pub const FILES: [(&str, &[&str]); 5] = [
    ("customers.csv", CUSTOMERS),
    ("accounts.csv", ACCOUNTS),
    ("bills.csv", BILLS),
    ("usage.csv", USAGE),
    ("payments.csv", PAYMENTS),
];

/// Collected row errors: the first [`MAX_LISTED`] kept, all counted.
#[derive(Default)]
pub struct Errors {
    pub listed: Vec<RowError>,
    pub total: usize,
}

impl Errors {
    pub fn push(&mut self, file: &str, line: u64, column: &str, message: impl Into<String>) {
        self.total += 1;
        if self.listed.len() < MAX_LISTED {
            self.listed.push(RowError {
                file: file.into(),
                line,
                column: column.into(),
                message: message.into(),
            });
        }
    }

    fn into_result(self) -> Result<(), ImportError> {
        if self.total == 0 {
            Ok(())
        } else {
            Err(ImportError::Invalid {
                errors: self.listed,
                total: self.total,
            })
        }
    }
}

pub struct ImportSet {
    pub dir: PathBuf,
    present: HashSet<&'static str>,
}

/// What the checking pass learned: the small files, kept for the apply pass.
pub struct Checked {
    pub customers: Vec<CustomerRow>,
    pub accounts: Vec<AccountRow>,
}

impl ImportSet {
    /// # Errors
    /// The folder is unreadable or holds none of the five files.
    pub fn open(dir: &Path) -> Result<ImportSet, ImportError> {
        if !dir.is_dir() {
            return Err(ImportError::Io {
                path: dir.display().to_string(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
            });
        }
        let present: HashSet<&'static str> = FILES
            .iter()
            .map(|(f, _)| *f)
            .filter(|f| dir.join(f).is_file())
            .collect();
        if present.is_empty() {
            let mut e = Errors::default();
            e.push(
                &dir.display().to_string(),
                0,
                "files",
                "none of customers.csv, accounts.csv, bills.csv, usage.csv, payments.csv is here",
            );
            e.into_result()?;
        }
        Ok(ImportSet {
            dir: dir.to_path_buf(),
            present,
        })
    }

    pub fn has(&self, file: &str) -> bool {
        self.present.contains(file)
    }

    /// Streams one file's parsed rows to `each` with their line numbers; bad rows go to
    /// `errors`. Returns the number of data rows.
    ///
    /// # Errors
    /// The file cannot be read.
    pub fn read<T>(
        &self,
        file: &'static str,
        parse: fn(&mut Fields<'_>) -> Option<T>,
        errors: &mut Errors,
        mut each: impl FnMut(T, u64),
    ) -> Result<u64, ImportError> {
        if !self.has(file) {
            return Ok(0);
        }
        let header = FILES
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, h)| *h)
            .unwrap_or(&[]);
        let path = self.dir.join(file);
        let io = |source| ImportError::Io {
            path: path.display().to_string(),
            source,
        };
        let reader = std::fs::File::open(&path).map_err(io)?;
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(std::io::BufReader::with_capacity(1 << 20, reader));
        let got = csv
            .headers()
            .map_err(|e| io(std::io::Error::other(e.to_string())))?
            .clone();
        let got: Vec<&str> = got
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim())
            .collect();
        if got != header {
            errors.push(
                file,
                1,
                "header",
                format!("expected `{}`, found `{}`", header.join(","), got.join(",")),
            );
            return Ok(0);
        }
        let mut record = csv::StringRecord::new();
        let mut count = 0;
        loop {
            match csv.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                        errors.push(file, line, "row", "is not valid UTF-8");
                        continue;
                    }
                    errors.push(file, line, "row", format!("cannot be read as CSV: {e}"));
                    break;
                }
            }
            count += 1;
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            if record.len() != header.len() {
                errors.push(
                    file,
                    line,
                    "row",
                    format!("has {} fields, expected {}", record.len(), header.len()),
                );
                continue;
            }
            let mut fields = Fields::new(&record, header);
            let row = parse(&mut fields);
            for (column, message) in fields.errors {
                errors.push(file, line, column, message);
            }
            if let Some(row) = row {
                each(row, line);
            }
        }
        Ok(count)
    }

    /// Reads every file once, checking rows and the references between files.
    ///
    /// # Errors
    /// [`ImportError::Invalid`] with every bad row, or an I/O or storage failure.
    pub async fn check(&self, store: &Store) -> Result<Checked, ImportError> {
        let mut errors = Errors::default();
        if self.has("accounts.csv") && !self.has("customers.csv") {
            errors.push(
                "customers.csv",
                0,
                "file",
                "is required when accounts.csv is given",
            );
        }
        let mut customers = Vec::new();
        let mut seen_customers = HashMap::new();
        self.read("customers.csv", rows::customer, &mut errors, |r, line| {
            customers.push((r, line));
        })?;
        for (r, line) in &customers {
            if let Some(first) = seen_customers.insert(r.number.to_string(), *line) {
                errors.push(
                    "customers.csv",
                    *line,
                    "customer_number",
                    format!("`{}` appears twice (first at line {first})", r.number),
                );
            }
        }
        let mut accounts = Vec::new();
        self.read("accounts.csv", rows::account, &mut errors, |r, line| {
            accounts.push((r, line))
        })?;
        let mut known_accounts: HashMap<String, u64> = HashMap::new();
        let mut missing_customers: Vec<(String, u64)> = Vec::new();
        for (r, line) in &accounts {
            if let Some(first) = known_accounts.insert(r.number.to_string(), *line) {
                errors.push(
                    "accounts.csv",
                    *line,
                    "account_number",
                    format!("`{}` appears twice (first at line {first})", r.number),
                );
            }
            if !seen_customers.contains_key(r.customer.as_str()) {
                missing_customers.push((r.customer.to_string(), *line));
            }
        }
        let mut missing_accounts: Vec<(&'static str, String, u64)> = Vec::new();
        let mut note = |file: &'static str, account: &crate::domain::AccountNumber, line: u64| {
            if !known_accounts.contains_key(account.as_str()) && missing_accounts.len() < 1_000_000
            {
                missing_accounts.push((file, account.to_string(), line));
            }
        };
        self.read("bills.csv", rows::bill, &mut errors, |r, line| {
            note("bills.csv", &r.account, line)
        })?;
        self.read("usage.csv", rows::usage, &mut errors, |r, line| {
            note("usage.csv", &r.account, line)
        })?;
        self.read("payments.csv", rows::payment, &mut errors, |r, line| {
            note("payments.csv", &r.account, line)
        })?;

        let unknown_c = store
            .missing_keys(
                "customers",
                missing_customers.iter().map(|(k, _)| k.as_str()),
            )
            .await?;
        for (number, line) in &missing_customers {
            if unknown_c.contains(number) {
                errors.push(
                    "accounts.csv",
                    *line,
                    "customer_number",
                    format!("`{number}` is not in customers.csv nor already imported"),
                );
            }
        }
        let unknown_a = store
            .missing_keys(
                "accounts",
                missing_accounts.iter().map(|(_, k, _)| k.as_str()),
            )
            .await?;
        let mut reported = HashSet::new();
        for (file, number, line) in &missing_accounts {
            // One error per unknown account and file is enough to act on.
            if unknown_a.contains(number) && reported.insert((*file, number.clone())) {
                errors.push(
                    file,
                    *line,
                    "account_number",
                    format!("`{number}` is not in accounts.csv nor already imported"),
                );
            }
        }
        errors.into_result()?;
        Ok(Checked {
            customers: customers.into_iter().map(|(r, _)| r).collect(),
            accounts: accounts.into_iter().map(|(r, _)| r).collect(),
        })
    }
}
