//! "Now": the system clock, or a fixed instant from `GRIDCHAT_NOW` for demos and tests.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

#[derive(Clone, Default)]
pub struct Clock {
    fixed: Arc<Mutex<Option<DateTime<Utc>>>>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock::default()
    }

    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock {
            fixed: Arc::new(Mutex::new(Some(at))),
        }
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
        self.fixed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .unwrap_or_else(Utc::now)
    }

    /// Moves a fixed clock (tests).
    pub fn set(&self, at: DateTime<Utc>) {
        *self.fixed.lock().unwrap_or_else(|p| p.into_inner()) = Some(at);
    }
}
