//! `gridchat serve`: the email listener and, when enabled, Telegram, until Ctrl-C or SIGTERM.

use std::sync::Arc;

use anyhow::Context;

use gridchat::app::Clock;
use gridchat::channels::email;
use gridchat::channels::telegram::Telegram;
use gridchat::config::Config;

use super::email::{email_channel, transport};

pub async fn serve(config: &Config, clock: Clock) -> anyhow::Result<()> {
    // Registered first, so a signal during start-up is not missed.
    let stop = shutdown_signal()?;
    // Retries and leases wait for time to pass, even when GRIDCHAT_NOW fixes the date.
    let channel = email_channel(config, clock.ticking()).await?;
    let telegram = if config.telegram.enabled {
        Some(
            Telegram::start(&config.telegram, channel.service.clone())
                .await
                .context("starting the Telegram channel")?,
        )
    } else {
        None
    };
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    let wake = Arc::new(tokio::sync::Notify::new());
    let mut tasks = Vec::new();
    if config.email.listen.is_empty() {
        eprintln!("gridchat serve: email listener disabled (email.listen is empty)");
    } else {
        let listener = tokio::net::TcpListener::bind(&config.email.listen)
            .await
            .with_context(|| format!("binding the SMTP listener to {}", config.email.listen))?;
        eprintln!(
            "gridchat serve: SMTP listener on {}",
            listener.local_addr()?
        );
        let server = email::smtp_server::ServerConfig {
            hostname: channel.settings.domain().to_string(),
            max_size: config.email.max_message_bytes,
            ..Default::default()
        };
        let handler = Arc::new(email::listener::Listener {
            channel: channel.clone(),
            wake: wake.clone(),
        });
        tasks.push(tokio::spawn(email::smtp_server::serve(
            listener,
            server,
            handler,
            stopped(stop_rx.clone()),
        )));
    }
    tasks.push(tokio::spawn(email::listener::worker(
        channel.clone(),
        transport(config)?,
        wake,
        std::time::Duration::from_secs(2),
        stopped(stop_rx.clone()),
    )));
    let running = if telegram.is_some() {
        "email, telegram"
    } else {
        "email"
    };
    eprintln!("gridchat serve: running ({running}); stop with Ctrl-C or SIGTERM");
    stop.await;
    eprintln!("gridchat serve: stopping");
    if let Some(t) = telegram {
        t.shutdown().await;
    }
    let _ = stop_tx.send(true);
    for t in tasks {
        let _ = t.await;
    }
    channel.service.store.close().await;
    eprintln!("gridchat serve: stopped cleanly");
    Ok(())
}

/// Registers for Ctrl-C and SIGTERM now (so a signal sent right after start-up is caught) and
/// returns the future that resolves on either.
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
