//! Persistence through sqlx: one contract, SQLite (embedded default) and PostgreSQL by URL.
//!
//! Queries are written once in SQL both dialects accept (`$1` placeholders, `ON CONFLICT`),
//! through sqlx's `Any` driver; money is integer cents and times are fixed-width UTC text,
//! because `Any` carries neither decimals nor chrono values.

mod banks;
mod codec;
pub mod crypto;
pub mod email;
mod enrolments;
mod error;
pub mod import;
mod import_batch;
mod import_sinks;
mod ledger;
mod links;
pub mod outbox;
mod payments;
pub mod processor;
mod tx;

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use sqlx::{ConnectOptions, Executor};

pub use error::StoreError;
pub use outbox::{Destination, OutboxKind, OutboxRow};
pub use tx::StoreTx;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// A connection pool and what it needs to run turns correctly on its backend.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// SQLite has one writer: turns take this gate so a transaction never has to upgrade
    /// from reading to writing under another writer (which SQLite answers with BUSY).
    pub(crate) write_gate: Arc<tokio::sync::Mutex<()>>,
    /// Encrypts bank account numbers at rest; without it bank accounts cannot be saved.
    cipher: Option<crypto::Cipher>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish()
    }
}

impl Store {
    /// Connects by URL (`sqlite://path`, `postgres://…`) and applies the migrations.
    ///
    /// # Errors
    /// An unknown scheme, an unreachable server, or a failed migration.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::Config(format!(
                "unsupported database URL scheme in `{}`",
                redact(url)
            )));
        };
        let url = match backend {
            Backend::Sqlite => sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let options = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 16 })
            .acquire_timeout(Duration::from_secs(10));
        let options = if backend == Backend::Sqlite {
            options.after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;")
                        .await?;
                    Ok(())
                })
            })
        } else {
            options
        };
        // Statements are logged only when very slow, and never with their values; a bulk
        // import's multi-row statement would otherwise flood the log.
        let connect = url
            .parse::<sqlx::any::AnyConnectOptions>()
            .map_err(|e| StoreError::Connect {
                url: redact(&url),
                source: e,
            })?
            .log_statements(log::LevelFilter::Off)
            .log_slow_statements(log::LevelFilter::Warn, Duration::from_secs(30));
        let pool = options
            .connect_with(connect)
            .await
            .map_err(|e| StoreError::Connect {
                url: redact(&url),
                source: e,
            })?;
        let store = Store {
            pool,
            backend,
            write_gate: Arc::new(tokio::sync::Mutex::new(())),
            cipher: None,
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies pending migrations for this backend (also done by `connect`).
    ///
    /// # Errors
    /// A migration failed; the cause says which.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let m = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        m.run(&self.pool).await.map_err(StoreError::Migrate)
    }

    /// Gives the store the key bank account numbers are encrypted with.
    pub fn with_cipher(mut self, cipher: crypto::Cipher) -> Store {
        self.cipher = Some(cipher);
        self
    }

    pub(crate) fn cipher(&self) -> Option<&crypto::Cipher> {
        self.cipher.as_ref()
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts the transaction one turn runs in.
    ///
    /// # Errors
    /// The database could not start a transaction.
    pub async fn begin(&self) -> Result<StoreTx, StoreError> {
        let gate = self.write_gate().await;
        let tx = self.pool.begin().await?;
        Ok(StoreTx::new(tx, self.backend, gate, self.cipher.clone()))
    }

    /// On SQLite, the single-writer gate a read-then-write transaction must hold.
    pub(crate) async fn write_gate(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match self.backend {
            Backend::Sqlite => Some(self.write_gate.clone().lock_owned().await),
            Backend::Postgres => None,
        }
    }

    /// Whether the ledger holds no customers yet (the terminal then loads demo data).
    ///
    /// # Errors
    /// The query failed.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Makes the SQLite file's folder and asks sqlx to create the file.
fn sqlite_url(url: &str) -> Result<String, StoreError> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = rest.split('?').next().unwrap_or(rest);
    if path != ":memory:" && !path.is_empty() {
        if let Some(parent) = std::path::Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).map_err(|e| {
                StoreError::Config(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
    }
    Ok(if url.contains('?') {
        url.to_string()
    } else {
        format!("{url}?mode=rwc")
    })
}

/// Hides a password in a URL before it reaches a log or an error.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}://{user}:***@{}", &url[..s], &url[at + 1..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}
