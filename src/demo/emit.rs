//! Turning customer plans into CSV rows, one customer at a time, so memory
//! stays flat however large the dataset: an account's daily usage lives in a
//! reused `Vec<u32>` just long enough to be written and summed into bills.

use std::io::{self, BufWriter, Write};

use chrono::{Days, NaiveDate};
use rand_chacha::ChaCha8Rng;

use super::billing::{amount_cents, statement_dates, PeriodUsage};
use super::customers::{AccountPlan, CustomerPlan, Latest};
use super::payments::{Due, Payer};
use super::usage::{fill_daily, DayTable};
use super::writer::{push_hundredths, Row};
use super::{DemoSummary, DemoWriters};

/// Days from statement to due date.
const PAY_WITHIN_DAYS: u64 = 21;

pub(crate) const CUSTOMERS_HEADER: &str =
    "customer_number,name,email,language,segment,billing_zip\n";
pub(crate) const ACCOUNTS_HEADER: &str = "account_number,customer_number,service_address,service_zip,rate_plan,outage_group,demand_kw,deposit_amount,next_statement_date\n";
pub(crate) const BILLS_HEADER: &str =
    "account_number,statement_date,due_date,period_start,period_end,kwh,amount_due\n";
pub(crate) const USAGE_HEADER: &str = "account_number,date,kwh\n";
pub(crate) const PAYMENTS_HEADER: &str = "account_number,date,amount,method\n";

/// The five buffered outputs plus reused scratch space.
pub(crate) struct Emitter<W: Write> {
    out: DemoWriters<BufWriter<W>>,
    row: Row,
    usage: Row,
    daily: Vec<u32>,
    statements: Vec<NaiveDate>,
    pub(crate) summary: DemoSummary,
}

fn io_err(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg.to_string())
}

impl<W: Write> Emitter<W> {
    pub(crate) fn new(out: DemoWriters<W>) -> io::Result<Self> {
        let buf = |w, cap| BufWriter::with_capacity(cap, w);
        let mut out = DemoWriters {
            customers: buf(out.customers, 1 << 16),
            accounts: buf(out.accounts, 1 << 16),
            bills: buf(out.bills, 1 << 17),
            usage: buf(out.usage, 1 << 20),
            payments: buf(out.payments, 1 << 17),
        };
        out.customers.write_all(CUSTOMERS_HEADER.as_bytes())?;
        out.accounts.write_all(ACCOUNTS_HEADER.as_bytes())?;
        out.bills.write_all(BILLS_HEADER.as_bytes())?;
        out.usage.write_all(USAGE_HEADER.as_bytes())?;
        out.payments.write_all(PAYMENTS_HEADER.as_bytes())?;
        Ok(Emitter {
            out,
            row: Row::new(),
            usage: Row::with_capacity(1 << 16),
            daily: Vec::new(),
            statements: Vec::new(),
            summary: DemoSummary::default(),
        })
    }

    /// Flushes every writer, surfacing any deferred write error.
    pub(crate) fn finish(mut self) -> io::Result<DemoSummary> {
        self.out.customers.flush()?;
        self.out.accounts.flush()?;
        self.out.bills.flush()?;
        self.out.usage.flush()?;
        self.out.payments.flush()?;
        Ok(self.summary)
    }

    pub(crate) fn customer(
        &mut self,
        rng: &mut ChaCha8Rng,
        c: &CustomerPlan,
        table: &DayTable,
        as_of: NaiveDate,
    ) -> io::Result<()> {
        let r = &mut self.row;
        r.clear();
        r.uint(c.number);
        r.text(&c.name);
        r.text(&c.email);
        r.raw(c.language.as_bytes());
        r.raw(c.segment.code().as_bytes());
        r.raw(c.accounts.first().map_or("", |a| a.zip).as_bytes());
        r.end();
        self.out.customers.write_all(&r.buf)?;
        self.summary.customers += 1;
        let payer = Payer {
            habit: c.habit,
            last_day: as_of
                .pred_opt()
                .ok_or_else(|| io_err("as_of out of range"))?,
            clean: c.clean,
        };
        for a in &c.accounts {
            self.account(rng, c.number, a, &payer, table, as_of)?;
        }
        Ok(())
    }

    fn account(
        &mut self,
        rng: &mut ChaCha8Rng,
        customer: u64,
        a: &AccountPlan,
        payer: &Payer,
        table: &DayTable,
        as_of: NaiveDate,
    ) -> io::Result<()> {
        let mut number = Vec::with_capacity(12);
        super::writer::push_u64(&mut number, a.number);

        // Usage: one row per day of the window.
        fill_daily(rng, &a.load, table, &mut self.daily);
        let u = &mut self.usage.buf;
        u.clear();
        for (day, &centi) in table.days.iter().zip(&self.daily) {
            u.extend_from_slice(&number);
            u.push(b',');
            u.extend_from_slice(&day.date);
            u.push(b',');
            push_hundredths(u, u64::from(centi));
            u.push(b'\n');
        }
        self.out.usage.write_all(u)?;
        self.summary.usage_days += self.daily.len();

        // Bills and payments, one per statement date up to as_of.
        let next = statement_dates(a.cycle_day, table.start, as_of, &mut self.statements)
            .ok_or_else(|| io_err("billing cycle out of date range"))?;
        let mut period_start = table.start;
        let r = &mut self.row;
        for (k, &statement) in self.statements.iter().enumerate() {
            let (from, to) = (table.index(period_start), table.index(statement));
            let mut usage = PeriodUsage {
                days: u32::try_from(to - from).unwrap_or(0),
                summer_centi: 0,
                winter_centi: 0,
            };
            for (day, &centi) in table.days[from..to].iter().zip(&self.daily[from..to]) {
                if day.summer_rates {
                    usage.summer_centi += u64::from(centi);
                } else {
                    usage.winter_centi += u64::from(centi);
                }
            }
            let cents = amount_cents(a.plan, &usage, a.demand_tenths);
            let due = statement
                .checked_add_days(Days::new(PAY_WITHIN_DAYS))
                .ok_or_else(|| io_err("due date out of range"))?;
            r.clear();
            r.raw(&number);
            r.date(statement);
            r.date(due);
            r.date(period_start);
            r.date(statement.pred_opt().unwrap_or(statement));
            r.hundredths(usage.summer_centi + usage.winter_centi);
            r.hundredths(cents);
            r.end();
            self.out.bills.write_all(&r.buf)?;
            self.summary.bills += 1;

            let latest = k + 1 == self.statements.len();
            let bill = Due {
                statement,
                due,
                cents,
                latest,
            };
            let forced_open = latest && a.latest == Latest::Unpaid;
            if let Some(p) = (!forced_open).then(|| payer.pay(rng, &bill)).flatten() {
                r.clear();
                r.raw(&number);
                r.date(p.date);
                r.hundredths(p.cents);
                r.raw(p.method.code().as_bytes());
                r.end();
                self.out.payments.write_all(&r.buf)?;
                self.summary.payments += 1;
            }
            period_start = statement;
        }

        r.clear();
        r.raw(&number);
        r.uint(customer);
        r.text(&a.address);
        r.raw(a.zip.as_bytes());
        r.raw(a.plan.code().as_bytes());
        r.text(&a.outage_group);
        match a.demand_tenths {
            Some(t) => r.tenths(t),
            None => r.empty(),
        }
        match a.deposit_cents {
            Some(c) => r.hundredths(c),
            None => r.empty(),
        }
        r.date(next);
        r.end();
        self.out.accounts.write_all(&r.buf)?;
        self.summary.accounts += 1;
        Ok(())
    }
}
