//! The identifiers customers type: account and customer numbers, ZIP codes, link codes.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a typed identifier was refused; each maps to a translated explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("must contain only digits")]
    NotDigits,
    #[error("has the wrong number of digits")]
    WrongLength,
}

/// Keeps the digits of a typed number, allowing the separators people use (spaces, dashes).
fn digits_of(text: &str) -> Result<String, NumberError> {
    let mut digits = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' => {}
            _ => return Err(NumberError::NotDigits),
        }
    }
    Ok(digits)
}

macro_rules! digit_id {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(text: &str) -> Result<Self, NumberError> {
                let digits = digits_of(text)?;
                if digits.is_empty() {
                    return Err(NumberError::NotDigits);
                }
                if !($min..=$max).contains(&digits.len()) {
                    return Err(NumberError::WrongLength);
                }
                Ok(Self(digits))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = NumberError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }
    };
}

digit_id!(
    /// A service account number: 10 digits (separators allowed when typed).
    AccountNumber, 10, 10
);
digit_id!(
    /// A customer number, grouping one or more service accounts: 10 digits.
    CustomerNumber, 10, 10
);
digit_id!(
    /// A six-digit one-time code sent by email to prove control of the address on file.
    LinkCode, 6, 6
);

impl AccountNumber {
    /// The form shown in chat, with only the last four digits: `...6789`.
    pub fn masked(&self) -> String {
        format!("...{}", &self.0[self.0.len() - 4..])
    }
}

/// A five-digit US ZIP code; ZIP+4 input keeps its first five digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Zip(String);

impl Zip {
    pub fn parse(text: &str) -> Result<Self, NumberError> {
        let t = text.trim();
        let base = match t.split_once('-') {
            Some((five, four)) if four.len() == 4 && four.chars().all(|c| c.is_ascii_digit()) => {
                five
            }
            _ => t,
        };
        if !base.chars().all(|c| c.is_ascii_digit()) || base.is_empty() {
            return Err(NumberError::NotDigits);
        }
        if base.len() != 5 {
            return Err(NumberError::WrongLength);
        }
        Ok(Zip(base.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Zip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Zip {
    type Error = NumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Zip::parse(&value)
    }
}

impl From<Zip> for String {
    fn from(value: Zip) -> String {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_numbers_accept_separators_and_mask() {
        let n = AccountNumber::parse("1000-000 001").unwrap();
        assert_eq!(n.as_str(), "1000000001");
        assert_eq!(n.masked(), "...0001");
        assert_eq!(AccountNumber::parse("12345"), Err(NumberError::WrongLength));
        assert_eq!(AccountNumber::parse("12a"), Err(NumberError::NotDigits));
    }

    #[test]
    fn zips_take_zip_plus_four() {
        assert_eq!(Zip::parse("94110-1234").unwrap().as_str(), "94110");
        assert_eq!(Zip::parse("9411"), Err(NumberError::WrongLength));
        assert_eq!(Zip::parse("ninety"), Err(NumberError::NotDigits));
    }

    #[test]
    fn link_codes_are_six_digits() {
        assert!(LinkCode::parse("123 456").is_ok());
        assert_eq!(LinkCode::parse("12345"), Err(NumberError::WrongLength));
    }
}
