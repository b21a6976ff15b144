//! Email intake rate: messages stored, parsed, classified, read as commands and answered (one
//! committed turn each, reply queued in the outbox) per second, on SQLite.
//! `cargo bench --bench email`; criterion's "thrpt" line is messages per second.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gridchat::app::{Clock, Service};
use gridchat::channels::email::{EmailChannel, EmailSettings, TokenKey};
use gridchat::engine::Engine;

/// Messages per measured batch.
const BATCH: u64 = 20;

fn mail(n: u64) -> Vec<u8> {
    // Distinct senders, so neither the per-sender limit nor the reply limit applies; a
    // Gmail-style quoted reply, so quote stripping does real work.
    format!(
        "From: Customer {n} <customer{n}@example.com>\r\nTo: myaccount@gridchat.example\r\nSubject: Re: Your account\r\nMessage-ID: <bench-{n}@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBALANCE\r\n\r\nOn Thu, Dec 3, 2026 at 2:00 PM Golden State Power <myaccount@gridchat.example> wrote:\r\n> Reply HELP for the list of commands.\r\n> Golden State Power\r\n"
    )
    .into_bytes()
}

fn bench_intake(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let channel = rt.block_on(async {
        let store = gridchat::store::Store::connect(&url).await.unwrap();
        let clock = Clock::fixed("2026-12-03T22:00:00Z".parse().unwrap());
        let engine = Arc::new(
            Engine::load("dialogues".as_ref(), "locales".as_ref(), Default::default()).unwrap(),
        );
        gridchat::app::demo::load_builtin(&store, engine.local_date(clock.now()))
            .await
            .unwrap();
        let service = Service::new(store, engine, clock);
        EmailChannel::new(
            service,
            EmailSettings::for_address("myaccount@gridchat.example"),
            TokenKey::new(b"bench".to_vec()),
        )
    });
    let n = AtomicU64::new(0);
    let mut g = c.benchmark_group("email_intake_sqlite");
    g.throughput(Throughput::Elements(BATCH));
    g.sample_size(20);
    g.bench_function("receive_parse_answer", |b| {
        b.iter(|| {
            rt.block_on(async {
                for _ in 0..BATCH {
                    let i = n.fetch_add(1, Ordering::Relaxed);
                    channel.receive(None, &mail(i)).await.unwrap();
                }
                let done = channel.process_pending().await.unwrap();
                assert_eq!(done as u64, BATCH);
            })
        })
    });
    g.finish();
}

criterion_group!(benches, bench_intake);
criterion_main!(benches);
