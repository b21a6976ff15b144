//! Turn latency through the fake Bot API: from an update becoming available to getUpdates
//! until the reply's sendMessage reaches the fake, over the whole path (long poll, dedup,
//! per-conversation lock, engine, SQLite commit, outbox, dispatcher, HTTP).
//!
//! `cargo bench --bench telegram` (release). Two runs of 1,000+ turns each:
//! - unthrottled: the flood limits lifted, turns back to back, to see the path's own cost;
//! - paced: Telegram's limits as shipped, turns arriving at 20 a second across 200 users.

#[path = "../tests/tg/fake/mod.rs"]
#[allow(dead_code)]
mod fake;

use std::sync::Arc;
use std::time::{Duration, Instant};

use fake::{FakeTelegram, TgUser, TOKEN};
use gridchat::app::{Clock, Service};
use gridchat::channels::telegram::{Limits, Mode, Telegram, TelegramConfig};
use gridchat::domain::{AccountNumber, Channel, Identity};
use gridchat::engine::{Engine, Ports, Settings};
use gridchat::store::Store;

const TURNS: usize = 1200;
const WARMUP: usize = 50;
const USERS: i64 = 200;

fn engine() -> Engine {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    Engine::load(
        &root.join("dialogues"),
        &root.join("locales"),
        Settings::default(),
    )
    .expect("shipped dialogues load")
}

async fn setup(limits: Limits) -> (FakeTelegram, Telegram, Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let store = Store::connect(&url).await.expect("connect");
    let clock = Clock::ticking_from("2026-12-03T22:00:00Z".parse().unwrap());
    let engine = Arc::new(engine());
    gridchat::app::demo::load_builtin(&store, engine.local_date(clock.now()))
        .await
        .expect("demo data");
    // Every bench user is linked to Maria Garcia, so each turn reads two real accounts.
    let mut tx = store.begin().await.unwrap();
    let account = tx
        .account(&AccountNumber::parse("1000000001").unwrap())
        .await
        .unwrap()
        .unwrap();
    for u in 0..USERS {
        let id = Identity::new(Channel::Telegram, (7000 + u).to_string());
        tx.create_link(&id, &account.customer, clock.now())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let service = Service::new(store.clone(), engine, clock);
    let fake = FakeTelegram::start().await;
    let config = TelegramConfig {
        enabled: true,
        token: Some(TOKEN.into()),
        api_url: fake.url.clone(),
        mode: Mode::Polling,
        poll_timeout_secs: 10,
        limits,
        ..TelegramConfig::default()
    };
    let channel = Telegram::start(&config, service).await.expect("channel");
    (fake, channel, store, dir)
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let q = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    let mean = samples.iter().sum::<Duration>() / samples.len() as u32;
    println!(
        "{name}: {} turns  median {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  max {:.2} ms  mean {:.2} ms",
        samples.len(),
        q(0.5).as_secs_f64() * 1e3,
        q(0.9).as_secs_f64() * 1e3,
        q(0.99).as_secs_f64() * 1e3,
        samples.last().unwrap().as_secs_f64() * 1e3,
        mean.as_secs_f64() * 1e3,
    );
}

/// Runs `TURNS` `/balance` turns, one at a time, `gap` apart (at least), round robin over
/// the users.
async fn run(name: &str, limits: Limits, gap: Duration) {
    let (fake, channel, store, _dir) = setup(limits).await;
    let mut samples = Vec::with_capacity(TURNS);
    let mut next = tokio::time::Instant::now();
    for i in 0..TURNS + WARMUP {
        tokio::time::sleep_until(next).await;
        next += gap;
        let user = TgUser {
            id: 7000 + (i as i64 % USERS),
            first_name: "Bench",
            language_code: "en",
        };
        let before = fake.send_count();
        let update = fake.message(&user, user.id, "/balance");
        let started = Instant::now();
        fake.queue(update);
        assert!(
            fake.wait_sends(before + 1, Duration::from_secs(30)).await,
            "turn {i} got no reply"
        );
        if i >= WARMUP {
            samples.push(started.elapsed());
        }
    }
    tokio::time::timeout(Duration::from_secs(30), channel.shutdown())
        .await
        .expect("stops");
    store.close().await;
    report(name, samples);
}

fn main() {
    // `cargo test --benches` runs this binary with `--bench` absent: keep that quick.
    if !std::env::args().any(|a| a == "--bench") {
        println!("telegram latency bench: run with `cargo bench --bench telegram`");
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let lifted = Limits {
            chat_messages: 1_000_000,
            chat_window_ms: 1,
            group_messages: 1_000_000,
            group_window_ms: 1,
            global_per_second: 1_000_000,
        };
        run("unthrottled", lifted, Duration::ZERO).await;
        run(
            "paced 20/s, shipped limits",
            Limits::default(),
            Duration::from_millis(50),
        )
        .await;
    });
}
