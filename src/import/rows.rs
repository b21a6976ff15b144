//! One CSV row of each file, parsed into checked values.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::{AccountNumber, CustomerNumber, EmailAddress, Locale, Money, Segment, Zip};

/// A field error: the column and what is wrong with it.
pub type FieldError = (&'static str, String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    pub number: CustomerNumber,
    pub name: String,
    pub email: Option<EmailAddress>,
    pub language: Locale,
    pub segment: Segment,
    pub billing_zip: Zip,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    pub number: AccountNumber,
    pub customer: CustomerNumber,
    pub service_address: String,
    pub service_zip: Zip,
    pub rate_plan: Option<String>,
    pub outage_group: Option<String>,
    pub demand_kw: Option<Decimal>,
    pub deposit: Option<Money>,
    pub next_statement_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillRow {
    pub account: AccountNumber,
    pub statement_date: NaiveDate,
    pub due_date: NaiveDate,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub wh: i64,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageRow {
    pub account: AccountNumber,
    pub date: NaiveDate,
    pub wh: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRow {
    pub account: AccountNumber,
    pub date: NaiveDate,
    pub amount: Money,
    pub method: String,
}

/// Reads fields of one record by position, collecting every error rather than the first.
pub struct Fields<'r> {
    record: &'r csv::StringRecord,
    names: &'static [&'static str],
    pub errors: Vec<FieldError>,
}

impl<'r> Fields<'r> {
    pub fn new(record: &'r csv::StringRecord, names: &'static [&'static str]) -> Self {
        Fields {
            record,
            names,
            errors: Vec::new(),
        }
    }

    fn raw(&self, i: usize) -> &'r str {
        self.record.get(i).unwrap_or("").trim()
    }

    fn fail<T>(&mut self, i: usize, msg: impl Into<String>) -> Option<T> {
        self.errors.push((self.names[i], msg.into()));
        None
    }

    pub fn text(&mut self, i: usize) -> Option<String> {
        let v = self.raw(i);
        if v.is_empty() {
            return self.fail(i, "is empty");
        }
        Some(v.to_string())
    }

    pub fn opt_text(&mut self, i: usize) -> Option<String> {
        Some(self.raw(i).to_string()).filter(|s| !s.is_empty())
    }

    pub fn parse<T, E: std::fmt::Display>(
        &mut self,
        i: usize,
        f: impl Fn(&str) -> Result<T, E>,
    ) -> Option<T> {
        let v = self.raw(i);
        if v.is_empty() {
            return self.fail(i, "is empty");
        }
        match f(v) {
            Ok(x) => Some(x),
            Err(e) => self.fail(i, format!("`{v}` {e}")),
        }
    }

    /// `None` for an empty field; `Some(None)` when it failed to parse (error recorded).
    pub fn opt<T, E: std::fmt::Display>(
        &mut self,
        i: usize,
        f: impl Fn(&str) -> Result<T, E>,
    ) -> Option<Option<T>> {
        if self.raw(i).is_empty() {
            return Some(None);
        }
        self.parse(i, f).map(Some)
    }

    pub fn date(&mut self, i: usize) -> Option<NaiveDate> {
        self.parse(i, |s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| "is not a date (YYYY-MM-DD)")
        })
    }

    pub fn money(&mut self, i: usize) -> Option<Money> {
        self.parse(i, |s| {
            if s.contains(['$', ',']) {
                return Err("must be a plain number like 123.45".to_string());
            }
            Money::parse_us(s).map_err(|e| format!("is not money: {e}"))
        })
    }

    /// kWh with at most three decimals, not negative, as watt-hours.
    pub fn kwh(&mut self, i: usize) -> Option<i64> {
        self.parse(i, |s| {
            let d: Decimal = s.parse().map_err(|_| "is not a number".to_string())?;
            if d.is_sign_negative() {
                return Err("is negative".into());
            }
            if d.normalize().scale() > 3 {
                return Err("has more than three decimals".into());
            }
            i64::try_from((d * Decimal::from(1000)).trunc()).map_err(|_| "is too large".to_string())
        })
    }
}

pub fn customer(f: &mut Fields<'_>) -> Option<CustomerRow> {
    let number = f.parse(0, CustomerNumber::parse);
    let name = f.text(1);
    let email = f.opt(2, EmailAddress::parse);
    let language = f.parse(3, |s| {
        Locale::from_code(s)
            .filter(|_| s == "en" || s == "vi")
            .ok_or("must be `en` or `vi`")
    });
    let segment = f.parse(4, |s| {
        Segment::from_code(s)
            .ok_or("must be residential, business, large_business or mobile_home_park")
    });
    let zip = f.parse(5, Zip::parse);
    Some(CustomerRow {
        number: number?,
        name: name?,
        email: email?,
        language: language?,
        segment: segment?,
        billing_zip: zip?,
    })
}

pub fn account(f: &mut Fields<'_>) -> Option<AccountRow> {
    let number = f.parse(0, AccountNumber::parse);
    let customer = f.parse(1, CustomerNumber::parse);
    let address = f.text(2);
    let zip = f.parse(3, Zip::parse);
    let rate_plan = f.opt_text(4);
    let outage_group = f.opt_text(5);
    let demand = f.opt(6, |s| match s.parse::<Decimal>() {
        Ok(d) if !d.is_sign_negative() => Ok(d),
        _ => Err("is not a non-negative number"),
    });
    let deposit = f.opt(7, |s| Money::parse_us(s).map_err(|e| e.to_string()));
    let next = f.opt(8, |s| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| "is not a date (YYYY-MM-DD)")
    });
    Some(AccountRow {
        number: number?,
        customer: customer?,
        service_address: address?,
        service_zip: zip?,
        rate_plan,
        outage_group,
        demand_kw: demand?,
        deposit: deposit?,
        next_statement_date: next?,
    })
}

pub fn bill(f: &mut Fields<'_>) -> Option<BillRow> {
    let account = f.parse(0, AccountNumber::parse);
    let statement = f.date(1);
    let due = f.date(2);
    let start = f.date(3);
    let end = f.date(4);
    let wh = f.kwh(5);
    let amount = f.money(6);
    if let (Some(s), Some(d)) = (statement, due) {
        if d < s {
            f.errors
                .push(("due_date", "is before statement_date".into()));
        }
    }
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            f.errors
                .push(("period_end", "is before period_start".into()));
        }
    }
    let row = BillRow {
        account: account?,
        statement_date: statement?,
        due_date: due?,
        period_start: start?,
        period_end: end?,
        wh: wh?,
        amount: amount?,
    };
    f.errors.is_empty().then_some(row)
}

pub fn usage(f: &mut Fields<'_>) -> Option<UsageRow> {
    let account = f.parse(0, AccountNumber::parse);
    let date = f.date(1);
    let wh = f.kwh(2);
    Some(UsageRow {
        account: account?,
        date: date?,
        wh: wh?,
    })
}

pub fn payment(f: &mut Fields<'_>) -> Option<PaymentRow> {
    let account = f.parse(0, AccountNumber::parse);
    let date = f.date(1);
    let amount = f.money(2);
    let method = f.text(3);
    if amount.is_some_and(|a| !a.is_positive()) {
        f.errors.push(("amount", "must be above zero".into()));
    }
    let row = PaymentRow {
        account: account?,
        date: date?,
        amount: amount?,
        method: method?,
    };
    f.errors.is_empty().then_some(row)
}
