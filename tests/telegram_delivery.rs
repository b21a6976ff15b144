//! Delivery on Telegram through the fake Bot API, on every backend: groups get no account
//! data, repeats are processed once, flood control is honoured, and a restart resumes.

mod support;
mod tg;

use std::time::Duration;

use gridchat::channels::telegram::Mode;
use tg::{texts, TgApp, MARIA};

async fn bounded<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(240), f)
        .await
        .expect("the test finished in time")
}

#[tokio::test]
async fn in_a_group_private_flows_are_refused_with_a_link_to_a_private_chat() {
    bounded(async {
        for db in support::backends().await {
            let mut app = TgApp::spawn(&db, Mode::Polling).await;
            let group = -100_777;
            let r = app
                .say_in(&MARIA, group, "/balance@gridchat_test_bot")
                .await;
            assert_eq!(r[0].chat_id(), Some(group), "the reply goes to the group");
            let text = texts(&r);
            assert!(
                text.contains("only show account details in a private chat"),
                "{text}"
            );
            assert!(!text.contains('$'), "no account data in a group: {text}");
            let buttons = r[0].buttons();
            assert_eq!(
                buttons,
                [(
                    "Continue in a private chat".to_string(),
                    "https://t.me/gridchat_test_bot?start=balance".to_string()
                )]
            );
            // The deep link's /start parameter leads straight into the flow in private.
            let r = app.say(&MARIA, "/start balance").await;
            assert!(texts(&r).contains("First, link your Golden State Power account"));
            // A command for another bot in the group is left alone.
            let before = app.fake.sends().len();
            app.fake
                .queue(app.fake.message(&MARIA, group, "/balance@other_bot"));
            app.say_in(&MARIA, group, "/help").await;
            let after = app.fake.sends();
            assert!(after[before..]
                .iter()
                .all(|c| !texts(std::slice::from_ref(c)).contains("private chat")));

            // A private flow begun in private is not answered from the group…
            app.say(&MARIA, "/link").await;
            app.say(&MARIA, "1000000001").await;
            let r = app.say_in(&MARIA, group, "94110").await;
            let text = texts(&r);
            assert!(
                text.contains("only show account details in a private chat"),
                "{text}"
            );
            assert!(!text.contains("m***"), "{text}");
            // …and the deep link back into the private chat continues where it was.
            let r = app.say(&MARIA, "/start link").await;
            assert!(
                texts(&r).contains("ZIP code of your billing address"),
                "{}",
                texts(&r)
            );
            let r = app.say(&MARIA, "94110").await;
            assert!(texts(&r).contains("I sent a 6-digit code"), "{}", texts(&r));
            app.stop_channel().await;
        }
    })
    .await;
}

#[tokio::test]
async fn a_redelivered_update_is_processed_once() {
    bounded(async {
        for db in support::backends().await {
            let mut app = TgApp::spawn(&db, Mode::Polling).await;
            let update = app.fake.message(&MARIA, MARIA.id, "/start");
            // Twice in one batch, then once more after it was confirmed.
            app.fake.queue(update.clone());
            let r = app.deliver(update.clone()).await;
            assert_eq!(r.len(), 1, "{r:#?}");
            let mut again = update.clone();
            again["update_id"] = serde_json::json!(update["update_id"].as_i64().unwrap() + 500);
            app.fake.queue(again);
            let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
            while app.fake.unconfirmed() > 0 {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "the repeat was confirmed"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert_eq!(app.fake.sends().len(), 1, "one reply for one message");
            app.stop_channel().await;
        }
    })
    .await;
}

#[tokio::test]
async fn flood_control_is_honoured_and_the_reply_still_arrives() {
    bounded(async {
        for db in support::backends().await {
            let mut app = TgApp::spawn(&db, Mode::Polling).await;
            app.fake.flood("sendMessage", 2);
            let r = app.say(&MARIA, "/start").await;
            assert!(texts(&r).contains("Hi! I'm the Golden State Power assistant"));
            let tries = app.fake.calls_to("sendMessage");
            assert_eq!(tries.len(), 2, "refused once, then sent");
            let waited = tries[1].at - tries[0].at;
            assert!(waited >= Duration::from_secs(2), "waited {waited:?}");
            assert!(
                waited < Duration::from_secs(6),
                "but not much longer: {waited:?}"
            );
            app.stop_channel().await;
        }
    })
    .await;
}

#[tokio::test]
async fn a_burst_to_one_chat_is_paced_and_nothing_is_lost() {
    bounded(async {
        let db = support::sqlite().await;
        let mut app = TgApp::spawn(&db, Mode::Polling).await;
        let before = app.fake.sends().len();
        for _ in 0..6 {
            app.fake.queue(app.fake.message(&MARIA, MARIA.id, "hello"));
        }
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while app.fake.sends().len() < before + 6 {
            assert!(
                tokio::time::Instant::now() < deadline,
                "all six replies arrive"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let sends = &app.fake.sends()[before..];
        // At most three in any three seconds (the default private-chat limit).
        for w in sends.windows(4) {
            assert!(
                w[3].at - w[0].at >= Duration::from_millis(2900),
                "{:?}",
                w[3].at - w[0].at
            );
        }
        app.stop_channel().await;
    })
    .await;
}

#[tokio::test]
async fn after_a_restart_the_conversation_resumes_and_queued_replies_are_sent() {
    bounded(async {
        for db in support::backends().await {
            let mut app = TgApp::spawn(&db, Mode::Polling).await;
            app.say(&MARIA, "/link").await;
            // The next reply meets flood control and is still queued when the service stops.
            app.fake.flood("sendMessage", 1);
            let before = app.fake.calls_to("sendMessage").len();
            app.fake
                .queue(app.fake.message(&MARIA, MARIA.id, "1000000001"));
            let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
            while app.fake.calls_to("sendMessage").len() == before {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "the reply was tried"
                );
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            app.stop_channel().await;
            assert_eq!(
                app.pending_rows().await,
                1,
                "the refused reply waits in the outbox"
            );

            let before = app.fake.sends().len();
            app.start_channel().await;
            let r = app.settle(before).await;
            assert!(
                texts(&r).contains("ZIP code of your billing address"),
                "{}",
                texts(&r)
            );
            let r = app.say(&MARIA, "94110").await;
            assert!(texts(&r).contains("I sent a 6-digit code"), "{}", texts(&r));
            app.stop_channel().await;
        }
    })
    .await;
}
