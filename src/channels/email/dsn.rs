//! What a delivery status report (RFC 3464, and vendors' plain-text bounces) says: which
//! recipients failed, and whether for good.

use super::parse::ParsedEmail;

/// A bounced recipient, as the report states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounced {
    pub address: String,
    /// A permanent failure (5.x.x / 5xx): counts towards marking the address undeliverable.
    pub hard: bool,
}

/// The recipients a delivery report says failed.
pub fn bounced_recipients(mail: &ParsedEmail) -> Vec<Bounced> {
    let mut out = Vec::new();
    if let Some(ds) = &mail.delivery_status {
        let mut addr: Option<String> = None;
        let mut status: Option<String> = None;
        let mut action: Option<String> = None;
        let flush = |addr: &mut Option<String>,
                     status: &mut Option<String>,
                     action: &mut Option<String>,
                     out: &mut Vec<Bounced>| {
            if let Some(a) = addr.take() {
                let failed = action.as_deref().is_none_or(|a| a.starts_with("failed"));
                if failed {
                    let hard = status.as_deref().is_some_and(|s| s.starts_with('5'));
                    out.push(Bounced { address: a, hard });
                }
            }
            *status = None;
            *action = None;
        };
        for line in ds.lines() {
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            let v = v.trim();
            match k.trim().to_ascii_lowercase().as_str() {
                "final-recipient" | "original-recipient"
                    if addr.is_none() || k.trim().eq_ignore_ascii_case("final-recipient") =>
                {
                    if k.trim().eq_ignore_ascii_case("final-recipient") {
                        flush(&mut addr, &mut status, &mut action, &mut out);
                    }
                    let a = v
                        .rsplit(';')
                        .next()
                        .unwrap_or(v)
                        .trim()
                        .trim_matches(['<', '>'])
                        .to_lowercase();
                    if a.contains('@') {
                        addr = Some(a);
                    }
                }
                "action" => action = Some(v.to_ascii_lowercase()),
                "status" => status = Some(v.to_string()),
                _ => {}
            }
        }
        flush(&mut addr, &mut status, &mut action, &mut out);
    }
    if out.is_empty() {
        if let Some(list) = mail.header("x-failed-recipients") {
            let hard =
                find_status_code(&mail.body.to_lowercase()).is_none_or(|c| c.starts_with('5'));
            for a in list.split(',') {
                let a = a.trim().to_lowercase();
                if a.contains('@') {
                    out.push(Bounced { address: a, hard });
                }
            }
        }
    }
    out.dedup();
    out
}

/// The first enhanced status code (`5.1.1`, `4.2.2`) in a text.
pub(super) fn find_status_code(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(4)).find_map(|i| {
        let ok = (b[i] == b'4' || b[i] == b'5')
            && b[i + 1] == b'.'
            && b[i + 2].is_ascii_digit()
            && b[i + 3] == b'.'
            && b[i + 4].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'.');
        ok.then(|| text[i..i + 5].to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dsn_recipients_and_hardness_are_read() {
        let m = ParsedEmail {
            delivery_status: Some("Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; Gone@Example.com\nAction: failed\nStatus: 5.1.1\n\nFinal-Recipient: rfc822; later@example.com\nAction: delayed\nStatus: 4.2.2\n".into()),
            ..Default::default()
        };
        assert_eq!(
            bounced_recipients(&m),
            vec![Bounced {
                address: "gone@example.com".into(),
                hard: true
            }]
        );
        assert_eq!(
            find_status_code("smtp; 550 5.1.1 user unknown"),
            Some("5.1.1".into())
        );
    }
}
