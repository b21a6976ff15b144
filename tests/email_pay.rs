//! Paying by email with the real `pay` flow: a bill-ready notice, a PAY reply written in
//! Gmail's or Outlook's style, numbered choices across replies, a confirmation, and only a
//! YES to that confirmation pays — once.

mod email_support;
mod support;

use email_support::{EmailHarness, Sent, MARIA};
use sqlx::Row;

fn one(mails: Vec<Sent>) -> Sent {
    assert_eq!(mails.len(), 1, "{mails:#?}");
    mails.into_iter().next().unwrap()
}

/// A reply in Outlook's style: the answer on top, then the original under a header block.
fn outlook_reply(h: &EmailHarness, to_mail: &Sent, answer: &str, vietnamese: bool) -> String {
    let (from, sent, to, subject) = if vietnamese {
        ("Từ", "Đã gửi", "Đến", "Chủ đề")
    } else {
        ("From", "Sent", "To", "Subject")
    };
    let original: String = to_mail.text().lines().map(|l| format!("{l}\r\n")).collect();
    let mid = to_mail.header("Message-ID").unwrap_or_default();
    format!(
        "From: {MARIA}\r\nTo: {rt}\r\nSubject: RE: {subj}\r\nMessage-ID: <{id}>\r\nIn-Reply-To: {mid}\r\nReferences: {mid}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{answer}\r\n\r\n________________________________\r\n{from}: Golden State Power <{rt}>\r\n{sent}: Thursday, December 3, 2026 2:00 PM\r\n{to}: {MARIA}\r\n{subject}: {subj}\r\n\r\n{original}",
        rt = to_mail.reply_to(),
        subj = to_mail.parsed.subject,
        id = h.message_id(),
    )
}

async fn setup(db: &support::TestDb) -> EmailHarness {
    let app = support::TestApp::spawn(db).await;
    // Maria saved a bank account, accepted the terms and went paperless in a chat first.
    app.link_maria("chat").await;
    for line in [
        "/pay",
        "1",
        "1",
        "Checking",
        "121000358",
        "000123456789",
        "yes",
        "no",
    ] {
        app.say("chat", line).await;
    }
    for line in ["/paperless", "1", "1"] {
        app.say("chat", line).await;
    }
    EmailHarness::over(app, |s| s.max_replies_per_hour = 50).await
}

/// Links Maria's address; returns the last mail gridchat sent her.
async fn link_by_email(h: &EmailHarness) -> Sent {
    let sent = h
        .exchange(MARIA, &h.mail(MARIA, "link", "LINK 1000000001 94110"))
        .await;
    let code = EmailHarness::code_in(&sent).unwrap();
    let code_mail = sent.iter().find(|m| m.text().contains(&code)).unwrap();
    let linked = h
        .exchange(MARIA, &h.reply(MARIA, code_mail, &code, false))
        .await;
    linked.into_iter().last().expect("a reply to the code")
}

async fn one_time_payments(h: &EmailHarness) -> Vec<String> {
    sqlx::query("SELECT confirmation FROM payments WHERE kind = 'one_time' AND status = 'pending'")
        .fetch_all(h.app.store.pool())
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String, _>(0).unwrap())
        .collect()
}

#[tokio::test]
async fn a_bill_ready_notice_then_pay_by_gmail_and_outlook_replies() {
    for db in support::backends().await {
        let h = setup(&db).await;
        link_by_email(&h).await;
        h.settle().await;
        let enrolled = gridchat::channels::email::notices::PaperlessTables(h.app.store.clone());
        assert_eq!(
            h.channel.bill_ready_notices(&enrolled).await.unwrap(),
            1,
            "[{}]",
            db.name
        );
        let notice = one(h.settle().await);
        assert!(
            notice.text().contains("Checking ••••6789"),
            "[{}] {}",
            db.name,
            notice.text()
        );
        assert!(!notice.text().contains("000123456789"));

        // PAY from Gmail, quoting the notice.
        let which = one(h
            .exchange(MARIA, &h.reply(MARIA, &notice, "PAY", false))
            .await);
        assert!(
            which
                .text()
                .contains("Which account would you like to pay?"),
            "[{}] {}",
            db.name,
            which.text()
        );
        // Numbered answers from Outlook, quoting each mail.
        let amount = one(h
            .exchange(MARIA, &outlook_reply(&h, &which, "1", false))
            .await);
        assert!(
            amount.text().contains("How much would you like to pay?"),
            "{}",
            amount.text()
        );
        let bank = one(h
            .exchange(MARIA, &outlook_reply(&h, &amount, "1", false))
            .await);
        assert!(
            bank.text().contains("1. Checking ••••6789"),
            "{}",
            bank.text()
        );
        let confirm = one(h.exchange(MARIA, &h.reply(MARIA, &bank, "1", false)).await);
        assert!(
            confirm.text().contains(
                "for account ...0001 from Checking ••••6789, posting by Monday, December 7?"
            ),
            "{}",
            confirm.text()
        );
        assert!(
            one_time_payments(&h).await.is_empty(),
            "nothing is paid before the yes"
        );

        // A YES that is a new mail, not a reply to the confirmation, does not pay.
        let stray = one(h.exchange(MARIA, &h.mail(MARIA, "yes", "YES")).await);
        assert!(
            one_time_payments(&h).await.is_empty(),
            "[{}] {}",
            db.name,
            stray.text()
        );

        // It asked again: YES replying to that latest confirmation pays, once.
        assert!(
            stray.text().contains("confirm by replying YES"),
            "{}",
            stray.text()
        );
        let paid = one(h
            .exchange(MARIA, &outlook_reply(&h, &stray, "Yes", false))
            .await);
        assert!(
            paid.text().contains("confirmation number GP-"),
            "[{}] {}",
            db.name,
            paid.text()
        );
        assert_eq!(one_time_payments(&h).await.len(), 1, "[{}]", db.name);
        assert_eq!(
            paid.to,
            vec![MARIA.to_string()],
            "answers go to the address on file"
        );
    }
}

#[tokio::test]
async fn vietnamese_commands_and_outlook_quotes_pay_too() {
    let db = support::sqlite().await;
    let h = setup(&db).await;
    let last = link_by_email(&h).await;
    // Maria's record says English, so gridchat answers in English; she writes in Vietnamese
    // from a Vietnamese Outlook, without and with diacritics.
    let which = one(h
        .exchange(MARIA, &outlook_reply(&h, &last, "THANH TOAN", true))
        .await);
    assert!(
        which
            .text()
            .contains("Which account would you like to pay?"),
        "{}",
        which.text()
    );
    let amount = one(h.exchange(MARIA, &h.reply(MARIA, &which, "2", true)).await);
    let bank = one(h
        .exchange(MARIA, &outlook_reply(&h, &amount, "1", true))
        .await);
    let confirm = one(h.exchange(MARIA, &h.reply(MARIA, &bank, "1", true)).await);
    assert!(
        confirm
            .text()
            .contains("for account ...0002 from Checking ••••6789"),
        "{}",
        confirm.text()
    );
    let paid = one(h
        .exchange(MARIA, &outlook_reply(&h, &confirm, "Có", true))
        .await);
    assert!(
        paid.text().contains("confirmation number GP-"),
        "{}",
        paid.text()
    );
    assert_eq!(one_time_payments(&h).await.len(), 1);
}
