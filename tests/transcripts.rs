//! Conversation transcripts in `tests/transcripts/{en,vi}/*.txt`, run on every backend.
//!
//! `> text` is what the person types (`{code}` is the last code mailed); each following
//! `< text` must appear, in order, in the bot's reply; `<! text` must not appear.
//! `@lang vi` sets the channel's language hint; `@now RFC3339` moves the clock.

mod support;

use gridchat::domain::Locale;
use support::{t, TestApp};

struct Turn {
    line: usize,
    say: String,
    expect: Vec<(bool, String)>,
    lang: Option<Locale>,
    now: Option<String>,
}

fn parse(text: &str) -> Vec<Turn> {
    let mut turns: Vec<Turn> = Vec::new();
    let mut lang = None;
    let mut now = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        if let Some(rest) = line.strip_prefix("> ") {
            turns.push(Turn {
                line: i + 1,
                say: rest.to_string(),
                expect: Vec::new(),
                lang,
                now: now.take(),
            });
        } else if let Some(rest) = line.strip_prefix("<! ") {
            turns
                .last_mut()
                .expect("expectation before any input")
                .expect
                .push((false, rest.to_string()));
        } else if let Some(rest) = line.strip_prefix("< ") {
            turns
                .last_mut()
                .expect("expectation before any input")
                .expect
                .push((true, rest.to_string()));
        } else if let Some(rest) = line.strip_prefix("@lang ") {
            lang = Locale::from_code(rest.trim());
        } else if let Some(rest) = line.strip_prefix("@now ") {
            now = Some(rest.trim().to_string());
        } else if !(line.is_empty() || line.starts_with('#')) {
            panic!("line {}: cannot read `{line}`", i + 1);
        }
    }
    turns
}

async fn run_file(path: &std::path::Path) {
    let text = std::fs::read_to_string(path).expect("transcript");
    for db in support::backends().await {
        let app = TestApp::spawn(&db).await;
        let user = "tester";
        for turn in parse(&text) {
            if let Some(now) = &turn.now {
                app.service.clock.set(t(now));
            }
            let said = match app.mailer.last_code() {
                Some(code) => turn.say.replace("{code}", &code),
                None => turn.say.clone(),
            };
            let (_, reply) = app.send(app.inbound(user, &said, turn.lang)).await;
            let mut from = 0;
            for (present, want) in &turn.expect {
                let found = reply[from..].find(want.as_str());
                match (present, found) {
                    (true, Some(at)) => from += at + want.len(),
                    (false, None) => {}
                    (true, None) => panic!(
                        "{} [{}] line {}: after `> {}` expected `{want}` in:\n{reply}",
                        path.display(),
                        db.name,
                        turn.line,
                        turn.say
                    ),
                    (false, Some(_)) => panic!(
                        "{} [{}] line {}: after `> {}` did not expect `{want}` in:\n{reply}",
                        path.display(),
                        db.name,
                        turn.line,
                        turn.say
                    ),
                }
            }
        }
    }
}

macro_rules! transcript {
    ($name:ident, $file:literal) => {
        #[tokio::test]
        async fn $name() {
            run_file(
                &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/transcripts")
                    .join($file),
            )
            .await;
        }
    };
}

transcript!(english_link_and_read_the_account, "en/link_and_read.txt");
transcript!(vietnamese_link_and_read_the_account, "vi/link_and_read.txt");
transcript!(english_mistakes_lockout_and_repair, "en/mistakes.txt");
transcript!(vietnamese_mistakes_lockout_and_repair, "vi/mistakes.txt");
transcript!(english_unlink_and_language_switch, "en/unlink_language.txt");
transcript!(
    vietnamese_unlink_and_language_switch,
    "vi/unlink_language.txt"
);
transcript!(english_pay_cancel_and_cutoff, "en/pay.txt");
transcript!(vietnamese_pay_cancel_and_cutoff, "vi/pay.txt");
transcript!(english_autopay_and_paperless, "en/autopay_paperless.txt");
transcript!(vietnamese_autopay_and_paperless, "vi/autopay_paperless.txt");
transcript!(english_bank_accounts_listed_renamed_removed, "en/banks.txt");
