//! A fake Telegram Bot API on 127.0.0.1: `POST /bot<token>/<method>` with JSON or multipart
//! bodies, `{"ok":true,"result":…}` answers, getUpdates long polling with offset semantics,
//! and scripted failures. Errors are answered with status 200 or 429, never 5xx (teloxide
//! sleeps ten seconds after a 5xx).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

mod call;
mod updates;

pub use call::Call;
pub use updates::TgUser;

pub const TOKEN: &str = "123456:TEST-token_for-the-fake";
pub const BOT_USERNAME: &str = "gridchat_test_bot";

#[derive(Default)]
struct Inner {
    next_update_id: i64,
    pending: Vec<Value>,
    calls: Vec<Call>,
    scripted: HashMap<String, VecDeque<(StatusCode, Value)>>,
    next_message_id: i64,
    get_updates_calls: u64,
}

#[derive(Default)]
struct Shared {
    inner: Mutex<Inner>,
    updates: tokio::sync::Notify,
    calls_changed: tokio::sync::Notify,
}

pub struct FakeTelegram {
    pub url: String,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakeTelegram {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn ok(result: Value) -> Response {
    Json(json!({"ok": true, "result": result})).into_response()
}

fn message_json(id: i64, chat: i64, params: &Value) -> Value {
    let chat_json = if chat < 0 {
        json!({"id": chat, "type": "group", "title": "A group"})
    } else {
        json!({"id": chat, "type": "private", "first_name": "Someone"})
    };
    let mut m = json!({
        "message_id": id,
        "date": 1_800_000_000,
        "chat": chat_json,
        "from": {"id": 999, "is_bot": true, "first_name": "Gridchat", "username": BOT_USERNAME},
    });
    if let Some(t) = params.get("text") {
        m["text"] = t.clone();
    }
    m
}

async fn params_of(req: Request) -> (Value, Vec<(String, String, Vec<u8>)>) {
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        let bytes = axum::body::to_bytes(req.into_body(), 64 << 20)
            .await
            .unwrap_or_default();
        return (
            serde_json::from_slice(&bytes).unwrap_or(json!({})),
            Vec::new(),
        );
    }
    let mut form = Multipart::from_request(req, &())
        .await
        .expect("multipart body");
    let mut params = serde_json::Map::new();
    let mut files = Vec::new();
    while let Some(field) = form.next_field().await.expect("multipart field") {
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name().map(str::to_string) {
            Some(file) => files.push((name, file, field.bytes().await.expect("file").to_vec())),
            None => {
                let text = field.text().await.expect("text field");
                let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
                params.insert(name, value);
            }
        }
    }
    (Value::Object(params), files)
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    Path((bot, method)): Path<(String, String)>,
    req: Request,
) -> Response {
    if bot != format!("bot{TOKEN}") {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"ok": false, "error_code": 401, "description": "Unauthorized"})),
        )
            .into_response();
    }
    // Method names are case-insensitive; teloxide sends `GetMe`, the docs write `getMe`.
    let mut method = method;
    if let Some(first) = method.get(..1).map(str::to_ascii_lowercase) {
        method.replace_range(..1, &first);
    }
    let (params, files) = params_of(req).await;
    if method == "getUpdates" {
        return get_updates(&shared, &params).await;
    }
    let mut inner = shared.inner.lock().unwrap();
    inner.calls.push(Call {
        method: method.clone(),
        params: params.clone(),
        files,
        at: Instant::now(),
    });
    shared.calls_changed.notify_waiters();
    if let Some((status, body)) = inner
        .scripted
        .get_mut(&method)
        .and_then(VecDeque::pop_front)
    {
        return (status, Json(body)).into_response();
    }
    match method.as_str() {
        "getMe" => ok(json!({
            "id": 999, "is_bot": true, "first_name": "Gridchat", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "has_main_web_app": false
        })),
        "sendMessage" | "sendPhoto" | "sendDocument" | "editMessageReplyMarkup" => {
            inner.next_message_id += 1;
            let id = if method == "editMessageReplyMarkup" {
                params["message_id"].as_i64().unwrap_or(1)
            } else {
                inner.next_message_id
            };
            let chat = Call {
                method,
                params: params.clone(),
                files: Vec::new(),
                at: Instant::now(),
            }
            .chat_id()
            .unwrap_or(1);
            if let Some(last) = inner.calls.last_mut() {
                last.params["__message_id"] = json!(id);
            }
            ok(message_json(id, chat, &params))
        }
        _ => ok(json!(true)),
    }
}

async fn get_updates(shared: &Arc<Shared>, params: &Value) -> Response {
    let offset = params["offset"].as_i64().unwrap_or(0);
    let timeout = params["timeout"].as_u64().unwrap_or(0).min(10);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    loop {
        let notified = shared.updates.notified();
        {
            let mut inner = shared.inner.lock().unwrap();
            inner.get_updates_calls += 1;
            // An offset confirms every update below it: they are never returned again.
            inner
                .pending
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            if !inner.pending.is_empty() {
                return ok(Value::Array(inner.pending.clone()));
            }
        }
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            return ok(json!([]));
        }
    }
}

impl FakeTelegram {
    pub async fn start() -> FakeTelegram {
        let shared = Arc::new(Shared::default());
        shared.inner.lock().unwrap().next_update_id = 1000;
        let app = Router::new()
            .route("/{bot}/{method}", post(handle))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake serves");
        });
        FakeTelegram {
            url,
            shared,
            server,
        }
    }

    /// The next answer to `method` is this one instead of the normal one.
    pub fn script(&self, method: &str, status: StatusCode, body: Value) {
        self.shared
            .inner
            .lock()
            .unwrap()
            .scripted
            .entry(method.to_string())
            .or_default()
            .push_back((status, body));
    }

    /// Flood control as Telegram answers it.
    pub fn flood(&self, method: &str, retry_after: u64) {
        self.script(
            method,
            StatusCode::TOO_MANY_REQUESTS,
            json!({"ok": false, "error_code": 429,
                   "description": format!("Too Many Requests: retry after {retry_after}"),
                   "parameters": {"retry_after": retry_after}}),
        );
    }

    pub fn calls(&self) -> Vec<Call> {
        self.shared.inner.lock().unwrap().calls.clone()
    }

    pub fn sends(&self) -> Vec<Call> {
        self.calls().into_iter().filter(Call::is_send).collect()
    }

    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method == method)
            .collect()
    }

    pub fn send_count(&self) -> usize {
        self.shared
            .inner
            .lock()
            .unwrap()
            .calls
            .iter()
            .filter(|c| c.is_send())
            .count()
    }

    /// Waits until at least `n` sends were made (bounded by `patience`).
    pub async fn wait_sends(&self, n: usize, patience: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + patience;
        loop {
            let changed = self.shared.calls_changed.notified();
            if self.send_count() >= n {
                return true;
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                return self.send_count() >= n;
            }
        }
    }

    /// Updates queued and not yet confirmed by an offset.
    pub fn unconfirmed(&self) -> usize {
        self.shared.inner.lock().unwrap().pending.len()
    }

    pub fn polls(&self) -> u64 {
        self.shared.inner.lock().unwrap().get_updates_calls
    }
}
