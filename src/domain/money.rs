//! Money as an exact decimal amount of US dollars. Never a float.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// An amount of US dollars with at most two decimal places (it may be negative: a credit).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Money(Decimal);

/// Why a text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not a number")]
    NotANumber,
    #[error("more than two decimal places")]
    TooPrecise,
    #[error("amount too large")]
    TooLarge,
}

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Builds an amount from integer cents, the form it is stored in.
    pub fn from_cents(cents: i64) -> Self {
        Money(Decimal::new(cents, 2))
    }

    /// The amount in integer cents; exact because the scale is at most two.
    pub fn cents(self) -> i64 {
        let scaled = self.0 * Decimal::ONE_HUNDRED;
        // The constructor guarantees at most two decimals, so this is an integer.
        i64::try_from(scaled.trunc()).unwrap_or(i64::MAX)
    }

    pub fn from_decimal(value: Decimal) -> Result<Self, MoneyError> {
        if value.normalize().scale() > 2 {
            return Err(MoneyError::TooPrecise);
        }
        if value.abs() > Decimal::new(100_000_000_000, 0) {
            return Err(MoneyError::TooLarge);
        }
        Ok(Money(value))
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    pub fn is_positive(self) -> bool {
        self.0 > Decimal::ZERO
    }

    pub fn is_negative(self) -> bool {
        self.0 < Decimal::ZERO
    }

    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// Parses what a person or a CSV export writes: `123.45`, `$1,234.5`, `1234`.
    /// Thousands separators are accepted only in the US style.
    pub fn parse_us(text: &str) -> Result<Self, MoneyError> {
        let cleaned: String = text
            .trim()
            .trim_start_matches('$')
            .trim_end_matches("US$")
            .trim()
            .chars()
            .filter(|c| *c != ',')
            .collect();
        let value = Decimal::from_str(&cleaned).map_err(|_| MoneyError::NotANumber)?;
        Money::from_decimal(value)
    }

    /// Parses an amount the way a Vietnamese speaker writes it: `1.234,56` or `123,45`,
    /// falling back to the US form when the text is unambiguous (`123.45`).
    pub fn parse_vi(text: &str) -> Result<Self, MoneyError> {
        let t = text
            .trim()
            .trim_end_matches("US$")
            .trim_start_matches('$')
            .trim();
        if t.contains(',') {
            let cleaned: String = t.chars().filter(|c| *c != '.').collect();
            let value = Decimal::from_str(&cleaned.replace(',', "."))
                .map_err(|_| MoneyError::NotANumber)?;
            return Money::from_decimal(value);
        }
        Money::parse_us(t)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Money {
    /// The plain machine form, `1234.50`; people see [`crate::engine::i18n`] formatting.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

impl TryFrom<String> for Money {
    type Error = MoneyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Money::parse_us(&value)
    }
}

impl From<Money> for String {
    fn from(value: Money) -> String {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_round_trip_exactly() {
        for cents in [0, 1, -1, 12345, 99, 100, -25_000, 123_456_789] {
            assert_eq!(Money::from_cents(cents).cents(), cents);
        }
    }

    #[test]
    fn parses_us_and_vietnamese_forms() {
        assert_eq!(Money::parse_us("$1,234.56").unwrap().cents(), 123456);
        assert_eq!(Money::parse_us("12").unwrap().cents(), 1200);
        assert_eq!(Money::parse_vi("1.234,56").unwrap().cents(), 123456);
        assert_eq!(Money::parse_vi("123,4 US$").unwrap().cents(), 12340);
        assert_eq!(Money::parse_vi("99.5").unwrap().cents(), 9950);
        assert_eq!(Money::parse_us("1.234"), Err(MoneyError::TooPrecise));
        assert_eq!(Money::parse_us("abc"), Err(MoneyError::NotANumber));
    }

    proptest::proptest! {
        #[test]
        fn any_cent_amount_survives_text(cents in -10_000_000_000i64..10_000_000_000) {
            let m = Money::from_cents(cents);
            proptest::prop_assert_eq!(Money::parse_us(&m.to_string()).unwrap(), m);
        }
    }
}
