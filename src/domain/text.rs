//! Folding typed text so `Số dư`, `so du` and `SO DU` read the same.

use unicode_normalization::UnicodeNormalization;

/// Lower-cases, strips diacritics (Vietnamese `đ` becomes `d`), and collapses white space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            continue;
        }
        for l in c.to_lowercase() {
            out.push(l);
        }
        last_space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn vietnamese_with_and_without_diacritics_match() {
        assert_eq!(fold("Số dư"), "so du");
        assert_eq!(fold("  SO   DU "), "so du");
        assert_eq!(fold("Điện năng"), "dien nang");
        assert_eq!(fold("Lịch sử"), "lich su");
        assert_eq!(fold("Tiếng Việt"), "tieng viet");
    }
}
