//! Shared test helpers: a fresh database per test on each backend, the real service over it,
//! and a mailer that keeps what it was asked to send.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use gridchat::app::mailer::{Mailer, SendError};
use gridchat::app::{Clock, Handled, Service};
use gridchat::domain::{Channel, Identity, Locale};
use gridchat::engine::{Capabilities, Content, Engine, Inbound, OutMail, Settings};
use gridchat::store::Store;

/// One fresh database. PostgreSQL databases are dropped when this is dropped.
pub struct TestDb {
    pub url: String,
    pub name: &'static str,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, db)) = self.pg.take() {
            // Drop needs its own runtime: the test's may be shutting down.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(async move {
                    sqlx::any::install_default_drivers();
                    if let Ok(pool) = sqlx::AnyPool::connect(&admin).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"))
                                .execute(&pool)
                                .await;
                        pool.close().await;
                    }
                });
            })
            .join();
        }
    }
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    TestDb {
        url,
        name: "sqlite",
        _dir: Some(dir),
        pg: None,
    }
}

/// A fresh PostgreSQL database when `GRIDCHAT_TEST_POSTGRES_URL` is set.
pub async fn postgres() -> Option<TestDb> {
    let admin = std::env::var("GRIDCHAT_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())?;
    sqlx::any::install_default_drivers();
    let db = format!("gridchat_test_{}", uuid::Uuid::new_v4().simple());
    let pool = sqlx::AnyPool::connect(&admin)
        .await
        .expect("GRIDCHAT_TEST_POSTGRES_URL is set but PostgreSQL is unreachable");
    sqlx::query(&format!("CREATE DATABASE \"{db}\""))
        .execute(&pool)
        .await
        .expect("create test database");
    pool.close().await;
    let base = admin
        .rsplit_once('/')
        .map(|(b, _)| b.to_string())
        .unwrap_or(admin.clone());
    let url = format!("{base}/{db}");
    Some(TestDb {
        url,
        name: "postgres",
        _dir: None,
        pg: Some((admin, db)),
    })
}

/// SQLite always, PostgreSQL when configured.
pub async fn backends() -> Vec<TestDb> {
    let mut v = vec![sqlite().await];
    match postgres().await {
        Some(p) => v.push(p),
        None => eprintln!("note: GRIDCHAT_TEST_POSTGRES_URL not set; PostgreSQL variant skipped"),
    }
    v
}

#[derive(Default, Clone)]
pub struct CapturingMailer {
    pub sent: Arc<Mutex<Vec<OutMail>>>,
}

#[async_trait::async_trait]
impl Mailer for CapturingMailer {
    async fn send(&self, mail: &OutMail) -> Result<String, SendError> {
        self.sent.lock().unwrap().push(mail.clone());
        Ok("captured".into())
    }
}

impl CapturingMailer {
    pub fn last_code(&self) -> Option<String> {
        let sent = self.sent.lock().unwrap();
        let mail = sent.iter().rev().find(|m| m.secret)?;
        mail.text
            .split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 6)
            .map(str::to_string)
    }

    pub fn count(&self) -> usize {
        self.sent.lock().unwrap().len()
    }
}

pub struct TestApp {
    pub service: Service,
    pub mailer: CapturingMailer,
    pub store: Store,
    counter: std::sync::atomic::AtomicU64,
}

pub fn engine() -> Engine {
    let root = env!("CARGO_MANIFEST_DIR");
    Engine::load(
        &std::path::Path::new(root).join("dialogues"),
        &std::path::Path::new(root).join("locales"),
        Settings::default(),
    )
    .expect("shipped dialogues load")
}

pub fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("instant")
        .with_timezone(&Utc)
}

/// The default test instant: a Thursday afternoon in California.
pub const NOW: &str = "2026-12-03T22:00:00Z";

impl TestApp {
    /// The service on `db`, with the built-in demo data loaded as of the clock's date.
    pub async fn spawn(db: &TestDb) -> TestApp {
        let key = gridchat::store::crypto::Cipher::generate_key();
        let store = Store::connect(&db.url)
            .await
            .expect("connect")
            .with_cipher(gridchat::store::crypto::Cipher::from_base64(&key).unwrap());
        let clock = Clock::fixed(t(NOW));
        let engine = Arc::new(engine());
        let service = Service::new(store.clone(), engine.clone(), clock.clone());
        gridchat::app::demo::load_builtin(&store, engine.local_date(clock.now()))
            .await
            .expect("demo data");
        TestApp {
            service,
            mailer: CapturingMailer::default(),
            store,
            counter: Default::default(),
        }
    }

    pub fn inbound(&self, user: &str, text: &str, lang: Option<Locale>) -> Inbound {
        let n = self
            .counter
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Inbound {
            identity: Identity::new(Channel::Terminal, user),
            message_id: format!("m-{n}"),
            content: Content::Text(text.to_string()),
            capabilities: Capabilities::default(),
            locale_hint: lang,
            received_at: self.service.clock.now(),
        }
    }

    /// Sends and returns everything the bot said back, choices numbered.
    pub async fn send(&self, inbound: Inbound) -> (Handled, String) {
        let user = inbound.identity.external_id.clone();
        let handled = self.service.handle(inbound).await.expect("turn");
        (handled, self.replies(&user).await)
    }

    pub async fn say(&self, user: &str, text: &str) -> String {
        self.send(self.inbound(user, text, None)).await.1
    }

    pub async fn replies(&self, user: &str) -> String {
        let replies = self
            .service
            .take_replies("terminal", user)
            .await
            .expect("outbox");
        self.service.deliver_mail(&self.mailer).await.expect("mail");
        replies
            .iter()
            .map(|r| r.plain_text())
            .collect::<Vec<_>>()
            .join("\n")
            .replace('\u{a0}', " ")
    }

    /// Links `user` to the showcase customer Maria Garcia.
    pub async fn link_maria(&self, user: &str) {
        self.say(user, "/link").await;
        self.say(user, "1000000001").await;
        self.say(user, "94110").await;
        let code = self.mailer.last_code().expect("a code was mailed");
        let reply = self.say(user, &code).await;
        assert!(reply.contains("linked to Maria Garcia"), "{reply}");
    }
}

/// The checking account number the payment tests type; it must never appear in clear.
pub const BANK_NUMBER: &str = "000123456789";

/// Links Maria and walks `/pay` for account ...0001 up to the final "yes", returning the
/// confirming message (not yet sent).
pub async fn up_to_confirmation(app: &TestApp, user: &str) -> gridchat::engine::Inbound {
    app.link_maria(user).await;
    for line in [
        "/pay",
        "1",
        "1",
        "Checking",
        "121000358",
        BANK_NUMBER,
        "yes",
    ] {
        app.say(user, line).await;
    }
    app.inbound(user, "yes", None)
}
