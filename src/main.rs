//! `gridchat`: the one place that wires configuration, storage, engine and channels.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};

use gridchat::app::mailer::{DirMailer, Mailer, SmtpMailer};
use gridchat::app::{Clock, Service};
use gridchat::channels::email::outbound::{DirTransport, SmtpTransport, Transport};
use gridchat::channels::email::{self, EmailChannel};
use gridchat::channels::telegram::Telegram;
use gridchat::config::Config;
use gridchat::domain::Locale;
use gridchat::engine::Engine;
use gridchat::store::Store;

#[derive(Parser)]
#[command(
    name = "gridchat",
    version,
    about = "A utility's My Account by chat and email"
)]
struct Cli {
    /// Configuration file (defaults, then this file, then GRIDCHAT__SECTION__KEY variables).
    #[arg(long, global = true, default_value = "config.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Talk to gridchat in the terminal (loads demo data into an empty database).
    Chat {
        /// The terminal user name, which identifies the conversation.
        #[arg(long, default_value = "you")]
        user: String,
        /// Language hint until you choose one: en or vi.
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Locale>,
    },
    /// Import the utility's CSV export from a folder (all-or-nothing, idempotent).
    Import { dir: PathBuf },
    /// Write a synthetic dataset in the import format.
    DemoData {
        dir: PathBuf,
        #[arg(long, default_value_t = 1000)]
        customers: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = 36)]
        months: u32,
    },
    /// Validate configuration, dialogues and locales.
    Check,
    /// Apply database migrations.
    Migrate,
    /// Run the enabled channels until Ctrl-C or SIGTERM.
    Serve,
    /// The payment processor's side: export the day's debits, post what was received.
    Payments {
        #[command(subcommand)]
        command: PaymentsCommand,
    },
    /// The email channel: intake from an MTA's pipe, and reading a message as gridchat would.
    Email {
        #[command(subcommand)]
        command: EmailCommand,
    },
}

#[derive(Subcommand)]
enum PaymentsCommand {
    /// Write pending debits dated on or before DATE and mark them submitted.
    Export {
        /// The debit date (YYYY-MM-DD); defaults to today in the utility's time zone.
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        #[arg(long, value_parser = ["nacha", "csv"], default_value = "nacha")]
        format: String,
        /// Write here instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Mark submitted payments posted: the utility received them.
    Post,
}

#[derive(Subcommand)]
enum EmailCommand {
    /// Read one message from stdin (an MTA's pipe delivery), store it, answer it.
    /// Exit 0 when stored (or seen before), 65 when refused, 75 to make the MTA retry.
    Receive,
    /// Show how gridchat reads a message (class, conversation, command, reply text) without
    /// acting on it.
    Inspect {
        file: PathBuf,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn parse_lang(s: &str) -> Result<Locale, String> {
    match s {
        "en" => Ok(Locale::En),
        "vi" => Ok(Locale::Vi),
        _ => Err("expected en or vi".into()),
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("GRIDCHAT_LOG")
                .unwrap_or_else(|_| "warn,sqlx::query=error".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let explicit = std::env::args().any(|a| a == "--config" || a.starts_with("--config="));
    let config = Config::load(&cli.config, explicit)?;
    let clock = Clock::from_env()?;
    match cli.command {
        Command::Check => check(&config),
        Command::DemoData {
            dir,
            customers,
            seed,
            months,
        } => demo_data(&dir, customers, seed, months, &config, &clock),
        Command::Migrate => {
            Store::connect(&config.database.url).await?;
            println!(
                "migrations applied to {}",
                gridchat::store::redact(&config.database.url)
            );
            Ok(())
        }
        Command::Import { dir } => {
            let store = Store::connect(&config.database.url).await?;
            let started = std::time::Instant::now();
            let report = gridchat::import::import_dir(&store, &dir).await?;
            print!("{report}");
            println!("imported in {:.1} s", started.elapsed().as_secs_f64());
            // New bills of paperless accounts get their "bill ready" email, once per bill.
            let channel = email_channel(&config, clock).await?;
            let enrolled = gridchat::channels::email::notices::PaperlessTables(store.clone());
            let queued = channel.bill_ready_notices(&enrolled).await?;
            if queued > 0 {
                println!("{queued} bill-ready notice(s) queued for paperless accounts");
            }
            Ok(())
        }
        Command::Chat { user, lang } => chat(&config, clock, &user, lang).await,
        Command::Payments { command } => payments(&config, &clock, command).await,
        Command::Serve => serve(&config, clock).await,
        Command::Email { command } => email(&config, clock, command).await,
    }
}

async fn email_channel(config: &Config, clock: Clock) -> anyhow::Result<EmailChannel> {
    let engine = Arc::new(engine(config)?);
    let store = Store::connect(&config.database.url)
        .await?
        .with_cipher(config.cipher()?);
    let service = Service::new(store, engine, clock);
    Ok(EmailChannel::new(
        service,
        config.email_settings()?,
        config.token_key()?,
    ))
}

fn transport(config: &Config) -> anyhow::Result<Arc<dyn Transport>> {
    Ok(match config.smtp_url() {
        Some(url) => Arc::new(SmtpTransport::new(url)?),
        None => Arc::new(DirTransport(config.email.outbox_dir.clone())),
    })
}

async fn email(config: &Config, clock: Clock, command: EmailCommand) -> anyhow::Result<()> {
    let channel = email_channel(config, clock).await?;
    match command {
        EmailCommand::Inspect { file, json } => {
            let raw =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            match channel.read(&raw).await? {
                Some(r) if json => println!("{}", email::inspect::render_json(&r)),
                Some(r) => print!("{}", email::inspect::render_text(&r)),
                None => anyhow::bail!("{} is not an email message", file.display()),
            }
        }
        EmailCommand::Receive => {
            use tokio::io::AsyncReadExt;
            let mut raw = Vec::new();
            let limit = config.email.max_message_bytes as u64 + 1;
            tokio::io::stdin().take(limit).read_to_end(&mut raw).await?;
            let received = match channel.receive(None, &raw).await {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    std::process::exit(75);
                }
            };
            match received {
                email::intake::Received::TooLarge => {
                    eprintln!("message refused: larger than email.max_message_bytes");
                    std::process::exit(65);
                }
                email::intake::Received::RateLimited => {
                    eprintln!("message deferred: sender over its hourly limit");
                    std::process::exit(75);
                }
                _ => {}
            }
            // Stored: answering now is a courtesy; `serve` picks up whatever this misses.
            if let Err(e) = channel.process_pending().await {
                tracing::warn!(error = format!("{e:#}"), "processing deferred to serve");
            } else if let Err(e) = channel.dispatch(transport(config)?.as_ref()).await {
                tracing::warn!(error = format!("{e:#}"), "delivery deferred to serve");
            }
        }
    }
    channel.service.store.close().await;
    Ok(())
}

fn engine(config: &Config) -> anyhow::Result<Engine> {
    Engine::load(
        &config.paths.dialogues,
        &config.paths.locales,
        config.settings()?,
    )
    .context("loading dialogues and locales")
}

fn check(config: &Config) -> anyhow::Result<()> {
    let e = engine(config)?;
    println!(
        "configuration ok; {} flows, dialogues and locales consistent in en and vi",
        e.flow_names().count()
    );
    Ok(())
}

fn demo_data(
    dir: &Path,
    customers: usize,
    seed: u64,
    months: u32,
    config: &Config,
    clock: &Clock,
) -> anyhow::Result<()> {
    let today = clock.now().with_timezone(&config.time_zone()?).date_naive();
    let spec = gridchat::demo::DemoSpec {
        customers,
        seed,
        as_of: today,
        months,
    };
    let s = gridchat::demo::write_dataset(&spec, dir)
        .with_context(|| format!("writing {}", dir.display()))?;
    println!(
        "wrote {} customers, {} accounts, {} bills, {} usage days, {} payments to {}",
        s.customers,
        s.accounts,
        s.bills,
        s.usage_days,
        s.payments,
        dir.display()
    );
    Ok(())
}

fn mailer(config: &Config) -> anyhow::Result<Box<dyn Mailer>> {
    let from = config.from_mailbox()?;
    Ok(match config.smtp_url() {
        Some(url) => Box::new(SmtpMailer::new(from, url)?),
        None => Box::new(DirMailer::new(from, config.email.outbox_dir.clone())),
    })
}

async fn chat(
    config: &Config,
    clock: Clock,
    user: &str,
    lang: Option<Locale>,
) -> anyhow::Result<()> {
    let engine = Arc::new(engine(config)?);
    let store = Store::connect(&config.database.url)
        .await?
        .with_cipher(config.cipher()?);
    let service = Service::new(store.clone(), engine.clone(), clock.clone());
    let vi = lang == Some(Locale::Vi);
    if store.is_empty().await? {
        let report =
            gridchat::app::demo::load_builtin(&store, engine.local_date(clock.now())).await?;
        let customers = report.files.first().map(|f| f.rows).unwrap_or(0);
        println!(
            "{}",
            if vi {
                format!("Cơ sở dữ liệu trống: đã nạp dữ liệu mẫu ({customers} khách hàng).")
            } else {
                format!("The database was empty: loaded the demo data ({customers} customers).")
            }
        );
    }
    println!(
        "{}",
        if vi {
            "Tài khoản mẫu để thử (số tài khoản, mã ZIP):"
        } else {
            "Demo accounts to try (account number, ZIP):"
        }
    );
    for a in gridchat::demo::showcase_accounts() {
        println!("  {}  {}  {}", a.account_number, a.billing_zip, a.who);
    }
    println!(
        "{}\n",
        if vi {
            "Gõ /help để xem trợ giúp, /link để bắt đầu; Ctrl-D để thoát."
        } else {
            "Type /help for help, /link to begin; Ctrl-D to quit."
        }
    );
    let interactive = std::io::stdin().is_terminal();
    let mailer = mailer(config)?;
    let stdin = tokio::io::BufReader::new(tokio::io::stdin());
    let mut stdout = std::io::stdout();
    let session = gridchat::channels::terminal::Session {
        user,
        lang,
        files: &config.email.outbox_dir,
        prompt: interactive,
    };
    gridchat::channels::terminal::run(&service, mailer.as_ref(), session, stdin, &mut stdout)
        .await?;
    store.close().await;
    Ok(())
}

async fn payments(config: &Config, clock: &Clock, command: PaymentsCommand) -> anyhow::Result<()> {
    let store = Store::connect(&config.database.url)
        .await?
        .with_cipher(config.cipher()?);
    let now = clock.now();
    match command {
        PaymentsCommand::Export { date, format, out } => {
            let day = date.unwrap_or_else(|| {
                now.with_timezone(
                    &config
                        .time_zone()
                        .unwrap_or(chrono_tz::America::Los_Angeles),
                )
                .date_naive()
            });
            let format = if format == "csv" {
                gridchat::store::processor::Format::Csv
            } else {
                gridchat::store::processor::Format::Nacha
            };
            let originator = config.originator()?;
            let exported = store
                .export_payments(day, format, &originator, now, |text| match &out {
                    Some(path) => std::fs::write(path, text),
                    None => {
                        use std::io::Write;
                        std::io::stdout().write_all(text.as_bytes())
                    }
                })
                .await?;
            eprintln!(
                "exported {} payment(s), {} in total, dated on or before {day}",
                exported.payments, exported.total
            );
        }
        PaymentsCommand::Post => {
            let n = store.post_payments(now).await?;
            eprintln!("posted {n} payment(s)");
        }
    }
    Ok(())
}

async fn serve(config: &Config, clock: Clock) -> anyhow::Result<()> {
    // Registered first, so a signal during start-up is not missed.
    let stop = shutdown_signal()?;
    // Retries and leases wait for time to pass, even when GRIDCHAT_NOW fixes the date.
    let channel = email_channel(config, clock.ticking()).await?;
    let telegram = if config.telegram.enabled {
        Some(
            Telegram::start(&config.telegram, channel.service.clone())
                .await
                .context("starting the Telegram channel")?,
        )
    } else {
        None
    };
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    let wake = Arc::new(tokio::sync::Notify::new());
    let mut tasks = Vec::new();
    if config.email.listen.is_empty() {
        eprintln!("gridchat serve: email listener disabled (email.listen is empty)");
    } else {
        let listener = tokio::net::TcpListener::bind(&config.email.listen)
            .await
            .with_context(|| format!("binding the SMTP listener to {}", config.email.listen))?;
        eprintln!(
            "gridchat serve: SMTP listener on {}",
            listener.local_addr()?
        );
        let server = email::smtp_server::ServerConfig {
            hostname: channel.settings.domain().to_string(),
            max_size: config.email.max_message_bytes,
            ..Default::default()
        };
        let handler = Arc::new(email::listener::Listener {
            channel: channel.clone(),
            wake: wake.clone(),
        });
        tasks.push(tokio::spawn(email::smtp_server::serve(
            listener,
            server,
            handler,
            stopped(stop_rx.clone()),
        )));
    }
    tasks.push(tokio::spawn(email::listener::worker(
        channel.clone(),
        transport(config)?,
        wake,
        std::time::Duration::from_secs(2),
        stopped(stop_rx.clone()),
    )));
    let running = if telegram.is_some() {
        "email, telegram"
    } else {
        "email"
    };
    eprintln!("gridchat serve: running ({running}); stop with Ctrl-C or SIGTERM");
    stop.await;
    eprintln!("gridchat serve: stopping");
    if let Some(t) = telegram {
        t.shutdown().await;
    }
    let _ = stop_tx.send(true);
    for t in tasks {
        let _ = t.await;
    }
    channel.service.store.close().await;
    eprintln!("gridchat serve: stopped cleanly");
    Ok(())
}

/// Registers for Ctrl-C and SIGTERM now (so a signal sent right after start-up is caught) and
/// returns the future that resolves on either.
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}
