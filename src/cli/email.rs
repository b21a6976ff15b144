//! `gridchat email`: pipe intake and inspection, and the email channel as `serve` runs it.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Subcommand;

use gridchat::app::Clock;
use gridchat::app::Service;
use gridchat::channels::email::outbound::{DirTransport, SmtpTransport, Transport};
use gridchat::channels::email::EmailChannel;
use gridchat::config::Config;
use gridchat::store::Store;

#[derive(Subcommand)]
pub enum EmailCommand {
    /// Read one message from stdin (an MTA's pipe delivery), store it, answer it.
    /// Exit 0 when stored (or seen before), 65 when refused, 75 to make the MTA retry.
    Receive,
    /// Show how gridchat reads a message (class, conversation, command, reply text) without
    /// acting on it.
    Inspect {
        file: PathBuf,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

pub async fn email_channel(config: &Config, clock: Clock) -> anyhow::Result<EmailChannel> {
    let engine = Arc::new(crate::engine(config)?);
    let store = Store::connect(&config.database.url)
        .await?
        .with_cipher(config.cipher()?);
    let service = Service::new(store, engine, clock);
    Ok(EmailChannel::new(
        service,
        config.email_settings()?,
        config.token_key()?,
    ))
}

pub fn transport(config: &Config) -> anyhow::Result<Arc<dyn Transport>> {
    Ok(match config.smtp_url() {
        Some(url) => Arc::new(SmtpTransport::new(url)?),
        None => Arc::new(DirTransport(config.email.outbox_dir.clone())),
    })
}

pub async fn email(config: &Config, clock: Clock, command: EmailCommand) -> anyhow::Result<()> {
    let channel = email_channel(config, clock).await?;
    match command {
        EmailCommand::Inspect { file, json } => {
            let raw =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            match channel.read(&raw).await? {
                Some(r) if json => {
                    println!("{}", gridchat::channels::email::inspect::render_json(&r))
                }
                Some(r) => print!("{}", gridchat::channels::email::inspect::render_text(&r)),
                None => anyhow::bail!("{} is not an email message", file.display()),
            }
        }
        EmailCommand::Receive => {
            use tokio::io::AsyncReadExt;
            let mut raw = Vec::new();
            let limit = config.email.max_message_bytes as u64 + 1;
            tokio::io::stdin().take(limit).read_to_end(&mut raw).await?;
            let received = match channel.receive(None, &raw).await {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    std::process::exit(75);
                }
            };
            match received {
                gridchat::channels::email::intake::Received::TooLarge => {
                    eprintln!("message refused: larger than email.max_message_bytes");
                    std::process::exit(65);
                }
                gridchat::channels::email::intake::Received::RateLimited => {
                    eprintln!("message deferred: sender over its hourly limit");
                    std::process::exit(75);
                }
                _ => {}
            }
            // Stored: answering now is a courtesy; `serve` picks up whatever this misses.
            if let Err(e) = channel.process_pending().await {
                tracing::warn!(error = format!("{e:#}"), "processing deferred to serve");
            } else if let Err(e) = channel.dispatch(transport(config)?.as_ref()).await {
                tracing::warn!(error = format!("{e:#}"), "delivery deferred to serve");
            }
        }
    }
    channel.service.store.close().await;
    Ok(())
}
