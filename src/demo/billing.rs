//! Billing cycles and tariffs.
//!
//! Money is computed with `rust_decimal` from integer kWh hundredths, so a
//! bill's amount is exactly reproducible from the CSV it sits in; floats are
//! only used upstream for the synthetic usage noise.

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

/// Tariff schedules, named as PG&E names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RatePlan {
    E1,
    ETouC,
    ETouD,
    Ev2A,
    B1,
    B6,
    B10,
    B19,
    B20,
    Es,
    Et,
}

/// Prices in fixed point: energy in 1/100000 $/kWh, fixed and demand in cents.
struct Tariff {
    summer: i64,
    winter: i64,
    /// Credit per kWh within the baseline allowance (tiered/TOU baseline).
    baseline_credit: i64,
    baseline_kwh_per_day: i64,
    fixed_cents_per_day: i64,
    demand_cents_per_kw: i64,
}

const fn tariff(
    summer: i64,
    winter: i64,
    credit: i64,
    baseline: i64,
    fixed: i64,
    demand: i64,
) -> Tariff {
    Tariff {
        summer,
        winter,
        baseline_credit: credit,
        baseline_kwh_per_day: baseline,
        fixed_cents_per_day: fixed,
        demand_cents_per_kw: demand,
    }
}

impl RatePlan {
    pub(crate) fn code(self) -> &'static str {
        match self {
            RatePlan::E1 => "E-1",
            RatePlan::ETouC => "E-TOU-C",
            RatePlan::ETouD => "E-TOU-D",
            RatePlan::Ev2A => "EV2-A",
            RatePlan::B1 => "B-1",
            RatePlan::B6 => "B-6",
            RatePlan::B10 => "B-10",
            RatePlan::B19 => "B-19",
            RatePlan::B20 => "B-20",
            RatePlan::Es => "ES",
            RatePlan::Et => "ET",
        }
    }

    /// Blended rates: residential lands at ~0.30–0.45 $/kWh after the
    /// baseline credit, large business pays less per kWh but a demand charge.
    fn tariff(self) -> Tariff {
        match self {
            RatePlan::E1 => tariff(41_000, 39_000, 8_000, 11, 40, 0),
            RatePlan::ETouC => tariff(45_000, 39_000, 9_000, 11, 40, 0),
            RatePlan::ETouD => tariff(39_000, 35_000, 0, 0, 40, 0),
            RatePlan::Ev2A => tariff(34_000, 31_000, 0, 0, 40, 0),
            RatePlan::B1 => tariff(36_000, 31_000, 0, 0, 82, 0),
            RatePlan::B6 => tariff(33_000, 29_000, 0, 0, 82, 0),
            RatePlan::B10 => tariff(27_000, 23_000, 0, 0, 493, 1_500),
            RatePlan::B19 => tariff(19_000, 16_000, 0, 0, 3_150, 2_900),
            RatePlan::B20 => tariff(17_000, 15_000, 0, 0, 5_500, 3_200),
            RatePlan::Es => tariff(33_000, 31_000, 0, 0, 40, 0),
            RatePlan::Et => tariff(35_000, 31_000, 0, 0, 40, 0),
        }
    }
}

/// Consumption of one billing period, in kWh hundredths split by season.
pub(crate) struct PeriodUsage {
    pub(crate) days: u32,
    pub(crate) summer_centi: u64,
    pub(crate) winter_centi: u64,
}

fn dec(n: u64, scale: u32) -> Decimal {
    Decimal::new(i64::try_from(n).unwrap_or(i64::MAX), scale)
}

/// Amount due in cents: energy (seasonal, minus baseline credit) + fixed
/// daily charge + demand charge on the account's demand in tenths of kW.
pub(crate) fn amount_cents(plan: RatePlan, usage: &PeriodUsage, demand_tenths: Option<u64>) -> u64 {
    let t = plan.tariff();
    let summer = dec(usage.summer_centi, 2);
    let winter = dec(usage.winter_centi, 2);
    let days = Decimal::from(usage.days);
    let mut total = summer * Decimal::new(t.summer, 5) + winter * Decimal::new(t.winter, 5);
    let allowance = Decimal::from(t.baseline_kwh_per_day) * days;
    total -= (summer + winter).min(allowance) * Decimal::new(t.baseline_credit, 5);
    total += Decimal::new(t.fixed_cents_per_day, 2) * days;
    if let Some(tenths) = demand_tenths {
        // Monthly demand charge, prorated only for a short first period.
        let monthly = dec(tenths, 1) * Decimal::new(t.demand_cents_per_kw, 2);
        total += monthly * days.min(Decimal::from(28)) / Decimal::from(28);
    }
    let mut rounded = total.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(2);
    u64::try_from(rounded.mantissa()).unwrap_or(0)
}

/// Fills `out` with every statement date on `cycle_day` in `(start, as_of]`
/// and returns the first one after `as_of` (the next statement).
pub(crate) fn statement_dates(
    cycle_day: u32,
    start: NaiveDate,
    as_of: NaiveDate,
    out: &mut Vec<NaiveDate>,
) -> Option<NaiveDate> {
    out.clear();
    let mut d = NaiveDate::from_ymd_opt(start.year(), start.month(), cycle_day)?;
    if d <= start {
        d = d.checked_add_months(Months::new(1))?;
    }
    while d <= as_of {
        out.push(d);
        d = d.checked_add_months(Months::new(1))?;
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residential_rate_is_realistic() {
        let usage = PeriodUsage {
            days: 30,
            summer_centi: 0,
            winter_centi: 45_000,
        };
        let cents = amount_cents(RatePlan::ETouC, &usage, None);
        let per_kwh = cents as f64 / 100.0 / 450.0;
        assert!((0.30..=0.45).contains(&per_kwh), "{per_kwh}");
    }

    #[test]
    fn statement_dates_stay_on_cycle_day() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("date");
        let mut out = Vec::new();
        let next = statement_dates(15, d(2024, 1, 15), d(2024, 4, 20), &mut out);
        assert_eq!(out, vec![d(2024, 2, 15), d(2024, 3, 15), d(2024, 4, 15)]);
        assert_eq!(next, Some(d(2024, 5, 15)));
    }
}
