//! `gridchat`: the one place that wires configuration, storage, engine and channels.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};

use gridchat::app::mailer::{DirMailer, Mailer, SmtpMailer};
use gridchat::app::{Clock, Service};
use gridchat::config::Config;
use gridchat::domain::Locale;
use gridchat::engine::Engine;
use gridchat::store::Store;

mod cli;

use cli::email::{email, email_channel, EmailCommand};
use cli::payments::{payments, PaymentsCommand};
use cli::serve::serve;

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
