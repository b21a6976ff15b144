//! Resolving what the person meant before any step sees it: commands, offered choices by
//! number or label, global phrases, or an answer to the step that waits.

use super::flow::Step;
use super::intents::Target;
use super::message::{Content, PRIVATE_PREFIX};
use super::turn::Turn;
use crate::domain::text::fold;

/// What the input resolved to before any step sees it.
pub(super) enum Input {
    Global(Target, Option<String>),
    Choice(String),
    Text(String),
}

impl Turn<'_> {
    pub(super) fn resolve(&self) -> Input {
        let text = match &self.inbound.content {
            Content::Choice(id) => return self.resolve_choice_id(id.clone()),
            Content::Text(t) => t.trim().to_string(),
        };
        if let Some((target, arg)) = self.e.intents.command(&text) {
            return Input::Global(target, arg);
        }
        let folded = fold(&text);
        if !self.state.offered.is_empty() {
            if let Ok(n) = folded.parse::<usize>() {
                if let Some(c) = n.checked_sub(1).and_then(|i| self.state.offered.get(i)) {
                    return self.resolve_choice_id(c.id.clone());
                }
            }
            if let Some(c) = self
                .state
                .offered
                .iter()
                .find(|c| fold(&c.label) == folded || fold(&c.id) == folded)
            {
                return self.resolve_choice_id(c.id.clone());
            }
        }
        if let Some(target) = self.e.intents.phrase(&folded) {
            // A confirm step's "no"/"thôi" outranks the cancel word it shares, and a
            // free-text answer ("Ngân hàng" as a nickname) is an answer, not a new flow.
            let shadowed = (target == Target::Cancel
                && self.awaiting_confirm()
                && self.e.intents.yes_no(&folded).is_some())
                || (matches!(target, Target::Flow(_)) && self.awaiting_free_text());
            if !shadowed {
                return Input::Global(target, None);
            }
        }
        if self.state.active.is_none() {
            if let Some(target) = self.e.intents.phrase_within(&folded) {
                return Input::Global(target, None);
            }
        }
        Input::Text(text)
    }

    fn resolve_choice_id(&self, id: String) -> Input {
        if let Some(flow) = id
            .strip_prefix("flow:")
            .or_else(|| id.strip_prefix(PRIVATE_PREFIX))
        {
            return Input::Global(Target::Flow(flow.to_string()), None);
        }
        match id.as_str() {
            "cancel" => Input::Global(Target::Cancel, None),
            "help" => Input::Global(Target::Help, None),
            _ => Input::Choice(id),
        }
    }

    fn awaiting_free_text(&self) -> bool {
        self.current_step().is_some_and(|(_, s)| {
            matches!(
                s,
                Step::Ask {
                    slot_type: super::flow::SlotType::Text | super::flow::SlotType::Nickname,
                    ..
                }
            )
        })
    }

    fn awaiting_confirm(&self) -> bool {
        self.current_step()
            .is_some_and(|(_, s)| matches!(s, Step::Confirm { .. }))
    }
}
