//! The storage error vocabulary, mapped from sqlx in one place.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database configuration: {0}")]
    Config(String),
    #[error("cannot connect to {url}")]
    Connect {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("migration failed")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    #[error("a stored value is not valid: {0}")]
    Corrupt(String),
    #[error("conflicting write")]
    Conflict(#[source] sqlx::Error),
    #[error("database query failed")]
    Database(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(e),
            _ => StoreError::Database(e),
        }
    }
}

impl From<StoreError> for crate::engine::PortError {
    fn from(e: StoreError) -> Self {
        crate::engine::PortError::new("storage", e)
    }
}
