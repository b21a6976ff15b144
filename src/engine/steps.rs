//! Running steps: entering a step, offering its choices, calling actions, ending flows.

use super::action::ActionCx;
use super::flow::{ChoiceSource, Step};
use super::loader::END;
use super::message::ChoiceItem;
use super::ports::Assurance;
use super::ports::PortError;
use super::slots::parse_slot;
use super::turn::{Turn, CONFIRM_ASKED_BY, MAX_STEPS};
use super::value::Value;
use crate::domain::text::fold;

impl Turn<'_> {
    /// Ends the active flow; returns the step of the interrupted flow to resume, if any.
    pub(super) fn end_flow(&mut self) -> Option<String> {
        self.state.active = self.state.suspended.take().map(|b| *b);
        match &self.state.active {
            Some(a) => Some(a.step.clone()),
            None => {
                if self.paragraphs.is_empty() {
                    self.say("anything-else");
                }
                if self.choices.is_empty() {
                    self.offer_menu();
                }
                None
            }
        }
    }

    /// Shows the current step's question again.
    pub(super) async fn reprompt(&mut self) -> Result<(), PortError> {
        let Some(step) = self.state.active.as_ref().map(|a| a.step.clone()) else {
            return Ok(());
        };
        self.enter(&step).await
    }

    /// Runs steps from `step` until one waits for an answer or the flow ends.
    pub(super) async fn enter(&mut self, step: &str) -> Result<(), PortError> {
        let mut current = step.to_string();
        for _ in 0..MAX_STEPS {
            if current == END {
                match self.end_flow() {
                    Some(resume) => {
                        current = resume;
                        continue;
                    }
                    None => return Ok(()),
                }
            }
            let Some(active) = self.state.active.as_mut() else {
                return Ok(());
            };
            active.step = current.clone();
            let flow = &self.e.flows[&active.flow];
            let guarded = flow.header.guarded;
            let Some(s) = flow.steps.get(&current).cloned() else {
                tracing::error!(flow = %active.flow, step = %current, "step vanished");
                current = END.to_string();
                continue;
            };
            match s {
                Step::Say { message, next } => {
                    self.say(&message);
                    current = next.unwrap_or_else(|| END.to_string());
                }
                Step::Ask {
                    prompt,
                    slot,
                    slot_type,
                    next,
                    ..
                } => {
                    // An answer given with the command fills the step without asking; a
                    // secret is never taken this way (it would sit in a command line).
                    if let Some(v) = self
                        .prefill
                        .pop_front()
                        .filter(|_| !slot_type.secret())
                        .and_then(|w| parse_slot(slot_type, &w, self.locale).ok())
                    {
                        self.set_var(&slot, v);
                        current = next;
                        continue;
                    }
                    self.prefill.clear();
                    self.say(&prompt);
                    return Ok(());
                }
                Step::Choose {
                    prompt,
                    source,
                    slot,
                    next,
                } => {
                    let options = self.options(&source);
                    if let Some(w) = self.prefill.pop_front().map(|w| fold(&w)) {
                        if let Some(o) = options
                            .iter()
                            .find(|o| fold(&o.id) == w || fold(&o.label) == w)
                        {
                            self.set_var(&slot, Value::Text(o.id.clone()));
                            current = choice_target(&source, &o.id, next);
                            continue;
                        }
                    }
                    self.prefill.clear();
                    self.say(&prompt);
                    self.choices = options;
                    return Ok(());
                }
                Step::Confirm { prompt, .. } => {
                    self.prefill.clear();
                    self.say(&prompt);
                    if guarded {
                        let asked_by = Value::Text(self.inbound.message_id.clone());
                        self.set_var(CONFIRM_ASKED_BY, asked_by);
                        if self.ports.assurance(self.inbound).await? != Assurance::Platform {
                            self.say("guarded-confirm-hint");
                        }
                    }
                    self.choices = vec![
                        ChoiceItem {
                            id: "yes".into(),
                            label: self.label("choice-yes"),
                        },
                        ChoiceItem {
                            id: "no".into(),
                            label: self.label("choice-no"),
                        },
                    ];
                    return Ok(());
                }
                Step::Action { name, on, next } => {
                    let outcome = self.call(&name).await?;
                    current = on
                        .get(outcome)
                        .cloned()
                        .or(next)
                        .unwrap_or_else(|| END.to_string());
                }
                Step::End => current = END.to_string(),
            }
        }
        tracing::error!(step, "flow ran {MAX_STEPS} steps in one turn; stopped");
        self.state.active = None;
        self.say("error-generic");
        Ok(())
    }

    pub(super) fn options(&self, source: &ChoiceSource) -> Vec<ChoiceItem> {
        match source {
            ChoiceSource::Static(opts) => opts
                .iter()
                .map(|o| ChoiceItem {
                    id: o.id.clone(),
                    label: self.label_with_vars(&o.label),
                })
                .collect(),
            ChoiceSource::Dynamic(var) => {
                match self.state.active.as_ref().and_then(|a| a.vars.get(var)) {
                    Some(Value::Choices(c)) => c.clone(),
                    _ => Vec::new(),
                }
            }
        }
    }

    pub(super) async fn call(&mut self, name: &str) -> Result<&'static str, PortError> {
        let action = self
            .e
            .actions
            .get(name)
            .ok_or_else(|| PortError::msg(format!("unknown action {name}")))?;
        let Some(active) = self.state.active.as_mut() else {
            return Ok("done");
        };
        let mut chosen = self.state.locale;
        let mut cx = ActionCx {
            ports: &mut *self.ports,
            i18n: &self.e.i18n,
            settings: &self.e.settings,
            inbound: self.inbound,
            now: self.now,
            today: self.today,
            locale: self.locale,
            chosen_locale: &mut chosen,
            linked: &mut self.linked,
            vars: &mut active.vars,
            paragraphs: &mut self.paragraphs,
            attachments: &mut self.attachments,
            out: &mut self.out,
            secrets: &mut self.secrets,
        };
        let outcome = action.run(&mut cx).await?;
        if chosen != self.state.locale {
            self.state.locale = chosen;
            if let Some(l) = chosen {
                self.locale = l;
            }
        }
        Ok(outcome)
    }
}

/// Where a chosen option leads: its own `next`, else the step's.
pub(super) fn choice_target(source: &ChoiceSource, id: &str, next: Option<String>) -> String {
    match source {
        ChoiceSource::Static(opts) => opts
            .iter()
            .find(|o| o.id == id)
            .and_then(|o| o.next.clone()),
        ChoiceSource::Dynamic(_) => None,
    }
    .or(next)
    .unwrap_or_else(|| END.to_string())
}
