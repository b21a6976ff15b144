//! Reading the ledger: customers, accounts, bills, payments, usage.

use chrono::{Datelike, NaiveDate};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::codec::{corrupt, date, parse_date};
use super::StoreError;
use crate::domain::usage::RangeUsage;
use crate::domain::{
    Account, AccountNumber, Bill, Customer, CustomerNumber, EmailAddress, Locale, Money, Payment,
    PaymentStatus, Segment, Zip,
};

fn customer(row: &AnyRow) -> Result<Customer, StoreError> {
    let email: Option<String> = row.try_get("email")?;
    Ok(Customer {
        number: CustomerNumber::parse(&row.try_get::<String, _>("number")?)
            .map_err(corrupt("customer number"))?,
        name: row.try_get("name")?,
        email: email
            .as_deref()
            .map(EmailAddress::parse)
            .transpose()
            .map_err(corrupt("email"))?,
        language: Locale::from_code(&row.try_get::<String, _>("language")?).unwrap_or_default(),
        segment: Segment::from_code(&row.try_get::<String, _>("segment")?)
            .ok_or_else(|| StoreError::Corrupt("segment".into()))?,
        billing_zip: Zip::parse(&row.try_get::<String, _>("billing_zip")?)
            .map_err(corrupt("zip"))?,
    })
}

fn account(row: &AnyRow) -> Result<Account, StoreError> {
    let demand: Option<String> = row.try_get("demand_kw")?;
    let next: Option<String> = row.try_get("next_statement_date")?;
    Ok(Account {
        number: AccountNumber::parse(&row.try_get::<String, _>("number")?)
            .map_err(corrupt("account number"))?,
        customer: CustomerNumber::parse(&row.try_get::<String, _>("customer_number")?)
            .map_err(corrupt("customer number"))?,
        service_address: row.try_get("service_address")?,
        service_zip: Zip::parse(&row.try_get::<String, _>("service_zip")?)
            .map_err(corrupt("zip"))?,
        rate_plan: row.try_get("rate_plan")?,
        outage_group: row.try_get("outage_group")?,
        demand_kw: demand
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(corrupt("demand"))?,
        deposit: row
            .try_get::<Option<i64>, _>("deposit_cents")?
            .map(Money::from_cents),
        next_statement_date: next.as_deref().map(parse_date).transpose()?,
    })
}

const ACCOUNT_COLUMNS: &str = "number, customer_number, service_address, service_zip, rate_plan, outage_group, demand_kw, deposit_cents, next_statement_date";

pub async fn find_customer(
    c: &mut AnyConnection,
    n: &CustomerNumber,
) -> Result<Option<Customer>, StoreError> {
    let row = sqlx::query("SELECT number, name, email, language, segment, billing_zip FROM customers WHERE number = $1")
        .bind(n.as_str())
        .fetch_optional(&mut *c)
        .await?;
    row.as_ref().map(customer).transpose()
}

pub async fn find_account(
    c: &mut AnyConnection,
    n: &AccountNumber,
) -> Result<Option<Account>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE number = $1"
    ))
    .bind(n.as_str())
    .fetch_optional(&mut *c)
    .await?;
    row.as_ref().map(account).transpose()
}

pub async fn accounts_of(
    c: &mut AnyConnection,
    n: &CustomerNumber,
) -> Result<Vec<Account>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE customer_number = $1 ORDER BY number"
    ))
    .bind(n.as_str())
    .fetch_all(&mut *c)
    .await?;
    rows.iter().map(account).collect()
}

pub async fn bills(
    c: &mut AnyConnection,
    a: &AccountNumber,
    since: NaiveDate,
) -> Result<Vec<Bill>, StoreError> {
    let rows = sqlx::query(
        "SELECT statement_date, due_date, period_start, period_end, wh, amount_cents FROM bills \
         WHERE account_number = $1 AND statement_date >= $2 ORDER BY statement_date DESC",
    )
    .bind(a.as_str())
    .bind(date(since))
    .fetch_all(&mut *c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Bill {
                account: a.clone(),
                statement_date: parse_date(&r.try_get::<String, _>("statement_date")?)?,
                due_date: parse_date(&r.try_get::<String, _>("due_date")?)?,
                period_start: parse_date(&r.try_get::<String, _>("period_start")?)?,
                period_end: parse_date(&r.try_get::<String, _>("period_end")?)?,
                wh: r.try_get("wh")?,
                amount_due: Money::from_cents(r.try_get("amount_cents")?),
            })
        })
        .collect()
}

pub async fn payments(
    c: &mut AnyConnection,
    a: &AccountNumber,
    since: NaiveDate,
) -> Result<Vec<Payment>, StoreError> {
    let rows = sqlx::query(
        "SELECT date, amount_cents, method, status FROM payments \
         WHERE account_number = $1 AND date >= $2 ORDER BY date DESC, id DESC",
    )
    .bind(a.as_str())
    .bind(date(since))
    .fetch_all(&mut *c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Payment {
                account: a.clone(),
                date: parse_date(&r.try_get::<String, _>("date")?)?,
                amount: Money::from_cents(r.try_get("amount_cents")?),
                method: r.try_get("method")?,
                status: PaymentStatus::from_code(&r.try_get::<String, _>("status")?)
                    .ok_or_else(|| StoreError::Corrupt("payment status".into()))?,
            })
        })
        .collect()
}

/// The first day of the month holding `d`, as stored in `usage_months.month`.
pub fn month_key(d: NaiveDate) -> String {
    format!("{:04}-{:02}-01", d.year(), d.month())
}

/// Month rows covering `from..=to`, each as (first day of month, 31 optional readings).
async fn usage_rows(
    c: &mut AnyConnection,
    a: &AccountNumber,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, Vec<Option<i64>>)>, StoreError> {
    let days: Vec<String> = (1..=31).map(|d| format!("d{d:02}")).collect();
    let sql = format!(
        "SELECT month, {} FROM usage_months WHERE account_number = $1 AND month >= $2 AND month <= $3 ORDER BY month",
        days.join(", ")
    );
    let rows = sqlx::query(&sql)
        .bind(a.as_str())
        .bind(month_key(from))
        .bind(month_key(to))
        .fetch_all(&mut *c)
        .await?;
    rows.iter()
        .map(|r| {
            let month = parse_date(&r.try_get::<String, _>("month")?)?;
            let values = (1..=31)
                .map(|i| r.try_get::<Option<i64>, _>(i))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((month, values))
        })
        .collect()
}

pub async fn usage(
    c: &mut AnyConnection,
    a: &AccountNumber,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<RangeUsage, StoreError> {
    let mut total = RangeUsage::default();
    for (month, values) in usage_rows(c, a, from, to).await? {
        for (i, v) in values.iter().enumerate() {
            let Some(day) = month.with_day(i as u32 + 1) else {
                continue;
            };
            if let (Some(wh), true) = (v, day >= from && day <= to) {
                total.wh += wh;
                total.days_with_data += 1;
            }
        }
    }
    Ok(total)
}

pub async fn monthly_usage(
    c: &mut AnyConnection,
    a: &AccountNumber,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>, StoreError> {
    Ok(usage_rows(c, a, from, to)
        .await?
        .into_iter()
        .map(|(m, values)| (m, values.iter().flatten().sum()))
        .collect())
}

pub async fn daily_usage(
    c: &mut AnyConnection,
    a: &AccountNumber,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>, StoreError> {
    let mut out = Vec::new();
    for (month, values) in usage_rows(c, a, from, to).await? {
        for (i, v) in values.iter().enumerate() {
            let Some(day) = month.with_day(i as u32 + 1) else {
                continue;
            };
            if let (Some(wh), true) = (v, day >= from && day <= to) {
                out.push((day, *wh));
            }
        }
    }
    Ok(out)
}
