//! Typed slots: what a person typed, parsed with the domain's parsers. A refusal names the
//! message that explains it, with its arguments.

use super::flow::SlotType;
use super::format::parse_date;
use super::value::Value;
use crate::domain::bank::{BankAccountError, BankAccountNumber, RoutingError, RoutingNumber};
use crate::domain::{AccountNumber, LinkCode, Locale, Money, Zip};

/// Why an answer does not fit its slot: a message id and its arguments.
pub(super) struct SlotError {
    pub message: String,
    pub args: Vec<(&'static str, Value)>,
}

fn plain(ty: SlotType) -> SlotError {
    SlotError {
        message: format!("invalid-{}", ty.code().replace('_', "-")),
        args: Vec::new(),
    }
}

pub(super) fn parse_slot(ty: SlotType, text: &str, locale: Locale) -> Result<Value, SlotError> {
    let t = text.trim();
    match ty {
        SlotType::AccountNumber => AccountNumber::parse(t)
            .map(|a| Value::Text(a.to_string()))
            .map_err(|_| plain(ty)),
        SlotType::Zip => Zip::parse(t)
            .map(|z| Value::Text(z.to_string()))
            .map_err(|_| plain(ty)),
        SlotType::Code => LinkCode::parse(t)
            .map(|c| Value::Text(c.to_string()))
            .map_err(|_| plain(ty)),
        SlotType::Date => parse_date(t, locale)
            .map(Value::Date)
            .ok_or_else(|| plain(ty)),
        SlotType::Money => match locale {
            Locale::En => Money::parse_us(t),
            Locale::Vi => Money::parse_vi(t),
        }
        .map(Value::Money)
        .map_err(|_| plain(ty)),
        SlotType::Text => (!t.is_empty() && t.chars().count() <= 200)
            .then(|| Value::Text(t.to_string()))
            .ok_or_else(|| plain(ty)),
        SlotType::Nickname => {
            (!t.is_empty() && t.chars().count() <= 30 && !t.chars().any(char::is_control))
                .then(|| Value::Text(t.to_string()))
                .ok_or_else(|| plain(ty))
        }
        SlotType::RoutingNumber => RoutingNumber::parse(t)
            .map(|r| Value::Text(r.to_string()))
            .map_err(|e| match e {
                RoutingError::NotDigits => SlotError {
                    message: "invalid-routing-digits".into(),
                    args: vec![],
                },
                RoutingError::WrongLength(n) => SlotError {
                    message: "invalid-routing-length".into(),
                    args: vec![("found", Value::Number(n as i64))],
                },
                RoutingError::CheckDigit { found, expected } => SlotError {
                    message: "invalid-routing-check".into(),
                    args: vec![
                        ("found", Value::Number(i64::from(found))),
                        ("expected", Value::Number(i64::from(expected))),
                    ],
                },
            }),
        // The value goes to the turn's secrets, never to stored state; see `answer`.
        SlotType::BankAccount => BankAccountNumber::parse(t)
            .map(|n| Value::Text(n.expose().to_string()))
            .map_err(|e| match e {
                BankAccountError::NotDigits => SlotError {
                    message: "invalid-bank-account-digits".into(),
                    args: vec![],
                },
                BankAccountError::WrongLength => SlotError {
                    message: "invalid-bank-account-length".into(),
                    args: vec![],
                },
            }),
    }
}
