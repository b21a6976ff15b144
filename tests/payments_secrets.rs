//! A bank account number typed in a payment appears nowhere but its ciphertext: not in
//! logs, transcripts, outbox files or any database column, on SQLite and PostgreSQL.

mod support;

use std::sync::{Arc, Mutex};

use sqlx::Row;
use support::{up_to_confirmation, TestApp, BANK_NUMBER};

/// Captures every log line the service writes, at the most verbose level.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_bank_account_number_appears_nowhere_but_its_ciphertext() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    for db in support::backends().await {
        let outbox = tempfile::tempdir().unwrap();
        let app = TestApp::spawn(&db).await;
        let yes = up_to_confirmation(&app, "leak").await;
        let (_, reply) = app.send(yes).await;
        let mut transcript = reply;
        transcript += &app.say("leak", "/activity").await;
        transcript += &app.say("leak", "/banks").await;
        // Mail goes through the real file mailer too, as in the embedded default.
        let mailer = gridchat::app::mailer::DirMailer::new(
            "Golden State Power <myaccount@gridchat.example>"
                .parse()
                .unwrap(),
            outbox.path().to_path_buf(),
        );
        app.say("leak2", "/link").await;
        app.say("leak2", "1000000001").await;
        app.say("leak2", "94110").await;
        app.service.deliver_mail(&mailer).await.unwrap();
        assert!(
            !transcript.contains(BANK_NUMBER),
            "[{}] transcript",
            db.name
        );
        assert!(transcript.contains("••••6789"));
        for f in std::fs::read_dir(outbox.path()).unwrap() {
            let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
            assert!(!text.contains(BANK_NUMBER), "[{}] outbox file", db.name);
        }
        // Every text column of every table, the ciphertext column included (it is encrypted).
        let tables = match db.name {
            "sqlite" => sqlx::query_scalar::<_, String>("SELECT name FROM sqlite_master WHERE type = 'table'").fetch_all(app.store.pool()).await.unwrap(),
            _ => sqlx::query_scalar::<_, String>("SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'").fetch_all(app.store.pool()).await.unwrap(),
        };
        let mut scanned = 0;
        for table in tables {
            let cols: Vec<String> = match db.name {
                "sqlite" => sqlx::query(&format!("PRAGMA table_info({table})")).fetch_all(app.store.pool()).await.unwrap().iter().map(|r| r.try_get::<String, _>("name").unwrap()).collect(),
                _ => sqlx::query_scalar::<_, String>("SELECT column_name::text FROM information_schema.columns WHERE table_name = $1").bind(&table).fetch_all(app.store.pool()).await.unwrap(),
            };
            for col in cols {
                let hits: i64 = sqlx::query_scalar(&format!(
                    "SELECT COUNT(*) FROM {table} WHERE CAST({col} AS TEXT) LIKE $1"
                ))
                .bind(format!("%{BANK_NUMBER}%"))
                .fetch_one(app.store.pool())
                .await
                .unwrap();
                assert_eq!(
                    hits, 0,
                    "[{}] {table}.{col} holds the bank account number",
                    db.name
                );
                scanned += 1;
            }
        }
        assert!(scanned > 50, "scanned {scanned} columns");
    }
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        !logs.contains(BANK_NUMBER),
        "logs hold the bank account number"
    );
}
