//! Money, dates and energy formatted per locale, following CLDR conventions.
//!
//! en: `$1,234.56`, `December 15, 2026`; vi: `1.234,56 US$`, `15/12/2026`.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::domain::{Locale, Money};

fn group(int_part: &str, sep: char) -> String {
    let mut out = String::with_capacity(int_part.len() + int_part.len() / 3);
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn split_decimal(text: &str) -> (bool, &str, &str) {
    let (neg, t) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    match t.split_once('.') {
        Some((i, f)) => (neg, i, f),
        None => (neg, t, ""),
    }
}

pub fn money(amount: Money, locale: Locale) -> String {
    let text = format!("{:.2}", amount.decimal());
    let (neg, int, frac) = split_decimal(&text);
    let sign = if neg { "-" } else { "" };
    match locale {
        Locale::En => format!("{sign}${}.{frac}", group(int, ',')),
        Locale::Vi => format!("{sign}{},{frac}\u{a0}US$", group(int, '.')),
    }
}

/// A number with up to `max_frac` decimals, grouped for the locale (trailing zeros dropped).
pub fn number(value: rust_decimal::Decimal, locale: Locale, max_frac: u32) -> String {
    let text = value.round_dp(max_frac).normalize().to_string();
    let (neg, int, frac) = split_decimal(&text);
    let sign = if neg { "-" } else { "" };
    let (g, d) = match locale {
        Locale::En => (',', '.'),
        Locale::Vi => ('.', ','),
    };
    if frac.is_empty() {
        format!("{sign}{}", group(int, g))
    } else {
        format!("{sign}{}{d}{frac}", group(int, g))
    }
}

/// Energy from watt-hours, as `1,234.5 kWh`.
pub fn kwh(wh: i64, locale: Locale) -> String {
    format!(
        "{}\u{a0}kWh",
        number(rust_decimal::Decimal::new(wh, 3), locale, 1)
    )
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn date(d: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::En => format!(
            "{} {}, {}",
            MONTHS_EN[d.month0() as usize],
            d.day(),
            d.year()
        ),
        Locale::Vi => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
    }
}

/// A short month label for charts and tables: `Dec 2026` / `12/2026`.
pub fn month(d: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::En => format!("{} {}", &MONTHS_EN[d.month0() as usize][..3], d.year()),
        Locale::Vi => format!("{:02}/{}", d.month(), d.year()),
    }
}

/// A bar label for a month on a chart: `Dec '26` / `12/26`.
pub fn month_short(d: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::En => format!(
            "{} '{:02}",
            &MONTHS_EN[d.month0() as usize][..3],
            d.year() % 100
        ),
        Locale::Vi => format!("{:02}/{:02}", d.month(), d.year() % 100),
    }
}

/// A date with its weekday: `Friday, December 5, 2026` / `Thứ Sáu, 05/12/2026`.
pub fn weekday_date(d: NaiveDate, locale: Locale) -> String {
    let wd = match (locale, d.weekday()) {
        (Locale::En, w) => match w {
            Weekday::Mon => "Monday",
            Weekday::Tue => "Tuesday",
            Weekday::Wed => "Wednesday",
            Weekday::Thu => "Thursday",
            Weekday::Fri => "Friday",
            Weekday::Sat => "Saturday",
            Weekday::Sun => "Sunday",
        },
        (Locale::Vi, w) => match w {
            Weekday::Mon => "Thứ Hai",
            Weekday::Tue => "Thứ Ba",
            Weekday::Wed => "Thứ Tư",
            Weekday::Thu => "Thứ Năm",
            Weekday::Fri => "Thứ Sáu",
            Weekday::Sat => "Thứ Bảy",
            Weekday::Sun => "Chủ Nhật",
        },
    };
    format!("{wd}, {}", date(d, locale))
}

/// A weekday with month and day, for near dates: `Friday, December 5` / `Thứ Sáu, 05/12`.
pub fn weekday_month_day(d: NaiveDate, locale: Locale) -> String {
    let full = weekday_date(d, locale);
    match locale {
        Locale::En => full
            .rsplit_once(", ")
            .map(|(a, _)| a.to_string())
            .unwrap_or(full),
        Locale::Vi => full
            .rsplit_once('/')
            .map(|(a, _)| a.to_string())
            .unwrap_or(full),
    }
}

/// Parses a date as a person in that locale writes it: ISO `2026-12-15` always, then
/// `12/15/2026` (en) or `15/12/2026` (vi).
pub fn parse_date(text: &str, locale: Locale) -> Option<NaiveDate> {
    let t = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(d);
    }
    let parts: Vec<&str> = t.split(['/', '.', '-']).collect();
    if parts.len() != 3 {
        return None;
    }
    let nums: Vec<u32> = parts.iter().filter_map(|p| p.trim().parse().ok()).collect();
    if nums.len() != 3 {
        return None;
    }
    let (m, d) = match locale {
        Locale::En => (nums[0], nums[1]),
        Locale::Vi => (nums[1], nums[0]),
    };
    let y = if nums[2] < 100 {
        2000 + nums[2]
    } else {
        nums[2]
    };
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_follows_cldr_per_locale() {
        let m = Money::from_cents(123456);
        assert_eq!(money(m, Locale::En), "$1,234.56");
        assert_eq!(money(m, Locale::Vi), "1.234,56\u{a0}US$");
        assert_eq!(money(Money::from_cents(-5), Locale::En), "-$0.05");
        assert_eq!(
            money(Money::from_cents(100_000_000), Locale::En),
            "$1,000,000.00"
        );
        assert_eq!(money(Money::from_cents(99), Locale::Vi), "0,99\u{a0}US$");
    }

    #[test]
    fn dates_follow_cldr_per_locale() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
        assert_eq!(date(d, Locale::En), "December 15, 2026");
        assert_eq!(date(d, Locale::Vi), "15/12/2026");
        assert_eq!(weekday_date(d, Locale::Vi), "Thứ Ba, 15/12/2026");
    }

    #[test]
    fn energy_is_grouped() {
        assert_eq!(kwh(1_234_567, Locale::En), "1,234.6\u{a0}kWh");
        assert_eq!(kwh(1_234_567, Locale::Vi), "1.234,6\u{a0}kWh");
        assert_eq!(kwh(500_000, Locale::En), "500\u{a0}kWh");
    }

    #[test]
    fn dates_parse_in_the_reader_order() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        assert_eq!(parse_date("2026-03-04", Locale::Vi), Some(d));
        assert_eq!(parse_date("3/4/2026", Locale::En), Some(d));
        assert_eq!(parse_date("4/3/2026", Locale::Vi), Some(d));
        assert_eq!(parse_date("31/31/2026", Locale::Vi), None);
    }
}
