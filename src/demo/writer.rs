//! Cheap CSV row formatting.
//!
//! The usage file alone is ~110 million rows for the largest demo, so rows are
//! assembled by hand into a reused byte buffer instead of going through
//! `format!`/`write!` or serde: integers are printed with a small digit loop,
//! dates come pre-rendered from a table, and only free-text fields pay for the
//! RFC 4180 quoting check.

use chrono::{Datelike, NaiveDate};

/// A growable byte buffer holding one or more CSV rows.
#[derive(Default)]
pub(crate) struct Row {
    pub(crate) buf: Vec<u8>,
    /// Whether the next field is the first of its row (no leading comma).
    at_start: bool,
}

impl Row {
    pub(crate) fn new() -> Self {
        Row {
            buf: Vec::with_capacity(256),
            at_start: true,
        }
    }

    pub(crate) fn with_capacity(n: usize) -> Self {
        Row {
            buf: Vec::with_capacity(n),
            at_start: true,
        }
    }

    /// Drops the content but keeps the allocation.
    pub(crate) fn clear(&mut self) {
        self.buf.clear();
        self.at_start = true;
    }

    fn sep(&mut self) {
        if !self.at_start {
            self.buf.push(b',');
        }
        self.at_start = false;
    }

    /// Ends the current row with a bare LF (what the `csv` crate writes too).
    pub(crate) fn end(&mut self) {
        self.buf.push(b'\n');
        self.at_start = true;
    }

    /// A field known to need no quoting (digits, dates, fixed codes).
    pub(crate) fn raw(&mut self, s: &[u8]) {
        self.sep();
        self.buf.extend_from_slice(s);
    }

    /// An empty field.
    pub(crate) fn empty(&mut self) {
        self.sep();
    }

    /// Free text, quoted per RFC 4180 when it holds a comma, quote or line break.
    pub(crate) fn text(&mut self, s: &str) {
        self.sep();
        if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
            self.buf.push(b'"');
            for b in s.bytes() {
                if b == b'"' {
                    self.buf.push(b'"');
                }
                self.buf.push(b);
            }
            self.buf.push(b'"');
        } else {
            self.buf.extend_from_slice(s.as_bytes());
        }
    }

    pub(crate) fn uint(&mut self, n: u64) {
        self.sep();
        push_u64(&mut self.buf, n);
    }

    /// A fixed-point number with two decimals, from hundredths (cents, centi-kWh).
    pub(crate) fn hundredths(&mut self, n: u64) {
        self.sep();
        push_hundredths(&mut self.buf, n);
    }

    /// A fixed-point number with one decimal, from tenths (kW).
    pub(crate) fn tenths(&mut self, n: u64) {
        self.sep();
        push_u64(&mut self.buf, n / 10);
        self.buf.push(b'.');
        self.buf.push(b'0' + (n % 10) as u8);
    }

    pub(crate) fn date(&mut self, d: NaiveDate) {
        self.sep();
        self.buf.extend_from_slice(&date_bytes(d));
    }
}

/// Appends the decimal digits of `n`.
pub(crate) fn push_u64(buf: &mut Vec<u8>, mut n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// Appends `n / 100` with exactly two decimals, e.g. 1427 -> `14.27`.
pub(crate) fn push_hundredths(buf: &mut Vec<u8>, n: u64) {
    push_u64(buf, n / 100);
    let frac = (n % 100) as u8;
    buf.extend_from_slice(&[b'.', b'0' + frac / 10, b'0' + frac % 10]);
}

/// `YYYY-MM-DD` without going through chrono's formatter (years 0..=9999).
pub(crate) fn date_bytes(d: NaiveDate) -> [u8; 10] {
    let y = d.year().clamp(0, 9999) as u32;
    let (m, day) = (d.month(), d.day());
    let digit = |v: u32| b'0' + (v % 10) as u8;
    [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_dates_and_quotes() {
        let mut r = Row::new();
        r.uint(0);
        r.hundredths(5);
        r.hundredths(123_456);
        r.tenths(8500);
        r.text("a, \"b\"");
        r.empty();
        r.date(NaiveDate::from_ymd_opt(2024, 3, 7).expect("valid date"));
        r.end();
        assert_eq!(
            String::from_utf8(r.buf).expect("utf8"),
            "0,0.05,1234.56,850.0,\"a, \"\"b\"\"\",,2024-03-07\n"
        );
    }
}
