//! Listing and removing the chat identities linked to a customer.

use crate::domain::{Channel, Identity};
use crate::engine::action::{Action, ActionCx, ActionSpec};
use crate::engine::format;
use crate::engine::ports::PortError;
use crate::engine::value::Value;

pub struct List;

#[async_trait::async_trait]
impl Action for List {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "identities.list",
            outcomes: &["some", "only_this"],
            messages: &[
                "identity-line",
                "identity-this",
                "channel-terminal",
                "channel-telegram",
                "channel-email",
                "channel-discord",
            ],
            provides: &["identities"],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(customer) = cx.linked.clone() else {
            return Ok("only_this");
        };
        let links = cx.ports.links_of(&customer).await?;
        let mut lines = Vec::new();
        let mut removable = Vec::new();
        for l in &links {
            let channel = cx.text(&format!("channel-{}", l.identity.channel.code()), &[]);
            let args = [
                ("channel", Value::Text(channel)),
                ("who", Value::Text(l.identity.display_masked())),
                (
                    "date",
                    Value::Text(format::date(
                        l.linked_at
                            .with_timezone(&cx.settings.time_zone)
                            .date_naive(),
                        cx.locale,
                    )),
                ),
            ];
            let mut line = cx.text("identity-line", &args);
            if l.identity == cx.inbound.identity {
                line = format!("{line} {}", cx.text("identity-this", &[]));
            } else {
                removable.push((
                    format!("{}:{}", l.identity.channel.code(), l.identity.external_id),
                    cx.text("identity-line", &args),
                ));
            }
            lines.push(format!("• {line}"));
        }
        cx.paragraphs.push(lines.join("\n"));
        if removable.is_empty() {
            return Ok("only_this");
        }
        let list = cx.choices(removable);
        cx.set("identities", list);
        Ok("some")
    }
}

pub struct Remove;

#[async_trait::async_trait]
impl Action for Remove {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "identities.remove",
            outcomes: &["removed", "not_found"],
            messages: &[],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let Some(customer) = cx.linked.clone() else {
            return Ok("not_found");
        };
        let Some((channel, id)) = cx
            .var_text("identity")
            .and_then(|t| t.split_once(':'))
            .map(|(c, i)| (c.to_string(), i.to_string()))
        else {
            return Ok("not_found");
        };
        let Some(channel) = Channel::from_code(&channel) else {
            return Ok("not_found");
        };
        let target = Identity::new(channel, id);
        // Only an identity linked to this same customer may be removed from here.
        let ours = cx
            .ports
            .link_of(&target)
            .await?
            .is_some_and(|l| l.customer == customer);
        if !ours || !cx.ports.remove_link(&target).await? {
            return Ok("not_found");
        }
        Ok("removed")
    }
}
