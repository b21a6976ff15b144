//! One turn: resolve what the person meant, run steps until one waits for an answer.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use super::action::{ActionCx, Actions};
use super::flow::{ChoiceSource, Flow, SlotType, Step};
use super::format::parse_date;
use super::i18n::I18n;
use super::intents::{Intents, Target};
use super::loader::{self, END};
use super::message::{Attachment, ChoiceItem, Content, Inbound, Reply, TurnOutput, PRIVATE_PREFIX};
use super::ports::{PortError, Ports};
use super::state::{ActiveFlow, ConversationState};
use super::value::Value;
use super::Settings;
use crate::domain::text::fold;
use crate::domain::{AccountNumber, CustomerNumber, LinkCode, Locale, Money, Zip};

/// Invalid answers in a row before the flow explains itself and offers to cancel.
const REPAIR_AFTER: u32 = 3;
/// Steps one turn may run before it is taken to be a loop in the flow.
const MAX_STEPS: usize = 64;

pub struct Engine {
    flows: BTreeMap<String, Flow>,
    intents: Intents,
    i18n: I18n,
    actions: Actions,
    settings: Settings,
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
        };
        t.run().await?;
        Ok(t.finish())
    }
}

struct Turn<'a> {
    e: &'a Engine,
    ports: &'a mut dyn Ports,
    state: &'a mut ConversationState,
    inbound: &'a Inbound,
    now: DateTime<Utc>,
    today: NaiveDate,
    locale: Locale,
    linked: Option<CustomerNumber>,
    paragraphs: Vec<String>,
    choices: Vec<ChoiceItem>,
    attachments: Vec<Attachment>,
    out: TurnOutput,
}

/// What the input resolved to before any step sees it.
enum Input {
    Global(Target, Option<String>),
    Choice(String),
    Text(String),
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

    fn say(&mut self, id: &str) {
        let vars = self
            .state
            .active
            .as_ref()
            .map(|a| a.vars.clone())
            .unwrap_or_default();
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("utility", self.e.settings.utility_name.clone());
        args.set("support_phone", self.e.settings.support_phone.clone());
        for (k, v) in &vars {
            args.set(k.clone(), v.to_fluent(self.locale));
        }
        let text = self.e.i18n.text(self.locale, id, Some(&args));
        self.paragraphs.push(text);
    }

    fn label(&self, id: &str) -> String {
        self.e.i18n.text(self.locale, id, None)
    }

    fn resolve(&self) -> Input {
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
            // A confirm step's "no"/"thôi" outranks the cancel word it shares.
            if !(target == Target::Cancel
                && self.awaiting_confirm()
                && self.e.intents.yes_no(&folded).is_some())
            {
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

    fn awaiting_confirm(&self) -> bool {
        self.current_step()
            .is_some_and(|(_, s)| matches!(s, Step::Confirm { .. }))
    }

    fn current_step(&self) -> Option<(&Flow, &Step)> {
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
                    _ => (name, false),
                };
                // A deep link into the flow under way ("continue in a private chat") goes
                // on where it was instead of starting over.
                if deep && self.state.active.as_ref().is_some_and(|a| a.flow == name) {
                    return self.reprompt().await;
                }
                self.start_flow(&name).await
            }
            Input::Choice(id) => self.answer(Answer::Choice(id)).await,
            Input::Text(text) => {
                if self.state.active.is_some() {
                    self.answer(Answer::Text(text)).await
                } else {
                    self.say("not-understood");
                    self.offer_menu();
                    Ok(())
                }
            }
        }
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

    fn offer_menu(&mut self) {
        let items: Vec<(&str, &str)> = if self.linked.is_some() {
            vec![
                ("flow:balance", "menu-balance"),
                ("flow:history", "menu-history"),
                ("flow:usage", "menu-usage"),
                ("flow:help", "menu-help"),
            ]
        } else {
            vec![("flow:link", "menu-link"), ("flow:help", "menu-help")]
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

    /// Ends the active flow; returns the step of the interrupted flow to resume, if any.
    fn end_flow(&mut self) -> Option<String> {
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
    async fn reprompt(&mut self) -> Result<(), PortError> {
        let Some(step) = self.state.active.as_ref().map(|a| a.step.clone()) else {
            return Ok(());
        };
        self.enter(&step).await
    }

    /// Runs steps from `step` until one waits for an answer or the flow ends.
    async fn enter(&mut self, step: &str) -> Result<(), PortError> {
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
                Step::Ask { prompt, .. } => {
                    self.say(&prompt);
                    return Ok(());
                }
                Step::Choose { prompt, source, .. } => {
                    self.say(&prompt);
                    self.choices = self.options(&source);
                    return Ok(());
                }
                Step::Confirm { prompt, .. } => {
                    self.say(&prompt);
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

    fn options(&self, source: &ChoiceSource) -> Vec<ChoiceItem> {
        match source {
            ChoiceSource::Static(opts) => opts
                .iter()
                .map(|o| ChoiceItem {
                    id: o.id.clone(),
                    label: self.label(&o.label),
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

    async fn call(&mut self, name: &str) -> Result<&'static str, PortError> {
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

enum Answer {
    Text(String),
    Choice(String),
}

impl Turn<'_> {
    async fn answer(&mut self, answer: Answer) -> Result<(), PortError> {
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
                id: format!("{PRIVATE_PREFIX}{flow}"),
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
                    Answer::Choice(_) => None,
                };
                match parsed {
                    Some(v) => {
                        self.set_var(&slot, v);
                        self.set_invalid(0);
                        self.enter(&next).await
                    }
                    None => {
                        let msg = invalid.unwrap_or_else(|| {
                            format!("invalid-{}", slot_type.code().replace('_', "-"))
                        });
                        self.invalid_answer(&msg, slot_type.code()).await
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
                let target = match &source {
                    ChoiceSource::Static(opts) => opts
                        .iter()
                        .find(|o| o.id == picked.id)
                        .and_then(|o| o.next.clone()),
                    ChoiceSource::Dynamic(_) => None,
                }
                .or(next)
                .unwrap_or_else(|| END.to_string());
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
                    Some(true) => {
                        self.set_invalid(0);
                        self.enter(&yes).await
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

    async fn invalid_answer(&mut self, message: &str, expect: &str) -> Result<(), PortError> {
        let count = self
            .state
            .active
            .as_ref()
            .map(|a| a.invalid + 1)
            .unwrap_or(1);
        self.set_invalid(count);
        self.say(message);
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

    fn set_var(&mut self, name: &str, v: Value) {
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

/// Parses an answer into a slot value with the domain's parsers.
fn parse_slot(ty: SlotType, text: &str, locale: Locale) -> Option<Value> {
    match ty {
        SlotType::AccountNumber => AccountNumber::parse(text)
            .ok()
            .map(|a| Value::Text(a.to_string())),
        SlotType::Zip => Zip::parse(text).ok().map(|z| Value::Text(z.to_string())),
        SlotType::Code => LinkCode::parse(text)
            .ok()
            .map(|c| Value::Text(c.to_string())),
        SlotType::Date => parse_date(text, locale).map(Value::Date),
        SlotType::Money => match locale {
            Locale::En => Money::parse_us(text),
            Locale::Vi => Money::parse_vi(text),
        }
        .ok()
        .map(Value::Money),
        SlotType::Text => {
            let t = text.trim();
            (!t.is_empty() && t.chars().count() <= 200).then(|| Value::Text(t.to_string()))
        }
    }
}
