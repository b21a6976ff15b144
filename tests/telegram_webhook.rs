//! Webhook mode through the fake Bot API: the webhook is registered with its secret, and a
//! request without the right secret token is refused with 401 and not processed.

mod support;
mod tg;

use std::time::Duration;

use gridchat::channels::telegram::Mode;
use tg::{texts, TgApp, MARIA, SECRET};

async fn bounded<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(120), f)
        .await
        .expect("the test finished in time")
}

#[tokio::test]
async fn webhook_updates_need_the_secret_token() {
    bounded(async {
        for db in support::backends().await {
            let mut app = TgApp::spawn(&db, Mode::Webhook).await;
            let hook = app.fake.calls_to("setWebhook");
            assert_eq!(hook.len(), 1);
            assert_eq!(
                hook[0].params["url"],
                "https://bot.example.org/telegram/updates"
            );
            assert_eq!(hook[0].params["secret_token"], SECRET);
            assert!(app.fake.calls_to("getUpdates").is_empty());

            let addr = app.channel.as_ref().unwrap().webhook_addr().expect("bound");
            let url = format!("http://{addr}/telegram/updates");
            let client = reqwest::Client::new();
            let update = app.fake.message(&MARIA, MARIA.id, "/start");
            let post = |secret: Option<&'static str>| {
                let mut r = client.post(&url).json(&update);
                if let Some(s) = secret {
                    r = r.header("X-Telegram-Bot-Api-Secret-Token", s);
                }
                r.send()
            };

            assert_eq!(post(None).await.unwrap().status(), 401);
            assert_eq!(post(Some("wrong-secret")).await.unwrap().status(), 401);
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert!(app.fake.sends().is_empty(), "nothing was processed");

            assert_eq!(post(Some(SECRET)).await.unwrap().status(), 200);
            let r = app.settle(0).await;
            assert!(texts(&r).contains("Hi! I'm the Golden State Power assistant"));
            // Telegram retrying the same update is acknowledged and not processed again.
            assert_eq!(post(Some(SECRET)).await.unwrap().status(), 200);
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert_eq!(app.fake.sends().len(), 1);
            app.stop_channel().await;
        }
    })
    .await;
}
