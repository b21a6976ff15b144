//! One update through the service: the same for polling and webhooks.

use std::sync::Arc;

use teloxide::prelude::Requester;
use teloxide::types::Update;
use tokio::task::JoinSet;

use super::api::describe;
use super::inbound::Incoming;
use super::Ctx;
use crate::app::Handled;

/// Runs the turn for one update. `Ok` means it is safe to acknowledge: processed, a repeat,
/// or not for gridchat.
///
/// # Errors
/// Storage failed before the turn committed; the update must be delivered again.
pub async fn process(ctx: &Arc<Ctx>, update: &Update) -> anyhow::Result<()> {
    let incoming = match Incoming::try_from(update) {
        Ok(i) => i,
        Err(why) => {
            tracing::debug!(update_id = update.id.0, %why, "telegram update ignored");
            return Ok(());
        }
    };
    if incoming.addressed_elsewhere(&ctx.username) {
        return Ok(());
    }
    let chat = incoming.chat;
    let press = incoming.press.clone();
    let route = chat.0.to_string();
    let inbound = incoming.into_inbound(ctx.service.clock.now());
    let handled = ctx.service.handle_via(inbound, Some(&route)).await?;
    ctx.wake.notify_one();
    let Some(press) = press else {
        return Ok(());
    };
    // Answered even for a repeat: the client shows a spinner until it is.
    if let Err(e) = ctx.bot.answer_callback_query(press.id).await {
        tracing::debug!(error = %describe(&e, ctx.token()), "answerCallbackQuery failed");
    }
    if let (Handled::Processed, Some(message)) = (handled, press.message) {
        // The old keyboard goes once it has been used. A message like any other for the
        // flood limits, so it waits its turn without holding up the next update.
        let ctx = ctx.clone();
        tokio::spawn(async move {
            ctx.limiter.acquire(chat.0).await;
            if let Err(e) = ctx.bot.edit_message_reply_markup(chat, message).await {
                tracing::debug!(error = %describe(&e, ctx.token()), "removing a used keyboard failed");
            }
        });
    }
    Ok(())
}

/// Processes a batch: different users in parallel, each user's updates in order.
///
/// # Errors
/// Some update could not be processed; the batch must be delivered again (the ones that
/// were processed are then recognised as repeats).
pub async fn process_batch(ctx: &Arc<Ctx>, updates: Vec<Update>) -> anyhow::Result<()> {
    let mut by_user: Vec<(Option<u64>, Vec<Update>)> = Vec::new();
    for u in updates {
        let key = u.from().map(|f| f.id.0);
        match by_user.iter_mut().find(|(k, _)| *k == key && key.is_some()) {
            Some((_, v)) => v.push(u),
            None => by_user.push((key, vec![u])),
        }
    }
    let mut tasks = JoinSet::new();
    for (_, updates) in by_user {
        let ctx = ctx.clone();
        tasks.spawn(async move {
            for u in &updates {
                process(&ctx, u).await?;
            }
            anyhow::Ok(())
        });
    }
    let mut result = Ok(());
    while let Some(r) = tasks.join_next().await {
        match r {
            Ok(Ok(())) => {}
            Ok(Err(e)) => result = Err(e),
            Err(e) => result = Err(anyhow::anyhow!("an update task panicked: {e}")),
        }
    }
    result
}
