//! `gridchat email inspect FILE.eml`: how gridchat reads a message, without acting on it.

use super::intake::Reading;

/// The operator's view, one fact a line.
pub fn render_text(r: &Reading) -> String {
    let mut out = String::new();
    out.push_str(&format!("message-id:   {}\n", r.message_id));
    out.push_str(&format!(
        "from:         {}\n",
        r.from.as_deref().unwrap_or("(none)")
    ));
    out.push_str(&format!("subject:      {}\n", r.subject));
    out.push_str(&format!("class:        {}\n", r.class.code()));
    out.push_str(&format!(
        "token:        {}\n",
        if r.token_valid {
            "valid"
        } else {
            "none or invalid"
        }
    ));
    out.push_str(&format!(
        "conversation: {} (matched by {})\n",
        r.conversation.as_deref().unwrap_or("(none)"),
        r.matched_by
    ));
    if r.auth_failed {
        out.push_str("auth:         DKIM or DMARC failed at the trusted MTA (actions refused)\n");
    }
    out.push_str(&format!("command:      {}\n", r.command.name()));
    out.push_str("reply text:\n");
    for line in r.reply_text.lines() {
        out.push_str(&format!("  | {line}\n"));
    }
    out
}

/// The same as one JSON object (`class`, `reply_text`, `command`, `token_valid`, …).
pub fn render_json(r: &Reading) -> String {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "command".into(),
            serde_json::Value::String(r.command.name().into()),
        );
        o.insert(
            "command_argument".into(),
            serde_json::to_value(&r.command)
                .ok()
                .and_then(|c| c.get("argument").cloned())
                .unwrap_or(serde_json::Value::Null),
        );
    }
    v.to_string()
}
