//! What the customer actually wrote: the text above the quoted history and the signature,
//! as Gmail, Outlook, Apple Mail, Thunderbird and mobile clients write them in English,
//! Vietnamese and the other common languages.
//!
//! Line based, because every client marks the start of history with a line (or two or three
//! wrapped lines): an attribution ("On … wrote:", "Vào … đã viết:"), a header block
//! ("From:/Sent:", "Từ:/Đã gửi:"), a separator ("-----Original Message-----"), a `>` quote,
//! a signature delimiter or a "Sent from my iPhone" line. Everything from the first such
//! line on is dropped.

use crate::domain::text::fold;

/// The reply text of a message body.
pub fn extract_reply(body: &str) -> String {
    let text = body.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().collect();
    let cut = (0..lines.len())
        .find(|&i| starts_history(&lines, i))
        .unwrap_or(lines.len());
    let kept: Vec<&str> = lines[..cut].iter().map(|l| l.trim_end()).collect();
    kept.join("\n")
        .trim_matches(|c: char| c.is_whitespace() || INVISIBLE.contains(&c))
        .to_string()
}

/// Characters clients leave behind that show as nothing (Gmail's `ᐧ` tracking dot, BOM, ZWSP).
const INVISIBLE: &[char] = &[
    '\u{1427}', '\u{feff}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{a0}',
];

fn starts_history(lines: &[&str], i: usize) -> bool {
    let line = clean(lines[i]);
    if line.is_empty() {
        return false;
    }
    if line.starts_with('>') {
        return true;
    }
    is_delimiter(&line)
        || is_separator(&line)
        || is_signoff_device(&line)
        || is_header_block(lines, i)
        || is_attribution(lines, i)
}

/// Trimmed, without markdown emphasis html2text or clients add around header names.
fn clean(line: &str) -> String {
    line.trim_matches(|c: char| c.is_whitespace() || INVISIBLE.contains(&c))
        .to_string()
}

/// `--`, `-- `, `___…`, `***`, `====` and other lines made only of rule characters.
fn is_delimiter(line: &str) -> bool {
    line.chars().count() >= 2 && line.chars().all(|c| "-_=*#~+".contains(c))
}

const SEPARATORS: &[&str] = &[
    "original message",
    "original-nachricht",
    "ursprungliche nachricht",
    "message d'origine",
    "message d’origine",
    "mensaje original",
    "messaggio originale",
    "mensagem original",
    "oorspronkelijk bericht",
    "oprindelig meddelelse",
    "ursprungligt meddelande",
    "opprinnelig melding",
    "alkuperainen viesti",
    "wiadomosc oryginalna",
    "исходное сообщение",
    "оригинальное сообщение",
    "forwarded message",
    "begin forwarded message",
    "weitergeleitete nachricht",
    "message transfere",
    "mensaje reenviado",
    "messaggio inoltrato",
    "doorgestuurd bericht",
    "videresendt meddelelse",
    "vidarebefordrat meddelande",
    "thu goc",
    "tin nhan goc",
    "thu chuyen tiep",
    "reply above this line",
    "reply above this line.",
];

fn is_separator(line: &str) -> bool {
    let f = fold(line);
    let core = f.trim_matches(|c: char| !c.is_alphanumeric());
    core.chars().count() < 60
        && SEPARATORS
            .iter()
            .any(|s| core.starts_with(s) || core.ends_with(s))
        && (line.starts_with('-')
            || line.starts_with('_')
            || line.ends_with(':')
            || line.ends_with('-')
            || core == f)
}

/// "Sent from my iPhone" and its relatives: a client's signature line.
const DEVICE_LINES: &[&str] = &[
    "sent from my ",
    "sent from ",
    "sent with ",
    "sent via ",
    "sent by ",
    "<<sent by",
    "(sent from",
    "get outlook for",
    "envoye depuis",
    "envoye de mon",
    "von meinem",
    "gesendet von",
    "diese nachricht wurde von meinem",
    "verzonden met",
    "verzonden vanaf",
    "verstuurd vanaf",
    "enviado desde",
    "enviado do meu",
    "enviado de meu",
    "inviato da",
    "skickat fran",
    "sendt fra",
    "wyslane z",
    "отправлено с",
    "从我的",
    "從我的",
    "发自我的",
    "duoc gui tu",
    "gui tu iphone",
    "gui tu dien thoai",
    "gui tu thiet bi",
    "gui tu ung dung",
];

fn is_signoff_device(line: &str) -> bool {
    let f = fold(line);
    // A long sentence starting "Sent from my desk, …" is prose, not a client's signature.
    f.split_whitespace().count() <= 8 && DEVICE_LINES.iter().any(|d| f.starts_with(d))
}

/// Header names of a quoted message, folded, in the languages clients localise them to.
const FROM_KEYS: &[&str] = &[
    "from",
    "von",
    "de",
    "van",
    "da",
    "fran",
    "fra",
    "od",
    "от",
    "tu",
    "发件人",
    "寄件者",
    "lahettaja",
    "kimden",
    "afzender",
    "remitente",
    "mittente",
];
const OTHER_KEYS: &[&str] = &[
    "sent",
    "date",
    "to",
    "subject",
    "cc",
    "gesendet",
    "datum",
    "an",
    "betreff",
    "envoye",
    "a",
    "objet",
    "enviado",
    "fecha",
    "para",
    "asunto",
    "inviato",
    "data",
    "oggetto",
    "verzonden",
    "aan",
    "onderwerp",
    "skickat",
    "till",
    "amne",
    "sendt",
    "til",
    "emne",
    "wyslano",
    "do",
    "temat",
    "отправлено",
    "дата",
    "кому",
    "тема",
    "da gui",
    "ngay",
    "den",
    "chu de",
    "tieu de",
    "gui luc",
    "发送时间",
    "收件人",
    "主题",
    "日期",
    "lahetetty",
    "vastaanottaja",
    "aihe",
    "tarih",
    "kime",
    "konu",
    "reply-to",
];

fn header_key(line: &str) -> Option<String> {
    let l = line.trim_start_matches(['*', ' ', '\t']);
    let (k, _) = l.split_once([':', '：'])?;
    let k = fold(k.trim_end_matches(['*', ' ']));
    (k.chars().count() <= 14).then_some(k)
}

/// `From: …` followed closely by `Sent:`/`To:`/`Subject:` (or `Từ:` then `Đã gửi:`, …).
fn is_header_block(lines: &[&str], i: usize) -> bool {
    let Some(k) = header_key(lines[i]) else {
        return false;
    };
    if !(FROM_KEYS.contains(&k.as_str()) || k == "date" || k == "sent" || k == "ngay") {
        return false;
    }
    lines
        .iter()
        .skip(i + 1)
        .take(6)
        .filter_map(|l| header_key(l))
        .any(|k2| OTHER_KEYS.contains(&k2.as_str()) || FROM_KEYS.contains(&k2.as_str()) && k2 != k)
}

/// What an attribution line ends with, folded: "wrote:", "schrieb:", "đã viết:", …
const WROTE: &[&str] = &[
    "wrote:",
    "wrote :",
    "wrote",
    "writes:",
    "sent:",
    "schrieb:",
    "schrieb",
    "a ecrit :",
    "a ecrit:",
    "a ecrit",
    "escribio:",
    "escribio",
    "ha scritto:",
    "scrisse:",
    "escreveu:",
    "escreveu",
    "skrev:",
    "skrev",
    "kirjoitti:",
    "napisał:",
    "napisała:",
    "napisał(a):",
    "napisal:",
    "написал:",
    "написала:",
    "написал(а):",
    "написав:",
    "написала(а):",
    "писал:",
    "schreef:",
    "schreef",
    "het volgende geschreven:",
    "yazdi:",
    "da viet:",
    "viet:",
    "写道:",
    "写道：",
    "寫道:",
    "寫道：",
    "のメッセージ:",
    "wrote:>",
];
/// Words that start an attribution in many languages, folded.
const OPENERS: &[&str] = &[
    "on ", "am ", "le ", "el ", "il ", "em ", "op ", "den ", "pa ", "w dniu ", "dnia ", "vao ",
    "в ", "у ", "dne ", "в пн", "at ", "in ", "ngay ", "luc ",
];

fn is_attribution(lines: &[&str], i: usize) -> bool {
    let first = fold(&clean(lines[i]));
    let mut joined = String::new();
    for (n, l) in lines.iter().skip(i).take(3).enumerate() {
        let l = clean(l);
        if l.is_empty() && n > 0 {
            break;
        }
        if n > 0 {
            joined.push(' ');
        }
        joined.push_str(&l);
        let f = fold(&joined);
        let f = f.trim_end_matches(['*', ' ']);
        if f.chars().count() > 300 {
            return false;
        }
        let has_digit_or_at = f.chars().any(|c| c.is_ascii_digit()) || f.contains('@');
        if has_digit_or_at && WROTE.iter().any(|w| f.ends_with(w)) {
            return true;
        }
        // Dutch and others put the verb mid-line: "Op 13-02-2014 3:18 schreef Naam <a@b>:".
        if f.ends_with(':')
            && has_digit_or_at
            && OPENERS.iter().any(|o| first.starts_with(o))
            && WROTE
                .iter()
                .any(|w| f.contains(&format!(" {}", w.trim_end_matches(':'))))
        {
            return true;
        }
        // "2014-10-17 11:28 GMT+03:00 Name <\nname@example.com>:" (Gmail's terse form).
        if f.ends_with(">:") && f.contains('@') && first.chars().take(4).all(|c| c.is_ascii_digit())
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::extract_reply;

    #[test]
    fn gmail_english_attribution_is_cut() {
        let body = "BALANCE\n\nOn Fri, Nov 15, 2019 at 1:30 PM Golden State Power <bot+x@gridchat.example> wrote:\n> Your bill is ready\n";
        assert_eq!(extract_reply(body), "BALANCE");
    }

    #[test]
    fn vietnamese_gmail_attribution_wrapped_over_two_lines_is_cut() {
        let body = "Số dư\n\nVào Th 6, 15 thg 11, 2019 vào lúc 13:30 Golden State Power <\nbot+x@gridchat.example> đã viết:\n\n> Hóa đơn của bạn\n";
        assert_eq!(extract_reply(body), "Số dư");
    }

    #[test]
    fn vietnamese_outlook_header_block_is_cut() {
        let body = "THANH TOÁN\r\n\r\n________________________________\r\nTừ: Golden State Power <bot@gridchat.example>\r\nĐã gửi: Thứ Sáu, 15 tháng 11, 2019 13:30\r\nĐến: an.nguyen@example.com\r\nChủ đề: Hóa đơn\r\n\r\nHóa đơn của bạn đã sẵn sàng";
        assert_eq!(extract_reply(body), "THANH TOÁN");
    }

    #[test]
    fn outlook_header_block_without_rule_is_cut() {
        let body = "history please\n\nFrom: Golden State Power <bot@gridchat.example>\nSent: Friday, November 15, 2019 1:30 PM\nTo: Maria\nSubject: Bill\n\nold text";
        assert_eq!(extract_reply(body), "history please");
    }

    #[test]
    fn signatures_and_device_lines_are_cut() {
        assert_eq!(extract_reply("usage\n\nSent from my iPhone"), "usage");
        assert_eq!(extract_reply("usage\n-- \nMaria Garcia\n555-1234"), "usage");
        assert_eq!(
            extract_reply("số dư\n\nĐược gửi từ iPhone của tôi"),
            "số dư"
        );
    }

    #[test]
    fn text_without_history_is_kept_whole() {
        assert_eq!(
            extract_reply("  Hello\n\nThis is not a ---------- delimiter.\n"),
            "Hello\n\nThis is not a ---------- delimiter."
        );
    }
}
