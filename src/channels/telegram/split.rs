//! Long replies in pieces under Telegram's message limit, cut at line boundaries.

/// Telegram's limit on a message's text, in UTF-16 code units (what the Bot API counts).
pub const MAX_MESSAGE: usize = 4096;

fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Splits `text` into pieces of at most `limit` UTF-16 units, each ending at a line break
/// where one exists; a single longer line is cut at its last space, else mid-line.
pub fn split(text: &str, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.split('\n') {
        let needed = units(line) + usize::from(!current.is_empty());
        if units(&current) + needed <= limit {
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(line);
            continue;
        }
        if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        let mut rest = line;
        while units(rest) > limit {
            let cut = cut_point(rest, limit);
            out.push(rest[..cut].trim_end().to_string());
            rest = rest[cut..].trim_start();
        }
        current.push_str(rest);
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out.retain(|p| !p.trim().is_empty());
    out
}

/// The byte index to cut a too-long line at: after the last space that fits, else at the
/// last character that fits.
fn cut_point(line: &str, limit: usize) -> usize {
    let mut used = 0;
    let mut last_fit = 0;
    let mut last_space = None;
    for (i, c) in line.char_indices() {
        used += c.len_utf16();
        if used > limit {
            break;
        }
        last_fit = i + c.len_utf8();
        if c == ' ' {
            last_space = Some(i + 1);
        }
    }
    last_space.filter(|s| *s > 0).unwrap_or(last_fit.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_piece() {
        assert_eq!(split("a\nb", MAX_MESSAGE), vec!["a\nb"]);
    }

    #[test]
    fn long_text_is_cut_between_lines_and_loses_nothing() {
        let lines: Vec<String> = (0..400)
            .map(|i| format!("· Hóa đơn số {i} — 123,45 US$"))
            .collect();
        let text = lines.join("\n");
        let parts = split(&text, MAX_MESSAGE);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| units(p) <= MAX_MESSAGE));
        assert_eq!(parts.join("\n"), text);
    }

    #[test]
    fn one_very_long_line_is_cut_at_spaces() {
        let text = "word ".repeat(3000);
        let parts = split(text.trim(), 1000);
        assert!(parts
            .iter()
            .all(|p| units(p) <= 1000 && !p.starts_with(' ')));
        assert_eq!(parts.join(" "), text.trim());
    }

    #[test]
    fn emoji_count_as_two_units() {
        let parts = split(&"😀".repeat(3000), MAX_MESSAGE);
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| units(p) <= MAX_MESSAGE));
    }
}
