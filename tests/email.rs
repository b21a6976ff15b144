//! The email channel end to end: real SMTP into gridchat's listener on 127.0.0.1, gridchat's
//! answers caught by an SMTP sink, on SQLite and (when configured) PostgreSQL. Each test reads
//! like the exchange of mails it is.

mod email_support;
mod support;

use email_support::{EmailHarness, Sent, AN, BOT, MARIA};

fn one(mails: &[Sent]) -> &Sent {
    assert_eq!(
        mails.len(),
        1,
        "expected one mail, got {}: {mails:#?}",
        mails.len()
    );
    &mails[0]
}

/// Links `addr` by email: LINK, then the code replied to the code mail.
async fn link_by_email(
    h: &EmailHarness,
    addr: &str,
    account: &str,
    zip: &str,
    vi: bool,
) -> Vec<Sent> {
    let word = if vi { "LIÊN KẾT" } else { "LINK" };
    let sent = h
        .exchange(
            addr,
            &h.mail(addr, "link", &format!("{word} {account} {zip}")),
        )
        .await;
    assert_eq!(sent.len(), 2, "an answer and a code mail: {sent:#?}");
    let code = EmailHarness::code_in(&sent).expect("a code was mailed");
    let code_mail = sent.iter().find(|m| m.text().contains(&code)).unwrap();
    let done = h.exchange(addr, &h.reply(addr, code_mail, &code, vi)).await;
    assert!(!done.is_empty());
    done
}

#[tokio::test]
async fn balance_from_an_unlinked_address_gets_how_to_link_and_nothing_else() {
    for db in support::backends().await {
        let h = EmailHarness::spawn(&db).await;
        let sent = h
            .exchange(MARIA, &h.mail(MARIA, "balance", "BALANCE"))
            .await;
        let m = one(&sent);
        assert_eq!(m.to, vec![MARIA.to_string()]);
        assert!(m.text().contains("LINK 1234567890 94110"), "{}", m.text());
        assert!(!m.text().contains("Balance due"), "{}", m.text());
        // Threading, machine-mail and reply-token headers.
        assert_eq!(m.header("Auto-Submitted").as_deref(), Some("auto-replied"));
        assert!(m
            .header("In-Reply-To")
            .is_some_and(|v| v.contains("client.example")));
        assert!(m.header("References").is_some());
        assert!(m
            .header("Message-ID")
            .is_some_and(|v| v.contains("@gridchat.example")));
        assert!(m.header("Date").is_some());
        assert!(
            m.reply_to().starts_with("myaccount+") && m.reply_to().ends_with("@gridchat.example")
        );
        assert!(m
            .header("Content-Type")
            .unwrap()
            .contains("multipart/alternative"));
        let plain = m.raw.find("text/plain").unwrap();
        let html = m.raw.find("text/html").unwrap();
        assert!(plain < html, "plain text first");
        assert!(m.raw.contains("lang=3D\"en\"") || m.raw.contains("lang=\"en\""));
        assert_eq!(m.parsed.subject, "Re: balance");
    }
}

#[tokio::test]
async fn link_by_email_then_balance_and_history_with_a_numbered_choice() {
    for db in support::backends().await {
        let h = EmailHarness::spawn(&db).await;
        let done = link_by_email(&h, MARIA, "1000000001", "94110", false).await;
        let text: String = done.iter().map(Sent::text).collect();
        assert!(
            text.contains("linked to Maria Garcia (2 accounts)"),
            "{text}"
        );
        let balance = h.exchange(MARIA, &h.mail(MARIA, "hi", "balance")).await;
        let b = one(&balance);
        assert!(
            b.text().contains("Balance due") || b.text().contains("Nothing is due"),
            "{}",
            b.text()
        );
        assert_eq!(b.to, vec![MARIA.to_string()]);
        let history = h
            .exchange(MARIA, &h.mail(MARIA, "history", "HISTORY"))
            .await;
        let q = one(&history);
        assert!(
            q.text().contains("Which account?") && q.text().contains("  2. "),
            "{}",
            q.text()
        );
        assert!(q.text().contains("Reply with the number"), "{}", q.text());
        let page = h.exchange(MARIA, &h.reply(MARIA, q, "2", false)).await;
        assert!(
            one(&page).text().contains("History for account"),
            "{}",
            page[0].text()
        );
    }
}

#[tokio::test]
async fn a_forged_sender_learns_nothing() {
    for db in support::backends().await {
        let h = EmailHarness::spawn(&db).await;
        link_by_email(&h, MARIA, "1000000001", "94110", false).await;
        // From says Maria, Reply-To and the envelope say the attacker: the answer goes to the
        // address on file only.
        let forged = h.mail(MARIA, "balance", "BALANCE").replace(
            "To: myaccount",
            "Reply-To: mallory@evil.example\r\nTo: myaccount",
        );
        let sent = h.exchange("mallory@evil.example", &forged).await;
        for m in &sent {
            assert_eq!(m.to, vec![MARIA.to_string()], "{m:#?}");
            assert!(!m.raw.contains("mallory"));
        }
        // The attacker under their own name is simply not linked.
        let own = h
            .exchange(
                "mallory@evil.example",
                &h.mail("mallory@evil.example", "b", "BALANCE"),
            )
            .await;
        let m = one(&own);
        assert_eq!(m.to, vec!["mallory@evil.example".to_string()]);
        assert!(
            !m.text().contains("Balance due") && m.text().contains("LINK"),
            "{}",
            m.text()
        );
    }
}

#[tokio::test]
async fn vietnamese_link_and_balance_with_gmail_and_outlook_quoting() {
    for db in support::backends().await {
        let h = EmailHarness::spawn(&db).await;
        let done = link_by_email(&h, AN, "1000000003", "95122", true).await;
        let text: String = done.iter().map(Sent::text).collect();
        assert!(
            text.contains("đã được liên kết với Nguyễn Văn An"),
            "{text}"
        );
        // Outlook in Vietnamese: the answer above a Từ:/Đã gửi:/Đến:/Chủ đề: block.
        let last = &done[0];
        let outlook = format!(
            "From: {AN}\r\nTo: {}\r\nSubject: RE: x\r\nMessage-ID: <{}>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSố dư\r\n\r\n________________________________\r\nTừ: Golden State Power <{BOT}>\r\nĐã gửi: Thứ Năm, ngày 3 tháng 12 năm 2026 14:00\r\nĐến: {AN}\r\nChủ đề: Tài khoản\r\n\r\nLỊCH SỬ\r\n",
            last.reply_to(),
            h.message_id()
        );
        let sent = h.exchange(AN, &outlook).await;
        let m = one(&sent);
        assert!(m.text().contains("Số dư"), "{}", m.text());
        assert!(!m.text().contains("Lịch sử cho tài khoản"), "{}", m.text());
        assert!(m.raw.contains("lang=3D\"vi\"") || m.raw.contains("lang=\"vi\""));
        // Without diacritics, in Gmail's Vietnamese style.
        let sent = h.exchange(AN, &h.reply(AN, m, "so du", true)).await;
        assert!(one(&sent).text().contains("Số dư"), "{}", sent[0].text());
    }
}

#[tokio::test]
async fn an_unknown_command_gets_the_command_list_in_the_customers_language() {
    for db in support::backends().await {
        let h = EmailHarness::spawn(&db).await;
        link_by_email(&h, AN, "1000000003", "95122", true).await;
        let sent = h
            .exchange(AN, &h.mail(AN, "?", "Xin chào, tôi muốn hỏi"))
            .await;
        let t = one(&sent).text();
        assert!(
            t.contains("SỐ DƯ") && t.contains("THANH TOÁN") && t.contains("HỦY"),
            "{t}"
        );
        let sent = h.exchange(MARIA, &h.mail(MARIA, "?", "what is this")).await;
        assert!(one(&sent).text().contains("LINK"), "{}", sent[0].text());
    }
}

#[tokio::test]
async fn usage_comes_with_a_csv_attachment() {
    for db in support::backends().await {
        let h = EmailHarness::spawn(&db).await;
        link_by_email(&h, AN, "1000000003", "95122", true).await;
        let sent = h.exchange(AN, &h.mail(AN, "u", "ĐIỆN NĂNG")).await;
        let m = one(&sent);
        assert!(m
            .header("Content-Type")
            .unwrap()
            .contains("multipart/mixed"));
        assert!(
            m.raw.contains("text/csv") && m.raw.contains("usage-"),
            "{}",
            m.raw
        );
    }
}

#[tokio::test]
async fn machine_mail_gets_no_answer_and_a_repeat_is_not_processed_twice() {
    for db in support::backends().await {
        let h = EmailHarness::spawn(&db).await;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/email");
        for f in [
            "vi_out_of_office.eml",
            "vi_out_of_office_headers.eml",
            "loop_own_address.eml",
            "loop_forwarded_back.eml",
        ] {
            let raw = std::fs::read_to_string(dir.join(f)).unwrap();
            let sent = h.exchange("someone@example.com", &raw).await;
            assert!(sent.is_empty(), "{f} was answered: {sent:#?}");
        }
        let bounce = h.mail(
            "MAILER-DAEMON@mx.example.com",
            "Undelivered Mail Returned to Sender",
            "550 5.1.1 unknown user",
        );
        assert!(h.exchange("", &bounce).await.is_empty());
        let mail = h.mail(MARIA, "b", "BALANCE");
        assert_eq!(h.exchange(MARIA, &mail).await.len(), 1);
        assert!(
            h.exchange(MARIA, &mail).await.is_empty(),
            "the same Message-ID again is only acknowledged"
        );
    }
}

#[tokio::test]
async fn a_robot_that_answers_everything_gets_at_most_a_few_replies_an_hour() {
    for db in support::backends().await {
        let h = EmailHarness::spawn(&db).await;
        let robot = "ticket-robot@helpdesk.example";
        let mut answers = 0;
        for _ in 0..9 {
            answers += h
                .exchange(
                    robot,
                    &h.mail(
                        robot,
                        "[Ticket] Re: your account",
                        "Thank you, ticket 1234 is open.",
                    ),
                )
                .await
                .len();
        }
        assert_eq!(answers, 5, "the reply limit stops the loop");
    }
}

#[tokio::test]
async fn hard_bounces_make_an_address_undeliverable_and_other_channels_are_told() {
    for db in support::backends().await {
        let h = EmailHarness::spawn(&db).await;
        h.app.link_maria("tester").await;
        // gridchat mails Maria once, so her address is one it sends to.
        assert_eq!(
            h.exchange(MARIA, &h.mail(MARIA, "b", "BALANCE"))
                .await
                .len(),
            1
        );
        for i in 0..3 {
            let dsn = format!(
                "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r\nTo: {BOT}\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-{i}@mx.example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\n\r\nFinal-Recipient: rfc822; {MARIA}\r\nAction: failed\r\nStatus: 5.1.1\r\n--b--\r\n"
            );
            assert!(h.exchange("", &dsn).await.is_empty());
        }
        let told = h
            .app
            .service
            .take_replies("terminal", "tester")
            .await
            .unwrap();
        assert!(
            told.iter().any(|r| r
                .text
                .contains("could not deliver email to m***@example.com")),
            "{told:#?}"
        );
        // Further mail to the address is parked, not sent.
        assert!(h
            .exchange(MARIA, &h.mail(MARIA, "b", "BALANCE"))
            .await
            .is_empty());
    }
}

#[tokio::test]
async fn smtp_protocol_errors_size_and_dot_stuffing() {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    for db in support::backends().await {
        let h = EmailHarness::spawn_with(&db, |s| s.max_message_bytes = 2000).await;
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", h.listen_port))
            .await
            .unwrap();
        let (r, mut w) = stream.into_split();
        let mut r = BufReader::new(r);
        let mut expect = async |cmd: &str, code: &str| {
            if !cmd.is_empty() {
                w.write_all(format!("{cmd}\r\n").as_bytes()).await.unwrap();
            }
            loop {
                let mut line = String::new();
                tokio::time::timeout(std::time::Duration::from_secs(10), r.read_line(&mut line))
                    .await
                    .unwrap()
                    .unwrap();
                assert!(
                    line.starts_with(code),
                    "`{cmd}`: expected {code}, got {line}"
                );
                if line.as_bytes().get(3) != Some(&b'-') {
                    return;
                }
            }
        };
        expect("", "220").await;
        expect("MAIL FROM:<a@example.com>", "503").await;
        expect("EHLO client.example", "250").await;
        expect("RCPT TO:<x@example.com>", "503").await;
        expect("MAIL FROM:<a@example.com> SIZE=999999", "552").await;
        expect("MAIL FROM:<a@example.com>", "250").await;
        expect("RCPT TO:<someone@elsewhere.example>", "550").await;
        expect("DATA", "503").await;
        expect(&format!("RCPT TO:<{BOT}>"), "250").await;
        expect("NOOP", "250").await;
        expect("DATA", "354").await;
        expect(
            &format!("From: {MARIA}\r\nMessage-ID: <dots@example.com>\r\n\r\n..BALANCE\r\n."),
            "250",
        )
        .await;
        expect("RSET", "250").await;
        expect("MAIL FROM:<a@example.com>", "250").await;
        expect(&format!("RCPT TO:<{BOT}>"), "250").await;
        expect("DATA", "354").await;
        expect(
            &format!(
                "Message-ID: <big@example.com>\r\n\r\n{}\r\n.",
                "x".repeat(3000)
            ),
            "552",
        )
        .await;
        expect("BOGUS", "500").await;
        expect("QUIT", "221").await;
        let raw = h
            .app
            .store
            .email_raw("dots@example.com")
            .await
            .unwrap()
            .expect("stored");
        assert!(
            String::from_utf8_lossy(&raw).contains("\r\n.BALANCE\r\n"),
            "dot-unstuffed"
        );
        assert!(h
            .app
            .store
            .email_raw("big@example.com")
            .await
            .unwrap()
            .is_none());
    }
}
