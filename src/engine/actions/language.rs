//! Greeting and language choice.

use crate::domain::Locale;
use crate::engine::action::{Action, ActionCx, ActionSpec};
use crate::engine::ports::PortError;
use crate::engine::value::Value;

pub struct Welcome;

#[async_trait::async_trait]
impl Action for Welcome {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "start.welcome",
            outcomes: &["linked", "unlinked"],
            messages: &["welcome-linked", "welcome-unlinked"],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(customer) = cx.linked.clone() else {
            cx.say("welcome-unlinked", &[]);
            return Ok("unlinked");
        };
        let name = cx
            .ports
            .customer(&customer)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        cx.say("welcome-linked", &[("name", Value::Text(name))]);
        Ok("linked")
    }
}

pub struct SetLanguage;

#[async_trait::async_trait]
impl Action for SetLanguage {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "language.set",
            outcomes: &["done"],
            messages: &["language-set"],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let locale = cx
            .var_text("language")
            .and_then(Locale::from_code)
            .unwrap_or(cx.locale);
        *cx.chosen_locale = Some(locale);
        let text = cx.text_in(locale, "language-set", &[]);
        cx.paragraphs.push(text);
        Ok("done")
    }
}
