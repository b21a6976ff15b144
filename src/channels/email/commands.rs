//! The reply commands: the first line the customer wrote, read in English or Vietnamese, with
//! or without diacritics, and translated to the engine's channel-neutral slash commands.

use serde::Serialize;

use crate::domain::text::fold;

/// What a reply asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "command", content = "argument", rename_all = "snake_case")]
pub enum Command {
    Balance,
    /// `PAY`, `PAY 85.20`, `THANH TOÁN 85,20`.
    Pay(Option<String>),
    History,
    Usage,
    Autopay(Option<bool>),
    Paperless(Option<bool>),
    /// STOP / UNSUBSCRIBE / HỦY: no more notices to this address.
    Stop,
    Help,
    /// `LINK <account number> <ZIP>`, words after LINK kept as written.
    Link(String),
    /// Anything else: an answer to the step the conversation is at (a code, a number, yes).
    Answer(String),
    /// Nothing readable was written.
    Empty,
}

/// Words of each command, folded; longer phrases first so "thanh toan tu dong" wins.
const TABLE: &[(&str, Kind)] = &[
    ("tu dong thanh toan", Kind::Autopay),
    ("thanh toan tu dong", Kind::Autopay),
    ("hoa don dien tu", Kind::Paperless),
    ("khong giay", Kind::Paperless),
    ("thanh toan", Kind::Pay),
    ("so du", Kind::Balance),
    ("lich su", Kind::History),
    ("dien nang", Kind::Usage),
    ("huy dang ky", Kind::Stop),
    ("tro giup", Kind::Help),
    ("lien ket", Kind::Link),
    ("unsubscribe", Kind::Stop),
    ("paperless", Kind::Paperless),
    ("autopay", Kind::Autopay),
    ("balance", Kind::Balance),
    ("history", Kind::History),
    ("usage", Kind::Usage),
    ("huy", Kind::Stop),
    ("stop", Kind::Stop),
    ("help", Kind::Help),
    ("giup", Kind::Help),
    ("link", Kind::Link),
    ("pay", Kind::Pay),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Balance,
    Pay,
    History,
    Usage,
    Autopay,
    Paperless,
    Stop,
    Help,
    Link,
}

/// Reads the command from the extracted reply text.
pub fn parse(reply: &str) -> Command {
    let Some(first) = reply.lines().map(str::trim).find(|l| !l.is_empty()) else {
        return Command::Empty;
    };
    let original = first.trim_end_matches(['.', '!', '?']);
    let folded = fold(original);
    for (words, kind) in TABLE {
        let Some(rest) = folded.strip_prefix(words) else {
            continue;
        };
        if !(rest.is_empty() || rest.starts_with(' ')) {
            continue;
        }
        let arg = rest.trim();
        // The argument as written (diacritics and case matter for nothing here but amounts).
        let arg_original = original
            .split_whitespace()
            .skip(words.split(' ').count())
            .collect::<Vec<_>>()
            .join(" ");
        return match kind {
            Kind::Balance if arg.is_empty() => Command::Balance,
            Kind::History if arg.is_empty() => Command::History,
            Kind::Usage if arg.is_empty() => Command::Usage,
            Kind::Help if arg.is_empty() => Command::Help,
            Kind::Stop if arg.is_empty() || arg == "all" => Command::Stop,
            Kind::Pay => Command::Pay(Some(arg_original).filter(|a| !a.is_empty())),
            Kind::Autopay => Command::Autopay(on_off(arg)),
            Kind::Paperless => Command::Paperless(on_off(arg)),
            Kind::Link => Command::Link(arg_original),
            _ => Command::Answer(first.to_string()),
        };
    }
    Command::Answer(first.to_string())
}

fn on_off(arg: &str) -> Option<bool> {
    match arg {
        "on" | "bat" | "mo" | "yes" | "co" => Some(true),
        "off" | "tat" | "dung" | "no" | "khong" => Some(false),
        _ => None,
    }
}

impl Command {
    /// The engine input for this command: a slash command in the engine's vocabulary, or the
    /// person's own words for the step they are at.
    pub fn engine_text(&self) -> String {
        let flag = |v: &Option<bool>| match v {
            Some(true) => " on",
            Some(false) => " off",
            None => "",
        };
        match self {
            Command::Balance => "/balance".into(),
            Command::Pay(Some(a)) => format!("/pay {a}"),
            Command::Pay(None) => "/pay".into(),
            Command::History => "/history".into(),
            Command::Usage => "/usage".into(),
            Command::Autopay(v) => format!("/autopay{}", flag(v)),
            Command::Paperless(v) => format!("/paperless{}", flag(v)),
            Command::Stop => "/unsubscribe".into(),
            Command::Help | Command::Empty => "/emailhelp".into(),
            Command::Link(args) if args.is_empty() => "/link".into(),
            Command::Link(args) => format!("/link {args}"),
            Command::Answer(t) => t.clone(),
        }
    }

    /// The flow the command starts, if it starts one.
    pub fn flow(&self) -> Option<&'static str> {
        Some(match self {
            Command::Balance => "balance",
            Command::Pay(_) => "pay",
            Command::History => "history",
            Command::Usage => "usage",
            Command::Autopay(_) => "autopay",
            Command::Paperless(_) => "paperless",
            Command::Stop => "unsubscribe",
            Command::Help | Command::Empty => "emailhelp",
            Command::Link(_) => "link",
            Command::Answer(_) => return None,
        })
    }

    /// Flows that read the account: an unlinked address is told how to link instead.
    pub fn needs_link(&self) -> bool {
        matches!(
            self,
            Command::Balance
                | Command::Pay(_)
                | Command::History
                | Command::Usage
                | Command::Autopay(_)
                | Command::Paperless(_)
        )
    }

    pub fn name(&self) -> &'static str {
        match self {
            Command::Balance => "balance",
            Command::Pay(_) => "pay",
            Command::History => "history",
            Command::Usage => "usage",
            Command::Autopay(_) => "autopay",
            Command::Paperless(_) => "paperless",
            Command::Stop => "stop",
            Command::Help => "help",
            Command::Link(_) => "link",
            Command::Answer(_) => "answer",
            Command::Empty => "empty",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_vietnamese_commands_with_or_without_diacritics() {
        let cases = [
            ("BALANCE", Command::Balance),
            ("balance.", Command::Balance),
            ("Số dư", Command::Balance),
            ("SO DU", Command::Balance),
            ("PAY", Command::Pay(None)),
            ("pay 85.20", Command::Pay(Some("85.20".into()))),
            ("THANH TOÁN 85,20", Command::Pay(Some("85,20".into()))),
            ("Lịch sử", Command::History),
            ("điện năng", Command::Usage),
            ("AUTOPAY ON", Command::Autopay(Some(true))),
            ("tự động thanh toán tắt", Command::Autopay(Some(false))),
            ("PAPERLESS off", Command::Paperless(Some(false))),
            ("STOP", Command::Stop),
            ("Hủy", Command::Stop),
            ("unsubscribe", Command::Stop),
            ("help", Command::Help),
            (
                "LINK 1000000001 94110",
                Command::Link("1000000001 94110".into()),
            ),
            (
                "liên kết 1000000003 95122",
                Command::Link("1000000003 95122".into()),
            ),
            ("123456", Command::Answer("123456".into())),
            ("yes", Command::Answer("yes".into())),
            (
                "Payment question",
                Command::Answer("Payment question".into()),
            ),
            ("", Command::Empty),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), want, "{text}");
        }
    }

    #[test]
    fn only_the_first_written_line_is_read() {
        assert_eq!(parse("\n\n  balance\nand thanks!"), Command::Balance);
    }
}
