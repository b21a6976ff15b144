//! Usage as files other channels can render too: the monthly chart (PNG) that comes with the
//! usage summary, and the daily readings (CSV) on request.

use std::fmt::Write;

use chrono::{Datelike, Months};

use crate::domain::Account;
use crate::engine::action::{Action, ActionCx, ActionSpec};
use crate::engine::chart::{bar_chart_png, months_ending, Bar, ChartText};
use crate::engine::format;
use crate::engine::message::Attachment;
use crate::engine::ports::PortError;
use crate::engine::value::Value;

/// Months on the chart: a year and the same month a year earlier, to compare seasons.
const CHART_MONTHS: u32 = 13;

/// Adds the chart of the last 13 complete months to the reply. The current month is left
/// out because a partial month's bar would read as a drop in use.
///
/// # Errors
/// A port failure. A drawing failure is logged and the reply goes without the chart.
pub async fn attach_chart(cx: &mut ActionCx<'_>, account: &Account) -> Result<(), PortError> {
    let last = cx
        .today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(Months::new(1)))
        .unwrap_or(cx.today);
    let months = months_ending(last, CHART_MONTHS);
    let (Some(first), Some(end)) = (months.first().copied(), months.last().copied()) else {
        return Ok(());
    };
    let end = end
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(end);
    let totals = cx.ports.monthly_usage(&account.number, first, end).await?;
    let bars: Vec<Bar> = months
        .iter()
        .map(|m| Bar {
            label: format::month_short(*m, cx.locale),
            wh: totals
                .iter()
                .find(|(t, _)| t == m)
                .map(|(_, wh)| *wh)
                .unwrap_or(0),
        })
        .collect();
    let text = ChartText {
        title: cx.text(
            "usage-chart-title",
            &[("account", Value::Text(account.number.masked()))],
        ),
        y_label: cx.text("usage-chart-axis", &[]),
    };
    match bar_chart_png(&text, &bars) {
        Ok(bytes) => cx.attachments.push(Attachment::Png {
            name: format!("usage-{}.png", account.number.as_str()),
            bytes,
        }),
        Err(e) => tracing::error!(error = %e, "usage chart not drawn; replying without it"),
    }
    Ok(())
}

pub struct Export;

#[async_trait::async_trait]
impl Action for Export {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "usage.export",
            outcomes: &["done"],
            messages: &["usage-export", "usage-export-empty"],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(account) = cx.chosen_account().await? else {
            return Ok("done");
        };
        let from = cx
            .today
            .checked_sub_months(Months::new(cx.settings.history_months))
            .unwrap_or(cx.today);
        let days = cx
            .ports
            .daily_usage(&account.number, from, cx.today)
            .await?;
        let masked = Value::Text(account.number.masked());
        let (Some(first), Some(last)) = (days.first(), days.last()) else {
            cx.say("usage-export-empty", &[("account", masked)]);
            return Ok("done");
        };
        // The import format's usage.csv, so the file reads back into any tool that knows it.
        let mut csv = String::from("account_number,date,kwh\r\n");
        for (day, wh) in &days {
            let kwh = rust_decimal::Decimal::new(*wh, 3);
            let _ = write!(csv, "{},{day},{kwh}\r\n", account.number.as_str());
        }
        cx.say(
            "usage-export",
            &[
                ("account", masked),
                ("from", Value::Date(first.0)),
                ("to", Value::Date(last.0)),
                ("days", Value::Number(days.len() as i64)),
            ],
        );
        cx.attachments.push(Attachment::Csv {
            name: format!(
                "usage-{}-{}-{}.csv",
                account.number.as_str(),
                first.0.format("%Y%m%d"),
                last.0.format("%Y%m%d")
            ),
            bytes: csv.into_bytes(),
        });
        Ok("done")
    }
}
