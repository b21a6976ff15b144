//! The Telegram channel on teloxide: updates in (long polling or webhook), replies out
//! through the durable outbox, within Telegram's flood limits.
//!
//! The adapter only translates: [`inbound`] parses updates into the engine's `Inbound`,
//! [`render`] turns replies into messages and keyboards, [`sender`] delivers outbox rows.

mod api;
pub mod config;
pub mod inbound;
mod limits;
mod menu;
mod polling;
pub mod render;
mod sender;
pub mod split;
mod updates;
mod webhook;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use teloxide::payloads::SetWebhookSetters;
use teloxide::prelude::Requester;
use teloxide::types::AllowedUpdate;
use teloxide::Bot;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

pub use config::{Limits, Mode, TelegramConfig};

use crate::app::Service;

/// What the receiving and sending tasks share.
pub(crate) struct Ctx {
    service: Service,
    bot: Bot,
    limiter: limits::Limiter,
    /// Rung after each turn so its replies go out at once rather than at the next tick.
    wake: Notify,
    /// The bot's @username, for deep links and for recognising commands addressed to it.
    username: String,
    /// Kept only to scrub it from error text.
    token: SecretString,
}

impl Ctx {
    fn token(&self) -> &str {
        self.token.expose_secret()
    }
}

/// The running channel.
pub struct Telegram {
    ctx: Arc<Ctx>,
    stop_receiving: watch::Sender<bool>,
    stop_sending: watch::Sender<bool>,
    receiving: JoinHandle<()>,
    sending: JoinHandle<()>,
    webhook_addr: Option<SocketAddr>,
}

impl Telegram {
    /// Checks the token (getMe), registers the command menus, and starts receiving updates
    /// and delivering replies.
    ///
    /// # Errors
    /// The configuration is incomplete, the Bot API cannot be reached or refuses the token,
    /// or the webhook cannot be bound or registered.
    pub async fn start(config: &TelegramConfig, service: Service) -> anyhow::Result<Telegram> {
        config.validate()?;
        let token = config
            .token()
            .context("telegram.token is not set")?
            .to_string();
        let api_url = config.api_url()?;
        // reqwest's timeout must outlast a long poll, or every quiet poll would fail.
        let client = teloxide::net::default_reqwest_settings()
            .timeout(Duration::from_secs(
                u64::from(config.poll_timeout_secs) + 15,
            ))
            .build()
            .context("building the HTTP client for the Bot API")?;
        let bot = Bot::with_client(token.clone(), client).set_api_url(api_url.clone());
        let me = bot.get_me().await.map_err(|e| {
            anyhow::anyhow!(
                "checking the bot token with getMe at {api_url}: {}",
                api::describe(&e, &token)
            )
        })?;
        let username = me.user.username.clone().unwrap_or_default();
        let ctx = Arc::new(Ctx {
            service,
            bot,
            limiter: limits::Limiter::new(config.limits),
            wake: Notify::new(),
            username,
            token: SecretString::from(token),
        });
        menu::register(&ctx).await;
        let (stop_receiving, receive_rx) = watch::channel(false);
        let (stop_sending, send_rx) = watch::channel(false);
        let (receiving, webhook_addr) = match config.mode {
            Mode::Polling => {
                // getUpdates is refused while a webhook is set.
                ctx.bot.delete_webhook().await.map_err(|e| {
                    anyhow::anyhow!("deleteWebhook: {}", api::describe(&e, ctx.token()))
                })?;
                let task = tokio::spawn(polling::run(
                    ctx.clone(),
                    config.poll_timeout_secs,
                    receive_rx,
                ));
                (task, None)
            }
            Mode::Webhook => {
                let url = config.webhook_url()?;
                let secret = config.secret().unwrap_or_default();
                let (addr, serve) = webhook::bind(
                    ctx.clone(),
                    config.listen()?,
                    url.path(),
                    secret,
                    receive_rx,
                )
                .await?;
                ctx.bot
                    .set_webhook(url.clone())
                    .secret_token(secret.to_string())
                    .allowed_updates([AllowedUpdate::Message, AllowedUpdate::CallbackQuery])
                    .await
                    .map_err(|e| {
                        anyhow::anyhow!("setWebhook to {url}: {}", api::describe(&e, ctx.token()))
                    })?;
                (tokio::spawn(serve), Some(addr))
            }
        };
        let sending = tokio::spawn(sender::run(ctx.clone(), send_rx));
        tracing::info!(bot = %ctx.username, mode = ?config.mode, "telegram channel running");
        Ok(Telegram {
            ctx,
            stop_receiving,
            stop_sending,
            receiving,
            sending,
            webhook_addr,
        })
    }

    /// Where the webhook listener is bound (webhook mode).
    pub fn webhook_addr(&self) -> Option<SocketAddr> {
        self.webhook_addr
    }

    pub fn bot_username(&self) -> &str {
        &self.ctx.username
    }

    /// Stops taking updates, finishes the ones in hand (their turns commit), then stops the
    /// sender after its current batch. Replies not yet sent stay in the outbox for next time.
    pub async fn shutdown(self) {
        let _ = self.stop_receiving.send(true);
        if let Err(e) = self.receiving.await {
            tracing::error!(error = %e, "telegram receiver ended abnormally");
        }
        let _ = self.stop_sending.send(true);
        if let Err(e) = self.sending.await {
            tracing::error!(error = %e, "telegram sender ended abnormally");
        }
    }
}
