//! Receiving updates by webhook: every request must carry the secret token, and is answered
//! only after its turn committed (an error answer makes Telegram deliver it again).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use teloxide::types::Update;
use tokio::sync::watch;

use super::updates::process;
use super::Ctx;

const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

#[derive(Clone)]
struct Hook {
    ctx: Arc<Ctx>,
    secret: Arc<str>,
}

/// Compares without stopping at the first difference, so timing tells nothing of the secret.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

async fn receive(State(hook): State<Hook>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let given = headers
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !same_secret(given, hook.secret.as_bytes()) {
        tracing::warn!("telegram webhook request without the right secret token refused");
        return StatusCode::UNAUTHORIZED;
    }
    let update: Update = match serde_json::from_slice(&body) {
        Ok(u) => u,
        Err(e) => {
            // It will never parse, so a redelivery would not help.
            tracing::warn!(error = %e, "telegram webhook body is not an update; dropped");
            return StatusCode::OK;
        }
    };
    match process(&hook.ctx, &update).await {
        Ok(()) => StatusCode::OK,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "telegram update failed; Telegram will deliver it again");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

/// Binds the listener; the returned future serves until `stop`, then finishes the requests
/// in hand.
///
/// # Errors
/// The address cannot be bound.
pub async fn bind(
    ctx: Arc<Ctx>,
    listen: SocketAddr,
    path: &str,
    secret: &str,
    mut stop: watch::Receiver<bool>,
) -> anyhow::Result<(SocketAddr, impl std::future::Future<Output = ()>)> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| anyhow::anyhow!("binding the telegram webhook listener on {listen}: {e}"))?;
    let addr = listener.local_addr()?;
    let hook = Hook {
        ctx,
        secret: Arc::from(secret),
    };
    let app = Router::new()
        .route(if path.is_empty() { "/" } else { path }, post(receive))
        .with_state(hook);
    let serve = async move {
        let shutdown = async move {
            let _ = stop.wait_for(|s| *s).await;
        };
        if let Err(e) = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(error = %e, "telegram webhook listener failed");
        }
    };
    Ok((addr, serve))
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }
}
