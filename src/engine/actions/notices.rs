//! Channel-neutral bits the email channel's flows use: whether this identity is linked, and
//! stopping notices.

use crate::engine::action::{Action, ActionCx, ActionSpec};
use crate::engine::ports::PortError;

/// Branches on the link, saying nothing (help texts differ for linked and unlinked people).
pub struct LinkStatus;

#[async_trait::async_trait]
impl Action for LinkStatus {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "links.status",
            outcomes: &["linked", "unlinked"],
            messages: &[],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        Ok(if cx.linked.is_some() {
            "linked"
        } else {
            "unlinked"
        })
    }
}

/// STOP / UNSUBSCRIBE: no more notices to this identity, in the turn's transaction.
pub struct Stop;

#[async_trait::async_trait]
impl Action for Stop {
    fn spec(&self) -> ActionSpec {
        ActionSpec {
            name: "notices.stop",
            outcomes: &["done"],
            messages: &[],
            provides: &[],
        }
    }

    async fn run(&self, cx: &mut ActionCx<'_>) -> Result<&'static str, PortError> {
        let identity = cx.inbound.identity.clone();
        cx.ports.stop_notices(&identity, cx.now).await?;
        Ok("done")
    }
}
