//! Daily consumption model.
//!
//! Per day the load is `base × season × weekday × noise`, with occasional
//! vacations for households. Everything per-day the model needs about the
//! calendar is precomputed once in a [`DayTable`], so the inner loop over
//! ~110 million account-days does a few multiplications and two RNG draws.
//!
//! Seasonality uses pure arithmetic (a quadratic bump) rather than `sin`/`cos`
//! so that the rounded output does not depend on the platform's libm.

use chrono::{Datelike, NaiveDate, Weekday};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::writer::date_bytes;

/// What the generator needs to know about one calendar day.
pub(crate) struct Day {
    pub(crate) date: [u8; 10],
    /// 0..=1, peaking in mid-July (air conditioning).
    summer: f64,
    /// 0..=1, peaking in early January (heating, lighting).
    winter: f64,
    weekend: bool,
    /// Whether summer energy rates apply (June through September).
    pub(crate) summer_rates: bool,
}

/// The usage window `[start, end)`, one [`Day`] per date.
pub(crate) struct DayTable {
    pub(crate) start: NaiveDate,
    pub(crate) days: Vec<Day>,
}

/// A bump of height 1 centred on day-of-year `peak`, `width` days either side.
fn bump(doy: u32, peak: u32, width: f64) -> f64 {
    let raw = doy.abs_diff(peak);
    let dist = f64::from(raw.min(365u32.saturating_sub(raw)));
    let x = dist / width;
    (1.0 - x * x).max(0.0)
}

impl DayTable {
    pub(crate) fn new(start: NaiveDate, end: NaiveDate) -> Self {
        let days = start
            .iter_days()
            .take_while(|d| *d < end)
            .map(|d| {
                let doy = d.ordinal();
                Day {
                    date: date_bytes(d),
                    summer: bump(doy, 200, 80.0),
                    winter: bump(doy, 10, 60.0),
                    weekend: matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
                    summer_rates: (6..=9).contains(&d.month()),
                }
            })
            .collect();
        DayTable { start, days }
    }

    /// Index of `date` in the table (dates before the start clamp to 0).
    pub(crate) fn index(&self, date: NaiveDate) -> usize {
        usize::try_from((date - self.start).num_days()).unwrap_or(0)
    }
}

/// One account's load shape.
pub(crate) struct Load {
    /// Typical kWh on a mild weekday.
    pub(crate) base: f64,
    /// Extra fraction at peak summer.
    pub(crate) summer: f64,
    /// Extra fraction at peak winter.
    pub(crate) winter: f64,
    /// Multiplier on Saturdays and Sundays.
    pub(crate) weekend: f64,
    /// Half-width of the multiplicative day-to-day noise.
    pub(crate) noise: f64,
    /// Households go away now and then; businesses do not.
    pub(crate) vacations: bool,
}

/// Fills `out` with one value per day of `table`, in hundredths of a kWh.
///
/// Values are rounded here, once, so the usage rows and the bill totals are
/// computed from the very same integers.
pub(crate) fn fill_daily(rng: &mut ChaCha8Rng, load: &Load, table: &DayTable, out: &mut Vec<u32>) {
    out.clear();
    let mut away = 0u32;
    for day in &table.days {
        let season = 1.0 + load.summer * day.summer + load.winter * day.winter;
        let week = if day.weekend { load.weekend } else { 1.0 };
        // Triangular noise in [-noise, +noise].
        let jitter = 1.0 + load.noise * (rng.gen::<f64>() + rng.gen::<f64>() - 1.0);
        let mut kwh = load.base * season * week * jitter;
        if load.vacations {
            if away == 0 && rng.gen_bool(0.003) {
                away = rng.gen_range(3..15);
            }
            if away > 0 {
                away -= 1;
                kwh *= 0.3;
            }
        }
        let centi = (kwh * 100.0).round().clamp(0.0, f64::from(u32::MAX));
        out.push(centi as u32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bump_peaks_and_wraps() {
        assert_eq!(bump(200, 200, 80.0), 1.0);
        assert_eq!(bump(20, 200, 80.0), 0.0);
        assert!(bump(360, 10, 60.0) > 0.9);
    }
}
