//! Business days for bank payments: weekends and US federal bank holidays are skipped.
//!
//! The Federal Reserve observes a holiday falling on Sunday on the Monday after; one falling
//! on Saturday is not moved (banks are open the Friday before).

use chrono::{Datelike, Days, NaiveDate, Weekday};

fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n).expect("valid nth weekday")
}

fn last_weekday(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, 5)
        .unwrap_or_else(|| nth_weekday(year, month, weekday, 4))
}

fn observed(d: NaiveDate) -> NaiveDate {
    if d.weekday() == Weekday::Sun {
        d + Days::new(1)
    } else {
        d
    }
}

/// The dates banks are closed for federal holidays in `year`.
pub fn federal_holidays(year: i32) -> Vec<NaiveDate> {
    let fixed = |m, d| observed(NaiveDate::from_ymd_opt(year, m, d).expect("valid date"));
    let mut days = vec![
        fixed(1, 1),
        nth_weekday(year, 1, Weekday::Mon, 3),
        nth_weekday(year, 2, Weekday::Mon, 3),
        last_weekday(year, 5, Weekday::Mon),
        fixed(7, 4),
        nth_weekday(year, 9, Weekday::Mon, 1),
        nth_weekday(year, 10, Weekday::Mon, 2),
        fixed(11, 11),
        nth_weekday(year, 11, Weekday::Thu, 4),
        fixed(12, 25),
    ];
    if year >= 2022 {
        days.push(fixed(6, 19));
    }
    days.sort();
    days
}

pub fn is_business_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !federal_holidays(d.year()).contains(&d)
}

/// The date `n` business days after `d` (not counting `d`).
pub fn add_business_days(d: NaiveDate, n: u32) -> NaiveDate {
    let mut day = d;
    let mut left = n;
    while left > 0 {
        day = day + Days::new(1);
        if is_business_day(day) {
            left -= 1;
        }
    }
    day
}

/// When a payment made on `made` posts at the latest: two business days later.
pub fn posting_date(made: NaiveDate) -> NaiveDate {
    add_business_days(made, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_2026_federal_reserve_calendar() {
        // Published Federal Reserve holiday schedule for 2026.
        let want = [
            "2026-01-01",
            "2026-01-19",
            "2026-02-16",
            "2026-05-25",
            "2026-06-19",
            "2026-07-04",
            "2026-09-07",
            "2026-10-12",
            "2026-11-11",
            "2026-11-26",
            "2026-12-25",
        ];
        assert_eq!(
            federal_holidays(2026),
            want.iter().map(|s| d(s)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn sunday_holidays_move_to_monday_saturday_ones_do_not() {
        // July 4, 2027 is a Sunday: observed Monday July 5.
        assert!(federal_holidays(2027).contains(&d("2027-07-05")));
        // December 25, 2027 is a Saturday: not moved, Friday the 24th is a business day.
        assert!(is_business_day(d("2027-12-24")));
        assert!(!federal_holidays(2027).contains(&d("2027-12-24")));
    }

    #[rstest::rstest]
    #[case("2026-12-03", "2026-12-07")] // Thursday → Monday (weekend skipped)
    #[case("2026-12-01", "2026-12-03")] // Tuesday → Thursday
    #[case("2026-11-25", "2026-11-30")] // Wednesday before Thanksgiving → Monday
    #[case("2026-12-23", "2026-12-28")] // Christmas Friday skipped
    #[case("2026-12-31", "2027-01-05")] // New Year's Day and a weekend
    #[case("2026-12-05", "2026-12-08")] // made on a Saturday
    fn posting_skips_weekends_and_holidays(#[case] made: &str, #[case] posts: &str) {
        assert_eq!(posting_date(d(made)), d(posts));
    }
}
