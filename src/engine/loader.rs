//! Loads `dialogues/*.toml` strictly: every reference is resolved or the load fails, naming the
//! file and step.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::action::Actions;
use super::flow::{ChoiceSource, Flow, FlowFile, Step, StepDef};
use super::i18n::I18n;
use super::intents::{Intents, WordsFile};

/// Variables every message may use without a flow providing them.
pub const GLOBAL_VARS: [&str; 2] = ["utility", "support_phone"];
/// The target that ends a flow, usable wherever a step name is expected.
pub const END: &str = "end";

#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", step.as_ref().map(|s| format!(": step `{s}`")).unwrap_or_default())]
pub struct LoadError {
    pub file: String,
    pub step: Option<String>,
    pub message: String,
}

fn err(file: &str, step: Option<&str>, message: impl Into<String>) -> LoadError {
    LoadError {
        file: file.to_string(),
        step: step.map(str::to_string),
        message: message.into(),
    }
}

/// Reads every flow file and the words file from `dir`.
pub fn load_dir(
    dir: &Path,
    i18n: &I18n,
    actions: &Actions,
) -> Result<(BTreeMap<String, Flow>, Intents), LoadError> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| {
            err(
                &path.display().to_string(),
                None,
                format!("cannot read: {e}"),
            )
        })
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| {
            err(
                &dir.display().to_string(),
                None,
                format!("cannot read folder: {e}"),
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut sources = Vec::new();
    let mut words = None;
    for p in paths {
        let text = read(&p)?;
        if p.file_name().is_some_and(|n| n == "words.toml") {
            words = Some((p.display().to_string(), text));
        } else {
            sources.push((p.display().to_string(), text));
        }
    }
    let (words_file, words_text) =
        words.ok_or_else(|| err(&dir.display().to_string(), None, "words.toml is missing"))?;
    load_sources(&sources, (&words_file, &words_text), i18n, actions)
}

/// Loads flows from `(file name, text)` pairs; the words file gives global words.
pub fn load_sources(
    sources: &[(String, String)],
    words: (&str, &str),
    i18n: &I18n,
    actions: &Actions,
) -> Result<(BTreeMap<String, Flow>, Intents), LoadError> {
    for spec in actions.specs() {
        for m in spec.messages {
            if !i18n.has(m) {
                return Err(err(
                    "(actions)",
                    None,
                    format!("action `{}` uses unknown message id `{m}`", spec.name),
                ));
            }
        }
    }
    let mut flows = BTreeMap::new();
    for (file, text) in sources {
        let def: FlowFile = toml::from_str(text).map_err(|e| err(file, None, e.to_string()))?;
        let flow = check_flow(file, def, i18n, actions)?;
        if flows.contains_key(&flow.header.name) {
            return Err(err(
                file,
                None,
                format!("flow `{}` is defined twice", flow.header.name),
            ));
        }
        flows.insert(flow.header.name.clone(), flow);
    }
    let words_def: WordsFile =
        toml::from_str(words.1).map_err(|e| err(words.0, None, e.to_string()))?;
    let intents = Intents::build(flows.values(), &words_def).map_err(|m| err(words.0, None, m))?;
    Ok((flows, intents))
}

fn check_flow(
    file: &str,
    def: FlowFile,
    i18n: &I18n,
    actions: &Actions,
) -> Result<Flow, LoadError> {
    let names: BTreeSet<&str> = def.steps.keys().map(String::as_str).collect();
    if !names.contains(def.flow.start.as_str()) {
        return Err(err(
            file,
            None,
            format!("start step `{}` does not exist", def.flow.start),
        ));
    }
    need_message(file, None, i18n, &def.flow.title)?;
    // Variables messages may use: globals, this flow's slots, and what its actions provide.
    let mut known_vars: BTreeSet<String> = GLOBAL_VARS.iter().map(|s| s.to_string()).collect();
    for s in def.steps.values() {
        if let Some(slot) = &s.slot {
            known_vars.insert(slot.clone());
        }
        if let Some(a) = s.action.as_deref().and_then(|n| actions.get(n)) {
            known_vars.extend(a.spec().provides.iter().map(|p| p.to_string()));
        }
    }
    let mut steps = BTreeMap::new();
    for (id, s) in &def.steps {
        let step = check_step(file, id, s, &names, actions)?;
        for m in step_messages(s) {
            need_message(file, Some(id), i18n, m)?;
            if let Some(vars) = i18n.variables(m) {
                if let Some(v) = vars.iter().find(|v| !known_vars.contains(*v)) {
                    return Err(err(file, Some(id), format!("message `{m}` uses variable `{v}` that no slot or action of this flow provides")));
                }
            }
        }
        steps.insert(id.clone(), step);
    }
    for (id, step) in &steps {
        if let Step::Ask {
            slot_type, next, ..
        } = step
        {
            if slot_type.secret() && !matches!(steps.get(next), Some(Step::Action { .. })) {
                return Err(err(file, Some(id), "a secret slot must be followed directly by an action, which consumes it in the same turn"));
            }
        }
    }
    Ok(Flow {
        header: def.flow,
        steps,
        file: file.to_string(),
    })
}

fn step_messages(s: &StepDef) -> Vec<&str> {
    let mut m: Vec<&str> = [&s.say, &s.ask, &s.choose, &s.confirm, &s.invalid]
        .into_iter()
        .filter_map(|x| x.as_deref())
        .collect();
    m.extend(s.option.iter().map(|o| o.label.as_str()));
    m
}

fn need_message(file: &str, step: Option<&str>, i18n: &I18n, id: &str) -> Result<(), LoadError> {
    if i18n.has(id) {
        Ok(())
    } else {
        Err(err(file, step, format!("unknown message id `{id}`")))
    }
}

fn need_step(
    file: &str,
    step: &str,
    names: &BTreeSet<&str>,
    target: &str,
) -> Result<String, LoadError> {
    if target == END || names.contains(target) {
        Ok(target.to_string())
    } else {
        Err(err(file, Some(step), format!("unknown step `{target}`")))
    }
}

fn check_step(
    file: &str,
    id: &str,
    s: &StepDef,
    names: &BTreeSet<&str>,
    actions: &Actions,
) -> Result<Step, LoadError> {
    let kinds = [
        s.say.is_some(),
        s.ask.is_some(),
        s.choose.is_some(),
        s.confirm.is_some(),
        s.action.is_some(),
        s.end.is_some(),
    ];
    if kinds.iter().filter(|k| **k).count() != 1 {
        return Err(err(
            file,
            Some(id),
            "a step needs exactly one of say, ask, choose, confirm, action, end",
        ));
    }
    let next = s
        .next
        .as_deref()
        .map(|n| need_step(file, id, names, n))
        .transpose()?;
    let stray = |what: &str, present: bool| {
        if present {
            Err(err(
                file,
                Some(id),
                format!("`{what}` does not belong on this kind of step"),
            ))
        } else {
            Ok(())
        }
    };
    if let Some(message) = &s.say {
        stray("slot", s.slot.is_some())?;
        stray("on", !s.on.is_empty())?;
        return Ok(Step::Say {
            message: message.clone(),
            next,
        });
    }
    if let Some(prompt) = &s.ask {
        let slot = s
            .slot
            .clone()
            .ok_or_else(|| err(file, Some(id), "an ask step needs `slot`"))?;
        let slot_type = s
            .slot_type
            .ok_or_else(|| err(file, Some(id), "an ask step needs `type`"))?;
        let next = next.ok_or_else(|| err(file, Some(id), "an ask step needs `next`"))?;
        return Ok(Step::Ask {
            prompt: prompt.clone(),
            slot,
            slot_type,
            invalid: s.invalid.clone(),
            next,
        });
    }
    if let Some(prompt) = &s.choose {
        let slot = s
            .slot
            .clone()
            .ok_or_else(|| err(file, Some(id), "a choose step needs `slot`"))?;
        let source = match (&s.options, s.option.is_empty()) {
            (Some(var), true) => ChoiceSource::Dynamic(var.clone()),
            (None, false) => {
                for o in &s.option {
                    if let Some(n) = &o.next {
                        need_step(file, id, names, n)?;
                    } else if next.is_none() {
                        return Err(err(
                            file,
                            Some(id),
                            format!("option `{}` has no `next` and the step has none", o.id),
                        ));
                    }
                }
                ChoiceSource::Static(s.option.clone())
            }
            _ => {
                return Err(err(
                    file,
                    Some(id),
                    "a choose step needs either `options` (a variable) or `option` entries",
                ))
            }
        };
        if matches!(source, ChoiceSource::Dynamic(_)) && next.is_none() {
            return Err(err(
                file,
                Some(id),
                "a choose step with dynamic options needs `next`",
            ));
        }
        return Ok(Step::Choose {
            prompt: prompt.clone(),
            slot,
            source,
            next,
        });
    }
    if let Some(prompt) = &s.confirm {
        let yes = need_step(
            file,
            id,
            names,
            s.yes
                .as_deref()
                .ok_or_else(|| err(file, Some(id), "a confirm step needs `yes`"))?,
        )?;
        let no = need_step(
            file,
            id,
            names,
            s.no.as_deref()
                .ok_or_else(|| err(file, Some(id), "a confirm step needs `no`"))?,
        )?;
        return Ok(Step::Confirm {
            prompt: prompt.clone(),
            yes,
            no,
        });
    }
    if let Some(name) = &s.action {
        let action = actions
            .get(name)
            .ok_or_else(|| err(file, Some(id), format!("unknown action `{name}`")))?;
        let spec = action.spec();
        let mut on = BTreeMap::new();
        for (outcome, target) in &s.on {
            if !spec.outcomes.contains(&outcome.as_str()) {
                return Err(err(
                    file,
                    Some(id),
                    format!(
                        "action `{name}` has no outcome `{outcome}` (it has {:?})",
                        spec.outcomes
                    ),
                ));
            }
            on.insert(outcome.clone(), need_step(file, id, names, target)?);
        }
        if next.is_none() {
            if let Some(missing) = spec.outcomes.iter().find(|o| !on.contains_key(**o)) {
                return Err(err(file, Some(id), format!("outcome `{missing}` of action `{name}` is not routed (add it under `on` or give `next`)")));
            }
        }
        return Ok(Step::Action {
            name: name.clone(),
            on,
            next,
        });
    }
    Ok(Step::End)
}
