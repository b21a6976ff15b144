//! Validated types and business rules of the utility's ledger. No I/O lives here.

pub mod balance;
pub mod bank;
pub mod calendar;
pub mod email;
pub mod identity;
pub mod ledger;
pub mod linking;
pub mod locale;
pub mod money;
pub mod nacha;
pub mod numbers;
pub mod payment;
pub mod text;
pub mod usage;

pub use email::EmailAddress;
pub use identity::{Channel, Identity};
pub use ledger::{Account, Bill, Customer, Payment, PaymentStatus, Segment};
pub use locale::Locale;
pub use money::Money;
pub use numbers::{AccountNumber, CustomerNumber, LinkCode, Zip};
