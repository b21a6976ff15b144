//! The terminal channel: a conversation on stdin/stdout, for newcomers, demos and tests.

use std::io::Write;
use std::path::Path;

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

use crate::app::mailer::Mailer;
use crate::app::Service;
use crate::domain::{Channel, Identity, Locale};
use crate::engine::{Attachment, Capabilities, Content, Inbound};

/// Renders everything the service produced for this person: replies (a terminal shows no
/// pictures, so attachments are written to `files` and their paths printed), then mail shown
/// as the newcomer would see it arrive.
///
/// # Errors
/// Storage or output failed.
pub async fn flush(
    service: &Service,
    mailer: &dyn Mailer,
    user: &str,
    files: &Path,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<()> {
    for reply in service.take_replies(Channel::Terminal.code(), user).await? {
        writeln!(out, "{}\n", reply.plain_text())?;
        for a in &reply.attachments {
            let (Attachment::Png { name, bytes } | Attachment::Csv { name, bytes }) = a;
            let path = save_attachment(files, name, bytes)?;
            writeln!(out, "[attached: {}]\n", path.display())?;
        }
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

/// Writes an attachment under `dir` with a fresh prefix, so a later chart never overwrites
/// one the person is still looking at.
fn save_attachment(dir: &Path, name: &str, bytes: &[u8]) -> anyhow::Result<std::path::PathBuf> {
    use anyhow::Context;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    // The name comes from the engine, but keep it a plain file name all the same.
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%3f");
    let path = dir.join(format!("{stamp}-{safe}"));
    std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// Who is talking and how the terminal shows the conversation.
#[derive(Debug, Clone, Copy)]
pub struct Session<'a> {
    /// The terminal user name, which identifies the conversation.
    pub user: &'a str,
    /// Language hint until the person chooses one.
    pub lang: Option<Locale>,
    /// Where attachments (charts, CSV files) are written.
    pub files: &'a Path,
    /// Print a `you>` prompt (interactive use).
    pub prompt: bool,
}

/// Runs the conversation until end of input or `/quit`.
///
/// # Errors
/// Storage or output failed.
pub async fn run(
    service: &Service,
    mailer: &dyn Mailer,
    s: Session<'_>,
    input: impl AsyncBufRead + Unpin,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<()> {
    let Session {
        user,
        lang,
        files,
        prompt,
    } = s;
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
        flush(service, mailer, user, files, out).await?;
    }
    Ok(())
}
