//! `gridchat serve` as operators run it: the real binary, configured from the environment,
//! talking to the fake Bot API, stopped by SIGTERM; an update accepted before the stop is
//! answered exactly once, by this run or the next.

mod support;
mod tg;

use std::process::Stdio;
use std::time::Duration;

use tg::{FakeTelegram, MARIA, TOKEN};
use tokio::io::AsyncReadExt;

fn serve(fake: &FakeTelegram, db: &str, dir: &std::path::Path) -> tokio::process::Child {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    tokio::process::Command::new(env!("CARGO_BIN_EXE_gridchat"))
        .arg("serve")
        .current_dir(dir)
        .env("GRIDCHAT__DATABASE__URL", db)
        .env("GRIDCHAT__PATHS__DIALOGUES", root.join("dialogues"))
        .env("GRIDCHAT__PATHS__LOCALES", root.join("locales"))
        .env("GRIDCHAT__EMAIL__OUTBOX_DIR", dir.join("outbox"))
        .env("GRIDCHAT__TELEGRAM__ENABLED", "true")
        .env("GRIDCHAT__TELEGRAM__TOKEN", TOKEN)
        .env("GRIDCHAT__TELEGRAM__API_URL", &fake.url)
        .env("GRIDCHAT__TELEGRAM__POLL_TIMEOUT_SECS", "2")
        .env("GRIDCHAT_NOW", support::NOW)
        .env("GRIDCHAT_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("gridchat starts")
}

/// SIGTERM, then the exit status and what it said.
async fn terminate(mut child: tokio::process::Child) -> (bool, String) {
    let pid = child.id().expect("running").to_string();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let exit = tokio::time::timeout(Duration::from_secs(30), child.wait())
        .await
        .expect("stops in time")
        .expect("exit status");
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        e.read_to_string(&mut err).await.ok();
    }
    (exit.success(), err)
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(tokio::time::Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn serve_answers_on_telegram_and_stops_cleanly_on_sigterm() {
    tokio::time::timeout(Duration::from_secs(180), async {
        for db in support::backends().await {
            let dir = tempfile::tempdir().unwrap();
            let fake = FakeTelegram::start().await;
            let child = serve(&fake, &db.url, dir.path());
            fake.queue(fake.message(&MARIA, MARIA.id, "/start"));
            wait_for("a reply to /start", || fake.send_count() == 1).await;
            assert!(fake.sends()[0]
                .text()
                .unwrap()
                .contains("Hi! I'm the Golden State Power assistant"));

            // Stopped right after an update became available: wherever the stop falls, the
            // update is answered once (this run, or the next one, which gets it again).
            fake.queue(fake.message(&MARIA, MARIA.id, "/help"));
            let (ok, err) = terminate(child).await;
            assert!(ok, "exit status 0; stderr:\n{err}");
            assert!(err.contains("gridchat serve: stopped cleanly"), "{err}");
            assert!(!err.contains(TOKEN), "the token is never logged:\n{err}");

            let child = serve(&fake, &db.url, dir.path());
            wait_for("the second update answered", || fake.send_count() >= 2).await;
            wait_for("nothing left unconfirmed", || fake.unconfirmed() == 0).await;
            tokio::time::sleep(Duration::from_millis(500)).await;
            assert_eq!(
                fake.send_count(),
                2,
                "answered exactly once: {:#?}",
                fake.sends()
            );
            let (ok, err) = terminate(child).await;
            assert!(ok, "{err}");
        }
    })
    .await
    .expect("the test finished in time");
}
