//! The binary as a newcomer and an operator use it: chat on a fresh folder, check, import
//! refusals with exit codes, and serve stopping cleanly on SIGTERM.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn gridchat(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gridchat"));
    let root = env!("CARGO_MANIFEST_DIR");
    c.current_dir(dir)
        .env("GRIDCHAT__PATHS__DIALOGUES", format!("{root}/dialogues"))
        .env("GRIDCHAT__PATHS__LOCALES", format!("{root}/locales"))
        .env("GRIDCHAT_NOW", "2026-12-03T10:00:00-08:00")
        .env_remove("GRIDCHAT__DATABASE__URL");
    c
}

#[test]
fn a_newcomer_chats_on_demo_data_and_links_with_the_mailed_code() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = gridchat(dir.path())
        .arg("chat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"/link\n1000000001\n94110\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("loaded the demo data (40 customers)"),
        "{stdout}"
    );
    assert!(stdout.contains("1000000001  94110"), "{stdout}");
    assert!(
        stdout.contains("--- mail to maria.garcia@example.com"),
        "{stdout}"
    );
    let eml: Vec<_> = std::fs::read_dir(dir.path().join("data/outbox"))
        .unwrap()
        .collect();
    assert_eq!(eml.len(), 1, "the code mail is in the outbox folder");
    assert!(dir.path().join("data/gridchat.db").exists());
    assert!(dir.path().join("data/secret.key").exists());
}

#[test]
fn check_passes_on_the_shipped_files_and_names_a_broken_config() {
    let dir = tempfile::tempdir().unwrap();
    let ok = gridchat(dir.path()).arg("check").output().unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    std::fs::write(
        dir.path().join("bad.toml"),
        "[utility]\ntime_zone = \"Mars/Olympus\"\n",
    )
    .unwrap();
    let bad = gridchat(dir.path())
        .args(["--config", "bad.toml", "check"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr)
        .contains("utility.time_zone `Mars/Olympus` is not an IANA time zone"));
}

#[test]
fn an_import_with_bad_rows_exits_non_zero_listing_them() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("export");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("customers.csv"), "customer_number,name,email,language,segment,billing_zip\n123,X,x@example.com,en,residential,94110\n").unwrap();
    let out = gridchat(dir.path())
        .args(["import", "export"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("customers.csv:2: customer_number: `123` has the wrong number of digits"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn serve_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = gridchat(dir.path())
        .arg("serve")
        .env("GRIDCHAT__EMAIL__LISTEN", "127.0.0.1:0")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Signal only once it says it is running, so the handler is in place.
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("serve said it is running");
        if line.contains("running") {
            break;
        }
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            assert!(s.success(), "exit {s}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "serve did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
