//! A small ESMTP server on tokio (RFC 5321): EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing,
//! RSET, NOOP, VRFY, HELP, QUIT, and the SIZE, 8BITMIME, PIPELINING, ENHANCEDSTATUSCODES
//! extensions. It only speaks the protocol: what to accept is the [`SmtpHandler`]'s call, and
//! a message is acknowledged with 250 only once the handler has stored it.
//!
//! Written here because the SMTP server crates either run on async-std (samotop) or their
//! handler is synchronous with no SIZE support (mailin, mailin-embedded), and a 250 must wait
//! for an asynchronous database commit.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// An SMTP reply: code, enhanced status code (RFC 3463) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpReply {
    pub code: u16,
    pub status: &'static str,
    pub text: String,
}

impl SmtpReply {
    pub fn new(code: u16, status: &'static str, text: impl Into<String>) -> SmtpReply {
        SmtpReply {
            code,
            status,
            text: text.into(),
        }
    }

    fn line(&self) -> String {
        if self.status.is_empty() {
            format!("{} {}\r\n", self.code, self.text)
        } else {
            format!("{} {} {}\r\n", self.code, self.status, self.text)
        }
    }
}

/// One transaction's envelope.
#[derive(Debug, Clone, Default)]
pub struct Envelope {
    pub peer: Option<IpAddr>,
    pub helo: String,
    /// Empty for the null reverse path `<>` (bounces).
    pub from: String,
    pub to: Vec<String>,
}

/// Decides what the server accepts.
#[async_trait::async_trait]
pub trait SmtpHandler: Send + Sync + 'static {
    /// # Errors
    /// The reply refusing this sender (a 4xx rate limit, …).
    async fn mail_from(&self, _env: &Envelope, _from: &str) -> Result<(), SmtpReply> {
        Ok(())
    }
    /// # Errors
    /// The reply refusing this recipient (550 for an address that is not ours).
    async fn rcpt_to(&self, _env: &Envelope, _to: &str) -> Result<(), SmtpReply> {
        Ok(())
    }
    /// Stores the message durably; returns only once it is safe to answer 250.
    ///
    /// # Errors
    /// The reply to give instead (451 when storage failed).
    async fn data(&self, env: &Envelope, message: Vec<u8>) -> Result<(), SmtpReply>;
}

#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Our name in the greeting and in `Received`.
    pub hostname: String,
    /// Largest message accepted (advertised as SIZE).
    pub max_size: usize,
    pub max_recipients: usize,
    /// A client silent this long is disconnected (RFC 5321 suggests minutes).
    pub idle_timeout: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            hostname: "gridchat".into(),
            max_size: 10 * 1024 * 1024,
            max_recipients: 100,
            idle_timeout: Duration::from_secs(300),
        }
    }
}

/// Command lines longer than this are refused (RFC 5321 allows 512; extensions add some).
const MAX_LINE: u64 = 4096;

/// Accepts connections until `shutdown` resolves.
pub async fn serve<H: SmtpHandler>(
    listener: TcpListener,
    config: ServerConfig,
    handler: Arc<H>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let config = Arc::new(config);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let (c, h) = (config.clone(), handler.clone());
                    tokio::spawn(async move {
                        if let Err(e) = session(stream, peer, &c, &*h).await {
                            tracing::debug!(%peer, error = %e, "smtp session ended with an error");
                        }
                    });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "smtp accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }
}

#[derive(PartialEq, Eq)]
enum State {
    Fresh,
    Greeted,
    Mail,
    Rcpt,
}

async fn session<H: SmtpHandler>(
    stream: TcpStream,
    peer: SocketAddr,
    config: &ServerConfig,
    handler: &H,
) -> std::io::Result<()> {
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::new(r);
    let say =
        |code: u16, status: &'static str, text: &str| SmtpReply::new(code, status, text).line();
    w.write_all(format!("220 {} ESMTP gridchat ready\r\n", config.hostname).as_bytes())
        .await?;
    let mut state = State::Fresh;
    let mut env = Envelope {
        peer: Some(peer.ip()),
        ..Default::default()
    };
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = tokio::time::timeout(
            config.idle_timeout,
            (&mut r).take(MAX_LINE).read_until(b'\n', &mut line),
        )
        .await;
        let n = match n {
            Ok(n) => n?,
            Err(_) => {
                w.write_all(say(421, "4.4.2", "idle too long, closing").as_bytes())
                    .await?;
                return Ok(());
            }
        };
        if n == 0 {
            return Ok(());
        }
        if !line.ends_with(b"\n") {
            w.write_all(say(500, "5.5.6", "line too long").as_bytes())
                .await?;
            // Skip the rest of the over-long line.
            let mut rest = Vec::new();
            (&mut r).take(1 << 20).read_until(b'\n', &mut rest).await?;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        let (verb, arg) = match text.split_once(' ') {
            Some((v, a)) => (v.to_ascii_uppercase(), a.trim()),
            None => (text.to_ascii_uppercase(), ""),
        };
        let reply = match verb.as_str() {
            "EHLO" | "HELO" if arg.is_empty() => {
                say(501, "5.5.4", "a domain or address is required")
            }
            "EHLO" => {
                env = Envelope {
                    peer: Some(peer.ip()),
                    helo: arg.to_string(),
                    ..Default::default()
                };
                state = State::Greeted;
                format!(
                    "250-{} greets {arg}\r\n250-SIZE {}\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250 HELP\r\n",
                    config.hostname, config.max_size
                )
            }
            "HELO" => {
                env = Envelope {
                    peer: Some(peer.ip()),
                    helo: arg.to_string(),
                    ..Default::default()
                };
                state = State::Greeted;
                format!("250 {}\r\n", config.hostname)
            }
            "MAIL" => match (&state, path_arg(arg, "FROM:")) {
                (State::Fresh, _) => say(503, "5.5.1", "say EHLO first"),
                (State::Mail | State::Rcpt, _) => say(503, "5.5.1", "nested MAIL command"),
                (_, None) => say(501, "5.5.4", "syntax: MAIL FROM:<address>"),
                (_, Some((from, params))) => {
                    let size = params
                        .iter()
                        .find_map(|p| p.strip_prefix("SIZE=").or_else(|| p.strip_prefix("size=")));
                    if size
                        .and_then(|s| s.parse::<usize>().ok())
                        .is_some_and(|s| s > config.max_size)
                    {
                        say(
                            552,
                            "5.3.4",
                            "message size exceeds fixed maximum message size",
                        )
                    } else {
                        match handler.mail_from(&env, &from).await {
                            Ok(()) => {
                                env.from = from;
                                env.to.clear();
                                state = State::Mail;
                                say(250, "2.1.0", "sender ok")
                            }
                            Err(r) => r.line(),
                        }
                    }
                }
            },
            "RCPT" => match (&state, path_arg(arg, "TO:")) {
                (State::Mail | State::Rcpt, Some((to, _))) if !to.is_empty() => {
                    if env.to.len() >= config.max_recipients {
                        say(452, "4.5.3", "too many recipients")
                    } else {
                        match handler.rcpt_to(&env, &to).await {
                            Ok(()) => {
                                env.to.push(to);
                                state = State::Rcpt;
                                say(250, "2.1.5", "recipient ok")
                            }
                            Err(r) => r.line(),
                        }
                    }
                }
                (State::Mail | State::Rcpt, _) => say(501, "5.5.4", "syntax: RCPT TO:<address>"),
                _ => say(503, "5.5.1", "need MAIL before RCPT"),
            },
            "DATA" if state != State::Rcpt => say(503, "5.5.1", "need RCPT before DATA"),
            "DATA" => {
                w.write_all(say(354, "", "end data with <CR><LF>.<CR><LF>").as_bytes())
                    .await?;
                let reply = match read_data(&mut r, config).await? {
                    Some(body) => {
                        let mut message = trace_headers(&env, config);
                        message.extend_from_slice(&body);
                        match handler.data(&env, message).await {
                            Ok(()) => say(250, "2.0.0", "message accepted"),
                            Err(r) => r.line(),
                        }
                    }
                    None => say(
                        552,
                        "5.3.4",
                        "message size exceeds fixed maximum message size",
                    ),
                };
                env.to.clear();
                env.from.clear();
                state = State::Greeted;
                reply
            }
            "RSET" => {
                env.from.clear();
                env.to.clear();
                if state != State::Fresh {
                    state = State::Greeted;
                }
                say(250, "2.0.0", "reset")
            }
            "NOOP" => say(250, "2.0.0", "ok"),
            "VRFY" => say(252, "2.5.0", "cannot verify, but will accept"),
            "HELP" => say(214, "2.0.0", "see RFC 5321"),
            "QUIT" => {
                w.write_all(say(221, "2.0.0", "bye").as_bytes()).await?;
                return Ok(());
            }
            "STARTTLS" | "AUTH" | "BDAT" | "ETRN" | "EXPN" | "TURN" => {
                say(502, "5.5.1", "command not implemented")
            }
            _ => say(500, "5.5.2", "command not recognised"),
        };
        w.write_all(reply.as_bytes()).await?;
    }
}

/// `FROM:<a@b> SIZE=10` → `("a@b", ["SIZE=10"])`; `<>` gives an empty path.
fn path_arg(arg: &str, prefix: &str) -> Option<(String, Vec<String>)> {
    let rest = arg
        .get(..prefix.len())
        .filter(|p| p.eq_ignore_ascii_case(prefix))
        .map(|_| &arg[prefix.len()..])?;
    let rest = rest.trim_start();
    let (path, params) = if let Some(inner) = rest.strip_prefix('<') {
        let end = inner.find('>')?;
        (&inner[..end], &inner[end + 1..])
    } else {
        // Lenient: some clients omit the brackets.
        rest.split_once(' ').unwrap_or((rest, ""))
    };
    // A source route `@a,@b:user@c` keeps only the mailbox (RFC 5321 4.1.2).
    let path = path.rsplit(':').next().unwrap_or(path).trim();
    if path.contains(char::is_whitespace)
        || (!path.is_empty() && !path.contains('@') && !path.eq_ignore_ascii_case("postmaster"))
    {
        return None;
    }
    Some((
        path.to_string(),
        params.split_whitespace().map(str::to_string).collect(),
    ))
}

/// Reads DATA up to the lone dot, undoing dot-stuffing; `None` when it exceeded the size limit
/// (the rest is read and dropped so the session stays in step).
async fn read_data<R: tokio::io::AsyncBufRead + Unpin>(
    r: &mut R,
    config: &ServerConfig,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut body = Vec::new();
    let mut too_big = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = tokio::time::timeout(config.idle_timeout, r.read_until(b'\n', &mut line))
            .await
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "data timeout"))??;
        if n == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed in DATA",
            ));
        }
        if line == b".\r\n" || line == b".\n" {
            break;
        }
        let content = if line.starts_with(b".") {
            &line[1..]
        } else {
            &line[..]
        };
        if !too_big {
            if body.len() + content.len() > config.max_size {
                too_big = true;
                body = Vec::new();
            } else {
                body.extend_from_slice(content);
            }
        }
    }
    Ok((!too_big).then_some(body))
}

/// `Return-Path` and `Received`, which the final delivery agent adds (RFC 5321 4.4).
fn trace_headers(env: &Envelope, config: &ServerConfig) -> Vec<u8> {
    let peer = env.peer.map(|p| p.to_string()).unwrap_or_default();
    format!(
        "Return-Path: <{}>\r\nReceived: from {} ([{peer}]) by {} with ESMTP; {}\r\n",
        env.from,
        env.helo.replace(['\r', '\n'], ""),
        config.hostname,
        chrono::Utc::now().to_rfc2822()
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_parameters_are_read() {
        assert_eq!(
            path_arg("FROM:<a@b.com> SIZE=100", "FROM:"),
            Some(("a@b.com".into(), vec!["SIZE=100".into()]))
        );
        assert_eq!(path_arg("from: <>", "FROM:"), Some((String::new(), vec![])));
        assert_eq!(
            path_arg("TO:<@relay:user@c.com>", "TO:"),
            Some(("user@c.com".into(), vec![]))
        );
        assert_eq!(
            path_arg("TO:<Postmaster>", "TO:"),
            Some(("Postmaster".into(), vec![]))
        );
        assert_eq!(path_arg("TO:<not an address>", "TO:"), None);
        assert_eq!(path_arg("TO:a@b", "FROM:"), None);
    }

    #[tokio::test]
    async fn dot_stuffing_is_undone_and_size_is_enforced() {
        let cfg = ServerConfig {
            max_size: 20,
            ..Default::default()
        };
        let mut input: &[u8] = b"..hidden\r\nline\r\n.\r\n";
        assert_eq!(
            read_data(&mut input, &cfg).await.unwrap().unwrap(),
            b".hidden\r\nline\r\n"
        );
        let mut big: &[u8] = b"0123456789\r\n0123456789\r\n.\r\nNOOP\r\n";
        assert_eq!(read_data(&mut big, &cfg).await.unwrap(), None);
        assert_eq!(big, b"NOOP\r\n", "the session stays in step");
    }
}
