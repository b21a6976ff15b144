//! What typed words mean regardless of the step: commands, flow triggers, yes and no.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::flow::{Flow, Triggers};
use crate::domain::text::fold;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Flow(String),
    Cancel,
    Help,
}

/// `dialogues/words.toml`: the global words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordsFile {
    pub cancel: Triggers,
    pub help: Triggers,
    pub yes: Triggers,
    pub no: Triggers,
}

#[derive(Debug, Default)]
pub struct Intents {
    commands: HashMap<String, Target>,
    phrases: HashMap<String, Target>,
    yes: HashSet<String>,
    no: HashSet<String>,
    /// The first `/command` of help and of cancel, for command menus.
    help_command: Option<String>,
    cancel_command: Option<String>,
}

impl Intents {
    /// Builds the tables; a phrase claimed by two targets is an error naming both.
    pub fn build<'a>(
        flows: impl Iterator<Item = &'a Flow>,
        words: &WordsFile,
    ) -> Result<Intents, String> {
        let mut me = Intents::default();
        me.add(&words.cancel, Target::Cancel)?;
        me.add(&words.help, Target::Help)?;
        me.help_command = words.help.commands.first().cloned();
        me.cancel_command = words.cancel.commands.first().cloned();
        for f in flows {
            me.add(&f.header.triggers, Target::Flow(f.header.name.clone()))?;
        }
        me.yes = words
            .yes
            .en
            .iter()
            .chain(&words.yes.vi)
            .map(|w| fold(w))
            .collect();
        me.no = words
            .no
            .en
            .iter()
            .chain(&words.no.vi)
            .map(|w| fold(w))
            .collect();
        Ok(me)
    }

    fn add(&mut self, t: &Triggers, target: Target) -> Result<(), String> {
        for c in &t.commands {
            if let Some(old) = self.commands.insert(c.to_lowercase(), target.clone()) {
                return Err(format!("command /{c} is claimed by {old:?} and {target:?}"));
            }
        }
        for p in t.en.iter().chain(&t.vi) {
            let key = fold(p);
            if let Some(old) = self.phrases.insert(key.clone(), target.clone()) {
                if old != target {
                    return Err(format!("phrase `{p}` is claimed by {old:?} and {target:?}"));
                }
            }
        }
        Ok(())
    }

    /// `/balance`, `/start link` (a deep-link argument), `/help@gridchat_bot`.
    pub fn command(&self, text: &str) -> Option<(Target, Option<String>)> {
        let rest = text.trim().strip_prefix('/')?;
        let (cmd, arg) = match rest.split_once(char::is_whitespace) {
            Some((c, a)) => (c, Some(a.trim().to_string()).filter(|a| !a.is_empty())),
            None => (rest, None),
        };
        let cmd = cmd.split('@').next().unwrap_or(cmd).to_lowercase();
        self.commands.get(&cmd).map(|t| (t.clone(), arg))
    }

    /// The global commands for menus: help's and cancel's first command.
    pub fn global_commands(&self) -> [Option<&str>; 2] {
        [self.help_command.as_deref(), self.cancel_command.as_deref()]
    }

    pub fn is_command_like(text: &str) -> bool {
        text.trim_start().starts_with('/')
    }

    /// The whole message is a known phrase.
    pub fn phrase(&self, folded: &str) -> Option<Target> {
        let trimmed = folded.trim_end_matches(['?', '!', '.']);
        self.phrases.get(trimmed).cloned()
    }

    /// A short message that contains a known phrase as whole words ("what's my balance?").
    pub fn phrase_within(&self, folded: &str) -> Option<Target> {
        let cleaned: String = folded
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == ' ' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        let words: Vec<&str> = cleaned.split_whitespace().collect();
        if words.is_empty() || words.len() > 8 {
            return None;
        }
        let mut best: Option<(usize, Target)> = None;
        for len in 1..=words.len() {
            for start in 0..=(words.len() - len) {
                let candidate = words[start..start + len].join(" ");
                if let Some(t) = self.phrases.get(&candidate) {
                    if best.as_ref().is_none_or(|(l, _)| len > *l) {
                        best = Some((len, t.clone()));
                    }
                }
            }
        }
        best.map(|(_, t)| t)
    }

    pub fn yes_no(&self, folded: &str) -> Option<bool> {
        let t = folded.trim_end_matches(['!', '.']);
        if self.yes.contains(t) {
            Some(true)
        } else if self.no.contains(t) {
            Some(false)
        } else {
            None
        }
    }
}
