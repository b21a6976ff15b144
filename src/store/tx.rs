//! One turn's transaction: inbound mark, conversation lock, ledger reads and writes, outbox.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Any, Row, Transaction};

use super::codec::instant;
use super::crypto::Cipher;
use super::outbox::{self, Destination, OutboxKind, Payload};
use super::{banks, email, enrolments, ledger, links, payments, Backend, StoreError};
use crate::domain::bank::{BankAccountNumber, RoutingNumber};
use crate::domain::linking::Attempts;
use crate::domain::payment::{AuditEntry, Autopay, NewPayment, PendingPayment, SavedBank};
use crate::domain::usage::RangeUsage;
use crate::domain::{
    Account, AccountNumber, Bill, Customer, CustomerNumber, Identity, LinkCode, Payment,
};
use crate::engine::ports::{Assurance, CodeCheck, LinkRecord, PortError, Ports, Scheduled};
use crate::engine::Inbound;

pub struct StoreTx {
    tx: Transaction<'static, Any>,
    backend: Backend,
    cipher: Option<Cipher>,
    _gate: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl StoreTx {
    pub(super) fn new(
        tx: Transaction<'static, Any>,
        backend: Backend,
        gate: Option<tokio::sync::OwnedMutexGuard<()>>,
        cipher: Option<Cipher>,
    ) -> Self {
        StoreTx {
            tx,
            backend,
            cipher,
            _gate: gate,
        }
    }

    /// Marks an inbound message processed; `false` when it was seen before.
    ///
    /// # Errors
    /// A query failed.
    pub async fn mark_inbound(
        &mut self,
        channel: &str,
        message_id: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let r = sqlx::query("INSERT INTO inbound (channel, message_id, received_at) VALUES ($1, $2, $3) ON CONFLICT (channel, message_id) DO NOTHING")
            .bind(channel)
            .bind(message_id)
            .bind(instant(at))
            .execute(&mut *self.tx)
            .await?;
        Ok(r.rows_affected() > 0)
    }

    /// Loads the conversation's state, locking its row on PostgreSQL so instances serialise.
    ///
    /// # Errors
    /// A query failed.
    pub async fn lock_conversation(
        &mut self,
        id: &Identity,
        at: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        sqlx::query("INSERT INTO conversations (channel, external_id, state, updated_at) VALUES ($1, $2, '{}', $3) ON CONFLICT (channel, external_id) DO NOTHING")
            .bind(id.channel.code())
            .bind(&id.external_id)
            .bind(instant(at))
            .execute(&mut *self.tx)
            .await?;
        let lock = if self.backend == Backend::Postgres {
            " FOR UPDATE"
        } else {
            ""
        };
        let row = sqlx::query(&format!(
            "SELECT state FROM conversations WHERE channel = $1 AND external_id = $2{lock}"
        ))
        .bind(id.channel.code())
        .bind(&id.external_id)
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(row.try_get("state")?)
    }

    /// # Errors
    /// A query failed.
    pub async fn save_conversation(
        &mut self,
        id: &Identity,
        state: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE conversations SET state = $1, updated_at = $2 WHERE channel = $3 AND external_id = $4")
            .bind(state)
            .bind(instant(at))
            .bind(id.channel.code())
            .bind(&id.external_id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Adds an outbox row; `false` when its dedup key was already there.
    ///
    /// # Errors
    /// A query failed.
    pub async fn enqueue(
        &mut self,
        channel: &str,
        recipient: &str,
        kind: OutboxKind,
        payload: &Payload,
        dedup_key: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let to = Destination {
            channel,
            recipient,
            route: None,
        };
        outbox::enqueue(&mut self.tx, to, kind, payload, dedup_key, None, at).await
    }

    /// Adds an outbox row with a delivery route (see [`Destination`]) and, for a reply, the
    /// inbound message it answers (channels thread it to it); `false` when its dedup key was
    /// already there.
    ///
    /// # Errors
    /// A query failed.
    pub async fn enqueue_to(
        &mut self,
        to: Destination<'_>,
        kind: OutboxKind,
        payload: &Payload,
        dedup_key: Option<&str>,
        cause: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        outbox::enqueue(&mut self.tx, to, kind, payload, dedup_key, cause, at).await
    }

    /// # Errors
    /// The commit failed; nothing of the turn is kept.
    pub async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await?;
        Ok(())
    }

    /// # Errors
    /// The rollback failed (the connection is then discarded).
    pub async fn rollback(self) -> Result<(), StoreError> {
        self.tx.rollback().await?;
        Ok(())
    }

    pub fn conn(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }
}

#[async_trait::async_trait]
impl Ports for StoreTx {
    async fn account(&mut self, n: &AccountNumber) -> Result<Option<Account>, PortError> {
        Ok(ledger::find_account(&mut self.tx, n).await?)
    }
    async fn customer(&mut self, n: &CustomerNumber) -> Result<Option<Customer>, PortError> {
        Ok(ledger::find_customer(&mut self.tx, n).await?)
    }
    async fn accounts_of(&mut self, c: &CustomerNumber) -> Result<Vec<Account>, PortError> {
        Ok(ledger::accounts_of(&mut self.tx, c).await?)
    }
    async fn bills(&mut self, a: &AccountNumber, since: NaiveDate) -> Result<Vec<Bill>, PortError> {
        Ok(ledger::bills(&mut self.tx, a, since).await?)
    }
    async fn payments(
        &mut self,
        a: &AccountNumber,
        since: NaiveDate,
    ) -> Result<Vec<Payment>, PortError> {
        Ok(ledger::payments(&mut self.tx, a, since).await?)
    }
    async fn usage(
        &mut self,
        a: &AccountNumber,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<RangeUsage, PortError> {
        Ok(ledger::usage(&mut self.tx, a, from, to).await?)
    }
    async fn monthly_usage(
        &mut self,
        a: &AccountNumber,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, i64)>, PortError> {
        Ok(ledger::monthly_usage(&mut self.tx, a, from, to).await?)
    }
    async fn daily_usage(
        &mut self,
        a: &AccountNumber,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, i64)>, PortError> {
        Ok(ledger::daily_usage(&mut self.tx, a, from, to).await?)
    }
    async fn link_of(&mut self, id: &Identity) -> Result<Option<LinkRecord>, PortError> {
        Ok(links::link_of(&mut self.tx, id).await?)
    }
    async fn links_of(&mut self, c: &CustomerNumber) -> Result<Vec<LinkRecord>, PortError> {
        Ok(links::links_of(&mut self.tx, c).await?)
    }
    async fn create_link(
        &mut self,
        id: &Identity,
        c: &CustomerNumber,
        at: DateTime<Utc>,
    ) -> Result<(), PortError> {
        Ok(links::create_link(&mut self.tx, id, c, at).await?)
    }
    async fn remove_link(&mut self, id: &Identity) -> Result<bool, PortError> {
        Ok(links::remove_link(&mut self.tx, id).await?)
    }
    async fn attempts(&mut self, id: &Identity) -> Result<Attempts, PortError> {
        Ok(links::attempts(&mut self.tx, id).await?)
    }
    async fn set_attempts(&mut self, id: &Identity, a: Attempts) -> Result<(), PortError> {
        Ok(links::set_attempts(&mut self.tx, id, a).await?)
    }
    fn new_code(&mut self) -> LinkCode {
        links::new_code()
    }
    async fn put_code(
        &mut self,
        id: &Identity,
        c: &CustomerNumber,
        code: &LinkCode,
        expires: DateTime<Utc>,
    ) -> Result<(), PortError> {
        Ok(links::put_code(&mut self.tx, id, c, code, expires).await?)
    }
    async fn check_code(
        &mut self,
        id: &Identity,
        code: &LinkCode,
        now: DateTime<Utc>,
    ) -> Result<CodeCheck, PortError> {
        Ok(links::check_code(&mut self.tx, id, code, now).await?)
    }
    async fn banks(&mut self, c: &CustomerNumber) -> Result<Vec<SavedBank>, PortError> {
        Ok(banks::banks(&mut self.tx, c).await?)
    }
    async fn add_bank(
        &mut self,
        c: &CustomerNumber,
        nickname: &str,
        routing: &RoutingNumber,
        number: &BankAccountNumber,
        at: DateTime<Utc>,
    ) -> Result<i64, PortError> {
        let cipher = self
            .cipher
            .clone()
            .ok_or_else(|| StoreError::Config("no payments encryption key is configured".into()))?;
        Ok(banks::add_bank(&mut self.tx, &cipher, c, nickname, routing, number, at).await?)
    }
    async fn rename_bank(
        &mut self,
        c: &CustomerNumber,
        id: i64,
        nickname: &str,
    ) -> Result<bool, PortError> {
        Ok(banks::rename_bank(&mut self.tx, c, id, nickname).await?)
    }
    async fn remove_bank(
        &mut self,
        c: &CustomerNumber,
        id: i64,
        at: DateTime<Utc>,
    ) -> Result<bool, PortError> {
        Ok(banks::remove_bank(&mut self.tx, c, id, at).await?)
    }
    async fn terms_accepted(
        &mut self,
        c: &CustomerNumber,
        version: &str,
    ) -> Result<bool, PortError> {
        Ok(banks::terms_accepted(&mut self.tx, c, version).await?)
    }
    async fn accept_terms(
        &mut self,
        c: &CustomerNumber,
        version: &str,
        who: &Identity,
        at: DateTime<Utc>,
    ) -> Result<(), PortError> {
        Ok(banks::accept_terms(&mut self.tx, c, version, who, at).await?)
    }
    async fn schedule_payment(
        &mut self,
        p: &NewPayment,
        at: DateTime<Utc>,
    ) -> Result<Scheduled, PortError> {
        Ok(payments::schedule(&mut self.tx, p, at).await?)
    }
    async fn open_payments(
        &mut self,
        c: &CustomerNumber,
    ) -> Result<Vec<PendingPayment>, PortError> {
        Ok(payments::open_payments(&mut self.tx, c).await?)
    }
    async fn cancel_payment(
        &mut self,
        c: &CustomerNumber,
        id: i64,
        at: DateTime<Utc>,
    ) -> Result<bool, PortError> {
        Ok(payments::cancel(&mut self.tx, c, id, at).await?)
    }
    async fn audit(&mut self, e: &AuditEntry) -> Result<(), PortError> {
        Ok(payments::audit(&mut self.tx, e).await?)
    }
    async fn recent_activity(
        &mut self,
        c: &CustomerNumber,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, PortError> {
        Ok(payments::recent_activity(&mut self.tx, c, limit).await?)
    }
    async fn autopay(&mut self, a: &AccountNumber) -> Result<Option<Autopay>, PortError> {
        Ok(enrolments::autopay(&mut self.tx, a).await?)
    }
    async fn set_autopay(
        &mut self,
        a: &AccountNumber,
        bank: Option<i64>,
        since: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<(), PortError> {
        Ok(enrolments::set_autopay(&mut self.tx, a, bank, since, at).await?)
    }
    async fn paperless(&mut self, a: &AccountNumber) -> Result<bool, PortError> {
        Ok(enrolments::paperless(&mut self.tx, a).await?)
    }
    async fn set_paperless(
        &mut self,
        a: &AccountNumber,
        on: bool,
        at: DateTime<Utc>,
    ) -> Result<(), PortError> {
        Ok(enrolments::set_paperless(&mut self.tx, a, on, at).await?)
    }
    async fn assurance(&mut self, inbound: &Inbound) -> Result<Assurance, PortError> {
        if inbound.identity.channel != crate::domain::Channel::Email {
            return Ok(Assurance::Platform);
        }
        let Some((thread, cause, auth_failed)) =
            email::proof_of(&mut self.tx, &inbound.message_id).await?
        else {
            return Ok(Assurance::Unproven);
        };
        let Some(thread) = thread.filter(|_| !auth_failed) else {
            return Ok(Assurance::Unproven);
        };
        // The token must name this conversation and have been sent to the address on file.
        let on_file = email::linked_email(&mut self.tx, &inbound.identity).await?;
        if thread.identity != inbound.identity
            || on_file.as_deref() != Some(thread.recipient.as_str())
        {
            return Ok(Assurance::Unproven);
        }
        Ok(Assurance::ReplyToken { answers: cause })
    }
    async fn stop_notices(&mut self, id: &Identity, at: DateTime<Utc>) -> Result<(), PortError> {
        Ok(email::opt_out(&mut self.tx, id, at).await?)
    }
}
