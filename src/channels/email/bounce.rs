//! Hard bounces of gridchat's own mail: counted per address; past the limit the address is
//! undeliverable, and the customer hears about it on their other linked channels.

use sqlx::Row;

use super::dsn::bounced_recipients;
use super::intake::Reading;
use super::EmailChannel;
use crate::domain::{Channel, Identity, Locale};
use crate::engine::Reply;
use crate::store::outbox::{self, Payload};
use crate::store::OutboxKind;

impl EmailChannel {
    /// Counts the hard failures a report names, for addresses gridchat has mailed.
    ///
    /// # Errors
    /// Storage failed.
    pub(super) async fn record_bounce(&self, reading: &Reading) -> anyhow::Result<()> {
        let store = &self.service.store;
        let now = self.service.clock.now();
        for b in bounced_recipients(&reading.parsed)
            .into_iter()
            .filter(|b| b.hard)
        {
            let mailed: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM email_threads WHERE recipient = $1")
                    .bind(&b.address)
                    .fetch_one(store.pool())
                    .await?;
            if mailed == 0 {
                continue;
            }
            if store
                .address_hard_bounce(&b.address, self.settings.hard_bounce_limit, now)
                .await?
            {
                tracing::warn!(
                    "an address on file became undeliverable after repeated hard bounces"
                );
                self.tell_other_channels(&b.address).await?;
            }
        }
        Ok(())
    }

    /// One notice to each other identity linked to a customer whose email on file is `address`.
    async fn tell_other_channels(&self, address: &str) -> anyhow::Result<()> {
        let store = &self.service.store;
        let now = self.service.clock.now();
        let rows = sqlx::query(
            "SELECT l.channel, l.external_id, c.language FROM links l JOIN customers c ON c.number = l.customer_number \
             WHERE lower(c.email) = $1",
        )
        .bind(address)
        .fetch_all(store.pool())
        .await?;
        let mut tx = store.begin().await?;
        for r in rows {
            let channel: String = r.try_get("channel")?;
            let external: String = r.try_get("external_id")?;
            let Some(ch) = Channel::from_code(&channel) else {
                continue;
            };
            if ch == Channel::Email {
                // Their other email identities get it too, unless it is the dead address.
                if external == address {
                    continue;
                }
            }
            let locale =
                Locale::from_code(&r.try_get::<String, _>("language")?).unwrap_or_default();
            let masked = Identity::new(Channel::Email, address).display_masked();
            let mut args = fluent_bundle::FluentArgs::new();
            let settings = self.service.engine.settings();
            args.set("email", masked);
            args.set("utility", settings.utility_name.clone());
            args.set("support_phone", settings.support_phone.clone());
            let text = self
                .service
                .engine
                .i18n()
                .text(locale, "undeliverable-notice", Some(&args));
            let key = format!("undeliverable:{address}:{channel}:{external}");
            let payload = Payload::Reply(Reply {
                text,
                ..Default::default()
            });
            let to = outbox::Destination {
                channel: &channel,
                recipient: &external,
                route: None,
            };
            outbox::enqueue(
                tx.conn(),
                to,
                OutboxKind::Notice,
                &payload,
                Some(&key),
                None,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
