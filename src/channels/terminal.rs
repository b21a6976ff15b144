//! The terminal channel: a conversation on stdin/stdout, for newcomers, demos and tests.

use std::io::Write;

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

use crate::app::mailer::Mailer;
use crate::app::Service;
use crate::domain::{Channel, Identity, Locale};
use crate::engine::{Capabilities, Content, Inbound};

/// Renders everything the service produced for this person: replies, then mail shown as the
/// newcomer would see it arrive.
///
/// # Errors
/// Storage or output failed.
pub async fn flush(
    service: &Service,
    mailer: &dyn Mailer,
    user: &str,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<()> {
    for reply in service.take_replies(Channel::Terminal.code(), user).await? {
        writeln!(out, "{}\n", reply.plain_text())?;
    }
    for (mail, whereto) in service.deliver_mail(mailer).await? {
        writeln!(
            out,
            "--- mail to {} ({whereto})\nSubject: {}\n\n{}\n---\n",
            mail.to, mail.subject, mail.text
        )?;
    }
    out.flush()?;
    Ok(())
}

/// Runs the conversation until end of input or `/quit`.
///
/// # Errors
/// Storage or output failed.
pub async fn run(
    service: &Service,
    mailer: &dyn Mailer,
    user: &str,
    lang: Option<Locale>,
    input: impl AsyncBufRead + Unpin,
    out: &mut (dyn Write + Send),
    prompt: bool,
) -> anyhow::Result<()> {
    let session = uuid::Uuid::new_v4().simple().to_string();
    let mut lines = input.lines();
    let mut n = 0u64;
    loop {
        if prompt {
            write!(out, "you> ")?;
            out.flush()?;
        }
        let Some(line) = lines.next_line().await? else {
            break;
        };
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        if matches!(text, "/quit" | "/exit") {
            break;
        }
        n += 1;
        let inbound = Inbound {
            identity: Identity::new(Channel::Terminal, user),
            message_id: format!("{session}-{n}"),
            content: Content::Text(text.to_string()),
            capabilities: Capabilities {
                buttons: false,
                private: true,
            },
            locale_hint: lang,
            received_at: service.clock.now(),
        };
        service.handle(inbound).await?;
        flush(service, mailer, user, out).await?;
    }
    Ok(())
}
