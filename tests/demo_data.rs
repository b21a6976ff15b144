//! The demo dataset is a public contract (CSV headers, number formats) and
//! the showcase customers are referenced by docs and the chat banner, so
//! these tests pin both, plus the internal consistency of bills and usage.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Days, Months, NaiveDate};
use gridchat::demo::{showcase_accounts, write_dataset, write_dataset_to, DemoSpec, DemoWriters};
use rust_decimal::Decimal;

struct Files {
    customers: String,
    accounts: String,
    bills: String,
    usage: String,
    payments: String,
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("YYYY-MM-DD date")
}

fn spec(customers: usize, seed: u64, months: u32) -> DemoSpec {
    DemoSpec {
        customers,
        seed,
        as_of: date("2025-06-15"),
        months,
    }
}

fn generate(spec: &DemoSpec) -> Files {
    let mut bufs: [Vec<u8>; 5] = Default::default();
    let [c, a, b, u, p] = &mut bufs;
    let out = DemoWriters {
        customers: c,
        accounts: a,
        bills: b,
        usage: u,
        payments: p,
    };
    let summary = write_dataset_to(spec, out).expect("in-memory generation");
    let [c, a, b, u, p] = bufs.map(|v| String::from_utf8(v).expect("UTF-8"));
    let files = Files {
        customers: c,
        accounts: a,
        bills: b,
        usage: u,
        payments: p,
    };
    assert_eq!(rows(&files.customers).len(), summary.customers);
    assert_eq!(rows(&files.accounts).len(), summary.accounts);
    assert_eq!(rows(&files.bills).len(), summary.bills);
    assert_eq!(rows(&files.usage).len(), summary.usage_days);
    assert_eq!(rows(&files.payments).len(), summary.payments);
    files
}

/// Data rows parsed with the `csv` crate (RFC 4180), header excluded.
fn rows(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
        .collect()
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn two_decimals(s: &str) -> bool {
    matches!(s.split_once('.'), Some((i, f)) if !i.is_empty()
        && i.bytes().all(|b| b.is_ascii_digit()) && f.len() == 2 && f.bytes().all(|b| b.is_ascii_digit()))
}

#[test]
fn same_spec_same_bytes_other_seed_differs() {
    let a = generate(&spec(30, 7, 6));
    let b = generate(&spec(30, 7, 6));
    for (x, y) in [
        (&a.customers, &b.customers),
        (&a.accounts, &b.accounts),
        (&a.bills, &b.bills),
        (&a.usage, &b.usage),
        (&a.payments, &b.payments),
    ] {
        assert_eq!(x, y);
    }
    let c = generate(&spec(30, 8, 6));
    assert_ne!(a.customers, c.customers);
    assert_ne!(a.usage, c.usage);
}

#[test]
fn headers_are_exact() {
    let f = generate(&spec(5, 1, 2));
    let first = |s: &str| s.lines().next().unwrap_or_default().to_string();
    assert_eq!(
        first(&f.customers),
        "customer_number,name,email,language,segment,billing_zip"
    );
    assert_eq!(
        first(&f.accounts),
        "account_number,customer_number,service_address,service_zip,rate_plan,outage_group,demand_kw,deposit_amount,next_statement_date"
    );
    assert_eq!(
        first(&f.bills),
        "account_number,statement_date,due_date,period_start,period_end,kwh,amount_due"
    );
    assert_eq!(first(&f.usage), "account_number,date,kwh");
    assert_eq!(first(&f.payments), "account_number,date,amount,method");
}

#[test]
fn bills_match_usage_and_periods_are_contiguous() {
    let s = spec(60, 42, 13);
    let f = generate(&s);
    let start = s
        .as_of
        .checked_sub_months(Months::new(s.months))
        .expect("start");
    let mut daily: HashMap<(String, NaiveDate), Decimal> = HashMap::new();
    for r in rows(&f.usage) {
        assert!(two_decimals(&r[2]), "kwh {}", r[2]);
        let d = date(&r[1]);
        assert!(d >= start && d < s.as_of);
        assert!(
            daily.insert((r[0].clone(), d), dec(&r[2])).is_none(),
            "one row per day"
        );
    }
    let mut by_account: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for r in rows(&f.bills) {
        by_account.entry(r[0].clone()).or_default().push(r);
    }
    let accounts = rows(&f.accounts);
    assert_eq!(by_account.len(), accounts.len());
    for acct in &accounts {
        let bills = &by_account[&acct[0]];
        assert!(
            bills.len().abs_diff(s.months as usize) <= 1,
            "about one bill a month"
        );
        let mut expected_start = start;
        for b in bills {
            let (stmt, due, from, to) = (date(&b[1]), date(&b[2]), date(&b[3]), date(&b[4]));
            assert_eq!(from, expected_start, "contiguous periods");
            assert_eq!(stmt, to + Days::new(1));
            assert_eq!(due, stmt + Days::new(21));
            assert!(stmt <= s.as_of);
            assert!(two_decimals(&b[5]) && two_decimals(&b[6]), "{b:?}");
            let sum: Decimal = from
                .iter_days()
                .take_while(|d| *d <= to)
                .map(|d| daily[&(b[0].clone(), d)])
                .sum();
            assert_eq!(dec(&b[5]), sum, "bill kwh = sum of usage for {b:?}");
            expected_start = stmt;
        }
        let next = date(&acct[8]);
        assert!(next > s.as_of);
        assert_eq!(next, expected_start + Months::new(1));
        for field in [&acct[6], &acct[7]] {
            assert!(field.is_empty() || field.contains('.'));
        }
        assert!(acct[7].is_empty() || two_decimals(&acct[7]));
    }
    for p in rows(&f.payments) {
        assert!(two_decimals(&p[2]));
        assert!(date(&p[1]) < s.as_of);
        assert!(["web", "autopay", "check", "card", "cash", "bank"].contains(&p[3].as_str()));
    }
}

fn latest_bill<'a>(bills: &'a [Vec<String>], account: &str) -> &'a Vec<String> {
    bills
        .iter()
        .rfind(|b| b[0] == account)
        .expect("account has bills")
}

fn paid_for(payments: &[Vec<String>], bill: &[String]) -> bool {
    payments
        .iter()
        .any(|p| p[0] == bill[0] && date(&p[1]) > date(&bill[1]))
}

#[test]
fn showcase_customers_have_the_stated_facts() {
    for as_of in ["2025-06-15", "2024-03-01", "2025-12-31", "2026-02-28"] {
        let s = DemoSpec {
            as_of: date(as_of),
            ..spec(2, 9, 4)
        };
        let f = generate(&s);
        let customers = rows(&f.customers);
        assert_eq!(
            customers.len(),
            4,
            "all showcase customers even when fewer are asked"
        );
        let c = |i: usize| customers[i].join("|");
        assert_eq!(
            c(0),
            "3000000001|Maria Garcia|maria.garcia@example.com|en|residential|94110"
        );
        assert_eq!(
            c(1),
            "3000000002|Nguyễn Văn An|an.nguyen@example.com|vi|residential|95122"
        );
        assert_eq!(
            c(2),
            "3000000003|Bay Cold Storage LLC|ap@baycold.example.com|en|large_business|94621"
        );
        assert_eq!(
            c(3),
            "3000000004|O'Brien & Sons <LLC>|billing@obrien-sons.example.com|en|business|94607"
        );

        let accounts = rows(&f.accounts);
        let a = |i: usize| accounts[i][..8].join("|");
        assert_eq!(
            a(0),
            "1000000001|3000000001|2450 Mission St, San Francisco, CA|94110|E-TOU-C|14||"
        );
        assert_eq!(
            a(1),
            "1000000002|3000000001|88 Dolores St, San Francisco, CA|94114|E-1|14||150.00"
        );
        assert_eq!(
            a(2),
            "1000000003|3000000002|1740 Story Rd, San Jose, CA|95122|E-TOU-D|7||85.00"
        );
        assert_eq!(
            a(3),
            "1000000004|3000000003|7700 Edgewater Dr, Oakland, CA|94621|B-19|50B|850.0|"
        );
        assert_eq!(
            a(4),
            "1000000005|3000000004|410 Broadway, Oakland, CA|94607|B-10|3|42.5|"
        );
        assert!(f
            .accounts
            .contains("\"2450 Mission St, San Francisco, CA\""));

        let (bills, payments) = (rows(&f.bills), rows(&f.payments));
        for (account, future) in [
            ("1000000001", true),
            ("1000000002", false),
            ("1000000003", true),
        ] {
            let b = latest_bill(&bills, account);
            assert_eq!(date(&b[2]) > s.as_of, future, "{as_of} {b:?}");
            assert!(!paid_for(&payments, b), "latest bill of {account} is open");
        }
    }
    let listed: Vec<_> = showcase_accounts()
        .iter()
        .map(|a| (a.account_number, a.billing_zip))
        .collect();
    assert_eq!(
        listed,
        [
            ("1000000001", "94110"),
            ("1000000003", "95122"),
            ("1000000004", "94621")
        ]
    );
}

#[test]
fn two_hundred_customers_have_plausible_mixes() {
    let f = generate(&spec(200, 2024, 3));
    let customers = rows(&f.customers);
    assert_eq!(customers.len(), 200);
    let share = |pred: &dyn Fn(&Vec<String>) -> bool| {
        customers.iter().filter(|c| pred(c)).count() as f64 / 200.0
    };
    let residential = share(&|c| c[4] == "residential");
    assert!(
        (0.78..=0.95).contains(&residential),
        "residential {residential}"
    );
    assert!(share(&|c| c[4] == "business") > 0.02);
    let vi = share(&|c| c[3] == "vi");
    assert!((0.08..=0.24).contains(&vi), "vietnamese {vi}");
    assert!(customers
        .iter()
        .all(|c| ["en", "vi"].contains(&c[3].as_str())));
    let segments = [
        "residential",
        "business",
        "large_business",
        "mobile_home_park",
    ];
    assert!(customers.iter().all(|c| segments.contains(&c[4].as_str())));

    let emails: Vec<&String> = customers
        .iter()
        .map(|c| &c[2])
        .filter(|e| !e.is_empty())
        .collect();
    assert!(emails.len() >= 180);
    assert!(emails.iter().all(|e| e.is_ascii() && e.contains('@')));
    assert_eq!(
        emails.iter().collect::<HashSet<_>>().len(),
        emails.len(),
        "unique e-mails"
    );

    let accounts = rows(&f.accounts);
    let first_zip: HashMap<&str, &str> = accounts
        .iter()
        .rev()
        .map(|a| (a[1].as_str(), a[3].as_str()))
        .collect();
    for c in &customers {
        assert_eq!(c[0].len(), 10);
        assert_eq!(
            first_zip[c[0].as_str()],
            c[5],
            "billing ZIP = first service ZIP"
        );
    }
    let multi = customers.len() as f64 / accounts.len() as f64;
    assert!(
        (0.85..1.0).contains(&multi),
        "some customers have several accounts"
    );
    let segment: HashMap<&str, &str> = customers
        .iter()
        .map(|c| (c[0].as_str(), c[4].as_str()))
        .collect();
    for a in &accounts {
        assert_eq!(a[0].len(), 10);
        let plans: &[&str] = match segment[a[1].as_str()] {
            "residential" => &["E-1", "E-TOU-C", "E-TOU-D", "EV2-A"],
            "business" => &["B-1", "B-6", "B-10"],
            "large_business" => &["B-19", "B-20"],
            _ => &["ES", "ET"],
        };
        assert!(plans.contains(&a[4].as_str()), "{a:?}");
        let demand_metered = ["B-10", "B-19", "B-20"].contains(&a[4].as_str());
        assert_eq!(!a[6].is_empty(), demand_metered, "{a:?}");
    }
}

#[test]
fn write_dataset_writes_the_same_files() {
    let s = spec(12, 5, 2);
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("nested/demo");
    let summary = write_dataset(&s, &target).expect("write files");
    assert_eq!(summary.customers, 12);
    let f = generate(&s);
    let read = |name: &str| std::fs::read_to_string(target.join(name)).expect("file");
    assert_eq!(read("customers.csv"), f.customers);
    assert_eq!(read("accounts.csv"), f.accounts);
    assert_eq!(read("bills.csv"), f.bills);
    assert_eq!(read("usage.csv"), f.usage);
    assert_eq!(read("payments.csv"), f.payments);
}

#[test]
fn degenerate_specs_still_work() {
    let f = generate(&spec(0, 3, 0));
    assert_eq!(rows(&f.customers).len(), 4);
    assert_eq!(rows(&f.accounts).len(), 5);
    assert!(rows(&f.bills).is_empty() && rows(&f.usage).is_empty() && rows(&f.payments).is_empty());
    assert!(rows(&f.accounts)
        .iter()
        .all(|a| date(&a[8]) > date("2025-06-15")));
}
