//! Answers to the step that waits: typed slots, choices, yes and no, and repair.

use super::flow::Step;
use super::message::ChoiceItem;
use super::ports::{Assurance, PortError};
use super::slots::parse_slot;
use super::turn::{Turn, REPAIR_AFTER};
use super::value::Value;
use crate::domain::text::fold;

pub(super) enum Answer {
    Text(String),
    Choice(String),
}

impl Turn<'_> {
    pub(super) async fn answer(&mut self, answer: Answer) -> Result<(), PortError> {
        let Some((flow, private, step)) = self
            .current_step()
            .map(|(f, s)| (f.header.name.clone(), f.header.private, s.clone()))
        else {
            self.say("not-understood");
            self.offer_menu();
            return Ok(());
        };
        // The conversation belongs to the person wherever they write from: an answer typed
        // in a group to a private flow begun elsewhere would show its result to the group.
        // The flow waits, untouched, for the private chat.
        if private && !self.inbound.capabilities.private {
            self.say("private-only");
            self.choices = vec![ChoiceItem {
                id: format!("{}{flow}", super::message::PRIVATE_PREFIX),
                label: self.label("private-continue"),
            }];
            return Ok(());
        }
        if let Answer::Choice(id) = &answer {
            if id == "retry" {
                self.set_invalid(0);
                return self.reprompt().await;
            }
        }
        match step {
            Step::Ask {
                slot,
                slot_type,
                invalid,
                next,
                ..
            } => {
                let parsed = match &answer {
                    Answer::Text(t) => parse_slot(slot_type, t, self.locale),
                    Answer::Choice(_) => Err(super::slots::SlotError {
                        message: format!("invalid-{}", slot_type.code().replace('_', "-")),
                        args: Vec::new(),
                    }),
                };
                match parsed {
                    Ok(v) => {
                        if slot_type.secret() {
                            // Held for this turn only: the next step (an action) consumes it.
                            if let Value::Text(t) = v {
                                self.secrets.insert(slot, t);
                            }
                        } else {
                            self.set_var(&slot, v);
                        }
                        self.set_invalid(0);
                        self.enter(&next).await
                    }
                    Err(e) => {
                        let msg = invalid.unwrap_or(e.message);
                        self.invalid_answer_with(&msg, &e.args, slot_type.code())
                            .await
                    }
                }
            }
            Step::Choose {
                slot, source, next, ..
            } => {
                let options = self.options(&source);
                let picked = match &answer {
                    Answer::Choice(id) => options.iter().find(|o| &o.id == id).cloned(),
                    Answer::Text(t) => {
                        let f = fold(t);
                        // A unique part of a label picks it: "88 Dolores", "0002".
                        let prefix: Vec<_> = options
                            .iter()
                            .filter(|o| f.chars().count() >= 2 && fold(&o.label).contains(&f))
                            .collect();
                        if prefix.len() == 1 {
                            Some(prefix[0].clone())
                        } else {
                            None
                        }
                    }
                };
                let Some(picked) = picked else {
                    return self.invalid_answer("invalid-choice", "choice").await;
                };
                self.set_var(&slot, Value::Text(picked.id.clone()));
                self.set_invalid(0);
                let target = super::steps::choice_target(&source, &picked.id, next);
                self.enter(&target).await
            }
            Step::Confirm { yes, no, .. } => {
                let said = match &answer {
                    Answer::Choice(id) if id == "yes" => Some(true),
                    Answer::Choice(id) if id == "no" => Some(false),
                    Answer::Text(t) => self.e.intents.yes_no(&fold(t)),
                    Answer::Choice(_) => None,
                };
                match said {
                    Some(true) if !self.confirmed_by_reply().await? => {
                        self.say("guarded-confirm-by-reply");
                        self.reprompt().await
                    }
                    Some(true) => {
                        self.set_invalid(0);
                        let flow = self.state.active.as_ref().map(|a| a.flow.clone());
                        let before = self.paragraphs.len();
                        self.enter(&yes).await?;
                        let ended = self.state.active.as_ref().map(|a| a.flow.clone()) != flow;
                        if ended && self.paragraphs.len() > before {
                            self.state.last_confirmed = Some(super::state::LastConfirmed {
                                text: self.paragraphs[before..].join("\n\n"),
                                at: self.now,
                            });
                        }
                        Ok(())
                    }
                    Some(false) => {
                        self.set_invalid(0);
                        self.enter(&no).await
                    }
                    None => self.invalid_answer("invalid-yes-no", "yes_no").await,
                }
            }
            _ => {
                self.say("not-understood");
                self.offer_menu();
                Ok(())
            }
        }
    }

    /// A yes in a guarded flow counts only when the platform vouches for the sender, or when
    /// it replies (by token) to the very mail that asked for the confirmation.
    async fn confirmed_by_reply(&mut self) -> Result<bool, PortError> {
        let guarded = self.current_step().is_some_and(|(f, _)| f.header.guarded);
        if !guarded {
            return Ok(true);
        }
        let asked_by = self
            .state
            .active
            .as_ref()
            .and_then(|a| a.vars.get(super::turn::CONFIRM_ASKED_BY))
            .and_then(|v| v.as_text())
            .map(str::to_string);
        Ok(match self.ports.assurance(self.inbound).await? {
            Assurance::Platform => true,
            Assurance::ReplyToken { answers } => answers.is_some() && answers == asked_by,
            Assurance::Unproven => false,
        })
    }

    async fn invalid_answer(&mut self, message: &str, expect: &str) -> Result<(), PortError> {
        self.invalid_answer_with(message, &[], expect).await
    }

    async fn invalid_answer_with(
        &mut self,
        message: &str,
        args: &[(&'static str, Value)],
        expect: &str,
    ) -> Result<(), PortError> {
        let count = self
            .state
            .active
            .as_ref()
            .map(|a| a.invalid + 1)
            .unwrap_or(1);
        self.set_invalid(count);
        self.say_args(message, args);
        if count >= REPAIR_AFTER {
            self.say(&format!("expect-{}", expect.replace('_', "-")));
            self.say("repair-offer");
            self.choices = vec![
                ChoiceItem {
                    id: "retry".into(),
                    label: self.label("choice-retry"),
                },
                ChoiceItem {
                    id: "cancel".into(),
                    label: self.label("choice-cancel"),
                },
            ];
            return Ok(());
        }
        self.reprompt().await
    }

    pub(super) fn set_var(&mut self, name: &str, v: Value) {
        if let Some(a) = self.state.active.as_mut() {
            a.vars.insert(name.to_string(), v);
        }
    }

    fn set_invalid(&mut self, n: u32) {
        if let Some(a) = self.state.active.as_mut() {
            a.invalid = n;
        }
    }
}
