//! The slash commands a platform's command menu advertises, taken from the flows so a new
//! flow (payments, autopay, paperless…) appears in every menu as soon as its file lands.

use super::flow::Flow;
use super::turn::Engine;
use crate::domain::Locale;

/// One menu entry: `/command` and what it does, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuCommand {
    pub command: String,
    pub description: String,
}

/// Where a flow sits in the menu: the welcome first, then linking, then what a linked
/// customer does, then the rest (language…); alphabetical within each group.
fn rank(flow: &Flow) -> u8 {
    let h = &flow.header;
    match (h.name.as_str(), h.requires_link, h.private) {
        ("start", _, _) => 0,
        (_, false, true) => 1,
        (_, true, true) => 2,
        (_, true, false) => 3,
        _ => 4,
    }
}

impl Engine {
    /// Each flow's first command, described by the message `command-<command>` when the
    /// locales have one and by the flow's title otherwise; then help and cancel.
    pub fn menu_commands(&self, locale: Locale) -> Vec<MenuCommand> {
        let mut flows: Vec<&Flow> = self.flows().collect();
        flows.sort_by_key(|f| (rank(f), f.header.name.clone()));
        let i18n = self.i18n();
        let describe = |command: &str, fallback: Option<&str>| {
            let id = format!("command-{command}");
            let id = if i18n.has(&id) {
                id
            } else {
                fallback?.to_string()
            };
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("utility", self.settings().utility_name.clone());
            args.set("support_phone", self.settings().support_phone.clone());
            Some(MenuCommand {
                command: command.to_string(),
                description: i18n.text(locale, &id, Some(&args)),
            })
        };
        let mut out: Vec<MenuCommand> = flows
            .iter()
            .filter_map(|f| {
                let command = f.header.triggers.commands.first()?;
                describe(command, Some(&f.header.title))
            })
            .collect();
        out.extend(
            self.intents()
                .global_commands()
                .into_iter()
                .flatten()
                .filter_map(|c| describe(c, None)),
        );
        out
    }
}
