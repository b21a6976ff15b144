//! What the engine's actions may ask of the outside world. The store implements these on one
//! database transaction per turn, so everything a turn changes commits together.

use chrono::{DateTime, NaiveDate, Utc};

use super::message::Inbound;
use crate::domain::balance::BalanceSummary;
use crate::domain::bank::{BankAccountNumber, RoutingNumber};
use crate::domain::linking::Attempts;
use crate::domain::payment::{AuditEntry, Autopay, NewPayment, PendingPayment, SavedBank};
use crate::domain::usage::RangeUsage;
use crate::domain::{
    Account, AccountNumber, Bill, Customer, CustomerNumber, Identity, LinkCode, Payment,
};

/// The result of scheduling: the confirmation, and whether this call created it (false when
/// the same confirming message had already been recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scheduled {
    New(String),
    Existing(String),
    /// The account is not under the customer linked to this identity, or the bank account
    /// is not theirs: nothing was recorded.
    NotYours,
}

/// A failure of a port, carrying its cause chain for operators; people see a translated
/// "something went wrong" instead.
#[derive(Debug, thiserror::Error)]
#[error("{context}")]
pub struct PortError {
    context: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl PortError {
    pub fn new(
        context: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        PortError {
            context: context.into(),
            source: Some(Box::new(source)),
        }
    }

    pub fn msg(context: impl Into<String>) -> Self {
        PortError {
            context: context.into(),
            source: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRecord {
    pub identity: Identity,
    pub customer: CustomerNumber,
    pub linked_at: DateTime<Utc>,
}

/// The result of checking an emailed code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeCheck {
    /// Right and fresh: the code is now used up.
    Valid(CustomerNumber),
    Wrong,
    Expired,
    /// No code was sent to this identity (or it was already used).
    NoneSent,
}

/// How well the sender of one message is known to control the customer's email on file.
/// Flows marked `guarded` (moving money, changing enrolment) need more than a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assurance {
    /// The platform authenticates its users (terminal, Telegram, Discord).
    Platform,
    /// A reply carrying the valid token of a mail gridchat sent to the address on file;
    /// `answers` is the inbound message that mail itself answered (a confirmation's cause).
    ReplyToken { answers: Option<String> },
    /// Nothing proves it: email without a valid token, or failing DKIM/DMARC.
    Unproven,
}

/// Reads and writes one turn may make. Implementations run them in the turn's transaction.
#[async_trait::async_trait]
pub trait Ports: Send {
    async fn account(&mut self, number: &AccountNumber) -> Result<Option<Account>, PortError>;
    async fn customer(&mut self, number: &CustomerNumber) -> Result<Option<Customer>, PortError>;
    async fn accounts_of(&mut self, customer: &CustomerNumber) -> Result<Vec<Account>, PortError>;
    /// Bills with a statement date on or after `since`, most recent first.
    async fn bills(
        &mut self,
        account: &AccountNumber,
        since: NaiveDate,
    ) -> Result<Vec<Bill>, PortError>;
    /// Payments dated on or after `since`, most recent first.
    async fn payments(
        &mut self,
        account: &AccountNumber,
        since: NaiveDate,
    ) -> Result<Vec<Payment>, PortError>;
    async fn usage(
        &mut self,
        account: &AccountNumber,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<RangeUsage, PortError>;
    /// Monthly totals (first day of month, watt-hours) for the months touching the range.
    async fn monthly_usage(
        &mut self,
        account: &AccountNumber,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, i64)>, PortError>;
    /// Daily readings (date, watt-hours) in `from..=to`, oldest first; days without a
    /// reading are absent.
    async fn daily_usage(
        &mut self,
        account: &AccountNumber,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, i64)>, PortError>;

    async fn link_of(&mut self, identity: &Identity) -> Result<Option<LinkRecord>, PortError>;
    async fn links_of(&mut self, customer: &CustomerNumber) -> Result<Vec<LinkRecord>, PortError>;
    async fn create_link(
        &mut self,
        identity: &Identity,
        customer: &CustomerNumber,
        at: DateTime<Utc>,
    ) -> Result<(), PortError>;
    /// Removes the link; `false` when there was none.
    async fn remove_link(&mut self, identity: &Identity) -> Result<bool, PortError>;

    async fn attempts(&mut self, identity: &Identity) -> Result<Attempts, PortError>;
    async fn set_attempts(
        &mut self,
        identity: &Identity,
        attempts: Attempts,
    ) -> Result<(), PortError>;
    /// A fresh random code. The store keeps only its hash.
    fn new_code(&mut self) -> LinkCode;
    async fn put_code(
        &mut self,
        identity: &Identity,
        customer: &CustomerNumber,
        code: &LinkCode,
        expires: DateTime<Utc>,
    ) -> Result<(), PortError>;
    async fn check_code(
        &mut self,
        identity: &Identity,
        code: &LinkCode,
        now: DateTime<Utc>,
    ) -> Result<CodeCheck, PortError>;

    async fn banks(&mut self, customer: &CustomerNumber) -> Result<Vec<SavedBank>, PortError>;
    /// Saves a bank account, encrypting the number; returns its id.
    async fn add_bank(
        &mut self,
        customer: &CustomerNumber,
        nickname: &str,
        routing: &RoutingNumber,
        number: &BankAccountNumber,
        at: DateTime<Utc>,
    ) -> Result<i64, PortError>;
    async fn rename_bank(
        &mut self,
        customer: &CustomerNumber,
        id: i64,
        nickname: &str,
    ) -> Result<bool, PortError>;
    async fn remove_bank(
        &mut self,
        customer: &CustomerNumber,
        id: i64,
        at: DateTime<Utc>,
    ) -> Result<bool, PortError>;
    async fn terms_accepted(
        &mut self,
        customer: &CustomerNumber,
        version: &str,
    ) -> Result<bool, PortError>;
    async fn accept_terms(
        &mut self,
        customer: &CustomerNumber,
        version: &str,
        identity: &Identity,
        at: DateTime<Utc>,
    ) -> Result<(), PortError>;
    async fn schedule_payment(
        &mut self,
        p: &NewPayment,
        at: DateTime<Utc>,
    ) -> Result<Scheduled, PortError>;
    /// Payments made through gridchat that are pending or submitted, newest first.
    async fn open_payments(
        &mut self,
        customer: &CustomerNumber,
    ) -> Result<Vec<PendingPayment>, PortError>;
    /// Cancels a pending payment of this customer; `false` when it is not pending.
    async fn cancel_payment(
        &mut self,
        customer: &CustomerNumber,
        id: i64,
        at: DateTime<Utc>,
    ) -> Result<bool, PortError>;
    async fn audit(&mut self, entry: &AuditEntry) -> Result<(), PortError>;
    async fn recent_activity(
        &mut self,
        customer: &CustomerNumber,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, PortError>;
    async fn autopay(&mut self, account: &AccountNumber) -> Result<Option<Autopay>, PortError>;
    /// Enrols (Some) or cancels (None) automatic payment of each new bill.
    async fn set_autopay(
        &mut self,
        account: &AccountNumber,
        bank: Option<i64>,
        since: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<(), PortError>;
    async fn paperless(&mut self, account: &AccountNumber) -> Result<bool, PortError>;
    async fn set_paperless(
        &mut self,
        account: &AccountNumber,
        on: bool,
        at: DateTime<Utc>,
    ) -> Result<(), PortError>;
    /// What proves the sender of `inbound`. The default suits channels whose platform
    /// authenticates users; the store answers for email from the stored message.
    async fn assurance(&mut self, _inbound: &Inbound) -> Result<Assurance, PortError> {
        Ok(Assurance::Platform)
    }

    /// No more notices (bill ready, outages) to this identity.
    async fn stop_notices(
        &mut self,
        _identity: &Identity,
        _at: DateTime<Utc>,
    ) -> Result<(), PortError> {
        Ok(())
    }
}

/// The balance summary for one account, computed from the ports with the domain rule.
pub async fn account_balance(
    ports: &mut dyn Ports,
    account: &AccountNumber,
    today: NaiveDate,
) -> Result<(BalanceSummary, Option<Bill>), PortError> {
    let since = today - chrono::Days::new(400);
    let bills = ports.bills(account, since).await?;
    let latest = bills.into_iter().next();
    let from = latest.as_ref().map(|b| b.statement_date).unwrap_or(since);
    let payments = ports
        .payments(account, from.min(today - chrono::Days::new(60)))
        .await?;
    let summary = crate::domain::balance::balance(latest.as_ref(), &payments, today);
    Ok((summary, latest))
}
