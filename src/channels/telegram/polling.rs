//! Receiving updates by long polling (getUpdates): an update is confirmed to Telegram (the
//! next offset) only after its turn committed, so stopping at any moment loses nothing.

use std::sync::Arc;
use std::time::Duration;

use teloxide::payloads::GetUpdatesSetters;
use teloxide::prelude::Requester;
use teloxide::requests::Request;
use teloxide::types::AllowedUpdate;
use teloxide::RequestError;
use tokio::sync::watch;

use super::api::describe;
use super::updates::process_batch;
use super::Ctx;

pub async fn run(ctx: Arc<Ctx>, timeout_secs: u32, mut stop: watch::Receiver<bool>) {
    let mut offset: Option<i32> = None;
    let mut pause = Duration::ZERO;
    loop {
        if *stop.borrow() {
            break;
        }
        if !pause.is_zero() {
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = stop.changed() => break,
            }
        }
        let mut request = ctx
            .bot
            .get_updates()
            .timeout(timeout_secs)
            .allowed_updates([AllowedUpdate::Message, AllowedUpdate::CallbackQuery]);
        if let Some(o) = offset {
            request = request.offset(o);
        }
        // Dropping a poll in flight is safe: nothing it returns is confirmed until the next
        // call carries its offset.
        let result = tokio::select! {
            r = request.send() => r,
            _ = stop.changed() => break,
        };
        let updates = match result {
            Ok(u) => u,
            Err(RequestError::RetryAfter(s)) => {
                pause = s.duration();
                continue;
            }
            Err(e) => {
                tracing::warn!(error = %describe(&e, ctx.token()), "getUpdates failed; retrying");
                pause = (pause * 2).clamp(Duration::from_secs(1), Duration::from_secs(30));
                continue;
            }
        };
        let Some(last) = updates.iter().map(|u| u.id.0).max() else {
            pause = Duration::ZERO;
            continue;
        };
        match process_batch(&ctx, updates).await {
            Ok(()) => {
                offset = i32::try_from(last).ok().map(|l| l + 1);
                pause = Duration::ZERO;
            }
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "processing telegram updates failed; they will be fetched again");
                pause = Duration::from_secs(1);
            }
        }
    }
}
