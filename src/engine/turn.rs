//! One turn: resolve what the person meant, run steps until one waits for an answer.

use std::collections::{BTreeMap, VecDeque};
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use super::action::Actions;
use super::answer::Answer;
use super::flow::{Flow, Step};
use super::i18n::I18n;
use super::intents::{Intents, Target};
use super::loader;
use super::message::{Attachment, ChoiceItem, Inbound, Reply, TurnOutput, PRIVATE_PREFIX};
use super::ports::{Assurance, PortError, Ports};
use super::resolve::Input;
use super::state::{ActiveFlow, ConversationState};
use super::Settings;
use crate::domain::text::fold;
use crate::domain::{CustomerNumber, Locale};

/// Invalid answers in a row before the flow explains itself and offers to cancel.
pub(super) const REPAIR_AFTER: u32 = 3;
/// Steps one turn may run before it is taken to be a loop in the flow.
pub(super) const MAX_STEPS: usize = 64;
/// The variable a guarded confirm step keeps the id of the message that asked it in.
pub(super) const CONFIRM_ASKED_BY: &str = "_confirm_asked_by";

pub struct Engine {
    pub(super) flows: BTreeMap<String, Flow>,
    pub(super) intents: Intents,
    pub(super) i18n: I18n,
    pub(super) actions: Actions,
    pub(super) settings: Settings,
}

impl Engine {
    /// Loads and checks dialogues and locales from disk.
    ///
    /// # Errors
    /// Any problem in either, naming the file (and step).
    pub fn load(dialogues: &Path, locales: &Path, settings: Settings) -> anyhow::Result<Engine> {
        let i18n = I18n::load(locales)?;
        let actions = super::actions::builtin();
        let (flows, intents) = loader::load_dir(dialogues, &i18n, &actions)?;
        Ok(Engine {
            flows,
            intents,
            i18n,
            actions,
            settings,
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn i18n(&self) -> &I18n {
        &self.i18n
    }

    pub fn flow_names(&self) -> impl Iterator<Item = &str> {
        self.flows.keys().map(String::as_str)
    }

    pub(super) fn flows(&self) -> impl Iterator<Item = &Flow> {
        self.flows.values()
    }

    pub(super) fn intents(&self) -> &Intents {
        &self.intents
    }

    /// The local date at an instant, in the utility's time zone.
    pub fn local_date(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.settings.time_zone).date_naive()
    }

    /// Runs one turn, changing `state` and returning what to send.
    ///
    /// # Errors
    /// A port failure: the caller rolls the turn back, so nothing of it is kept.
    pub async fn turn(
        &self,
        ports: &mut dyn Ports,
        state: &mut ConversationState,
        inbound: &Inbound,
        now: DateTime<Utc>,
    ) -> Result<TurnOutput, PortError> {
        let linked = ports.link_of(&inbound.identity).await?.map(|l| l.customer);
        let record_locale = match &linked {
            Some(c) => ports.customer(c).await?.map(|c| c.language),
            None => None,
        };
        let locale = state
            .locale
            .or(record_locale)
            .or(inbound.locale_hint)
            .unwrap_or_default();
        let mut t = Turn {
            e: self,
            ports,
            state,
            inbound,
            now,
            today: self.local_date(now),
            locale,
            linked,
            paragraphs: Vec::new(),
            choices: Vec::new(),
            attachments: Vec::new(),
            out: TurnOutput::default(),
            secrets: Default::default(),
            prefill: VecDeque::new(),
        };
        t.run().await?;
        Ok(t.finish())
    }
}

pub(super) struct Turn<'a> {
    pub(super) e: &'a Engine,
    pub(super) ports: &'a mut dyn Ports,
    pub(super) state: &'a mut ConversationState,
    pub(super) inbound: &'a Inbound,
    pub(super) now: DateTime<Utc>,
    pub(super) today: NaiveDate,
    pub(super) locale: Locale,
    pub(super) linked: Option<CustomerNumber>,
    pub(super) paragraphs: Vec<String>,
    pub(super) choices: Vec<ChoiceItem>,
    pub(super) attachments: Vec<Attachment>,
    pub(super) out: TurnOutput,
    /// Secret answers (a bank account number) for this turn only; never stored.
    pub(super) secrets: std::collections::BTreeMap<String, String>,
    /// Answers given in advance with the command (`/link 1000000001 94110`), taken by the
    /// flow's first ask and choose steps instead of asking.
    pub(super) prefill: VecDeque<String>,
}
impl Turn<'_> {
    fn finish(mut self) -> TurnOutput {
        self.state.offered = self.choices.clone();
        if !self.paragraphs.is_empty() || !self.attachments.is_empty() {
            self.out.replies.insert(
                0,
                Reply {
                    text: self.paragraphs.join("\n\n"),
                    choices: self.choices,
                    attachments: self.attachments,
                },
            );
        }
        self.out
    }

    pub(super) fn say(&mut self, id: &str) {
        self.say_args(id, &[]);
    }

    /// Says a message with the flow's variables and `extra` arguments.
    pub(super) fn say_args(&mut self, id: &str, extra: &[(&str, super::value::Value)]) {
        let vars = self
            .state
            .active
            .as_ref()
            .map(|a| a.vars.clone())
            .unwrap_or_default();
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("utility", self.e.settings.utility_name.clone());
        args.set("support_phone", self.e.settings.support_phone.clone());
        for (k, v) in vars
            .iter()
            .map(|(k, v)| (k.as_str(), v))
            .chain(extra.iter().map(|(k, v)| (*k, v)))
        {
            args.set(k.to_string(), v.to_fluent(self.locale));
        }
        let text = self.e.i18n.text(self.locale, id, Some(&args));
        self.paragraphs.push(text);
    }

    /// A choice label, which may mention the flow's variables ("Pay the balance, $84.20").
    pub(super) fn label_with_vars(&self, id: &str) -> String {
        let mut args = fluent_bundle::FluentArgs::new();
        if let Some(a) = &self.state.active {
            for (k, v) in &a.vars {
                args.set(k.clone(), v.to_fluent(self.locale));
            }
        }
        self.e.i18n.text(self.locale, id, Some(&args))
    }

    pub(super) fn label(&self, id: &str) -> String {
        self.e.i18n.text(self.locale, id, None)
    }

    pub(super) fn current_step(&self) -> Option<(&Flow, &Step)> {
        let a = self.state.active.as_ref()?;
        let flow = self.e.flows.get(&a.flow)?;
        Some((flow, flow.steps.get(&a.step)?))
    }

    async fn run(&mut self) -> Result<(), PortError> {
        self.upgrade_stale_flow();
        match self.resolve() {
            Input::Global(Target::Cancel, _) => {
                let had = self.state.active.take().is_some();
                self.state.suspended = None;
                self.say(if had {
                    "cancelled"
                } else {
                    "nothing-to-cancel"
                });
                self.offer_menu();
                Ok(())
            }
            Input::Global(Target::Help, _) => {
                if self.state.active.is_some() {
                    self.say("help-in-flow");
                    self.reprompt().await
                } else {
                    self.start_flow("start").await
                }
            }
            Input::Global(Target::Flow(name), arg) => {
                // `/start link` is a deep link into another flow.
                let (name, deep) = match (name.as_str(), arg) {
                    ("start", Some(arg)) if self.e.flows.contains_key(&arg) => (arg, true),
                    (_, arg) => {
                        self.prefill = arg
                            .iter()
                            .flat_map(|a| a.split_whitespace())
                            .take(8)
                            .map(str::to_string)
                            .collect();
                        (name, false)
                    }
                };
                // A deep link into the flow under way ("continue in a private chat") goes
                // on where it was instead of starting over.
                if deep && self.state.active.as_ref().is_some_and(|a| a.flow == name) {
                    return self.reprompt().await;
                }
                self.start_flow(&name).await
            }
            Input::Choice(id)
                if self.state.active.is_none() && id == "yes" && self.repeat_confirmed() =>
            {
                Ok(())
            }
            Input::Choice(id) => self.answer(Answer::Choice(id)).await,
            Input::Text(text) => {
                if self.state.active.is_some() {
                    self.answer(Answer::Text(text)).await
                } else if self.e.intents.yes_no(&fold(&text)) == Some(true)
                    && self.repeat_confirmed()
                {
                    Ok(())
                } else {
                    self.say("not-understood");
                    self.offer_menu();
                    Ok(())
                }
            }
        }
    }

    /// A "yes" with nothing to confirm, shortly after a confirmed action: say its result
    /// again rather than "not understood" (the action itself never runs twice).
    fn repeat_confirmed(&mut self) -> bool {
        let Some(last) = self.state.last_confirmed.clone() else {
            return false;
        };
        if self.now - last.at > chrono::Duration::minutes(10) {
            return false;
        }
        self.say("already-confirmed");
        self.paragraphs.push(last.text);
        true
    }

    /// A flow whose version changed since this state was written: keep going if the step
    /// still exists, otherwise start that flow again and say so.
    fn upgrade_stale_flow(&mut self) {
        let Some(a) = &self.state.active else { return };
        let Some(flow) = self.e.flows.get(&a.flow) else {
            self.state.active = None;
            self.say("flow-updated");
            return;
        };
        if a.flow_version != flow.header.version
            && !flow.steps.get(&a.step).is_some_and(Step::awaits_input)
        {
            self.state.active = None;
            self.say("flow-updated");
        } else if let Some(a) = &mut self.state.active {
            a.flow_version = flow.header.version;
        }
    }

    pub(super) fn offer_menu(&mut self) {
        let items: Vec<(&str, &str)> = if self.linked.is_some() {
            vec![
                ("flow:balance", "menu-balance"),
                ("flow:pay", "menu-pay"),
                ("flow:history", "menu-history"),
                ("flow:usage", "menu-usage"),
                ("help", "menu-help"),
            ]
        } else {
            vec![("flow:link", "menu-link"), ("help", "menu-help")]
        };
        self.choices = items
            .into_iter()
            .map(|(id, label)| ChoiceItem {
                id: id.to_string(),
                label: self.label(label),
            })
            .collect();
    }

    async fn start_flow(&mut self, name: &str) -> Result<(), PortError> {
        let Some(flow) = self.e.flows.get(name) else {
            self.say("not-understood");
            return Ok(());
        };
        if flow.header.private && !self.inbound.capabilities.private {
            self.say("private-only");
            // Channels with groups render this as a way into a private chat with the bot.
            self.choices = vec![ChoiceItem {
                id: format!("{PRIVATE_PREFIX}{name}"),
                label: self.label("private-continue"),
            }];
            return Ok(());
        }
        if flow.header.requires_link && self.linked.is_none() {
            self.say("link-required");
            self.choices = vec![ChoiceItem {
                id: "flow:link".into(),
                label: self.label("menu-link"),
            }];
            return Ok(());
        }
        if flow.header.guarded && self.ports.assurance(self.inbound).await? == Assurance::Unproven {
            self.say("guarded-needs-token");
            return Ok(());
        }
        let previous = self.state.active.take();
        if flow.header.returns {
            if let Some(p) = previous {
                self.state.suspended = Some(Box::new(p));
            }
        } else {
            self.state.suspended = None;
        }
        self.state.active = Some(ActiveFlow {
            flow: name.to_string(),
            flow_version: flow.header.version,
            step: flow.header.start.clone(),
            vars: BTreeMap::new(),
            invalid: 0,
        });
        let start = flow.header.start.clone();
        self.enter(&start).await
    }
}
