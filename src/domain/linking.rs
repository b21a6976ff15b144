//! Rules for linking a chat identity to a customer: codes, expiry, attempt lock-out.

use chrono::{DateTime, Duration, Utc};

/// Wrong account/ZIP/code answers allowed before linking is locked for that identity.
pub const MAX_FAILED_ATTEMPTS: u32 = 5;
/// How long linking stays locked after too many failures.
pub const LOCK_DURATION: Duration = Duration::minutes(15);
/// How long an emailed code stays valid.
pub const CODE_LIFETIME: Duration = Duration::hours(24);

/// The failure record kept per identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Attempts {
    pub failures: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

impl Attempts {
    /// When locked at `now`, the instant the lock ends.
    pub fn locked_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.locked_until.filter(|until| *until > now)
    }

    /// Records one more failure; the fifth locks linking and starts counting afresh.
    pub fn fail(self, now: DateTime<Utc>) -> Attempts {
        let failures = if self.locked_until.is_some_and(|u| u <= now) {
            1
        } else {
            self.failures + 1
        };
        if failures >= MAX_FAILED_ATTEMPTS {
            Attempts {
                failures: 0,
                locked_until: Some(now + LOCK_DURATION),
            }
        } else {
            Attempts {
                failures,
                locked_until: None,
            }
        }
    }

    /// Failures left before the lock.
    pub fn remaining(&self) -> u32 {
        MAX_FAILED_ATTEMPTS.saturating_sub(self.failures)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifth_failure_locks_for_fifteen_minutes() {
        let now = Utc::now();
        let mut a = Attempts::default();
        for _ in 0..4 {
            a = a.fail(now);
            assert_eq!(a.locked_at(now), None);
        }
        a = a.fail(now);
        assert_eq!(a.locked_at(now), Some(now + LOCK_DURATION));
        assert_eq!(a.locked_at(now + LOCK_DURATION), None);
        // After the lock ends, counting starts again.
        let later = now + LOCK_DURATION + Duration::seconds(1);
        assert_eq!(a.fail(later).failures, 1);
    }
}
