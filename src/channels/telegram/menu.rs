//! The command menus (setMyCommands): English for everyone, Vietnamese for clients set to
//! Vietnamese, both from the engine's flows and the locale files.

use teloxide::payloads::SetMyCommandsSetters;
use teloxide::prelude::Requester;
use teloxide::types::BotCommand;

use super::api::describe;
use super::Ctx;
use crate::domain::Locale;
use crate::engine::MenuCommand;

/// Telegram's rules: 1–32 of `a-z 0-9 _`, a description of 1–256 characters.
fn to_bot_command(c: MenuCommand) -> Option<BotCommand> {
    let ok = (1..=32).contains(&c.command.len())
        && c.command
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
    let description: String = c.description.chars().take(256).collect();
    (ok && !description.trim().is_empty()).then(|| BotCommand::new(c.command, description))
}

pub fn commands(ctx: &Ctx, locale: Locale) -> Vec<BotCommand> {
    ctx.service
        .engine
        .menu_commands(locale)
        .into_iter()
        .filter_map(to_bot_command)
        .collect()
}

/// Registers both menus. A failure is logged, not fatal: commands typed by hand still work.
pub async fn register(ctx: &Ctx) {
    for (locale, code) in [(Locale::En, None), (Locale::Vi, Some("vi"))] {
        let mut request = ctx.bot.set_my_commands(commands(ctx, locale));
        if let Some(code) = code {
            request = request.language_code(code);
        }
        if let Err(e) = request.await {
            tracing::warn!(%locale, error = %describe(&e, ctx.token()), "setMyCommands failed; the menu may be stale");
        }
    }
}
