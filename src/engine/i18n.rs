//! Every sentence gridchat says, from `locales/{en,vi}/*.ftl`, loaded strictly.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

use super::i18n_check::message_variables;
use crate::domain::Locale;

/// A problem in the locale files, naming the file and message.
#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error("{file}: cannot read: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: fluent syntax error: {detail}")]
    Syntax { file: String, detail: String },
    #[error("{file}: message `{id}` is defined twice")]
    Duplicate { file: String, id: String },
    #[error("message `{id}` exists in {present} but is missing in {missing}")]
    Missing {
        id: String,
        present: Locale,
        missing: Locale,
    },
    #[error("message `{id}` uses variables {en:?} in en but {vi:?} in vi")]
    VariablesDiffer {
        id: String,
        en: BTreeSet<String>,
        vi: BTreeSet<String>,
    },
}

pub struct I18n {
    bundles: HashMap<Locale, FluentBundle<FluentResource>>,
    /// Variables per message id (the same in both languages once loaded).
    variables: BTreeMap<String, BTreeSet<String>>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field("messages", &self.variables.len())
            .finish()
    }
}

impl I18n {
    /// Loads `dir/en/*.ftl` and `dir/vi/*.ftl`.
    ///
    /// # Errors
    /// Any unreadable file, syntax error, duplicate, message missing in one language, or
    /// message whose variables differ between languages.
    pub fn load(dir: &Path) -> Result<I18n, I18nError> {
        let mut sources = Vec::new();
        for locale in Locale::ALL {
            let sub = dir.join(locale.code());
            let mut files: Vec<_> = std::fs::read_dir(&sub)
                .map_err(|source| I18nError::Read {
                    file: sub.display().to_string(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
                .collect();
            files.sort();
            for path in files {
                let text = std::fs::read_to_string(&path).map_err(|source| I18nError::Read {
                    file: path.display().to_string(),
                    source,
                })?;
                sources.push((locale, path.display().to_string(), text));
            }
        }
        I18n::from_sources(sources)
    }

    /// Builds the catalog from `(locale, file name, text)` triples.
    pub fn from_sources(sources: Vec<(Locale, String, String)>) -> Result<I18n, I18nError> {
        let mut bundles = HashMap::new();
        let mut vars: HashMap<Locale, BTreeMap<String, BTreeSet<String>>> = HashMap::new();
        for locale in Locale::ALL {
            let langid: unic_langid::LanguageIdentifier =
                locale.code().parse().expect("static language id");
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Isolation marks confuse terminals, email clients and tests alike.
            bundle.set_use_isolating(false);
            bundles.insert(locale, bundle);
            vars.insert(locale, BTreeMap::new());
        }
        for (locale, file, text) in sources {
            let ast = fluent_syntax::parser::parse(text.as_str()).map_err(|(_, errs)| {
                I18nError::Syntax {
                    file: file.clone(),
                    detail: errs
                        .iter()
                        .map(|e| format!("{:?} at bytes {:?}", e.kind, e.pos))
                        .collect::<Vec<_>>()
                        .join("; "),
                }
            })?;
            let these = message_variables(&ast);
            let table = vars.get_mut(&locale).expect("every locale has a table");
            for (id, v) in these {
                if table.insert(id.clone(), v).is_some() {
                    return Err(I18nError::Duplicate { file, id });
                }
            }
            let resource =
                FluentResource::try_new(text).map_err(|(_, errs)| I18nError::Syntax {
                    file: file.clone(),
                    detail: format!("{errs:?}"),
                })?;
            let bundle = bundles.get_mut(&locale).expect("every locale has a bundle");
            bundle
                .add_resource(resource)
                .map_err(|_| I18nError::Duplicate {
                    file: file.clone(),
                    id: "(see file)".into(),
                })?;
        }
        let en = &vars[&Locale::En];
        let vi = &vars[&Locale::Vi];
        for (id, en_vars) in en {
            match vi.get(id) {
                None => {
                    return Err(I18nError::Missing {
                        id: id.clone(),
                        present: Locale::En,
                        missing: Locale::Vi,
                    })
                }
                Some(vi_vars) if vi_vars != en_vars => {
                    return Err(I18nError::VariablesDiffer {
                        id: id.clone(),
                        en: en_vars.clone(),
                        vi: vi_vars.clone(),
                    })
                }
                Some(_) => {}
            }
        }
        if let Some(id) = vi.keys().find(|id| !en.contains_key(*id)) {
            return Err(I18nError::Missing {
                id: id.clone(),
                present: Locale::Vi,
                missing: Locale::En,
            });
        }
        Ok(I18n {
            bundles,
            variables: en.clone(),
        })
    }

    pub fn has(&self, id: &str) -> bool {
        self.variables.contains_key(id)
    }

    /// The variables a message uses, for checking flows against it.
    pub fn variables(&self, id: &str) -> Option<&BTreeSet<String>> {
        self.variables.get(id)
    }

    /// Formats a message. Loading guaranteed it exists; a formatting slip (a missing
    /// argument) still yields readable text rather than failing the turn.
    pub fn text(&self, locale: Locale, id: &str, args: Option<&FluentArgs>) -> String {
        let bundle = &self.bundles[&locale];
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::error!(message_id = id, %locale, "message not found at run time");
            return id.to_string();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(message_id = id, ?errors, "message formatted with errors");
        }
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(en: &str, vi: &str) -> Vec<(Locale, String, String)> {
        vec![
            (Locale::En, "en/t.ftl".into(), en.into()),
            (Locale::Vi, "vi/t.ftl".into(), vi.into()),
        ]
    }

    #[test]
    fn a_message_missing_in_vietnamese_is_refused() {
        let err = I18n::from_sources(src("a = A\nb = B\n", "a = A\n")).unwrap_err();
        assert!(
            err.to_string()
                .contains("`b` exists in en but is missing in vi"),
            "{err}"
        );
    }

    #[test]
    fn variables_must_match_between_languages() {
        let err = I18n::from_sources(src("a = Hi { $name }\n", "a = Chào\n")).unwrap_err();
        assert!(err.to_string().contains("uses variables"), "{err}");
    }

    #[test]
    fn select_expressions_count_their_variables() {
        let en = "a = { $n ->\n    [one] one bill for { $who }\n   *[other] { $n } bills for { $who }\n}\n";
        let vi = "a = { $n } hóa đơn cho { $who }\n";
        let i = I18n::from_sources(src(en, vi)).unwrap();
        let mut args = FluentArgs::new();
        args.set("n", 1);
        args.set("who", "Maria");
        assert_eq!(i.text(Locale::En, "a", Some(&args)), "one bill for Maria");
        assert_eq!(i.text(Locale::Vi, "a", Some(&args)), "1 hóa đơn cho Maria");
    }
}
