//! Drawing a random customer and its accounts: segment, language, name,
//! rate plans, demand, deposit, billing cycle and load shape. Everything the
//! writer later emits for the customer is decided here, up front, from the
//! customer's own RNG stream.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::billing::RatePlan;
use super::names::{draw_name, email};
use super::payments::Method;
use super::places::{outage_group, pick_place, Climate};
use super::usage::Load;
use super::Segment;

/// Whether the latest bill's payment is left to chance or forced open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Latest {
    Random,
    Unpaid,
}

pub(crate) struct CustomerPlan {
    pub(crate) number: u64,
    pub(crate) name: String,
    /// Empty for the ~3% without an e-mail on file.
    pub(crate) email: String,
    pub(crate) language: &'static str,
    pub(crate) segment: Segment,
    pub(crate) habit: Method,
    /// Showcase customers pay their history in full and on time.
    pub(crate) clean: bool,
    pub(crate) accounts: Vec<AccountPlan>,
}

pub(crate) struct AccountPlan {
    pub(crate) number: u64,
    pub(crate) address: String,
    pub(crate) zip: &'static str,
    pub(crate) plan: RatePlan,
    pub(crate) outage_group: String,
    pub(crate) demand_tenths: Option<u64>,
    pub(crate) deposit_cents: Option<u64>,
    /// Day of month (1..=28) on which statements are cut.
    pub(crate) cycle_day: u32,
    pub(crate) load: Load,
    pub(crate) latest: Latest,
}

fn draw_segment(rng: &mut ChaCha8Rng) -> Segment {
    match rng.gen_range(0..1000) {
        0..=879 => Segment::Residential,
        880..=959 => Segment::Business,
        960..=974 => Segment::LargeBusiness,
        _ => Segment::MobileHomePark,
    }
}

fn draw_plan(rng: &mut ChaCha8Rng, segment: Segment) -> RatePlan {
    let r = rng.gen_range(0..100);
    match segment {
        Segment::Residential => match r {
            0..=54 => RatePlan::ETouC,
            55..=69 => RatePlan::E1,
            70..=87 => RatePlan::ETouD,
            _ => RatePlan::Ev2A,
        },
        Segment::Business => match r {
            0..=44 => RatePlan::B1,
            45..=79 => RatePlan::B6,
            _ => RatePlan::B10,
        },
        Segment::LargeBusiness if r < 60 => RatePlan::B19,
        Segment::LargeBusiness => RatePlan::B20,
        Segment::MobileHomePark if r < 70 => RatePlan::Es,
        Segment::MobileHomePark => RatePlan::Et,
    }
}

/// Demand in tenths of kW for demand-metered plans, `None` otherwise.
fn draw_demand(rng: &mut ChaCha8Rng, plan: RatePlan) -> Option<u64> {
    match plan {
        RatePlan::B10 => Some(rng.gen_range(200..=800)),
        RatePlan::B19 | RatePlan::B20 => Some(rng.gen_range(3_000..=25_000)),
        _ => None,
    }
}

/// Load shape; demand-metered accounts derive kWh from kW × hours × load factor.
pub(crate) fn draw_load(
    rng: &mut ChaCha8Rng,
    segment: Segment,
    plan: RatePlan,
    climate: Climate,
    demand_tenths: Option<u64>,
) -> Load {
    let kw = demand_tenths.map(|t| t as f64 / 10.0);
    let (sg, wg) = (climate.summer_gain(), climate.winter_gain());
    match segment {
        Segment::Residential => Load {
            base: rng.gen_range(7.0..15.0) + if plan == RatePlan::Ev2A { 5.0 } else { 0.0 },
            summer: sg * rng.gen_range(0.5..1.2),
            winter: wg * rng.gen_range(0.5..1.5),
            weekend: rng.gen_range(1.0..1.2),
            noise: 0.3,
            vacations: true,
        },
        Segment::Business => {
            let u: f64 = rng.gen();
            let base = match kw {
                Some(kw) => kw * 24.0 * rng.gen_range(0.15..0.25),
                None => 40.0 + 220.0 * u * u,
            };
            Load {
                base,
                summer: sg * 0.8 * rng.gen_range(0.5..1.5),
                winter: wg * 0.5,
                weekend: rng.gen_range(0.5..0.9),
                noise: 0.2,
                vacations: false,
            }
        }
        Segment::LargeBusiness => Load {
            base: kw.unwrap_or(500.0) * 24.0 * rng.gen_range(0.3..0.55),
            summer: sg * 0.5,
            winter: 0.05,
            weekend: rng.gen_range(0.75..0.95),
            noise: 0.1,
            vacations: false,
        },
        Segment::MobileHomePark => Load {
            base: rng.gen_range(250.0..1200.0),
            summer: sg * rng.gen_range(0.6..1.1),
            winter: wg,
            weekend: 1.05,
            noise: 0.15,
            vacations: false,
        },
    }
}

/// Draws customer `serial` (0-based position in the file) with accounts
/// numbered from `*next_account` on, advancing it.
pub(crate) fn draw_customer(
    rng: &mut ChaCha8Rng,
    serial: u64,
    number: u64,
    next_account: &mut u64,
) -> CustomerPlan {
    let segment = draw_segment(rng);
    let vietnamese = rng.gen_bool(0.15);
    let named = draw_name(rng, segment, vietnamese);
    let email = if rng.gen_bool(0.03) {
        String::new()
    } else {
        email(&named, serial + 1)
    };
    let count = match rng.gen_range(0..1000) {
        0..=44 => 2,
        45..=59 => 3,
        _ => 1,
    };
    let business = segment != Segment::Residential;
    let accounts = (0..count)
        .map(|_| {
            let place = pick_place(rng, vietnamese, business);
            let plan = draw_plan(rng, segment);
            let demand_tenths = draw_demand(rng, plan);
            let deposit_cents = rng.gen_bool(0.08).then(|| rng.gen_range(10..=80u64) * 500);
            let number = *next_account;
            *next_account += 1;
            AccountPlan {
                number,
                outage_group: outage_group(rng, place.zip),
                cycle_day: rng.gen_range(1..=28),
                load: draw_load(rng, segment, plan, place.climate, demand_tenths),
                address: place.address,
                zip: place.zip,
                plan,
                demand_tenths,
                deposit_cents,
                latest: Latest::Random,
            }
        })
        .collect();
    CustomerPlan {
        number,
        name: named.name,
        email,
        language: if vietnamese { "vi" } else { "en" },
        segment,
        habit: Method::draw(rng),
        clean: false,
        accounts,
    }
}
