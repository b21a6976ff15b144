//! Linking a chat identity to a customer by proof of control of the email on file.

use chrono::DateTime;
use chrono::Utc;

use crate::domain::linking::{Attempts, CODE_LIFETIME};
use crate::domain::{AccountNumber, Identity, LinkCode, Segment, Zip};
use crate::engine::action::{Action, ActionCx, ActionSpec};
use crate::engine::format;
use crate::engine::message::OutMail;
use crate::engine::ports::{CodeCheck, PortError};
use crate::engine::value::Value;

fn local_time(cx: &ActionCx<'_>, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&cx.settings.time_zone);
    match cx.locale {
        crate::domain::Locale::En => local.format("%-I:%M %p").to_string(),
        crate::domain::Locale::Vi => local.format("%H:%M").to_string(),
    }
}

/// Records a failure; returns `locked` (with `until` set) or `fallback` (with `attempts_left`).
async fn fail(cx: &mut ActionCx<'_>, fallback: &'static str) -> Result<&'static str, PortError> {
    let identity = cx.inbound.identity.clone();
    let attempts = cx.ports.attempts(&identity).await?.fail(cx.now);
    cx.ports.set_attempts(&identity, attempts).await?;
    if let Some(until) = attempts.locked_at(cx.now) {
        let t = local_time(cx, until);
        cx.set("until", Value::Text(t));
        return Ok("locked");
    }
    cx.set(
        "attempts_left",
        Value::Number(i64::from(attempts.remaining())),
    );
    Ok(fallback)
}

async fn locked(cx: &mut ActionCx<'_>) -> Result<bool, PortError> {
    let identity = cx.inbound.identity.clone();
    if let Some(until) = cx.ports.attempts(&identity).await?.locked_at(cx.now) {
        let t = local_time(cx, until);
        cx.set("until", Value::Text(t));
        return Ok(true);
    }
    Ok(false)
}

pub struct Precheck;

#[async_trait::async_trait]
impl Action for Precheck {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "link.precheck",
            outcomes: &["ok", "already_linked", "locked"],
            messages: &[],
            provides: &["until", "customer_name"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        if let Some(c) = cx.linked.clone() {
            let name = cx
                .ports
                .customer(&c)
                .await?
                .map(|c| c.name)
                .unwrap_or_default();
            cx.set("customer_name", Value::Text(name));
            return Ok("already_linked");
        }
        if locked(cx).await? {
            return Ok("locked");
        }
        Ok("ok")
    }
}

pub struct CheckAccount;

#[async_trait::async_trait]
impl Action for CheckAccount {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "link.check_account",
            outcomes: &[
                "code_sent",
                "mismatch",
                "locked",
                "large_business",
                "no_email",
            ],
            messages: &["link-code-subject", "link-code-body"],
            provides: &["email_masked", "attempts_left", "until"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        if locked(cx).await? {
            return Ok("locked");
        }
        let number = cx
            .var_text("account_number")
            .and_then(|t| AccountNumber::parse(t).ok());
        let zip = cx.var_text("zip").and_then(|t| Zip::parse(t).ok());
        let (Some(number), Some(zip)) = (number, zip) else {
            return fail(cx, "mismatch").await;
        };
        let Some(account) = cx.ports.account(&number).await? else {
            return fail(cx, "mismatch").await;
        };
        let Some(customer) = cx.ports.customer(&account.customer).await? else {
            return fail(cx, "mismatch").await;
        };
        if customer.billing_zip != zip {
            return fail(cx, "mismatch").await;
        }
        if customer.segment == Segment::LargeBusiness {
            return Ok("large_business");
        }
        let Some(email) = customer.email.clone() else {
            return Ok("no_email");
        };
        let code = cx.ports.new_code();
        let identity = cx.inbound.identity.clone();
        cx.ports
            .put_code(&identity, &customer.number, &code, cx.now + CODE_LIFETIME)
            .await?;
        let args = [
            ("code", Value::Text(code.to_string())),
            ("name", Value::Text(customer.name.clone())),
        ];
        let mail = OutMail {
            to: email.clone(),
            subject: cx.text("link-code-subject", &[]),
            text: cx.text("link-code-body", &args),
            secret: true,
        };
        cx.mail(mail);
        cx.set("email_masked", Value::Text(email.masked()));
        Ok("code_sent")
    }
}

pub struct CheckCode;

#[async_trait::async_trait]
impl Action for CheckCode {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "link.check_code",
            outcomes: &["linked", "wrong", "expired", "locked"],
            messages: &[
                "link-notice-subject",
                "link-notice-body",
                "link-notice-chat",
                "channel-terminal",
                "channel-telegram",
                "channel-email",
                "channel-discord",
            ],
            provides: &["customer_name", "attempts_left", "until", "account_count"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        if locked(cx).await? {
            return Ok("locked");
        }
        let Some(code) = cx.var_text("code").and_then(|t| LinkCode::parse(t).ok()) else {
            return fail(cx, "wrong").await;
        };
        let identity = cx.inbound.identity.clone();
        let customer_number = match cx.ports.check_code(&identity, &code, cx.now).await? {
            CodeCheck::Valid(c) => c,
            CodeCheck::Wrong => return fail(cx, "wrong").await,
            CodeCheck::Expired | CodeCheck::NoneSent => return Ok("expired"),
        };
        let others: Vec<Identity> = cx
            .ports
            .links_of(&customer_number)
            .await?
            .into_iter()
            .map(|l| l.identity)
            .filter(|i| *i != identity)
            .collect();
        cx.ports
            .create_link(&identity, &customer_number, cx.now)
            .await?;
        cx.ports
            .set_attempts(&identity, Attempts::default())
            .await?;
        *cx.linked = Some(customer_number.clone());
        let Some(customer) = cx.ports.customer(&customer_number).await? else {
            return Ok("expired");
        };
        let count = cx.ports.accounts_of(&customer_number).await?.len();
        cx.set("customer_name", Value::Text(customer.name.clone()));
        cx.set("account_count", Value::Number(count as i64));
        announce(cx, &customer, &identity, &others);
        Ok("linked")
    }
}

/// Tells the owner, by email and on every other linked identity, that a new chat was linked.
fn announce(
    cx: &mut ActionCx<'_>,
    customer: &crate::domain::Customer,
    identity: &Identity,
    others: &[Identity],
) {
    let lang = customer.language;
    let when = format::date(cx.today, lang);
    let channel_in =
        |cx: &ActionCx<'_>, l| cx.text_in(l, &format!("channel-{}", identity.channel.code()), &[]);
    let args = |channel: String| {
        [
            ("channel", Value::Text(channel)),
            ("who", Value::Text(identity.display_masked())),
            ("date", Value::Text(when.clone())),
            ("name", Value::Text(customer.name.clone())),
        ]
    };
    if let Some(email) = &customer.email {
        let a = args(channel_in(cx, lang));
        let mail = OutMail {
            to: email.clone(),
            subject: cx.text_in(lang, "link-notice-subject", &a),
            text: cx.text_in(lang, "link-notice-body", &a),
            secret: false,
        };
        cx.mail(mail);
    }
    for other in others {
        let a = args(channel_in(cx, lang));
        let text = cx.text_in(lang, "link-notice-chat", &a);
        cx.notify(other.clone(), text);
    }
}

pub struct Unlink;

#[async_trait::async_trait]
impl Action for Unlink {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "link.unlink",
            outcomes: &["done", "not_linked"],
            messages: &[],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let identity = cx.inbound.identity.clone();
        if cx.ports.remove_link(&identity).await? {
            *cx.linked = None;
            Ok("done")
        } else {
            Ok("not_linked")
        }
    }
}
