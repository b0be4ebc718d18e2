//! Characters that make text lie. Names and labels come from files other people write; a
//! character that reorders text can make one show as something else, so the catalog's rules
//! refuse them in names ([`crate::catalog::rules`]) and the terminal and notification texts
//! ([`super::terminal`], [`super::notification`]) never print them.

/// The Unicode characters that reorder text (embeddings, overrides, isolates and the marks):
/// a name or label holding one can show as something else (`U+202E` makes `exe.fdp` read as
/// `pdf.exe`).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn overrides_isolates_and_marks_are_bidi_controls() {
        for c in ['\u{202E}', '\u{2066}', '\u{200F}', '\u{061C}'] {
            assert!(super::is_bidi_control(c), "{c:?}");
        }
        for c in ['a', '\u{00E9}', '\u{2014}', '\u{200B}'] {
            assert!(!super::is_bidi_control(c), "{c:?}");
        }
    }
}
