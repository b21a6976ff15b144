//! The two languages gridchat speaks.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    Vi,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Vi];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Vi => "vi",
        }
    }

    /// Reads a language code as platforms send it (`vi`, `vi-VN`, `en_US`); others are `None`.
    pub fn from_code(code: &str) -> Option<Locale> {
        let primary = code
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "vi" => Some(Locale::Vi),
            _ => None,
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_platform_codes() {
        assert_eq!(Locale::from_code("vi-VN"), Some(Locale::Vi));
        assert_eq!(Locale::from_code("en_US"), Some(Locale::En));
        assert_eq!(Locale::from_code("fr"), None);
    }
}
