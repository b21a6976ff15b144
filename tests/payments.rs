//! Payments exactly once, on SQLite and PostgreSQL: redelivery, a crash between recording
//! and replying, racing confirmations; ownership by construction; the processor's files;
//! autopay from imports. (Bank account numbers never leaking: `payments_secrets.rs`.)

mod support;

use std::sync::Arc;

use gridchat::app::Handled;
use gridchat::domain::payment::NewPayment;
use gridchat::domain::{AccountNumber, Channel, Identity, Money};
use gridchat::engine::ports::{Ports, Scheduled};
use gridchat::engine::{Capabilities, ConversationState};
use sqlx::Row;
use support::{up_to_confirmation, TestApp, BANK_NUMBER};

async fn payments(app: &TestApp) -> Vec<(String, String)> {
    sqlx::query("SELECT confirmation, status FROM payments WHERE kind = 'one_time' ORDER BY id")
        .fetch_all(app.store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.try_get::<String, _>(0).unwrap(),
                r.try_get::<String, _>(1).unwrap(),
            )
        })
        .collect()
}

fn confirmation_in(text: &str) -> String {
    let at = text
        .find("GP-")
        .unwrap_or_else(|| panic!("no confirmation in {text}"));
    text[at..at + 12].to_string()
}

#[tokio::test]
async fn a_redelivered_confirmation_pays_once() {
    for db in support::backends().await {
        let app = TestApp::spawn(&db).await;
        let yes = up_to_confirmation(&app, "redeliver").await;
        let (first, reply) = app.send(yes.clone()).await;
        assert_eq!(first, Handled::Processed);
        let conf = confirmation_in(&reply);
        let (second, again) = app.send(yes).await;
        assert_eq!(second, Handled::Duplicate, "[{}]", db.name);
        assert!(again.is_empty());
        assert_eq!(
            payments(&app).await,
            vec![(conf, "pending".to_string())],
            "[{}]",
            db.name
        );
    }
}

#[tokio::test]
async fn a_crash_before_the_commit_reruns_the_turn_and_pays_once() {
    for db in support::backends().await {
        let app = TestApp::spawn(&db).await;
        let yes = up_to_confirmation(&app, "crash").await;
        // The turn runs and records the payment, then the process dies before committing.
        {
            let mut tx = app.store.begin().await.unwrap();
            assert!(tx
                .mark_inbound("terminal", &yes.message_id, yes.received_at)
                .await
                .unwrap());
            let json = tx
                .lock_conversation(&yes.identity, yes.received_at)
                .await
                .unwrap();
            let mut state = ConversationState::from_json(&json);
            let out = app
                .service
                .engine
                .turn(&mut tx, &mut state, &yes, yes.received_at)
                .await
                .unwrap();
            assert!(out.replies[0].text.contains("GP-"));
            drop(tx); // no commit: everything of that turn is gone
        }
        assert!(
            payments(&app).await.is_empty(),
            "[{}] an uncommitted turn left a payment",
            db.name
        );
        // The channel redelivers; the turn runs again from scratch.
        let (handled, reply) = app.send(yes.clone()).await;
        assert_eq!(handled, Handled::Processed);
        let conf = confirmation_in(&reply);
        assert_eq!(
            payments(&app).await,
            vec![(conf, "pending".to_string())],
            "[{}]",
            db.name
        );
    }
}

#[tokio::test]
async fn a_crash_after_the_commit_resends_the_same_confirmation() {
    for db in support::backends().await {
        let app = TestApp::spawn(&db).await;
        let yes = up_to_confirmation(&app, "after").await;
        // Committed, but the process dies before delivering the reply.
        assert_eq!(
            app.service.handle(yes.clone()).await.unwrap(),
            Handled::Processed
        );
        let restarted = gridchat::app::Service::new(
            app.store.clone(),
            app.service.engine.clone(),
            app.service.clock.clone(),
        );
        // The redelivered message is acknowledged, not processed…
        assert_eq!(restarted.handle(yes).await.unwrap(), Handled::Duplicate);
        // …and the reply still waiting in the outbox carries the one confirmation.
        let replies = restarted.take_replies("terminal", "after").await.unwrap();
        let text: String = replies.iter().map(|r| r.text.clone()).collect();
        let conf = confirmation_in(&text);
        assert_eq!(
            payments(&app).await,
            vec![(conf, "pending".to_string())],
            "[{}]",
            db.name
        );
    }
}

#[tokio::test]
async fn racing_confirmations_pay_once_and_both_hear_the_same_number() {
    for db in support::backends().await {
        let app = Arc::new(TestApp::spawn(&db).await);
        let _ = up_to_confirmation(&app, "race").await;
        // Two different "yes" messages (a double tap) arrive at once.
        let a = app.inbound("race", "yes", None);
        let b = app.inbound("race", "yes", None);
        let (ra, rb) = tokio::join!(app.service.handle(a), app.service.handle(b));
        assert_eq!(
            (ra.unwrap(), rb.unwrap()),
            (Handled::Processed, Handled::Processed)
        );
        let text = app.replies("race").await;
        let first = confirmation_in(&text);
        let second = confirmation_in(&text[text.find(&first).unwrap() + 12..]);
        assert_eq!(
            first, second,
            "[{}] both replies name one confirmation:\n{text}",
            db.name
        );
        assert!(
            text.contains("You already confirmed this"),
            "[{}] {text}",
            db.name
        );
        assert_eq!(payments(&app).await.len(), 1, "[{}]", db.name);
    }
}

#[tokio::test]
async fn a_payment_for_another_customers_account_cannot_be_written() {
    for db in support::backends().await {
        let app = TestApp::spawn(&db).await;
        let yes = up_to_confirmation(&app, "thief").await;
        app.send(yes).await;
        let bank_id: i64 = sqlx::query_scalar("SELECT id FROM bank_accounts")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        let mut tx = app.store.begin().await.unwrap();
        // Maria's chat, Maria's bank account, Nguyễn Văn An's account: refused by the query itself.
        let request = NewPayment {
            identity: Identity::new(Channel::Terminal, "thief"),
            account: AccountNumber::parse("1000000003").unwrap(),
            bank_id,
            amount: Money::from_cents(100),
            date: "2026-12-03".parse().unwrap(),
            posting_by: "2026-12-07".parse().unwrap(),
            idempotency_key: "terminal:forged".into(),
            confirmation: "GP-FORG-ED00".into(),
        };
        assert_eq!(
            tx.schedule_payment(&request, support::t(support::NOW))
                .await
                .unwrap(),
            Scheduled::NotYours,
            "[{}]",
            db.name
        );
        // And an identity that is not linked at all cannot pay even its "own" account.
        let stranger = NewPayment {
            identity: Identity::new(Channel::Terminal, "stranger"),
            account: AccountNumber::parse("1000000001").unwrap(),
            idempotency_key: "terminal:stranger".into(),
            confirmation: "GP-STRA-NGER".into(),
            ..request
        };
        assert_eq!(
            tx.schedule_payment(&stranger, support::t(support::NOW))
                .await
                .unwrap(),
            Scheduled::NotYours
        );
        tx.commit().await.unwrap();
        assert_eq!(payments(&app).await.len(), 1, "[{}]", db.name);
    }
}

#[tokio::test]
async fn payment_steps_refuse_to_run_in_a_group_chat() {
    let db = support::sqlite().await;
    let app = TestApp::spawn(&db).await;
    app.link_maria("grouped").await;
    let mut inbound = app.inbound("grouped", "/pay", None);
    inbound.capabilities = Capabilities {
        buttons: true,
        private: false,
    };
    let (_, reply) = app.send(inbound).await;
    assert!(
        reply.contains("I only show account details in a private chat"),
        "{reply}"
    );
}

#[tokio::test]
async fn the_nacha_export_checks_out_and_is_not_repeated_then_posting_lowers_the_balance() {
    for db in support::backends().await {
        let app = TestApp::spawn(&db).await;
        let yes = up_to_confirmation(&app, "nacha").await;
        let (_, reply) = app.send(yes).await;
        let conf = confirmation_in(&reply);
        let config = gridchat::config::Config::default();
        let originator = config.originator().unwrap();
        let now = support::t("2026-12-04T02:30:00Z");
        let mut written = String::new();
        let exported = app.store.export_payments(
            "2026-12-03".parse().unwrap(),
            gridchat::store::processor::Format::Nacha,
            &originator,
            now,
            |t| {
                written = t.to_string();
                Ok(())
            },
        );
        let exported = exported.await.unwrap();
        assert_eq!(exported.payments, 1);
        let summary =
            gridchat::domain::nacha::check(&written).unwrap_or_else(|e| panic!("{e}\n{written}"));
        assert_eq!(summary.entries, 1);
        assert_eq!(summary.total_debit_cents as i64, exported.total.cents());
        assert_eq!(summary.entry_hash, 12_100_035);
        assert!(
            written.contains(&format!("{BANK_NUMBER:<17}")),
            "the processor's file carries the account number"
        );
        // A second, independent reader of the format.
        let parsed = rs_ach::AchFile::parse(&written)
            .unwrap_or_else(|e| panic!("rs-ach refused the file: {e}"));
        assert_eq!(parsed.batches.len(), 1);
        assert_eq!(parsed.batches[0].entries.len(), 1);
        // Nothing is exported twice.
        let again = app
            .store
            .export_payments(
                "2026-12-03".parse().unwrap(),
                gridchat::store::processor::Format::Csv,
                &originator,
                now,
                |_| Ok(()),
            )
            .await
            .unwrap();
        assert_eq!(again.payments, 0, "[{}]", db.name);
        // Posting makes the payment count against the balance.
        let before = app.say("nacha", "/balance").await;
        assert_eq!(app.store.post_payments(now).await.unwrap(), 1);
        let after = app.say("nacha", "/balance").await;
        assert_ne!(before, after);
        assert!(before.contains("being processed"), "[{}] {before}", db.name);
        assert!(
            after.contains("Nothing is due") || !after.contains("being processed"),
            "[{}] {after}",
            db.name
        );
        let activity = app.say("nacha", "/activity").await;
        assert!(
            activity.contains("payment received") && activity.contains(&conf),
            "[{}] {activity}",
            db.name
        );
    }
}

#[tokio::test]
async fn an_imported_bill_schedules_autopay_once_however_often_it_runs() {
    for db in support::backends().await {
        let app = TestApp::spawn(&db).await;
        app.link_maria("auto").await;
        for line in [
            "/autopay",
            "1",
            "1",
            "Savings",
            "322271627",
            "4321",
            "yes",
            "yes",
        ] {
            app.say("auto", line).await;
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("bills.csv"),
            "account_number,statement_date,due_date,period_start,period_end,kwh,amount_due\n1000000001,2026-12-20,2027-01-10,2026-11-20,2026-12-19,410.25,151.37\n",
        )
        .unwrap();
        for _ in 0..3 {
            gridchat::import::import_dir(&app.store, dir.path())
                .await
                .unwrap();
        }
        let rows =
            sqlx::query("SELECT amount_cents, date, status FROM payments WHERE kind = 'autopay'")
                .fetch_all(app.store.pool())
                .await
                .unwrap();
        assert_eq!(rows.len(), 1, "[{}]", db.name);
        assert_eq!(rows[0].try_get::<i64, _>(0).unwrap(), 15_137);
        assert_eq!(rows[0].try_get::<String, _>(1).unwrap(), "2027-01-10");
        let status = app.say("auto", "/autopay").await + &app.say("auto", "1").await;
        assert!(
            status.contains("Next automatic payment: $151.37 on January 10, 2027"),
            "[{}] {status}",
            db.name
        );
    }
}
