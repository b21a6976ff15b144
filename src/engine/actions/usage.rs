//! Usage: the latest bill against the previous one and a year earlier, and any date range.

use chrono::Months;

use crate::domain::usage::{compare_bills, percent_change};
use crate::domain::Bill;
use crate::engine::action::{Action, ActionCx, ActionSpec};
use crate::engine::message::Attachment;
use crate::engine::ports::PortError;
use crate::engine::value::Value;

pub struct Compare;

fn change_args(latest: &Bill, before: &Bill) -> Vec<(&'static str, Value)> {
    let pct = percent_change(before.wh, latest.wh).unwrap_or(0);
    let direction = match pct.signum() {
        1 => "up",
        -1 => "down",
        _ => "same",
    };
    vec![
        ("energy", Value::Energy(before.wh)),
        ("percent", Value::Number(pct.abs())),
        ("direction", Value::Text(direction.into())),
        ("from", Value::Date(before.period_start)),
        ("to", Value::Date(before.period_end)),
    ]
}

#[async_trait::async_trait]
impl Action for Compare {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "usage.compare",
            outcomes: &["done", "no_bills"],
            messages: &[
                "usage-latest",
                "usage-vs-previous",
                "usage-vs-year",
                "usage-no-year",
                "usage-no-bills",
                "usage-chart-title",
                "usage-chart-axis",
            ],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(account) = cx.chosen_account().await? else {
            return Ok("no_bills");
        };
        let since = cx.today - chrono::Days::new(420);
        let bills = cx.ports.bills(&account.number, since).await?;
        let masked = Value::Text(account.number.masked());
        let Some(c) = compare_bills(&bills) else {
            cx.say("usage-no-bills", &[("account", masked)]);
            return Ok("no_bills");
        };
        let days = (c.latest.period_end - c.latest.period_start).num_days() + 1;
        let mut lines = vec![cx.text(
            "usage-latest",
            &[
                ("account", masked),
                ("energy", Value::Energy(c.latest.wh)),
                ("from", Value::Date(c.latest.period_start)),
                ("to", Value::Date(c.latest.period_end)),
                ("days", Value::Number(days)),
            ],
        )];
        if let Some(p) = c.previous {
            lines.push(cx.text("usage-vs-previous", &change_args(c.latest, p)));
        }
        match c.year_ago {
            Some(y) => lines.push(cx.text("usage-vs-year", &change_args(c.latest, y))),
            None => lines.push(cx.text("usage-no-year", &[])),
        }
        cx.paragraphs.push(lines.join("\n"));
        super::usage_files::attach_chart(cx, &account).await?;
        // Channels without buttons (email) cannot offer the CSV as a choice: attach the
        // monthly totals right away.
        if !cx.inbound.capabilities.buttons {
            let months = cx
                .ports
                .monthly_usage(&account.number, since, cx.today)
                .await?;
            if !months.is_empty() {
                cx.attachments.push(usage_csv(&account.number, &months));
            }
        }
        Ok("done")
    }
}

/// Monthly totals as a spreadsheet, for channels that carry files (email, Telegram).
fn usage_csv(
    account: &crate::domain::AccountNumber,
    months: &[(chrono::NaiveDate, i64)],
) -> Attachment {
    let mut csv = String::from("account,month,kwh\n");
    for (month, wh) in months {
        csv.push_str(&format!(
            "{},{},{}.{:03}\n",
            account.masked(),
            month.format("%Y-%m"),
            wh / 1000,
            wh % 1000
        ));
    }
    Attachment::Csv {
        name: format!(
            "usage-{}.csv",
            account.masked().trim_start_matches(['.', '…'])
        ),
        bytes: csv.into_bytes(),
    }
}

pub struct Range;

#[async_trait::async_trait]
impl Action for Range {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "usage.range",
            outcomes: &["done", "reversed", "out_of_range"],
            messages: &["usage-range", "usage-range-empty"],
            provides: &["earliest", "latest"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(account) = cx.chosen_account().await? else {
            return Ok("out_of_range");
        };
        let (Some(Value::Date(from)), Some(Value::Date(to))) =
            (cx.vars.get("from").cloned(), cx.vars.get("to").cloned())
        else {
            return Ok("out_of_range");
        };
        let earliest = cx
            .today
            .checked_sub_months(Months::new(cx.settings.history_months))
            .unwrap_or(cx.today);
        cx.set("earliest", Value::Date(earliest));
        cx.set("latest", Value::Date(cx.today));
        if to < from {
            return Ok("reversed");
        }
        if from < earliest || to > cx.today {
            return Ok("out_of_range");
        }
        let usage = cx.ports.usage(&account.number, from, to).await?;
        let masked = Value::Text(account.number.masked());
        if usage.days_with_data == 0 {
            cx.say(
                "usage-range-empty",
                &[
                    ("account", masked),
                    ("from", Value::Date(from)),
                    ("to", Value::Date(to)),
                ],
            );
            return Ok("done");
        }
        let avg = usage.wh / i64::from(usage.days_with_data);
        cx.say(
            "usage-range",
            &[
                ("account", masked),
                ("from", Value::Date(from)),
                ("to", Value::Date(to)),
                ("energy", Value::Energy(usage.wh)),
                ("days", Value::Number(i64::from(usage.days_with_data))),
                ("average", Value::Energy(avg)),
            ],
        );
        Ok("done")
    }
}
