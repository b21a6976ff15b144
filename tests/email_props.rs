//! Malformed input never panics and never loses a message: random bytes and mutated real
//! messages go through the whole intake path (store, read, classify, answer or not).

mod email_support;
mod support;

use proptest::prelude::*;

fn seeds() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = Vec::new();
    let own = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/email");
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/email");
    for dir in [
        own,
        corpus.join("mailgun-talon/tests/fixtures/standard_replies"),
        corpus.join("sisimai-set-of-emails/maildir/bsd"),
    ] {
        if let Ok(rd) = std::fs::read_dir(&dir) {
            let mut files: Vec<_> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            v.extend(
                files
                    .iter()
                    .step_by(7)
                    .take(40)
                    .filter_map(|p| std::fs::read(p).ok()),
            );
        }
    }
    if v.is_empty() {
        v.push(b"From: a@example.com\r\nSubject: x\r\n\r\nBALANCE\r\n".to_vec());
    }
    v
}

/// A message: random bytes, or a real one with a slice replaced, cut or duplicated.
fn message() -> impl Strategy<Value = Vec<u8>> {
    let seeds = seeds();
    let n = seeds.len();
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..600),
        (
            0..n,
            any::<usize>(),
            any::<usize>(),
            proptest::collection::vec(any::<u8>(), 0..40)
        )
            .prop_map(move |(i, at, len, junk)| {
                let mut m = seeds[i].clone();
                let at = at % (m.len() + 1);
                let end = (at + len % 64).min(m.len());
                m.splice(at..end, junk);
                m
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_input_is_stored_and_processed_without_panicking(raws in proptest::collection::vec(message(), 1..4)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let db = support::sqlite().await;
            let h = email_support::EmailHarness::spawn_with(&db, |s| s.max_per_sender_per_hour = 1_000_000).await;
            let mut stored = 0;
            for raw in &raws {
                match h.channel.receive(None, raw).await.unwrap() {
                    gridchat::channels::email::intake::Received::Accepted => stored += 1,
                    gridchat::channels::email::intake::Received::Duplicate => {}
                    other => panic!("refused {other:?}"),
                }
                let _ = h.channel.read(raw).await.unwrap();
            }
            h.channel.process_pending().await.unwrap();
            let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM email_messages")
                .fetch_one(h.app.store.pool()).await.unwrap();
            assert_eq!(kept, stored, "every accepted message is kept");
            let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM email_messages WHERE status = 'new'")
                .fetch_one(h.app.store.pool()).await.unwrap();
            assert_eq!(pending, 0, "every message was handled");
        });
    }
}

#[test]
fn quote_stripping_and_commands_take_any_text() {
    proptest!(|(s in "\\PC{0,400}")| {
        let r = gridchat::channels::email::quote::extract_reply(&s);
        let _ = gridchat::channels::email::commands::parse(&r);
        let _ = gridchat::channels::email::parse::html_to_text(&s);
    });
}
