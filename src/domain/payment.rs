//! Rules for payments made through gridchat: confirmation numbers, the cancellation cutoff.

use chrono::{DateTime, NaiveTime, TimeZone};
use rand::Rng;

/// A pending payment can be cancelled until this local time on the day it was made.
pub const CANCEL_CUTOFF: NaiveTime = match NaiveTime::from_hms_opt(18, 0, 0) {
    Some(t) => t,
    None => panic!("valid time"),
};

/// The terms and conditions version customers accept before paying from a bank account.
pub const TERMS_VERSION: &str = "2026-01";

/// Whether a payment made at `made` may still be cancelled at `now` (both local).
pub fn can_cancel<Tz: TimeZone>(made: &DateTime<Tz>, now: &DateTime<Tz>) -> bool {
    made.date_naive() == now.date_naive() && now.time() < CANCEL_CUTOFF
}

/// `GP-7KQ4-M2XD`: ten characters from an alphabet without look-alikes (no 0/O, 1/I/L).
pub fn new_confirmation() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::rngs::OsRng;
    let mut pick = || char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]);
    let a: String = (0..4).map(|_| pick()).collect();
    let b: String = (0..4).map(|_| pick()).collect();
    format!("GP-{a}-{b}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::Los_Angeles;

    #[test]
    fn cancellable_until_six_pm_the_same_day() {
        let made = Los_Angeles.with_ymd_and_hms(2026, 12, 3, 9, 30, 0).unwrap();
        assert!(can_cancel(
            &made,
            &Los_Angeles
                .with_ymd_and_hms(2026, 12, 3, 17, 59, 59)
                .unwrap()
        ));
        assert!(!can_cancel(
            &made,
            &Los_Angeles.with_ymd_and_hms(2026, 12, 3, 18, 0, 0).unwrap()
        ));
        assert!(!can_cancel(
            &made,
            &Los_Angeles.with_ymd_and_hms(2026, 12, 4, 8, 0, 0).unwrap()
        ));
    }

    #[test]
    fn confirmations_look_right_and_differ() {
        let a = new_confirmation();
        assert_eq!(a.len(), 12);
        assert!(a.starts_with("GP-"));
        assert_ne!(a, new_confirmation());
    }
}

/// A saved bank account as shown to its owner: never the full number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedBank {
    pub id: i64,
    pub nickname: String,
    pub routing: String,
    pub last4: String,
}

impl SavedBank {
    /// `Checking ••••4321`
    pub fn label(&self) -> String {
        format!("{} {}", self.nickname, super::bank::mask_last4(&self.last4))
    }
}

/// A request to schedule a one-time payment; the store checks that the account belongs to
/// the customer linked to `identity` and that the bank account is theirs.
#[derive(Debug, Clone)]
pub struct NewPayment {
    pub identity: super::Identity,
    pub account: super::AccountNumber,
    pub bank_id: i64,
    pub amount: super::Money,
    pub date: chrono::NaiveDate,
    pub posting_by: chrono::NaiveDate,
    pub idempotency_key: String,
    pub confirmation: String,
}

/// A payment made through gridchat that has not posted yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingPayment {
    pub id: i64,
    pub account: super::AccountNumber,
    pub amount: super::Money,
    pub date: chrono::NaiveDate,
    pub made_at: Option<chrono::DateTime<chrono::Utc>>,
    pub confirmation: String,
    pub kind: String,
    pub status: super::PaymentStatus,
    pub bank_label: String,
}

/// One line of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub customer: super::CustomerNumber,
    pub channel: String,
    pub actor: String,
    pub event: String,
    /// Human-readable facts, masked: never a full bank account number.
    pub detail: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Autopay {
    pub bank: SavedBank,
    pub since: chrono::NaiveDate,
}
