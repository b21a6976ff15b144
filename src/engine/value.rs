//! Values kept in a conversation's slots and variables, and how messages see them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::format;
use super::message::ChoiceItem;
use crate::domain::{Locale, Money};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v", rename_all = "lowercase")]
pub enum Value {
    Text(String),
    Number(i64),
    Money(Money),
    Date(NaiveDate),
    /// Energy in watt-hours.
    Energy(i64),
    Choices(Vec<ChoiceItem>),
}

impl Value {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The value as a message argument: numbers stay numbers (for plurals), the rest are
    /// formatted for the reader's locale.
    pub fn to_fluent(&self, locale: Locale) -> fluent_bundle::FluentValue<'static> {
        use fluent_bundle::FluentValue;
        match self {
            Value::Text(t) => FluentValue::from(t.clone()),
            Value::Number(n) => FluentValue::from(*n),
            Value::Money(m) => FluentValue::from(format::money(*m, locale)),
            Value::Date(d) => FluentValue::from(format::date(*d, locale)),
            Value::Energy(wh) => FluentValue::from(format::kwh(*wh, locale)),
            Value::Choices(c) => FluentValue::from(c.len() as i64),
        }
    }
}
