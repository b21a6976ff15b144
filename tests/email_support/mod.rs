//! The email channel over real SMTP on 127.0.0.1: gridchat's listener on port 0, and an SMTP
//! sink (gridchat's own ESMTP server with a recording handler) that catches what it sends.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use gridchat::channels::email::listener::Listener;
use gridchat::channels::email::outbound::SmtpTransport;
use gridchat::channels::email::parse::ParsedEmail;
use gridchat::channels::email::smtp_server::{
    self, Envelope, ServerConfig, SmtpHandler, SmtpReply,
};
use gridchat::channels::email::{EmailChannel, EmailSettings, TokenKey};
use lettre::AsyncTransport;

use crate::support::{TestApp, TestDb};

pub const BOT: &str = "myaccount@gridchat.example";
pub const MARIA: &str = "maria.garcia@example.com";
pub const AN: &str = "an.nguyen@example.com";

/// One mail the sink received.
#[derive(Debug, Clone)]
pub struct Sent {
    pub envelope_from: String,
    pub to: Vec<String>,
    pub raw: String,
    pub parsed: ParsedEmail,
}

impl Sent {
    pub fn header(&self, name: &str) -> Option<String> {
        let mut value: Option<String> = None;
        for line in self.raw.split("\r\n") {
            if line.is_empty() {
                break;
            }
            if let Some(v) = &mut value {
                if line.starts_with([' ', '\t']) {
                    v.push(' ');
                    v.push_str(line.trim());
                    continue;
                }
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case(name) {
                    value = Some(v.trim().to_string());
                }
            }
        }
        value
    }

    /// The text part as the customer reads it, without the footer.
    pub fn text(&self) -> String {
        let body = self.parsed.body.replace('\u{a0}', " ");
        body.split("\n-- \n")
            .next()
            .unwrap_or(&body)
            .trim()
            .to_string()
    }

    pub fn reply_to(&self) -> String {
        let v = self.header("Reply-To").unwrap_or_default();
        v.trim_start_matches('<').trim_end_matches('>').to_string()
    }
}

#[derive(Default)]
struct Sink {
    got: Arc<Mutex<Vec<Sent>>>,
}

#[async_trait::async_trait]
impl SmtpHandler for Sink {
    async fn data(&self, env: &Envelope, message: Vec<u8>) -> Result<(), SmtpReply> {
        let parsed = ParsedEmail::try_from(&message[..])
            .map_err(|_| SmtpReply::new(554, "5.6.0", "unreadable"))?;
        self.got.lock().unwrap().push(Sent {
            envelope_from: env.from.clone(),
            to: env.to.clone(),
            raw: String::from_utf8_lossy(&message).into_owned(),
            parsed,
        });
        Ok(())
    }
}

pub struct EmailHarness {
    pub app: TestApp,
    pub channel: EmailChannel,
    pub listen_port: u16,
    transport: SmtpTransport,
    sent: Arc<Mutex<Vec<Sent>>>,
    stop: Option<tokio::sync::watch::Sender<bool>>,
    counter: std::sync::atomic::AtomicU64,
}

impl Drop for EmailHarness {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(true);
        }
    }
}

async fn start_server<H: SmtpHandler>(
    handler: H,
    max_size: usize,
    stop: tokio::sync::watch::Receiver<bool>,
) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let port = listener.local_addr().unwrap().port();
    let config = ServerConfig {
        idle_timeout: Duration::from_secs(10),
        max_size,
        ..Default::default()
    };
    tokio::spawn(smtp_server::serve(
        listener,
        config,
        Arc::new(handler),
        async move {
            let mut stop = stop;
            let _ = stop.wait_for(|s| *s).await;
        },
    ));
    port
}

impl EmailHarness {
    pub async fn spawn(db: &TestDb) -> EmailHarness {
        Self::spawn_with(db, |_| {}).await
    }

    pub async fn spawn_with(db: &TestDb, tweak: impl FnOnce(&mut EmailSettings)) -> EmailHarness {
        let app = TestApp::spawn(db).await;
        Self::over(app, tweak).await
    }

    /// The channel over an already spawned service (e.g. one with stand-in flows).
    pub async fn over(app: TestApp, tweak: impl FnOnce(&mut EmailSettings)) -> EmailHarness {
        let mut settings = EmailSettings::for_address(BOT);
        tweak(&mut settings);
        let channel = EmailChannel::new(
            app.service.clone(),
            settings,
            TokenKey::new(b"test key, not secret".to_vec()),
        );
        let (stop, rx) = tokio::sync::watch::channel(false);
        let sink = Sink::default();
        let sent = sink.got.clone();
        let sink_port = start_server(sink, 10 << 20, rx.clone()).await;
        let max = channel.settings.max_message_bytes;
        let listen_port = start_server(
            Listener {
                channel: channel.clone(),
                wake: Arc::new(tokio::sync::Notify::new()),
            },
            max,
            rx,
        )
        .await;
        let transport =
            SmtpTransport::new(&format!("smtp://127.0.0.1:{sink_port}")).expect("sink url");
        EmailHarness {
            app,
            channel,
            listen_port,
            transport,
            sent,
            stop: Some(stop),
            counter: Default::default(),
        }
    }

    /// Delivers raw bytes to the listener over SMTP, as an MTA would.
    pub async fn deliver(&self, envelope_from: &str, raw: &str) -> Result<(), String> {
        let client =
            lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous("127.0.0.1")
                .port(self.listen_port)
                .timeout(Some(Duration::from_secs(10)))
                .build();
        let from = if envelope_from.is_empty() {
            None
        } else {
            Some(envelope_from.parse().unwrap())
        };
        let env = lettre::address::Envelope::new(from, vec![BOT.parse().unwrap()]).unwrap();
        tokio::time::timeout(
            Duration::from_secs(20),
            client.send_raw(&env, raw.as_bytes()),
        )
        .await
        .map_err(|_| "timed out".to_string())?
        .map(|_| ())
        .map_err(|e| e.to_string())
    }

    /// Processes what was stored and sends what was queued; returns the mails sent.
    pub async fn settle(&self) -> Vec<Sent> {
        self.channel.process_pending().await.expect("intake");
        self.channel
            .dispatch(&self.transport)
            .await
            .expect("dispatch");
        std::mem::take(&mut *self.sent.lock().unwrap())
    }

    pub fn message_id(&self) -> String {
        let n = self
            .counter
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        format!("c{n}.{}@client.example", uuid::Uuid::new_v4().simple())
    }

    /// A plain new message from `from` to the bot.
    pub fn mail(&self, from: &str, subject: &str, body: &str) -> String {
        format!(
            "From: {from}\r\nTo: {BOT}\r\nSubject: {subject}\r\nMessage-ID: <{}>\r\nDate: Thu, 03 Dec 2026 14:00:00 -0800\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{}\r\n",
            self.message_id(),
            body.replace('\n', "\r\n")
        )
    }

    /// A reply from `from` to `to_mail` in Gmail's style: the answer on top, the original quoted.
    pub fn reply(&self, from: &str, to_mail: &Sent, answer: &str, vietnamese: bool) -> String {
        let quoted: String = to_mail
            .text()
            .lines()
            .map(|l| format!("> {l}\r\n"))
            .collect();
        let attribution = if vietnamese {
            format!(
                "Vào Th 5, 3 thg 12, 2026 vào lúc 14:00 Golden State Power <\r\n{}> đã viết:",
                to_mail.reply_to()
            )
        } else {
            format!(
                "On Thu, Dec 3, 2026 at 2:00 PM Golden State Power <{}> wrote:",
                to_mail.reply_to()
            )
        };
        let mid = to_mail.header("Message-ID").unwrap_or_default();
        format!(
            "From: {from}\r\nTo: {}\r\nSubject: Re: {}\r\nMessage-ID: <{}>\r\nIn-Reply-To: {mid}\r\nReferences: {mid}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{answer}\r\n\r\n{attribution}\r\n{quoted}",
            to_mail.reply_to(),
            to_mail.parsed.subject,
            self.message_id(),
        )
    }

    /// Sends a mail and returns what gridchat sent back.
    pub async fn exchange(&self, envelope_from: &str, raw: &str) -> Vec<Sent> {
        self.deliver(envelope_from, raw).await.expect("delivered");
        self.settle().await
    }

    /// The last code mailed (link codes go out through the same outbox).
    pub fn code_in(mails: &[Sent]) -> Option<String> {
        mails.iter().rev().find_map(|m| {
            let t = m.text();
            t.split(|c: char| !c.is_ascii_digit())
                .find(|w| w.len() == 6)
                .map(str::to_string)
        })
    }
}
