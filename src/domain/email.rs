//! An email address on file, and the masked form shown in chat.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A syntactically plausible address, stored lower-cased for matching.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an email address")]
pub struct EmailError;

impl EmailAddress {
    pub fn parse(text: &str) -> Result<Self, EmailError> {
        let t = text.trim();
        let (local, domain) = t.rsplit_once('@').ok_or(EmailError)?;
        let ok_local = !local.is_empty()
            && local.len() <= 64
            && !local.contains(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '@');
        let ok_domain = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !ok_local || !ok_domain || t.len() > 254 {
            return Err(EmailError);
        }
        Ok(EmailAddress(t.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `n***@example.com`: enough for the owner to recognise, too little for anyone else.
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.rsplit_once('@').unwrap_or((&self.0, ""));
        let first: String = local.chars().take(1).collect();
        format!("{first}***@{domain}")
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        EmailAddress::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> String {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_all_but_first_letter() {
        let e = EmailAddress::parse("Nguyen.An@Example.com").unwrap();
        assert_eq!(e.as_str(), "nguyen.an@example.com");
        assert_eq!(e.masked(), "n***@example.com");
    }

    #[test]
    fn refuses_non_addresses() {
        for bad in ["", "a@b", "no-at.example.com", "a b@example.com", "a@.com"] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
    }
}
