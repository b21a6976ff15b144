//! Actions by email: a guarded flow (a stand-in for `pay`) needs a reply token and a
//! confirmation round trip; bill-ready notices go out once per bill; STOP takes effect at once.

mod email_support;
mod support;

use std::sync::Arc;

use email_support::{EmailHarness, Sent, MARIA};
use gridchat::app::Service;
use gridchat::channels::email::notices::StandInEnrolments;
use gridchat::domain::AccountNumber;
use gridchat::engine::{Engine, Settings};

/// The shipped dialogues and locales plus the stand-in `pay` flow from the fixtures.
fn standin_engine() -> Engine {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap().keep();
    let (dialogues, locales) = (tmp.join("dialogues"), tmp.join("locales"));
    std::fs::create_dir_all(&dialogues).unwrap();
    for e in std::fs::read_dir(root.join("dialogues")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dialogues.join(p.file_name().unwrap())).unwrap();
    }
    let standin = root.join("tests/fixtures/email/standin");
    std::fs::copy(standin.join("pay.toml"), dialogues.join("pay.toml")).unwrap();
    for lang in ["en", "vi"] {
        let to = locales.join(lang);
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(root.join("locales").join(lang)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
        std::fs::copy(
            standin.join(lang).join("standin.ftl"),
            to.join("standin.ftl"),
        )
        .unwrap();
    }
    Engine::load(&dialogues, &locales, Settings::default()).expect("stand-in flows load")
}

async fn harness(
    db: &support::TestDb,
    tweak: impl FnOnce(&mut gridchat::channels::email::EmailSettings),
) -> EmailHarness {
    let tweak = |s: &mut gridchat::channels::email::EmailSettings| {
        // These conversations are longer than the loop brake's hourly allowance.
        s.max_replies_per_hour = 50;
        tweak(s);
    };
    let mut app = support::TestApp::spawn(db).await;
    app.service = Service::new(
        app.store.clone(),
        Arc::new(standin_engine()),
        app.service.clock.clone(),
    );
    EmailHarness::over(app, tweak).await
}

async fn link_maria(h: &EmailHarness) -> Vec<Sent> {
    let sent = h
        .exchange(MARIA, &h.mail(MARIA, "link", "LINK 1000000001 94110"))
        .await;
    let code = EmailHarness::code_in(&sent).unwrap();
    let code_mail = sent.iter().find(|m| m.text().contains(&code)).unwrap();
    h.exchange(MARIA, &h.reply(MARIA, code_mail, &code, false))
        .await
}

fn one(mails: Vec<Sent>) -> Sent {
    assert_eq!(mails.len(), 1, "{mails:#?}");
    mails.into_iter().next().unwrap()
}

#[tokio::test]
async fn pay_needs_a_reply_token_and_a_yes_to_the_confirmation_itself() {
    for db in support::backends().await {
        let h = harness(&db, |_| {}).await;
        link_maria(&h).await;
        // A new mail, however genuine it looks, carries no token: refused.
        let refused = one(h.exchange(MARIA, &h.mail(MARIA, "pay", "PAY")).await);
        assert!(
            refused.text().contains("only be done by replying"),
            "{}",
            refused.text()
        );
        // Replying to gridchat's mail carries its token: the confirmation comes back.
        let confirm = one(h
            .exchange(MARIA, &h.reply(MARIA, &refused, "PAY", false))
            .await);
        assert!(
            confirm.text().contains("Pay $10.00") && confirm.text().contains("reply YES"),
            "{}",
            confirm.text()
        );
        // A yes that is not a reply to the confirmation does nothing.
        let stray = one(h.exchange(MARIA, &h.mail(MARIA, "yes", "YES")).await);
        assert!(
            stray.text().contains("confirm by replying YES"),
            "{}",
            stray.text()
        );
        assert!(!stray.text().contains("Paid"), "{}", stray.text());
        // Nor does a yes to an older mail of the thread.
        let old = one(h
            .exchange(MARIA, &h.reply(MARIA, &confirm, "YES", false))
            .await);
        assert!(!old.text().contains("Paid"), "{}", old.text());
        // The yes to the latest confirmation goes ahead.
        let paid = one(h.exchange(MARIA, &h.reply(MARIA, &old, "YES", false)).await);
        assert!(paid.text().contains("Paid (stand-in)"), "{}", paid.text());
    }
}

#[tokio::test]
async fn failing_dkim_at_the_trusted_mta_refuses_actions_but_not_reading() {
    for db in support::backends().await {
        let h = harness(&db, |s| {
            s.trusted_authserv_id = Some("mx.utility.example".into())
        })
        .await;
        let linked = link_maria(&h).await;
        let with_fail = |raw: String| {
            raw.replacen(
                "From:",
                "Authentication-Results: mx.utility.example; dkim=fail header.d=example.com; dmarc=fail\r\nFrom:",
                1,
            )
        };
        let pay = one(h
            .exchange(MARIA, &with_fail(h.reply(MARIA, &linked[0], "PAY", false)))
            .await);
        assert!(
            pay.text().contains("only be done by replying"),
            "{}",
            pay.text()
        );
        let balance = one(h
            .exchange(MARIA, &with_fail(h.reply(MARIA, &pay, "BALANCE", false)))
            .await);
        assert!(
            balance.text().contains("Account ...0001"),
            "{}",
            balance.text()
        );
    }
}

#[tokio::test]
async fn bill_ready_goes_out_once_per_bill_with_unsubscribe_headers_and_stop_works_at_once() {
    for db in support::backends().await {
        let h = harness(&db, |s| {
            s.unsubscribe_url = Some("https://myaccount.example/unsubscribe".into())
        })
        .await;
        let account = AccountNumber::parse("1000000001").unwrap();
        let enrolled = StandInEnrolments {
            paperless: vec![account.clone()],
            banks: [(account, "Checking ••••4321".to_string())].into(),
        };
        assert_eq!(h.channel.bill_ready_notices(&enrolled).await.unwrap(), 1);
        assert_eq!(
            h.channel.bill_ready_notices(&enrolled).await.unwrap(),
            0,
            "a re-run adds nothing"
        );
        let notice = one(h.settle().await);
        assert_eq!(notice.to, vec![MARIA.to_string()]);
        assert!(
            notice.parsed.subject.contains("bill is ready"),
            "{}",
            notice.parsed.subject
        );
        assert!(
            notice.text().contains("from Checking ••••4321"),
            "{}",
            notice.text()
        );
        let lu = notice.header("List-Unsubscribe").unwrap();
        assert!(
            lu.contains("<mailto:myaccount+")
                && lu.contains("https://myaccount.example/unsubscribe?t="),
            "{lu}"
        );
        assert_eq!(
            notice.header("List-Unsubscribe-Post").as_deref(),
            Some("List-Unsubscribe=One-Click")
        );
        assert_eq!(
            notice.header("Auto-Submitted").as_deref(),
            Some("auto-generated")
        );
        assert!(
            h.channel.bill_ready_notices(&enrolled).await.unwrap() == 0
                && h.settle().await.is_empty()
        );
        // The mailto unsubscribe: an empty body with the subject `unsubscribe`, to the token.
        let unsub = format!(
            "From: {MARIA}\r\nTo: {}\r\nSubject: unsubscribe\r\nMessage-ID: <{}>\r\n\r\n",
            notice.reply_to(),
            h.message_id()
        );
        let ack = one(h.exchange(MARIA, &unsub).await);
        assert!(ack.text().contains("won't send notices"), "{}", ack.text());
        let me = gridchat::domain::Identity::new(gridchat::domain::Channel::Email, MARIA);
        assert!(h.app.store.opted_out(&me).await.unwrap());
    }
}

#[tokio::test]
async fn inspect_shows_class_command_token_and_reply_text() {
    for db in support::backends().await {
        let h = harness(&db, |_| {}).await;
        let first = one(h.exchange(MARIA, &h.mail(MARIA, "b", "BALANCE")).await);
        let raw = h.reply(MARIA, &first, "Số dư", true);
        let r = h.channel.read(raw.as_bytes()).await.unwrap().unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&gridchat::channels::email::inspect::render_json(&r)).unwrap();
        assert_eq!(json["class"], "human");
        assert_eq!(json["command"], "balance");
        assert_eq!(json["token_valid"], true);
        assert_eq!(json["reply_text"], "Số dư");
        assert_eq!(json["matched_by"], "token");
        let text = gridchat::channels::email::inspect::render_text(&r);
        assert!(text.contains("class:        human"), "{text}");
        // Nothing was acted on.
        assert!(h.settle().await.is_empty());
    }
}
