//! The SMTP listener's policy (what gridchat accepts, and when it answers 250) and the worker
//! that processes stored mail and delivers the outbox.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::classify::is_bot_address;
use super::intake::Received;
use super::outbound::Transport;
use super::smtp_server::{Envelope, SmtpHandler, SmtpReply};
use super::EmailChannel;

/// Accepts mail for the bot's address only, stores it, then wakes the worker.
pub struct Listener {
    pub channel: EmailChannel,
    pub wake: Arc<Notify>,
}

#[async_trait::async_trait]
impl SmtpHandler for Listener {
    async fn mail_from(&self, _env: &Envelope, from: &str) -> Result<(), SmtpReply> {
        match self.channel.sender_allowed(from).await {
            Ok(true) => Ok(()),
            Ok(false) => Err(SmtpReply::new(
                450,
                "4.7.1",
                "too many messages from this sender; try later",
            )),
            Err(e) => {
                tracing::error!(error = format!("{e:#}"), "rate check failed");
                Err(SmtpReply::new(451, "4.3.0", "local error; try later"))
            }
        }
    }

    async fn rcpt_to(&self, _env: &Envelope, to: &str) -> Result<(), SmtpReply> {
        if is_bot_address(&to.to_lowercase(), &self.channel.settings.address) {
            Ok(())
        } else {
            Err(SmtpReply::new(550, "5.1.1", "no such mailbox here"))
        }
    }

    async fn data(&self, env: &Envelope, message: Vec<u8>) -> Result<(), SmtpReply> {
        match self.channel.receive(Some(&env.from), &message).await {
            Ok(Received::Accepted | Received::Duplicate) => {
                self.wake.notify_one();
                Ok(())
            }
            Ok(Received::TooLarge) => Err(SmtpReply::new(552, "5.3.4", "message too big")),
            Ok(Received::RateLimited) => Err(SmtpReply::new(
                450,
                "4.7.1",
                "too many messages from this sender; try later",
            )),
            Err(e) => {
                tracing::error!(error = format!("{e:#}"), "storing inbound mail failed");
                Err(SmtpReply::new(
                    451,
                    "4.3.0",
                    "could not store the message; try later",
                ))
            }
        }
    }
}

/// Processes stored mail and sends due outbox rows, when woken and every `every`, until
/// `shutdown` resolves.
pub async fn worker(
    channel: EmailChannel,
    transport: Arc<dyn Transport>,
    wake: Arc<Notify>,
    every: Duration,
    shutdown: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        if let Err(e) = channel.process_pending().await {
            tracing::error!(error = format!("{e:#}"), "email intake round failed");
        }
        if let Err(e) = channel.dispatch(transport.as_ref()).await {
            tracing::error!(error = format!("{e:#}"), "email delivery round failed");
        }
        tokio::select! {
            _ = &mut shutdown => return,
            _ = wake.notified() => {}
            _ = tokio::time::sleep(every) => {}
        }
    }
}
