//! Customers on Telegram, end to end through the fake Bot API, on every backend: linking
//! with buttons, balance, history, usage with its chart and CSV, menus, exact names.

mod support;
mod tg;

use std::time::Duration;

use gridchat::channels::telegram::Mode;
use tg::{button_labels, texts, TgApp, TgUser, AN, MARIA};

/// Every test ends by itself, whatever happens.
async fn bounded<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(240), f)
        .await
        .expect("the test finished in time")
}

fn assert_has(sent: &[tg::Call], want: &str) {
    let all = texts(sent);
    assert!(all.contains(want), "expected `{want}` in:\n{all}");
}

async fn link(app: &TgApp, user: &TgUser, account: &str, zip: &str, done: &str) {
    let r = app.say(user, "/start").await;
    let r = app.press(user, &r, &button_labels(&r)[0]).await;
    assert_eq!(r.len(), 1, "{r:#?}");
    app.say(user, account).await;
    app.say(user, zip).await;
    let code = app.code().await;
    let r = app.say(user, &code).await;
    assert_has(&r, done);
}

#[tokio::test]
async fn an_english_customer_links_with_buttons_and_reads_balance_history_usage_and_files() {
    bounded(async {
        for db in support::backends().await {
            let mut app = TgApp::spawn(&db, Mode::Polling).await;
            let r = app.say(&MARIA, "/start").await;
            assert_has(&r, "Hi! I'm the Golden State Power assistant");
            assert_eq!(button_labels(&r), ["Link my account", "Help"]);

            let r = app.press(&MARIA, &r, "Link my account").await;
            assert_has(&r, "What is your account number?");
            let r = app.say(&MARIA, "1000000001").await;
            assert_has(&r, "ZIP code of your billing address");
            let r = app.say(&MARIA, "94110").await;
            assert_has(&r, "I sent a 6-digit code to m***@example.com");
            let code = app.code().await;
            let r = app.say(&MARIA, &code).await;
            assert_has(
                &r,
                "Done! This chat is linked to Maria Garcia (2 accounts).",
            );

            let r = app.say(&MARIA, "/balance").await;
            assert_has(&r, "Account ...0001 — 2450 Mission St");
            assert_has(&r, "Balance due: $");

            let r = app.say(&MARIA, "/history").await;
            assert_has(&r, "Which account?");
            let r = app.press(&MARIA, &r, "...0002").await;
            assert_has(&r, "History for account ...0002 (page 1 of");

            let r = app.say(&MARIA, "/usage").await;
            let r = app.press(&MARIA, &r, "...0001").await;
            assert_has(&r, "Account ...0001: your latest bill covers");
            let photo = r
                .iter()
                .find(|c| c.method == "sendPhoto")
                .unwrap_or_else(|| panic!("a chart in {r:#?}"));
            let (_, name, png) = &photo.files[0];
            assert!(name.ends_with(".png"), "{name}");
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "the chart is a PNG");
            // The keyboard sits under the last message: the chart.
            assert!(button_labels(std::slice::from_ref(photo))
                .iter()
                .any(|l| l.contains("Daily readings")));

            let r = app.press(&MARIA, &r, "Daily readings").await;
            assert_has(&r, "daily meter readings for account ...0001");
            let doc = r
                .iter()
                .find(|c| c.method == "sendDocument")
                .expect("a CSV");
            let csv = String::from_utf8(doc.files[0].2.clone()).unwrap();
            assert!(
                csv.starts_with("account_number,date,kwh\r\n1000000001,"),
                "{csv:.200}"
            );
            assert!(csv.lines().count() > 300, "a year and more of days");

            let r = app.say(&MARIA, "/deposit").await;
            let r = app.press(&MARIA, &r, "...0002").await;
            assert_has(&r, "Account ...0002 has a deposit of $150.00 on file.");

            // Every press was answered, and used keyboards are taken away.
            let presses = 5;
            assert_eq!(app.fake.calls_to("answerCallbackQuery").len(), presses);
            let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
            while app.fake.calls_to("editMessageReplyMarkup").len() < presses {
                assert!(tokio::time::Instant::now() < deadline, "keyboards removed");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            assert!(app
                .fake
                .calls_to("editMessageReplyMarkup")
                .iter()
                .all(|c| c.params.get("reply_markup").is_none()));
            app.stop_channel().await;
        }
    })
    .await;
}

#[tokio::test]
async fn a_vietnamese_customer_is_answered_in_vietnamese_from_the_telegram_language() {
    bounded(async {
        for db in support::backends().await {
            let mut app = TgApp::spawn(&db, Mode::Polling).await;
            let r = app.say(&AN, "/start").await;
            assert_has(&r, "Xin chào! Tôi là trợ lý của Golden State Power.");
            assert_eq!(button_labels(&r)[0], "Liên kết tài khoản");
            let r = app.press(&AN, &r, "Liên kết tài khoản").await;
            assert_has(&r, "Số tài khoản của bạn là gì?");
            app.say(&AN, "1000000003").await;
            let r = app.say(&AN, "95122").await;
            assert_has(&r, "Tôi đã gửi mã 6 chữ số đến a***@example.com.");
            let code = app.code().await;
            let r = app.say(&AN, &code).await;
            assert_has(
                &r,
                "Xong! Cuộc trò chuyện này đã được liên kết với Nguyễn Văn An (1 tài khoản).",
            );

            let r = app.say(&AN, "/balance").await;
            assert_has(&r, "Tài khoản ...0003 — 1740 Story Rd");
            assert_has(&r, "Số tiền phải trả:");
            let r = app.say(&AN, "/history").await;
            assert_has(&r, "Lịch sử của tài khoản ...0003 (trang 1/");

            let r = app.say(&AN, "/usage").await;
            assert_has(&r, "Tài khoản ...0003: hóa đơn gần nhất");
            let photo = r.iter().find(|c| c.method == "sendPhoto").expect("a chart");
            assert_eq!(&photo.files[0].2[..4], b"\x89PNG");
            let r = app.press(&AN, &r, "Số liệu hằng ngày").await;
            assert_has(&r, "số liệu công tơ hằng ngày của tài khoản ...0003");
            assert!(r.iter().any(|c| c.method == "sendDocument"));
            app.stop_channel().await;
        }
    })
    .await;
}

#[tokio::test]
async fn the_command_menus_are_registered_in_english_and_vietnamese() {
    bounded(async {
        let db = support::sqlite().await;
        let mut app = TgApp::spawn(&db, Mode::Polling).await;
        let calls = app.fake.calls_to("setMyCommands");
        assert_eq!(calls.len(), 2);
        let menu = |i: usize| -> Vec<(String, String)> {
            calls[i].params["commands"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    (
                        c["command"].as_str().unwrap().to_string(),
                        c["description"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        };
        let en = menu(0);
        assert!(calls[0].params.get("language_code").is_none());
        let names: Vec<&str> = en.iter().map(|(c, _)| c.as_str()).collect();
        for c in [
            "start", "link", "balance", "history", "usage", "deposit", "language", "unlink",
            "help", "cancel",
        ] {
            assert!(names.contains(&c), "/{c} in {names:?}");
        }
        assert_eq!(names[0], "start");
        assert!(en.contains(&("balance".into(), "Balance and due date".into())));
        assert_eq!(calls[1].params["language_code"], "vi");
        assert!(menu(1).contains(&("balance".into(), "Số dư và ngày đến hạn".into())));
        app.stop_channel().await;
    })
    .await;
}

#[tokio::test]
async fn a_name_with_quotes_ampersands_and_angle_brackets_arrives_exactly() {
    bounded(async {
        for db in support::backends().await {
            let mut app = TgApp::spawn(&db, Mode::Polling).await;
            let user = TgUser {
                id: 5005,
                first_name: "Pat",
                language_code: "en",
            };
            link(
                &app,
                &user,
                "1000000005",
                "94607",
                "linked to O'Brien & Sons <LLC>",
            )
            .await;
            assert!(app
                .fake
                .sends()
                .iter()
                .all(|c| c.params.get("parse_mode").is_none()));
            app.stop_channel().await;
        }
    })
    .await;
}
