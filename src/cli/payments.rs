//! `gridchat payments`: the payment processor's side.

use std::path::PathBuf;

use clap::Subcommand;

use gridchat::app::Clock;
use gridchat::config::Config;
use gridchat::store::Store;

#[derive(Subcommand)]
pub enum PaymentsCommand {
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

pub async fn payments(
    config: &Config,
    clock: &Clock,
    command: PaymentsCommand,
) -> anyhow::Result<()> {
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
