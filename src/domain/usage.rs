//! Usage comparisons: the latest bill against the previous one and a year earlier.

use chrono::{Datelike, NaiveDate};

use super::Bill;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillComparison<'a> {
    pub latest: &'a Bill,
    pub previous: Option<&'a Bill>,
    pub year_ago: Option<&'a Bill>,
}

/// Picks the comparison bills from an account's bills (any order).
///
/// "A year earlier" is the bill whose statement date lies closest to one year before the
/// latest statement, within 20 days; billing cycles drift by a few days.
pub fn compare_bills(bills: &[Bill]) -> Option<BillComparison<'_>> {
    let mut sorted: Vec<&Bill> = bills.iter().collect();
    sorted.sort_by_key(|b| b.statement_date);
    let latest = *sorted.last()?;
    let previous = sorted.len().checked_sub(2).map(|i| sorted[i]);
    let target = one_year_before(latest.statement_date);
    let year_ago = sorted
        .iter()
        .copied()
        .filter(|b| (b.statement_date - target).num_days().abs() <= 20)
        .min_by_key(|b| (b.statement_date - target).num_days().abs());
    Some(BillComparison {
        latest,
        previous,
        year_ago,
    })
}

pub fn one_year_before(date: NaiveDate) -> NaiveDate {
    date.with_year(date.year() - 1)
        .or_else(|| date.pred_opt().and_then(|p| p.with_year(date.year() - 1)))
        .unwrap_or(date)
}

/// Percentage change from `before` to `now`, rounded to a whole percent; `None` when before is 0.
pub fn percent_change(before: i64, now: i64) -> Option<i64> {
    if before == 0 {
        return None;
    }
    let change = (now - before) as i128 * 100;
    let before = before as i128;
    // Round half away from zero, in integers.
    let rounded = if change >= 0 {
        (change + before / 2) / before
    } else {
        (change - before / 2) / before
    };
    Some(rounded as i64)
}

/// The total of daily readings in a date range, and how many days had a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RangeUsage {
    pub wh: i64,
    pub days_with_data: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AccountNumber, Money};

    fn bill(statement: &str, wh: i64) -> Bill {
        let s: NaiveDate = statement.parse().unwrap();
        Bill {
            account: AccountNumber::parse("1000000001").unwrap(),
            statement_date: s,
            due_date: s + chrono::Days::new(21),
            period_start: s - chrono::Days::new(30),
            period_end: s - chrono::Days::new(1),
            wh,
            amount_due: Money::from_cents(100),
        }
    }

    #[test]
    fn finds_previous_and_year_ago_bills() {
        let bills = vec![
            bill("2025-11-22", 300_000),
            bill("2026-10-20", 350_000),
            bill("2026-11-20", 400_000),
            bill("2025-12-20", 310_000),
        ];
        let c = compare_bills(&bills).unwrap();
        assert_eq!(c.latest.wh, 400_000);
        assert_eq!(c.previous.unwrap().wh, 350_000);
        assert_eq!(c.year_ago.unwrap().wh, 300_000);
    }

    #[test]
    fn percent_change_rounds_half_away_from_zero() {
        assert_eq!(percent_change(200, 300), Some(50));
        assert_eq!(percent_change(300, 200), Some(-33));
        assert_eq!(percent_change(8, 9), Some(13));
        assert_eq!(percent_change(0, 9), None);
    }

    #[test]
    fn leap_day_has_a_year_before() {
        let d: NaiveDate = "2028-02-29".parse().unwrap();
        assert_eq!(
            one_year_before(d),
            "2027-02-28".parse::<NaiveDate>().unwrap()
        );
    }
}
