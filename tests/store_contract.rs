//! The storage contract, run on SQLite always and on PostgreSQL when configured: import
//! idempotency and atomicity, inbound deduplication, per-conversation ordering.

mod support;

use std::io::Write;

use gridchat::app::Handled;
use gridchat::import::{import_dir, ImportError};
use gridchat::store::Store;
use support::TestApp;

fn write(dir: &std::path::Path, file: &str, text: &str) {
    std::fs::File::create(dir.join(file))
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
}

const CUSTOMERS: &str = "customer_number,name,email,language,segment,billing_zip\n\
    5000000001,\"O'Brien & Sons, <LLC>\",ob@example.com,en,business,94607\n\
    5000000002,Trần Thị Mai,mai@example.com,vi,residential,95111\n";
const ACCOUNTS: &str = "account_number,customer_number,service_address,service_zip,rate_plan,outage_group,demand_kw,deposit_amount,next_statement_date\n\
    6000000001,5000000001,410 Broadway,94607,B-10,3,42.5,,2027-01-05\n\
    6000000002,5000000002,\"12 Story Rd, Apt 3\",95111,E-1,7,,120.00,\n";
const BILLS: &str =
    "account_number,statement_date,due_date,period_start,period_end,kwh,amount_due\n\
    6000000002,2026-11-05,2026-11-26,2026-10-05,2026-11-04,400.5,140.25\n";
const USAGE: &str =
    "account_number,date,kwh\n6000000002,2026-11-01,12.5\n6000000002,2026-11-02,13.25\n";
const PAYMENTS: &str = "account_number,date,amount,method\n6000000002,2026-11-10,40.00,web\n6000000002,2026-11-10,40.00,web\n";

#[tokio::test]
async fn importing_twice_changes_nothing() {
    for db in support::backends().await {
        let store = Store::connect(&db.url).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        for (f, t) in [
            ("customers.csv", CUSTOMERS),
            ("accounts.csv", ACCOUNTS),
            ("bills.csv", BILLS),
            ("usage.csv", USAGE),
            ("payments.csv", PAYMENTS),
        ] {
            write(dir.path(), f, t);
        }
        let first = import_dir(&store, dir.path()).await.unwrap();
        assert_eq!(first.changed(), 2 + 2 + 1 + 1 + 2, "[{}] {first}", db.name);
        let second = import_dir(&store, dir.path()).await.unwrap();
        assert_eq!(
            second.changed(),
            0,
            "[{}] second import changed rows:\n{second}",
            db.name
        );
        // Two identical payments on one day are both kept, once each.
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(n, 2, "[{}]", db.name);
        // A later partial month merges with, never erases, the days already stored.
        write(
            dir.path(),
            "usage.csv",
            "account_number,date,kwh\n6000000002,2026-11-03,9\n",
        );
        std::fs::remove_file(dir.path().join("payments.csv")).unwrap();
        import_dir(&store, dir.path()).await.unwrap();
        let days: (Option<i64>, Option<i64>, Option<i64>) = {
            use sqlx::Row;
            let r = sqlx::query(
                "SELECT d01, d02, d03 FROM usage_months WHERE account_number = '6000000002'",
            )
            .fetch_one(store.pool())
            .await
            .unwrap();
            (
                r.try_get(0).unwrap(),
                r.try_get(1).unwrap(),
                r.try_get(2).unwrap(),
            )
        };
        assert_eq!(
            days,
            (Some(12_500), Some(13_250), Some(9_000)),
            "[{}]",
            db.name
        );
    }
}

#[tokio::test]
async fn a_file_with_bad_rows_is_refused_whole_with_every_row_listed() {
    for db in support::backends().await {
        let store = Store::connect(&db.url).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "customers.csv",
            &format!("{CUSTOMERS}5000000003,Bad Zip,x@example.com,fr,residential,9411\n"),
        );
        write(dir.path(), "accounts.csv", ACCOUNTS);
        write(dir.path(), "bills.csv", &format!("{BILLS}6000000002,2026-12-05,2026-12-01,2026-11-05,2026-12-04,10.1234,12.345\n9999999999,2026-12-05,2026-12-26,2026-11-05,2026-12-04,1,1.00\n"));
        let err = import_dir(&store, dir.path()).await.unwrap_err();
        let ImportError::Invalid { errors, total } = &err else {
            panic!("[{}] {err}", db.name)
        };
        let text = err.to_string();
        for want in [
            "customers.csv:4: language: `fr` must be `en` or `vi`",
            "customers.csv:4: billing_zip: `9411` has the wrong number of digits",
            "bills.csv:3: due_date: is before statement_date",
            "bills.csv:3: kwh: `10.1234` has more than three decimals",
            "bills.csv:3: amount_due: `12.345` is not money: more than two decimal places",
            "bills.csv:4: account_number: `9999999999` is not in accounts.csv nor already imported",
        ] {
            assert!(
                text.contains(want),
                "[{}] missing `{want}` in:\n{text}",
                db.name
            );
        }
        assert_eq!(*total, errors.len());
        assert!(
            store.is_empty().await.unwrap(),
            "[{}] nothing may be applied",
            db.name
        );
    }
}

#[tokio::test]
async fn a_wrong_header_is_named() {
    let db = support::sqlite().await;
    let store = Store::connect(&db.url).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "customers.csv", "number,name\n1,x\n");
    let err = import_dir(&store, dir.path())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("customers.csv:1: header: expected `customer_number,name,email,language,segment,billing_zip`"), "{err}");
}

#[tokio::test]
async fn a_redelivered_message_is_processed_once() {
    for db in support::backends().await {
        let app = TestApp::spawn(&db).await;
        let inbound = app.inbound("dup", "/start", None);
        let (first, reply) = app.send(inbound.clone()).await;
        assert_eq!(first, Handled::Processed);
        assert!(
            reply.contains("Golden State Power assistant"),
            "[{}] {reply}",
            db.name
        );
        let (second, again) = app.send(inbound).await;
        assert_eq!(second, Handled::Duplicate, "[{}]", db.name);
        assert!(
            again.is_empty(),
            "[{}] a duplicate must not reply again: {again}",
            db.name
        );
    }
}

#[tokio::test]
async fn concurrent_messages_of_one_person_are_serialised_and_of_many_run_together() {
    for db in support::backends().await {
        let app = std::sync::Arc::new(TestApp::spawn(&db).await);
        app.link_maria("racer").await;
        // Many copies of one message at once: exactly one is processed.
        let inbound = app.inbound("racer", "/balance", None);
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (app, inbound) = (app.clone(), inbound.clone());
            tasks.push(tokio::spawn(async move {
                app.service.handle(inbound).await.unwrap()
            }));
        }
        let mut processed = 0;
        for t in tasks {
            if t.await.unwrap() == Handled::Processed {
                processed += 1;
            }
        }
        assert_eq!(processed, 1, "[{}]", db.name);
        // Different people in parallel each get their own answer.
        let mut tasks = Vec::new();
        for i in 0..6 {
            let app = app.clone();
            tasks.push(tokio::spawn(async move {
                let user = format!("p{i}");
                app.service
                    .handle(app.inbound(&user, "/start", None))
                    .await
                    .unwrap();
                app.replies(&user).await
            }));
        }
        for t in tasks {
            assert!(t.await.unwrap().contains("assistant"), "[{}]", db.name);
        }
    }
}

#[tokio::test]
async fn the_conversation_survives_a_restart_mid_flow() {
    for db in support::backends().await {
        let app = TestApp::spawn(&db).await;
        app.say("resume", "/link").await;
        app.say("resume", "1000000001").await;
        drop(app);
        // A new process on the same database carries on at the ZIP question.
        let store = Store::connect(&db.url).await.unwrap();
        let service = gridchat::app::Service::new(
            store,
            std::sync::Arc::new(support::engine()),
            gridchat::app::Clock::fixed(support::t(support::NOW)),
        );
        let inbound = gridchat::engine::Inbound {
            identity: gridchat::domain::Identity::new(
                gridchat::domain::Channel::Terminal,
                "resume",
            ),
            message_id: "after-restart".into(),
            content: gridchat::engine::Content::Text("94110".into()),
            capabilities: Default::default(),
            locale_hint: None,
            received_at: support::t(support::NOW),
        };
        service.handle(inbound).await.unwrap();
        let replies = service.take_replies("terminal", "resume").await.unwrap();
        let text: String = replies.iter().map(|r| r.text.clone()).collect();
        assert!(
            text.contains("I sent a 6-digit code to m***@example.com"),
            "[{}] {text}",
            db.name
        );
    }
}

#[tokio::test]
async fn a_new_link_is_announced_by_email_and_on_the_other_chats() {
    for db in support::backends().await {
        let app = TestApp::spawn(&db).await;
        app.link_maria("first").await;
        let before = app.mailer.count();
        app.link_maria("second").await;
        let sent = app.mailer.sent.lock().unwrap().clone();
        let notice = sent[before..]
            .iter()
            .find(|m| m.subject.contains("A chat was linked"))
            .expect("link notice mailed");
        assert_eq!(notice.to.as_str(), "maria.garcia@example.com");
        assert!(
            notice.text.contains("the terminal (…cond)"),
            "{}",
            notice.text
        );
        let on_first = app.replies("first").await;
        assert!(
            on_first.contains("Security notice"),
            "[{}] {on_first}",
            db.name
        );
        // Codes are kept only as salted hashes.
        let stored: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM link_codes")
            .fetch_all(app.store.pool())
            .await
            .unwrap();
        assert!(stored.iter().all(|h| h.len() == 64));
    }
}

#[tokio::test]
async fn an_expired_code_does_not_link() {
    for db in support::backends().await {
        let app = TestApp::spawn(&db).await;
        app.say("late", "/link").await;
        app.say("late", "1000000001").await;
        app.say("late", "94110").await;
        let code = app.mailer.last_code().unwrap();
        app.service.clock.set(support::t("2026-12-04T22:00:01Z"));
        let reply = app.say("late", &code).await;
        assert!(
            reply.contains("That code has expired"),
            "[{}] {reply}",
            db.name
        );
        assert!(
            app.say("late", "/balance").await.contains("First, link"),
            "[{}]",
            db.name
        );
    }
}

#[tokio::test]
async fn a_linked_chat_can_remove_another_and_it_loses_access() {
    for db in support::backends().await {
        let app = TestApp::spawn(&db).await;
        app.link_maria("phone").await;
        app.link_maria("laptop").await;
        let list = app.say("laptop", "/identities").await;
        assert!(
            list.contains("(this chat)") && list.contains("Which one would you like to remove?"),
            "[{}] {list}",
            db.name
        );
        assert!(app.say("laptop", "1").await.contains("Remove it?"));
        assert!(app.say("laptop", "yes").await.contains("Removed."));
        assert!(
            app.say("phone", "/balance").await.contains("First, link"),
            "[{}]",
            db.name
        );
    }
}

#[tokio::test]
async fn a_changed_flow_does_not_strand_a_conversation() {
    for db in support::backends().await {
        let app = TestApp::spawn(&db).await;
        app.say("stale", "/link").await;
        // As if written by an older release whose link flow had a step that no longer exists.
        let stale = r#"{"version":1,"active":{"flow":"link","flow_version":0,"step":"ask_phone","vars":{}}}"#;
        sqlx::query("UPDATE conversations SET state = $1 WHERE external_id = 'stale'")
            .bind(stale)
            .execute(app.store.pool())
            .await
            .unwrap();
        let reply = app.say("stale", "94110").await;
        assert!(
            reply.contains("This conversation was updated"),
            "[{}] {reply}",
            db.name
        );
        assert!(app
            .say("stale", "/link")
            .await
            .contains("What is your account number?"));
    }
}
