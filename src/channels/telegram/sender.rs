//! The outbox dispatcher for `telegram` rows: claims due rows, sends each as its messages
//! (within the flood limits), and records what happened so nothing is lost or repeated.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use teloxide::payloads::{SendDocumentSetters, SendMessageSetters, SendPhotoSetters};
use teloxide::prelude::Requester;
use teloxide::types::{ChatId, InputFile};
use teloxide::RequestError;
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::api::{classify, Failure};
use super::render::{render, Body, Part};
use super::Ctx;
use crate::app::dispatch::{backoff, MAX_ATTEMPTS};
use crate::store::outbox::Payload;
use crate::store::OutboxRow;

/// Rows claimed at once; their lease (a minute) must outlast sending them.
const BATCH: i64 = 64;
/// How often due retries are looked for when nothing wakes the dispatcher.
const TICK: Duration = Duration::from_millis(250);
/// A chat that may send again within this long is waited for; a longer wait (a group's
/// minute, a 429 pause) puts the row back in the outbox until then.
const SHORT_WAIT: Duration = Duration::from_millis(1500);

/// Runs until `stop` turns true, finishing the batch in hand first.
pub async fn run(ctx: Arc<Ctx>, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            break;
        }
        let now = ctx.service.clock.now();
        let rows = match ctx
            .service
            .store
            .claim_outbox("telegram", None, now, BATCH)
            .await
        {
            Ok(rows) => rows,
            Err(e) => {
                tracing::error!(error = %crate::app::error_chain(&e), "claiming telegram outbox rows failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        let full = rows.len() as i64 == BATCH;
        if !rows.is_empty() {
            deliver(&ctx, rows).await;
        }
        if !full {
            tokio::select! {
                _ = ctx.wake.notified() => {}
                _ = tokio::time::sleep(TICK) => {}
                _ = stop.changed() => {}
            }
        }
    }
}

/// The chat a row goes to: its route, else the recipient (a user's private chat has the
/// user's id).
fn chat_of(row: &OutboxRow) -> Option<i64> {
    row.route.as_deref().unwrap_or(&row.recipient).parse().ok()
}

/// Sends a batch: chats in parallel, each chat's rows in order.
async fn deliver(ctx: &Arc<Ctx>, rows: Vec<OutboxRow>) {
    let mut by_chat: Vec<(i64, Vec<OutboxRow>)> = Vec::new();
    for row in rows {
        let Some(chat) = chat_of(&row) else {
            park(ctx, &row, "no chat id to deliver to").await;
            continue;
        };
        match by_chat.iter_mut().find(|(c, _)| *c == chat) {
            Some((_, v)) => v.push(row),
            None => by_chat.push((chat, vec![row])),
        }
    }
    let mut tasks = JoinSet::new();
    for (chat, rows) in by_chat {
        let ctx = ctx.clone();
        tasks.spawn(async move { deliver_chat(&ctx, chat, rows).await });
    }
    while tasks.join_next().await.is_some() {}
}

async fn deliver_chat(ctx: &Ctx, chat: i64, rows: Vec<OutboxRow>) {
    // Once a row has to wait, the chat's later rows wait until the same moment, so that
    // they are claimed again in order.
    let mut held_until: Option<DateTime<Utc>> = None;
    for row in rows {
        if let Some(at) = held_until {
            store_or_log(ctx.service.store.outbox_defer(row.id, at).await, row.id);
            continue;
        }
        held_until = deliver_row(ctx, chat, &row).await;
    }
}

fn store_or_log<T>(r: Result<T, crate::store::StoreError>, id: i64) {
    if let Err(e) = r {
        tracing::error!(outbox_id = id, error = %crate::app::error_chain(&e), "recording a telegram delivery failed");
    }
}

async fn park(ctx: &Ctx, row: &OutboxRow, why: &str) {
    tracing::error!(outbox_id = row.id, reason = why, "telegram row parked");
    store_or_log(ctx.service.store.outbox_failed(row.id, why).await, row.id);
}

/// Sends the row's remaining parts; returns when the chat may be written to again if the row
/// had to be put back.
async fn deliver_row(ctx: &Ctx, chat: i64, row: &OutboxRow) -> Option<DateTime<Utc>> {
    let Payload::Reply(reply) = &row.payload else {
        park(ctx, row, "not a chat reply").await;
        return None;
    };
    let parts = render(reply, &ctx.username);
    let store = &ctx.service.store;
    let start = usize::try_from(row.parts_sent).unwrap_or(0);
    for (i, part) in parts.iter().enumerate().skip(start) {
        if let Err(ready) = ctx.limiter.try_acquire(chat) {
            let wait = ready - tokio::time::Instant::now();
            if wait > SHORT_WAIT {
                let at = ctx.service.clock.now() + to_chrono(wait);
                store_or_log(store.outbox_defer(row.id, at).await, row.id);
                return Some(at);
            }
            ctx.limiter.acquire(chat).await;
        }
        let Err(e) = send(ctx, ChatId(chat), part).await else {
            if i + 1 < parts.len() {
                store_or_log(store.outbox_progress(row.id, i as i64 + 1).await, row.id);
            }
            continue;
        };
        let now = ctx.service.clock.now();
        return match classify(&e, ctx.token()) {
            Failure::RetryAfter(wait) => {
                tracing::warn!(
                    outbox_id = row.id,
                    chat,
                    retry_after = wait.as_secs(),
                    "telegram flood control; waiting as asked"
                );
                ctx.limiter.pause(chat, wait);
                let at = now + to_chrono(wait);
                store_or_log(store.outbox_defer(row.id, at).await, row.id);
                Some(at)
            }
            Failure::Migrated(to) => {
                tracing::info!(
                    outbox_id = row.id,
                    chat,
                    to = to.0,
                    "group became a supergroup; sending there"
                );
                store_or_log(
                    store.outbox_reroute(row.id, &to.0.to_string()).await,
                    row.id,
                );
                store_or_log(store.outbox_defer(row.id, now).await, row.id);
                Some(now)
            }
            Failure::Temporary(m) if row.attempts + 1 < MAX_ATTEMPTS => {
                tracing::warn!(outbox_id = row.id, chat, error = %m, "telegram delivery failed; will retry");
                let at = now + backoff(row.attempts);
                store_or_log(store.outbox_retry(row.id, at, &m).await, row.id);
                Some(at)
            }
            Failure::Temporary(m) | Failure::Permanent(m) => {
                park(ctx, row, &m).await;
                None
            }
        };
    }
    store_or_log(
        store.outbox_sent(row.id, ctx.service.clock.now()).await,
        row.id,
    );
    None
}

fn to_chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::seconds(1))
}

async fn send(ctx: &Ctx, chat: ChatId, part: &Part) -> Result<(), RequestError> {
    let bot = &ctx.bot;
    match (&part.body, part.keyboard.clone()) {
        (Body::Text(text), kb) => {
            let mut r = bot.send_message(chat, text.clone());
            if let Some(kb) = kb {
                r = r.reply_markup(kb);
            }
            r.await?;
        }
        (Body::Photo { name, bytes }, kb) => {
            let file = InputFile::memory(bytes.clone()).file_name(name.clone());
            let mut r = bot.send_photo(chat, file);
            if let Some(kb) = kb {
                r = r.reply_markup(kb);
            }
            r.await?;
        }
        (Body::Document { name, bytes }, kb) => {
            let file = InputFile::memory(bytes.clone()).file_name(name.clone());
            let mut r = bot.send_document(chat, file);
            if let Some(kb) = kb {
                r = r.reply_markup(kb);
            }
            r.await?;
        }
    }
    Ok(())
}
