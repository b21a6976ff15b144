//! Turn throughput: the engine alone over in-memory ports, and the whole path (dedup, lock,
//! engine, commit to SQLite, outbox) through the service.
//!
//! `cargo bench --bench engine`

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use gridchat::app::{Clock, Service};
use gridchat::domain::bank::{BankAccountNumber, RoutingNumber};
use gridchat::domain::linking::Attempts;
use gridchat::domain::payment::{AuditEntry, Autopay, NewPayment, PendingPayment, SavedBank};
use gridchat::domain::usage::RangeUsage;
use gridchat::domain::*;
use gridchat::engine::ports::{CodeCheck, LinkRecord, PortError, Ports, Scheduled};
use gridchat::engine::{Capabilities, Content, ConversationState, Engine, Inbound};

struct Memory {
    customer: Customer,
    accounts: Vec<Account>,
    bills: Vec<Bill>,
}

#[async_trait::async_trait]
impl Ports for Memory {
    async fn account(&mut self, n: &AccountNumber) -> Result<Option<Account>, PortError> {
        Ok(self.accounts.iter().find(|a| &a.number == n).cloned())
    }
    async fn customer(&mut self, _: &CustomerNumber) -> Result<Option<Customer>, PortError> {
        Ok(Some(self.customer.clone()))
    }
    async fn accounts_of(&mut self, _: &CustomerNumber) -> Result<Vec<Account>, PortError> {
        Ok(self.accounts.clone())
    }
    async fn bills(&mut self, a: &AccountNumber, _: NaiveDate) -> Result<Vec<Bill>, PortError> {
        Ok(self
            .bills
            .iter()
            .filter(|b| &b.account == a)
            .cloned()
            .collect())
    }
    async fn payments(
        &mut self,
        _: &AccountNumber,
        _: NaiveDate,
    ) -> Result<Vec<Payment>, PortError> {
        Ok(Vec::new())
    }
    async fn usage(
        &mut self,
        _: &AccountNumber,
        _: NaiveDate,
        _: NaiveDate,
    ) -> Result<RangeUsage, PortError> {
        Ok(RangeUsage {
            wh: 400_000,
            days_with_data: 30,
        })
    }
    async fn monthly_usage(
        &mut self,
        _: &AccountNumber,
        _: NaiveDate,
        _: NaiveDate,
    ) -> Result<Vec<(NaiveDate, i64)>, PortError> {
        Ok(Vec::new())
    }
    async fn daily_usage(
        &mut self,
        _: &AccountNumber,
        _: NaiveDate,
        _: NaiveDate,
    ) -> Result<Vec<(NaiveDate, i64)>, PortError> {
        Ok(Vec::new())
    }
    async fn link_of(&mut self, id: &Identity) -> Result<Option<LinkRecord>, PortError> {
        Ok(Some(LinkRecord {
            identity: id.clone(),
            customer: self.customer.number.clone(),
            linked_at: Utc::now(),
        }))
    }
    async fn links_of(&mut self, _: &CustomerNumber) -> Result<Vec<LinkRecord>, PortError> {
        Ok(Vec::new())
    }
    async fn create_link(
        &mut self,
        _: &Identity,
        _: &CustomerNumber,
        _: DateTime<Utc>,
    ) -> Result<(), PortError> {
        Ok(())
    }
    async fn remove_link(&mut self, _: &Identity) -> Result<bool, PortError> {
        Ok(true)
    }
    async fn attempts(&mut self, _: &Identity) -> Result<Attempts, PortError> {
        Ok(Attempts::default())
    }
    async fn set_attempts(&mut self, _: &Identity, _: Attempts) -> Result<(), PortError> {
        Ok(())
    }
    fn new_code(&mut self) -> LinkCode {
        LinkCode::parse("123456").unwrap()
    }
    async fn put_code(
        &mut self,
        _: &Identity,
        _: &CustomerNumber,
        _: &LinkCode,
        _: DateTime<Utc>,
    ) -> Result<(), PortError> {
        Ok(())
    }
    async fn check_code(
        &mut self,
        _: &Identity,
        _: &LinkCode,
        _: DateTime<Utc>,
    ) -> Result<CodeCheck, PortError> {
        Ok(CodeCheck::Wrong)
    }
    // The benchmarked flows read balances and usage; the payment side is an empty ledger.
    async fn banks(&mut self, _: &CustomerNumber) -> Result<Vec<SavedBank>, PortError> {
        Ok(Vec::new())
    }
    async fn add_bank(
        &mut self,
        _: &CustomerNumber,
        _: &str,
        _: &RoutingNumber,
        _: &BankAccountNumber,
        _: DateTime<Utc>,
    ) -> Result<i64, PortError> {
        Ok(1)
    }
    async fn rename_bank(
        &mut self,
        _: &CustomerNumber,
        _: i64,
        _: &str,
    ) -> Result<bool, PortError> {
        Ok(false)
    }
    async fn remove_bank(
        &mut self,
        _: &CustomerNumber,
        _: i64,
        _: DateTime<Utc>,
    ) -> Result<bool, PortError> {
        Ok(false)
    }
    async fn terms_accepted(&mut self, _: &CustomerNumber, _: &str) -> Result<bool, PortError> {
        Ok(true)
    }
    async fn accept_terms(
        &mut self,
        _: &CustomerNumber,
        _: &str,
        _: &Identity,
        _: DateTime<Utc>,
    ) -> Result<(), PortError> {
        Ok(())
    }
    async fn schedule_payment(
        &mut self,
        p: &NewPayment,
        _: DateTime<Utc>,
    ) -> Result<Scheduled, PortError> {
        Ok(Scheduled::New(p.confirmation.clone()))
    }
    async fn open_payments(
        &mut self,
        _: &CustomerNumber,
    ) -> Result<Vec<PendingPayment>, PortError> {
        Ok(Vec::new())
    }
    async fn cancel_payment(
        &mut self,
        _: &CustomerNumber,
        _: i64,
        _: DateTime<Utc>,
    ) -> Result<bool, PortError> {
        Ok(false)
    }
    async fn audit(&mut self, _: &AuditEntry) -> Result<(), PortError> {
        Ok(())
    }
    async fn recent_activity(
        &mut self,
        _: &CustomerNumber,
        _: i64,
    ) -> Result<Vec<AuditEntry>, PortError> {
        Ok(Vec::new())
    }
    async fn autopay(&mut self, _: &AccountNumber) -> Result<Option<Autopay>, PortError> {
        Ok(None)
    }
    async fn set_autopay(
        &mut self,
        _: &AccountNumber,
        _: Option<i64>,
        _: NaiveDate,
        _: DateTime<Utc>,
    ) -> Result<(), PortError> {
        Ok(())
    }
    async fn paperless(&mut self, _: &AccountNumber) -> Result<bool, PortError> {
        Ok(false)
    }
    async fn set_paperless(
        &mut self,
        _: &AccountNumber,
        _: bool,
        _: DateTime<Utc>,
    ) -> Result<(), PortError> {
        Ok(())
    }
}

fn memory() -> Memory {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let number = AccountNumber::parse("1000000001").unwrap();
    let customer = Customer {
        number: CustomerNumber::parse("3000000001").unwrap(),
        name: "Maria Garcia".into(),
        email: EmailAddress::parse("maria@example.com").ok(),
        language: Locale::En,
        segment: Segment::Residential,
        billing_zip: Zip::parse("94110").unwrap(),
    };
    let account = Account {
        number: number.clone(),
        customer: customer.number.clone(),
        service_address: "2450 Mission St".into(),
        service_zip: Zip::parse("94110").unwrap(),
        rate_plan: None,
        outage_group: None,
        demand_kw: None,
        deposit: None,
        next_statement_date: Some(d("2026-12-20")),
    };
    let bills = (0..13)
        .map(|i| {
            let s = d("2026-11-20") - chrono::Months::new(i);
            Bill {
                account: number.clone(),
                statement_date: s,
                due_date: s + chrono::Days::new(21),
                period_start: s - chrono::Days::new(30),
                period_end: s - chrono::Days::new(1),
                wh: 400_000 + i as i64 * 1000,
                amount_due: Money::from_cents(12_345),
            }
        })
        .collect();
    Memory {
        customer,
        accounts: vec![account],
        bills,
    }
}

fn inbound(text: &str, n: u64) -> Inbound {
    Inbound {
        identity: Identity::new(Channel::Terminal, "bench"),
        message_id: format!("b-{n}"),
        content: Content::Text(text.into()),
        capabilities: Capabilities::default(),
        locale_hint: None,
        received_at: Utc::now(),
    }
}

fn engine() -> Engine {
    Engine::load("dialogues".as_ref(), "locales".as_ref(), Default::default())
        .expect("dialogues load")
}

fn bench_engine(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let engine = engine();
    let now: DateTime<Utc> = "2026-12-03T22:00:00Z".parse().unwrap();
    let mut ports = memory();
    let mut g = c.benchmark_group("engine_turn");
    for (name, text) in [
        ("balance", "/balance"),
        ("usage_compare", "/usage"),
        ("history_page", "/history"),
        ("not_understood", "what is this"),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                rt.block_on(async {
                    let mut state = ConversationState::default();
                    engine
                        .turn(&mut ports, &mut state, &inbound(text, 0), now)
                        .await
                        .unwrap()
                })
            })
        });
    }
    g.finish();
}

fn bench_service(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let (service, n) = rt.block_on(async {
        let store = gridchat::store::Store::connect(&url)
            .await
            .unwrap()
            .with_cipher(
                gridchat::store::crypto::Cipher::from_base64(
                    &gridchat::store::crypto::Cipher::generate_key(),
                )
                .unwrap(),
            );
        let clock = Clock::fixed("2026-12-03T22:00:00Z".parse().unwrap());
        let engine = Arc::new(engine());
        gridchat::app::demo::load_builtin(&store, engine.local_date(clock.now()))
            .await
            .unwrap();
        let service = Service::new(store, engine, clock);
        // Link the bench identity the way a person would.
        service.handle(inbound("/link", 1)).await.unwrap();
        service.handle(inbound("1000000001", 2)).await.unwrap();
        service.handle(inbound("94110", 3)).await.unwrap();
        let mails = service.store.outbox_all("email").await.unwrap();
        let code = mails
            .iter()
            .rev()
            .find_map(|(row, _, _)| match &row.payload {
                gridchat::store::outbox::Payload::Mail(m) => m
                    .text
                    .split(|c: char| !c.is_ascii_digit())
                    .find(|w| w.len() == 6)
                    .map(str::to_string),
                _ => None,
            })
            .expect("code mailed");
        service.handle(inbound(&code, 4)).await.unwrap();
        let linked = service.take_replies("terminal", "bench").await.unwrap();
        assert!(
            linked
                .iter()
                .any(|r| r.text.contains("linked to Maria Garcia")),
            "bench identity linked"
        );
        (service, std::sync::atomic::AtomicU64::new(10))
    });
    let mut g = c.benchmark_group("service_turn_sqlite");
    g.bench_function("balance_committed", |b| {
        b.iter(|| {
            rt.block_on(async {
                let i = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                service.handle(inbound("/balance", i)).await.unwrap();
                service.take_replies("terminal", "bench").await.unwrap()
            })
        })
    });
    g.finish();
}

criterion_group!(benches, bench_engine, bench_service);
criterion_main!(benches);
