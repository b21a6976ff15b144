//! Payment behaviour: most customers pay in full between statement and due
//! date, some late, a few partially, rarely not at all; the latest bill is
//! often still open. Amounts are integer cents taken from the bill, never
//! recomputed with floats.

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// How people pay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Web,
    Autopay,
    Check,
    Card,
    Cash,
    Bank,
}

const MANUAL: [Method; 5] = [
    Method::Web,
    Method::Check,
    Method::Card,
    Method::Cash,
    Method::Bank,
];

impl Method {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Method::Web => "web",
            Method::Autopay => "autopay",
            Method::Check => "check",
            Method::Card => "card",
            Method::Cash => "cash",
            Method::Bank => "bank",
        }
    }

    /// A customer's habitual method.
    pub(crate) fn draw(rng: &mut ChaCha8Rng) -> Method {
        match rng.gen_range(0..100) {
            0..=24 => Method::Autopay,
            25..=59 => Method::Web,
            60..=71 => Method::Card,
            72..=81 => Method::Bank,
            82..=93 => Method::Check,
            _ => Method::Cash,
        }
    }
}

/// Who is paying and up to which day payments exist.
pub(crate) struct Payer {
    pub(crate) habit: Method,
    /// The last day with data (as_of − 1): no payment is dated later.
    pub(crate) last_day: NaiveDate,
    /// Showcase accounts pay every earlier bill in full and on time.
    pub(crate) clean: bool,
}

pub(crate) struct Payment {
    pub(crate) date: NaiveDate,
    pub(crate) cents: u64,
    pub(crate) method: Method,
}

/// A bill as the payment model sees it.
pub(crate) struct Due {
    pub(crate) statement: NaiveDate,
    pub(crate) due: NaiveDate,
    pub(crate) cents: u64,
    pub(crate) latest: bool,
}

fn plus(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(Days::new(days)).unwrap_or(d)
}

impl Payer {
    /// Mostly the habit; now and then another manual method. Autopay never
    /// makes late or partial payments, the customer does by hand.
    fn method(&self, rng: &mut ChaCha8Rng, manual: bool) -> Method {
        if (manual && self.habit == Method::Autopay) || rng.gen_bool(0.1) {
            MANUAL[rng.gen_range(0..MANUAL.len())]
        } else {
            self.habit
        }
    }

    fn on_time(&self, rng: &mut ChaCha8Rng, bill: &Due) -> Option<Payment> {
        let method = self.method(rng, false);
        let date = if method == Method::Autopay {
            bill.due
        } else {
            plus(bill.statement, rng.gen_range(1..=21))
        };
        (date <= self.last_day).then_some(Payment {
            date,
            cents: bill.cents,
            method,
        })
    }

    /// The payment (if any) made for `bill` by the export date.
    pub(crate) fn pay(&self, rng: &mut ChaCha8Rng, bill: &Due) -> Option<Payment> {
        if bill.latest && bill.due > self.last_day {
            // Not due yet: autopay has not run, ~47% of the others paid early,
            // so ~60% of such bills are open.
            if self.habit == Method::Autopay || rng.gen_bool(0.47) {
                return None;
            }
            let window = (self.last_day - bill.statement).num_days().min(21);
            if window < 1 {
                return None;
            }
            return Some(Payment {
                date: plus(bill.statement, rng.gen_range(1..=window as u64)),
                cents: bill.cents,
                method: self.method(rng, true),
            });
        }
        if self.clean {
            return self.on_time(rng, bill);
        }
        if bill.latest && rng.gen_bool(0.12) {
            return None; // past due and still open
        }
        match rng.gen_range(0..1000) {
            0..=9 => None, // missed
            10..=49 if bill.cents >= 200 => {
                let pct = rng.gen_range(30..=80u64);
                let dollars = (bill.cents * pct / 100 / 100).max(1);
                Some(Payment {
                    date: plus(bill.statement, rng.gen_range(1..=21)),
                    cents: dollars * 100,
                    method: self.method(rng, true),
                })
            }
            50..=119 if plus(bill.due, 1) <= self.last_day => Some(Payment {
                date: plus(bill.due, rng.gen_range(1..=20)).min(self.last_day),
                cents: bill.cents,
                method: self.method(rng, true),
            }),
            _ => self.on_time(rng, bill),
        }
    }
}
