//! "Your bill is ready" emails for accounts enrolled in paperless billing: one per bill and
//! recipient however often the import runs, held to that by the outbox's dedup key
//! `bill-ready:{account}:{statement date}:{recipient}:email`.

use std::collections::HashMap;

use anyhow::Context;

use super::EmailChannel;
use crate::domain::AccountNumber;
use crate::engine::value::Value;
use crate::engine::{OutMail, Ports};
use crate::store::outbox::Payload;
use crate::store::OutboxKind;

/// Bills older than this when first seen get no notice (an enrolment is not a new bill).
const FRESH_DAYS: u64 = 35;

/// Who is enrolled in paperless billing, and the bank account a PAY reply would use. The
/// payments work implements this over its tables; until then [`NoEnrolments`] is wired in.
#[async_trait::async_trait]
pub trait Enrolments: Send + Sync {
    /// # Errors
    /// The enrolment source failed.
    async fn paperless_accounts(&self) -> anyhow::Result<Vec<AccountNumber>>;
    /// `Checking ••••4321`, when a bank account is saved for this account.
    ///
    /// # Errors
    /// The enrolment source failed.
    async fn saved_bank(&self, account: &AccountNumber) -> anyhow::Result<Option<String>>;
}

/// Nobody is enrolled: paperless enrolment does not exist yet.
pub struct NoEnrolments;

#[async_trait::async_trait]
impl Enrolments for NoEnrolments {
    async fn paperless_accounts(&self) -> anyhow::Result<Vec<AccountNumber>> {
        Ok(Vec::new())
    }
    async fn saved_bank(&self, _account: &AccountNumber) -> anyhow::Result<Option<String>> {
        Ok(None)
    }
}

/// The real enrolments: the paperless and bank account tables.
pub struct PaperlessTables(pub crate::store::Store);

#[async_trait::async_trait]
impl Enrolments for PaperlessTables {
    async fn paperless_accounts(&self) -> anyhow::Result<Vec<AccountNumber>> {
        Ok(self.0.paperless_accounts().await?)
    }
    async fn saved_bank(&self, account: &AccountNumber) -> anyhow::Result<Option<String>> {
        Ok(self.0.saved_bank_label(account).await?)
    }
}

/// A fixed list, standing in for the enrolment tables in tests and demos.
#[derive(Debug, Clone, Default)]
pub struct StandInEnrolments {
    pub paperless: Vec<AccountNumber>,
    pub banks: HashMap<AccountNumber, String>,
}

#[async_trait::async_trait]
impl Enrolments for StandInEnrolments {
    async fn paperless_accounts(&self) -> anyhow::Result<Vec<AccountNumber>> {
        Ok(self.paperless.clone())
    }
    async fn saved_bank(&self, account: &AccountNumber) -> anyhow::Result<Option<String>> {
        Ok(self.banks.get(account).cloned())
    }
}

impl EmailChannel {
    /// Queues the bill-ready email for each enrolled account's latest bill; returns how many
    /// were new (a re-run returns 0).
    ///
    /// # Errors
    /// Storage or the enrolment source failed; nothing of this run is kept.
    pub async fn bill_ready_notices(&self, enrolled: &dyn Enrolments) -> anyhow::Result<usize> {
        let engine = &self.service.engine;
        let now = self.service.clock.now();
        let today = engine.local_date(now);
        let accounts = enrolled
            .paperless_accounts()
            .await
            .context("listing paperless accounts")?;
        let mut tx = self.service.store.begin().await?;
        let mut queued = 0;
        for number in accounts {
            let Some(account) = tx.account(&number).await? else {
                continue;
            };
            let Some(customer) = tx.customer(&account.customer).await? else {
                continue;
            };
            let Some(email) = customer.email.clone() else {
                continue;
            };
            let since = today - chrono::Days::new(FRESH_DAYS);
            let Some(bill) = tx.bills(&number, since).await?.into_iter().next() else {
                continue;
            };
            let locale = customer.language;
            let s = engine.settings();
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("utility", s.utility_name.clone());
            args.set("support_phone", s.support_phone.clone());
            args.set("name", customer.name.clone());
            args.set("account", number.masked());
            args.set("amount", Value::Money(bill.amount_due).to_fluent(locale));
            args.set("due_date", Value::Date(bill.due_date).to_fluent(locale));
            let mut text = engine.i18n().text(locale, "bill-ready-body", Some(&args));
            if let Some(bank) = enrolled.saved_bank(&number).await? {
                args.set("bank", bank);
                text.push_str("\n\n");
                text.push_str(
                    &engine
                        .i18n()
                        .text(locale, "bill-ready-pay-saved", Some(&args)),
                );
            }
            let mail = OutMail {
                to: email.clone(),
                subject: engine
                    .i18n()
                    .text(locale, "bill-ready-subject", Some(&args)),
                text,
                secret: false,
            };
            let key = format!("bill-ready:{number}:{}:{email}:email", bill.statement_date);
            if tx
                .enqueue(
                    "email",
                    email.as_str(),
                    OutboxKind::Notice,
                    &Payload::Mail(mail),
                    Some(&key),
                    now,
                )
                .await?
            {
                queued += 1;
            }
        }
        tx.commit().await?;
        Ok(queued)
    }
}
