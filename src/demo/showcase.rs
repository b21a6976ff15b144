//! The four fixed showcase customers.
//!
//! Their identities, addresses and plans never change, so docs and the chat
//! banner can name them; only their usage noise follows the seed. Billing
//! cycles are chosen relative to `as_of` so the stated situations hold for
//! any export date: Maria's 1000000001 and An's 1000000003 have an open bill
//! that is not yet due, Maria's 1000000002 has an open bill that is past due.

use chrono::{Datelike, Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::billing::RatePlan;
use super::customers::{draw_load, AccountPlan, CustomerPlan, Latest};
use super::payments::Method;
use super::places::climate_of;
use super::{Segment, ShowcaseAccount};

/// How many showcase customers and accounts lead the files.
pub(crate) const CUSTOMERS: u64 = 4;
pub(crate) const ACCOUNTS: u64 = 5;

pub(crate) static SHOWCASE: [ShowcaseAccount; 3] = [
    ShowcaseAccount {
        account_number: "1000000001",
        billing_zip: "94110",
        who: "Maria Garcia, two accounts, English",
    },
    ShowcaseAccount {
        account_number: "1000000003",
        billing_zip: "95122",
        who: "Nguyễn Văn An, Vietnamese",
    },
    ShowcaseAccount {
        account_number: "1000000004",
        billing_zip: "94621",
        who: "Bay Cold Storage LLC, large business (linking refused)",
    },
];

/// A cycle day (1..=28) whose latest statement falls `offsets[i]` days before
/// `as_of`, taking the first offset that does not land on the 29th–31st.
fn cycle_day_for(as_of: NaiveDate, offsets: &[u64]) -> u32 {
    offsets
        .iter()
        .filter_map(|&off| as_of.checked_sub_days(Days::new(off)))
        .map(|d| d.day())
        .find(|&day| day <= 28)
        .unwrap_or(1)
}

/// Statement 3–20 days ago: due date (statement + 21) is still ahead.
const NOT_YET_DUE: &[u64] = &[5, 6, 7, 8, 9, 10, 11, 12];
const NOT_YET_DUE_LATER: &[u64] = &[10, 11, 12, 13, 14, 15, 16, 17];
/// Statement 22–27 days ago: due date passed, next statement still ahead.
const PAST_DUE: &[u64] = &[25, 26, 27, 24, 23, 22];

struct Fixed {
    number: u64,
    address: &'static str,
    zip: &'static str,
    plan: RatePlan,
    group: &'static str,
    demand_tenths: Option<u64>,
    deposit_cents: Option<u64>,
    offsets: Option<&'static [u64]>,
}

fn account(rng: &mut ChaCha8Rng, seg: Segment, as_of: NaiveDate, f: Fixed) -> AccountPlan {
    let (cycle_day, latest) = match f.offsets {
        Some(offsets) => (cycle_day_for(as_of, offsets), Latest::Unpaid),
        None => (rng.gen_range(1..=28), Latest::Random),
    };
    AccountPlan {
        number: f.number,
        address: f.address.to_string(),
        zip: f.zip,
        plan: f.plan,
        outage_group: f.group.to_string(),
        demand_tenths: f.demand_tenths,
        deposit_cents: f.deposit_cents,
        cycle_day,
        load: draw_load(rng, seg, f.plan, climate_of(f.zip), f.demand_tenths),
        latest,
    }
}

fn customer(
    number: u64,
    name: &str,
    email: &str,
    language: &'static str,
    segment: Segment,
    habit: Method,
    accounts: Vec<AccountPlan>,
) -> CustomerPlan {
    CustomerPlan {
        number,
        name: name.to_string(),
        email: email.to_string(),
        language,
        segment,
        habit,
        clean: true,
        accounts,
    }
}

/// Showcase customer `index` (0..4).
pub(crate) fn showcase_customer(
    rng: &mut ChaCha8Rng,
    index: u64,
    as_of: NaiveDate,
) -> CustomerPlan {
    use Segment::{Business, LargeBusiness, Residential};
    let fixed = |number, address, zip, plan, group| Fixed {
        number,
        address,
        zip,
        plan,
        group,
        demand_tenths: None,
        deposit_cents: None,
        offsets: None,
    };
    match index {
        0 => {
            let a = Fixed {
                offsets: Some(NOT_YET_DUE),
                ..fixed(
                    1_000_000_001,
                    "2450 Mission St, San Francisco, CA",
                    "94110",
                    RatePlan::ETouC,
                    "14",
                )
            };
            let b = Fixed {
                offsets: Some(PAST_DUE),
                deposit_cents: Some(15_000),
                ..fixed(
                    1_000_000_002,
                    "88 Dolores St, San Francisco, CA",
                    "94114",
                    RatePlan::E1,
                    "14",
                )
            };
            let accounts = vec![
                account(rng, Residential, as_of, a),
                account(rng, Residential, as_of, b),
            ];
            customer(
                3_000_000_001,
                "Maria Garcia",
                "maria.garcia@example.com",
                "en",
                Residential,
                Method::Web,
                accounts,
            )
        }
        1 => {
            let a = Fixed {
                offsets: Some(NOT_YET_DUE_LATER),
                deposit_cents: Some(8_500),
                ..fixed(
                    1_000_000_003,
                    "1740 Story Rd, San Jose, CA",
                    "95122",
                    RatePlan::ETouD,
                    "7",
                )
            };
            let accounts = vec![account(rng, Residential, as_of, a)];
            customer(
                3_000_000_002,
                "Nguyễn Văn An",
                "an.nguyen@example.com",
                "vi",
                Residential,
                Method::Card,
                accounts,
            )
        }
        2 => {
            let a = Fixed {
                demand_tenths: Some(8_500),
                ..fixed(
                    1_000_000_004,
                    "7700 Edgewater Dr, Oakland, CA",
                    "94621",
                    RatePlan::B19,
                    "50B",
                )
            };
            let accounts = vec![account(rng, LargeBusiness, as_of, a)];
            customer(
                3_000_000_003,
                "Bay Cold Storage LLC",
                "ap@baycold.example.com",
                "en",
                LargeBusiness,
                Method::Bank,
                accounts,
            )
        }
        _ => {
            let a = Fixed {
                demand_tenths: Some(425),
                ..fixed(
                    1_000_000_005,
                    "410 Broadway, Oakland, CA",
                    "94607",
                    RatePlan::B10,
                    "3",
                )
            };
            let accounts = vec![account(rng, Business, as_of, a)];
            customer(
                3_000_000_004,
                "O'Brien & Sons <LLC>",
                "billing@obrien-sons.example.com",
                "en",
                Business,
                Method::Check,
                accounts,
            )
        }
    }
}
