//! What kind of mail this is. Only `Human` mail gets a conversational answer: auto-replies,
//! delivery reports and our own mail coming back never do, so two robots cannot loop.

use serde::Serialize;

use super::dsn::find_status_code;
use super::parse::ParsedEmail;
use crate::domain::text::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    Human,
    /// RFC 3834 responses, vacation notices, list and bulk mail.
    AutoReply,
    /// Delivery status notifications (RFC 3464 and vendor formats) and feedback reports.
    Bounce,
    /// Mail from gridchat's own address, or carrying gridchat's loop marker.
    Loop,
}

impl Class {
    pub fn code(self) -> &'static str {
        match self {
            Class::Human => "human",
            Class::AutoReply => "auto-reply",
            Class::Bounce => "bounce",
            Class::Loop => "loop",
        }
    }
}

/// The header gridchat puts on everything it sends; seeing it inbound means our own mail
/// came back through a forwarder or an auto-responder that copied headers.
pub const LOOP_HEADER: &str = "X-Gridchat-Loop";

/// Local parts of the mail system's own senders.
const SYSTEM_SENDERS: &[&str] = &[
    "mailer-daemon",
    "mailerdaemon",
    "postmaster",
    "mail-daemon",
    "mail.daemon",
    "mail-delivery-subsystem",
    "maildelivery",
    "mailadmin",
    "bounce",
    "bounces",
    "double-bounce",
    "nobody",
    "noreply",
    "no-reply",
    "do-not-reply",
    "donotreply",
    "autoreply",
    "auto-reply",
    "vacation",
];

/// Subjects of delivery reports, folded (lower case, no diacritics).
const BOUNCE_SUBJECTS: &[&str] = &[
    "undeliver",
    "undelivered mail",
    "delivery status notification",
    "delivery failure",
    "delivery has failed",
    "delivery notification",
    "delivery problem",
    "failure notice",
    "mail delivery failed",
    "mail delivery system",
    "mail system error",
    "returned mail",
    "returned to sender",
    "non-delivery",
    "nondeliverable",
    "non remis",
    "unzustellbar",
    "nicht zustellbar",
    "could not be delivered",
    "message not delivered",
    "delivery failed",
    "permanent error",
    "rejected",
    "mail could not be delivered",
    "khong the gui",
    "khong gui duoc",
];

/// Subjects of out-of-office and other automatic replies, folded.
const AUTO_SUBJECTS: &[&str] = &[
    "out of office",
    "out of the office",
    "automatic reply",
    "auto reply",
    "auto-reply",
    "autoreply",
    "auto response",
    "auto-response",
    "autoresponse",
    "automated response",
    "auto:",
    "away from my desk",
    "on vacation",
    "vacation",
    "abwesenheit",
    "automatische antwort",
    "reponse automatique",
    "absence",
    "respuesta automatica",
    "fuera de la oficina",
    "risposta automatica",
    "fuori ufficio",
    "automatisch antwoord",
    "afwezig",
    "autosvar",
    "fravaer",
    "automatyczna odpowiedz",
    "resposta automatica",
    "ausencia",
    "автоответ",
    "автоматический ответ",
    "自动回复",
    "自動回覆",
    "自動応答",
    "tra loi tu dong",
    "thu tra loi tu dong",
    "tu dong tra loi",
    "phan hoi tu dong",
    "vang mat",
    "ngoai van phong",
    "dang nghi phep",
];

/// Classifies `mail`; `bot` is gridchat's own address (`local@domain`, lower case).
pub fn classify(mail: &ParsedEmail, bot: &str) -> Class {
    if is_loop(mail, bot) {
        return Class::Loop;
    }
    if is_bounce(mail) {
        return Class::Bounce;
    }
    if is_auto_reply(mail) {
        return Class::AutoReply;
    }
    Class::Human
}

/// `bot+anything@domain` counts as the bot's address.
pub fn is_bot_address(addr: &str, bot: &str) -> bool {
    let (Some((local, domain)), Some((blocal, bdomain))) =
        (addr.rsplit_once('@'), bot.rsplit_once('@'))
    else {
        return false;
    };
    let base = local.split('+').next().unwrap_or(local);
    domain.eq_ignore_ascii_case(bdomain) && base.eq_ignore_ascii_case(blocal)
}

fn is_loop(mail: &ParsedEmail, bot: &str) -> bool {
    mail.from.as_deref().is_some_and(|f| is_bot_address(f, bot))
        || mail.header("x-gridchat-loop").is_some()
        || mail
            .header_all("x-loop")
            .any(|v| v.to_lowercase().contains(bot))
}

fn is_bounce(mail: &ParsedEmail) -> bool {
    // Any multipart/report is a mail system speaking (some omit or misspell report-type).
    if mail.report_type.is_some()
        || mail.delivery_status.is_some()
        || mail.part_types.iter().any(|t| {
            t == "message/delivery-status"
                || t == "message/feedback-report"
                || t == "text/rfc822-headers"
                || t == "message/disposition-notification"
        })
        || mail.header("x-failed-recipients").is_some()
    {
        return true;
    }
    let system = mail.from.as_deref().is_some_and(|f| {
        let local = f.split('@').next().unwrap_or("");
        [
            "mailer-daemon",
            "mailerdaemon",
            "postmaster",
            "mail-daemon",
            "mail-delivery-subsystem",
            "maildelivery",
            "mail.delivery",
            "post_master",
            "double-bounce",
        ]
        .iter()
        .any(|s| local.starts_with(s))
    }) || {
        let raw_from = mail.header("from").unwrap_or("").to_lowercase();
        raw_from.contains("mailer-daemon") || raw_from.contains("mail delivery")
    };
    let complaint = fold(&mail.subject);
    if complaint.contains("complaint about message") || complaint.contains("abuse report") {
        return true;
    };
    let null_path = mail
        .header("return-path")
        .is_some_and(|r| r.trim() == "<>" || r.trim().is_empty());
    let subject = fold(&mail.subject);
    let bounce_subject = BOUNCE_SUBJECTS.iter().any(|s| subject.contains(s));
    system || (null_path && bounce_subject) || (bounce_subject && looks_like_dsn_body(&mail.body))
}

/// Vendor bounces without a DSN part still quote an SMTP status: `550 5.1.1`, `5.7.1`.
fn looks_like_dsn_body(body: &str) -> bool {
    let b = body.to_lowercase();
    b.contains("could not be delivered")
        || b.contains("delivery has failed")
        || b.contains("undeliverable")
        || b.contains("permanent error")
        || b.contains("smtp error")
        || b.contains("remote server returned")
        || find_status_code(&b).is_some()
}

fn is_auto_reply(mail: &ParsedEmail) -> bool {
    if mail
        .header("auto-submitted")
        .is_some_and(|v| !v.trim().eq_ignore_ascii_case("no"))
    {
        return true;
    }
    if mail.header("precedence").is_some_and(|v| {
        let v = v.trim().to_ascii_lowercase();
        v == "bulk" || v == "junk" || v == "list" || v == "auto_reply"
    }) {
        return true;
    }
    if [
        "x-autoreply",
        "x-autorespond",
        "x-autogenerated",
        "list-id",
        "list-unsubscribe",
        "x-mlserver",
        "x-ml-name",
        "mailing-list",
    ]
    .iter()
    .any(|h| mail.header(h).is_some())
    {
        return true;
    }
    if mail.header("x-auto-response-suppress").is_some_and(|v| {
        v.to_ascii_lowercase().contains("all") || v.to_ascii_lowercase().contains("oof")
    }) {
        return true;
    }
    let from_system = mail.from.as_deref().is_some_and(|f| {
        let local = f.split('@').next().unwrap_or("");
        SYSTEM_SENDERS.contains(&local)
            || ["-admin", "-owner", "-request", "-bounces"]
                .iter()
                .any(|s| local.ends_with(s))
    });
    let subject = fold(&mail.subject);
    from_system || AUTO_SUBJECTS.iter().any(|s| subject.contains(&fold(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(headers: &[(&str, &str)], subject: &str, from: &str) -> ParsedEmail {
        ParsedEmail {
            from: Some(from.into()),
            subject: subject.into(),
            headers: headers
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn rfc3834_and_vacation_subjects_are_auto_replies() {
        let bot = "bot@gridchat.example";
        assert_eq!(
            classify(
                &mail(&[("auto-submitted", "auto-replied")], "Re: bill", "a@x.com"),
                bot
            ),
            Class::AutoReply
        );
        assert_eq!(
            classify(
                &mail(&[("auto-submitted", "no")], "Re: bill", "a@x.com"),
                bot
            ),
            Class::Human
        );
        assert_eq!(
            classify(&mail(&[("precedence", "bulk")], "hi", "a@x.com"), bot),
            Class::AutoReply
        );
        assert_eq!(
            classify(&mail(&[], "Trả lời tự động: Re: hóa đơn", "a@x.com"), bot),
            Class::AutoReply
        );
        assert_eq!(
            classify(&mail(&[], "Vắng mặt khỏi văn phòng", "a@x.com"), bot),
            Class::AutoReply
        );
        assert_eq!(
            classify(&mail(&[], "Out of Office: Re: bill", "a@x.com"), bot),
            Class::AutoReply
        );
        assert_eq!(
            classify(&mail(&[], "Re: your bill", "a@x.com"), bot),
            Class::Human
        );
    }

    #[test]
    fn our_own_address_with_any_tag_is_a_loop() {
        let bot = "bot@gridchat.example";
        assert_eq!(
            classify(&mail(&[], "Re: hi", "Bot+ABC@gridchat.example"), bot),
            Class::Loop
        );
        assert!(!is_bot_address("robot@gridchat.example", bot));
    }
}
