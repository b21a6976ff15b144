//! Bank details a customer pays from: ABA routing numbers and checking account numbers.

use std::fmt;

/// Why a routing number was refused, precisely enough to tell the person what to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RoutingError {
    #[error("must contain only digits")]
    NotDigits,
    #[error("must have exactly nine digits, found {0}")]
    WrongLength(usize),
    /// The ABA check digit (weights 3, 7, 1) does not hold; `expected` is the last digit
    /// that would make the first eight valid.
    #[error("check digit is {found}, expected {expected}")]
    CheckDigit { found: u8, expected: u8 },
}

fn digits(text: &str) -> Option<Vec<u8>> {
    text.trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_digit(10).map(|d| d as u8))
        .collect()
}

/// A nine-digit ABA routing transit number whose check digit holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoutingNumber(String);

impl RoutingNumber {
    /// # Errors
    /// Non-digits, a length other than nine, or a failed check digit.
    pub fn parse(text: &str) -> Result<Self, RoutingError> {
        let d = digits(text).ok_or(RoutingError::NotDigits)?;
        if d.len() != 9 {
            return Err(RoutingError::WrongLength(d.len()));
        }
        let partial = 3 * (u32::from(d[0]) + u32::from(d[3]) + u32::from(d[6]))
            + 7 * (u32::from(d[1]) + u32::from(d[4]) + u32::from(d[7]))
            + (u32::from(d[2]) + u32::from(d[5]));
        let expected = ((10 - partial % 10) % 10) as u8;
        if d[8] != expected {
            return Err(RoutingError::CheckDigit {
                found: d[8],
                expected,
            });
        }
        Ok(RoutingNumber(
            d.iter().map(|x| char::from(b'0' + x)).collect(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RoutingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BankAccountError {
    #[error("must contain only digits")]
    NotDigits,
    #[error("must have 4 to 17 digits")]
    WrongLength,
}

/// A checking account number (4 to 17 digits). It has no `Display` and its `Debug` is
/// masked, so it cannot slip into a log or a message; only [`BankAccountNumber::expose`]
/// gives the digits, for encryption and the processor's file.
#[derive(Clone, PartialEq, Eq)]
pub struct BankAccountNumber(String);

impl BankAccountNumber {
    /// # Errors
    /// Non-digits or a length outside 4..=17.
    pub fn parse(text: &str) -> Result<Self, BankAccountError> {
        let d = digits(text).ok_or(BankAccountError::NotDigits)?;
        if !(4..=17).contains(&d.len()) {
            return Err(BankAccountError::WrongLength);
        }
        Ok(BankAccountNumber(
            d.iter().map(|x| char::from(b'0' + x)).collect(),
        ))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn last4(&self) -> String {
        self.0[self.0.len() - 4..].to_string()
    }

    /// `••••6789`
    pub fn masked(&self) -> String {
        mask_last4(&self.last4())
    }
}

impl fmt::Debug for BankAccountNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BankAccountNumber({})", self.masked())
    }
}

pub fn mask_last4(last4: &str) -> String {
    format!("••••{last4}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rstest::rstest]
    #[case("011000015")] // Federal Reserve Bank of Boston
    #[case("021000021")] // JPMorgan Chase, New York
    #[case("121000358")] // Bank of America, California
    #[case("322271627")] // Chase, California
    #[case("0110-0001 5")]
    fn real_routing_numbers_pass(#[case] n: &str) {
        assert!(RoutingNumber::parse(n).is_ok(), "{n}");
    }

    #[test]
    fn routing_errors_are_precise() {
        assert_eq!(
            RoutingNumber::parse("121000359"),
            Err(RoutingError::CheckDigit {
                found: 9,
                expected: 8
            })
        );
        assert_eq!(
            RoutingNumber::parse("12100035"),
            Err(RoutingError::WrongLength(8))
        );
        assert_eq!(
            RoutingNumber::parse("12100035x"),
            Err(RoutingError::NotDigits)
        );
    }

    #[test]
    fn account_numbers_never_show_in_debug() {
        let a = BankAccountNumber::parse("000123456789").unwrap();
        assert_eq!(format!("{a:?}"), "BankAccountNumber(••••6789)");
        assert_eq!(a.masked(), "••••6789");
        assert_eq!(
            BankAccountNumber::parse("123"),
            Err(BankAccountError::WrongLength)
        );
    }

    proptest::proptest! {
        #[test]
        fn any_eight_digits_have_exactly_one_valid_check_digit(first in 0u32..100_000_000) {
            let base = format!("{first:08}");
            let valid = (0..10).filter(|d| RoutingNumber::parse(&format!("{base}{d}")).is_ok()).count();
            proptest::prop_assert_eq!(valid, 1);
        }
    }
}
