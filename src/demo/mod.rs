//! Deterministic synthetic dataset in the utility's CSV export format.
//!
//! Demos, load tests and newcomers need data that looks like a large
//! Californian utility's (customers, accounts, monthly bills, daily usage,
//! payments) without touching real customer records. The generator is
//! deterministic: the same [`DemoSpec`] always yields byte-identical files,
//! so fixtures can be regenerated instead of committed.
//!
//! Each customer draws from its own ChaCha8 stream (seeded from the spec's
//! seed, stream = position in the file), which keeps customers independent
//! of each other and lets the writer stream: nothing but the current
//! customer is held in memory, even for 100,000 customers × 36 months.
//!
//! The first four customers are fixed showcase customers (see
//! [`showcase_accounts`]); they are always emitted, even if fewer customers
//! are requested.

mod billing;
mod customers;
mod emit;
mod names;
mod payments;
mod places;
mod showcase;
mod usage;
mod writer;

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

use chrono::{Months, NaiveDate};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoSpec {
    /// Number of customers, including the four showcase customers (at least
    /// four are always written).
    pub customers: usize,
    pub seed: u64,
    /// The export date: usage runs up to the day before, bills and payments
    /// up to it.
    pub as_of: NaiveDate,
    /// Length of the history, in months back from `as_of`.
    pub months: u32,
}

/// Row counts of what was written (headers excluded).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub customers: usize,
    pub accounts: usize,
    pub bills: usize,
    pub usage_days: usize,
    pub payments: usize,
}

/// One writer per CSV file of the export.
pub struct DemoWriters<W> {
    pub customers: W,
    pub accounts: W,
    pub bills: W,
    pub usage: W,
    pub payments: W,
}

/// The fixed showcase accounts, printed by `gridchat chat` so newcomers can
/// try them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShowcaseAccount {
    pub account_number: &'static str,
    pub billing_zip: &'static str,
    pub who: &'static str,
}

/// Maria Garcia's 1000000001 (two accounts, English), Nguyễn Văn An's
/// 1000000003 (Vietnamese) and Bay Cold Storage's 1000000004 (a large
/// business, whose linking the bot refuses).
pub fn showcase_accounts() -> &'static [ShowcaseAccount] {
    &showcase::SHOWCASE
}

/// Customer segment, as written in `customers.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    Residential,
    Business,
    LargeBusiness,
    MobileHomePark,
}

impl Segment {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Segment::Residential => "residential",
            Segment::Business => "business",
            Segment::LargeBusiness => "large_business",
            Segment::MobileHomePark => "mobile_home_park",
        }
    }
}

/// First customer and account numbers (10 digits).
const FIRST_CUSTOMER: u64 = 3_000_000_001;
const FIRST_ACCOUNT: u64 = 1_000_000_001;

/// Writes customers.csv, accounts.csv, bills.csv, usage.csv, payments.csv
/// into `dir` (creating it).
pub fn write_dataset(spec: &DemoSpec, dir: &Path) -> io::Result<DemoSummary> {
    fs::create_dir_all(dir)?;
    let open = |name: &str| File::create(dir.join(name));
    let out = DemoWriters {
        customers: open("customers.csv")?,
        accounts: open("accounts.csv")?,
        bills: open("bills.csv")?,
        usage: open("usage.csv")?,
        payments: open("payments.csv")?,
    };
    write_dataset_to(spec, out)
}

/// Same as [`write_dataset`], into any five writers (used to build the
/// built-in demo data in memory). Writers are buffered internally, so plain
/// files or `&mut Vec<u8>` are fine; everything is flushed before returning.
pub fn write_dataset_to<W: Write>(spec: &DemoSpec, out: DemoWriters<W>) -> io::Result<DemoSummary> {
    let invalid = |msg: &str| io::Error::new(io::ErrorKind::InvalidInput, msg.to_string());
    let start = spec
        .as_of
        .checked_sub_months(Months::new(spec.months))
        .ok_or_else(|| invalid("as_of minus months is out of range"))?;
    let table = usage::DayTable::new(start, spec.as_of);
    let total = (spec.customers as u64).max(showcase::CUSTOMERS);
    if FIRST_CUSTOMER + total > 9_999_999_999 {
        return Err(invalid("too many customers for 10-digit numbers"));
    }

    let mut emitter = emit::Emitter::new(out)?;
    let mut next_account = FIRST_ACCOUNT + showcase::ACCOUNTS;
    for serial in 0..total {
        let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
        rng.set_stream(serial);
        let plan = if serial < showcase::CUSTOMERS {
            showcase::showcase_customer(&mut rng, serial, spec.as_of)
        } else {
            customers::draw_customer(&mut rng, serial, FIRST_CUSTOMER + serial, &mut next_account)
        };
        emitter.customer(&mut rng, &plan, &table, spec.as_of)?;
    }
    emitter.finish()
}
