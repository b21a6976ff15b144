//! "Now": the system clock, or a fixed instant from `GRIDCHAT_NOW` for demos and tests.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

#[derive(Clone, Default)]
pub struct Clock {
    fixed: Arc<Mutex<Option<DateTime<Utc>>>>,
    /// When set, the fixed instant was read at this moment and time moves on from it.
    ticking_since: Option<std::time::Instant>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock::default()
    }

    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock {
            fixed: Arc::new(Mutex::new(Some(at))),
            ticking_since: None,
        }
    }

    /// A clock that reads `at` now and moves on in real time: dates stay those of a demo or
    /// test, while retries, leases and backoff (which wait for time to pass) still work.
    pub fn ticking_from(at: DateTime<Utc>) -> Clock {
        Clock {
            fixed: Arc::new(Mutex::new(Some(at))),
            ticking_since: Some(std::time::Instant::now()),
        }
    }

    /// This clock, moving on in real time if it was fixed (for servers; see
    /// [`Clock::ticking_from`]).
    pub fn ticking(self) -> Clock {
        match (self.ticking_since, self.now_fixed()) {
            (None, Some(at)) => Clock::ticking_from(at),
            _ => self,
        }
    }

    fn now_fixed(&self) -> Option<DateTime<Utc>> {
        *self.fixed.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Reads `GRIDCHAT_NOW` (RFC 3339) when set.
    ///
    /// # Errors
    /// The variable is set but is not an RFC 3339 instant.
    pub fn from_env() -> anyhow::Result<Clock> {
        match std::env::var("GRIDCHAT_NOW") {
            Ok(v) if !v.trim().is_empty() => {
                let t = DateTime::parse_from_rfc3339(v.trim())
                    .map_err(|e| anyhow::anyhow!("GRIDCHAT_NOW `{v}` is not RFC 3339: {e}"))?;
                Ok(Clock::fixed(t.with_timezone(&Utc)))
            }
            _ => Ok(Clock::system()),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match (self.now_fixed(), self.ticking_since) {
            (Some(at), Some(since)) => {
                at + chrono::Duration::from_std(since.elapsed()).unwrap_or_default()
            }
            (Some(at), None) => at,
            (None, _) => Utc::now(),
        }
    }

    /// Moves a fixed clock (tests).
    pub fn set(&self, at: DateTime<Utc>) {
        *self.fixed.lock().unwrap_or_else(|p| p.into_inner()) = Some(at);
    }
}
