//! The built-in demo data, loaded when the terminal chat starts on an empty database.

use anyhow::Context;
use chrono::NaiveDate;

use crate::demo::{write_dataset, DemoSpec};
use crate::store::Store;

/// Customers in the built-in data: the showcase ones and a few dozen more.
pub const BUILTIN_CUSTOMERS: usize = 40;
pub const BUILTIN_SEED: u64 = 2026;

/// Writes the built-in dataset as of `today` to a scratch folder and imports it through the
/// same path as a utility's export.
///
/// # Errors
/// Writing or importing failed.
pub async fn load_builtin(
    store: &Store,
    today: NaiveDate,
) -> anyhow::Result<crate::import::ImportReport> {
    let dir = std::env::temp_dir().join(format!("gridchat-demo-{}", uuid::Uuid::new_v4()));
    let spec = DemoSpec {
        customers: BUILTIN_CUSTOMERS,
        seed: BUILTIN_SEED,
        as_of: today,
        months: 36,
    };
    write_dataset(&spec, &dir).context("writing the demo data")?;
    let result = crate::import::import_dir(store, &dir)
        .await
        .context("importing the demo data");
    let _ = std::fs::remove_dir_all(&dir);
    result
}
