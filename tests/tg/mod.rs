//! The real service and Telegram channel over a fresh database, talking to the fake Bot API.
#![allow(dead_code)]

pub mod fake;

use std::sync::Arc;
use std::time::Duration;

use gridchat::app::{Clock, Service};
use gridchat::channels::telegram::{Limits, Mode, Telegram, TelegramConfig};
use gridchat::store::Store;
use serde_json::Value;

pub use fake::{Call, FakeTelegram, TgUser, TOKEN};

use crate::support::{self, t, CapturingMailer, TestDb, NOW};

pub const SECRET: &str = "s3cret_token-for-tests";

/// Everything a test waits for is bounded by this.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub const MARIA: TgUser = TgUser {
    id: 5001,
    first_name: "Maria",
    language_code: "en",
};
pub const AN: TgUser = TgUser {
    id: 5003,
    first_name: "An",
    language_code: "vi",
};

pub struct TgApp {
    pub fake: FakeTelegram,
    pub service: Service,
    pub store: Store,
    pub mailer: CapturingMailer,
    pub config: TelegramConfig,
    pub channel: Option<Telegram>,
}

pub fn config(fake: &FakeTelegram, mode: Mode) -> TelegramConfig {
    TelegramConfig {
        enabled: true,
        token: Some(TOKEN.into()),
        api_url: fake.url.clone(),
        mode,
        poll_timeout_secs: 5,
        webhook_url: Some("https://bot.example.org/telegram/updates".into()),
        webhook_listen: "127.0.0.1:0".into(),
        webhook_secret: Some(SECRET.into()),
        limits: Limits::default(),
    }
}

impl TgApp {
    pub async fn spawn(db: &TestDb, mode: Mode) -> TgApp {
        let cipher = gridchat::store::crypto::Cipher::from_base64(
            &gridchat::store::crypto::Cipher::generate_key(),
        )
        .unwrap();
        let store = Store::connect(&db.url)
            .await
            .expect("connect")
            .with_cipher(cipher);
        // Dates stay the test's; retries and leases still see time pass.
        let clock = Clock::ticking_from(t(NOW));
        let engine = Arc::new(support::engine());
        let service = Service::new(store.clone(), engine.clone(), clock.clone());
        gridchat::app::demo::load_builtin(&store, engine.local_date(clock.now()))
            .await
            .expect("demo data");
        let fake = FakeTelegram::start().await;
        let config = config(&fake, mode);
        let mut app = TgApp {
            fake,
            service,
            store,
            mailer: CapturingMailer::default(),
            config,
            channel: None,
        };
        app.start_channel().await;
        app
    }

    pub async fn start_channel(&mut self) {
        let channel = tokio::time::timeout(
            PATIENCE,
            Telegram::start(&self.config, self.service.clone()),
        )
        .await
        .expect("start in time")
        .expect("the channel starts");
        self.channel = Some(channel);
    }

    pub async fn stop_channel(&mut self) {
        if let Some(c) = self.channel.take() {
            tokio::time::timeout(PATIENCE, c.shutdown())
                .await
                .expect("stops in time");
        }
    }

    pub async fn pending_rows(&self) -> usize {
        self.store
            .outbox_all("telegram")
            .await
            .expect("outbox")
            .iter()
            .filter(|(_, status, _)| status == "pending")
            .count()
    }

    /// Waits until something new was sent and the outbox has nothing left to send; returns
    /// the new messages.
    pub async fn settle(&self, before: usize) -> Vec<Call> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            // A send seen before the outbox check proves the turn had committed; the outbox
            // then being empty means all of it went out, so the log read afterwards is whole.
            let sends = self.fake.sends();
            if sends.len() > before && self.pending_rows().await == 0 {
                return self.fake.sends()[before..].to_vec();
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no reply within {PATIENCE:?}; sent so far: {:#?}",
                &sends[before.min(sends.len())..]
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    pub async fn deliver(&self, update: Value) -> Vec<Call> {
        let before = self.fake.sends().len();
        self.fake.queue(update);
        self.settle(before).await
    }

    pub async fn say(&self, user: &TgUser, text: &str) -> Vec<Call> {
        self.deliver(self.fake.message(user, user.id, text)).await
    }

    pub async fn say_in(&self, user: &TgUser, chat: i64, text: &str) -> Vec<Call> {
        self.deliver(self.fake.message(user, chat, text)).await
    }

    /// Presses the button whose label contains `label` on the last message that has it.
    pub async fn press(&self, user: &TgUser, sent: &[Call], label: &str) -> Vec<Call> {
        let (index, data) = sent
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, c)| {
                c.buttons()
                    .into_iter()
                    .find(|(l, _)| l.contains(label))
                    .map(|(_, d)| (i, d))
            })
            .unwrap_or_else(|| panic!("no button `{label}` in {sent:#?}"));
        // The fake numbers messages in order; find this one's id among all sends.
        let all = self.fake.sends();
        let offset = all.len() - sent.len();
        let message_id = message_id_of(&all, offset + index);
        self.deliver(self.fake.press(user, user.id, message_id, &data))
            .await
    }

    /// The code from the last mail (delivering the mail outbox first).
    pub async fn code(&self) -> String {
        self.service.deliver_mail(&self.mailer).await.expect("mail");
        self.mailer.last_code().expect("a code was mailed")
    }
}

/// The fake gives each sent message the next id of one counter shared with incoming
/// messages, so the id is read back from the call log order.
fn message_id_of(all: &[Call], index: usize) -> i64 {
    all[index]
        .params
        .get("__message_id")
        .and_then(Value::as_i64)
        .unwrap_or_else(|| panic!("the fake records message ids"))
}

/// All texts of a reply, joined.
pub fn texts(sent: &[Call]) -> String {
    sent.iter()
        .filter_map(Call::text)
        .collect::<Vec<_>>()
        .join("\n")
        .replace('\u{a0}', " ")
}

pub fn button_labels(sent: &[Call]) -> Vec<String> {
    sent.iter()
        .flat_map(Call::buttons)
        .map(|(l, _)| l)
        .collect()
}
