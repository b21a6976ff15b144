//! Paying on Telegram with buttons, end to end through the fake Bot API, on every backend:
//! a wrong routing number explained, a new bank account saved (never echoed), the terms and
//! the summary confirmed by button, one payment.

mod support;
mod tg;

use std::time::Duration;

use gridchat::channels::telegram::Mode;
use tg::{texts, TgApp, MARIA};

fn assert_has(sent: &[tg::Call], want: &str) {
    let all = texts(sent);
    assert!(all.contains(want), "expected `{want}` in:\n{all}");
}

#[tokio::test]
async fn maria_pays_her_balance_with_buttons_and_a_new_bank_account() {
    tokio::time::timeout(Duration::from_secs(240), async {
        for db in support::backends().await {
            let mut app = TgApp::spawn(&db, Mode::Polling).await;
            let r = app.say(&MARIA, "/link").await;
            assert_has(&r, "What is your account number?");
            app.say(&MARIA, "1000000001").await;
            app.say(&MARIA, "94110").await;
            let code = app.code().await;
            assert_has(&app.say(&MARIA, &code).await, "Done!");

            let r = app.say(&MARIA, "/pay").await;
            assert_has(&r, "Which account would you like to pay?");
            let r = app.press(&MARIA, &r, "...0001").await;
            assert_has(&r, "Your balance on account ...0001 is $");
            let r = app.press(&MARIA, &r, "The balance").await;
            assert_has(&r, "What should we call this bank account?");
            app.say(&MARIA, "Checking").await;
            let r = app.say(&MARIA, "121000359").await;
            assert_has(
                &r,
                "its last digit is 9, but for these first eight digits it would have to be 8",
            );
            app.say(&MARIA, "121000358").await;
            let r = app.say(&MARIA, "000123456789").await;
            assert_has(&r, "Saved Checking ••••6789.");
            let r = app.press(&MARIA, &r, "Yes").await; // the terms
            assert_has(
                &r,
                "for account ...0001 from Checking ••••6789, posting by Monday, December 7?",
            );
            let r = app.press(&MARIA, &r, "Yes").await;
            assert_has(&r, "is scheduled, confirmation number GP-");

            let all: String = app
                .fake
                .calls_to("sendMessage")
                .iter()
                .map(|c| c.params.to_string())
                .collect();
            assert!(
                !all.contains("000123456789"),
                "[{}] the bank number went back to Telegram",
                db.name
            );
            let n: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE kind = 'one_time'")
                    .fetch_one(app.store.pool())
                    .await
                    .unwrap();
            assert_eq!(n, 1, "[{}]", db.name);
            app.stop_channel().await;
        }
    })
    .await
    .expect("the test finished in time");
}
