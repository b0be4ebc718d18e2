//! What a terminal is given: every line Rolehop prints (the CLI's output and messages, the log
//! on stderr) goes through [`shown`]. Names and labels come from files other people write (a
//! team layer, an imported config, an organization's account names): an ESC, OSC, BEL or CR
//! in one would otherwise make the terminal act (retitle the window, rewrite an earlier line,
//! hide text), and a bidi override would make a line read as something else. The catalog
//! refuses such characters in names ([`crate::catalog::rules::display_text`]); this is the
//! last guard for everything else that reaches a terminal (errors quoting input, ids in
//! links, text from AWS).

use std::borrow::Cow;

/// The replacement a person sees instead of a character a terminal would act on.
pub const REPLACEMENT: char = '\u{fffd}';

/// Whether a character is shown as [`REPLACEMENT`]: control characters other than a line
/// break or a tab, and the bidi controls.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || super::text::is_bidi_control(c)
}

/// The text as a terminal may show it: unchanged unless it holds an unsafe character.
pub fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_unsafe(c) { REPLACEMENT } else { c })
            .collect(),
    )
}

/// A writer that passes everything through [`shown`] (bytes that are not UTF-8 are shown as
/// the replacement too). Each `write` is taken whole: formatting writes whole strings, so a
/// character is never split between two calls.
pub struct Sanitized<W>(pub W);

impl<W: std::io::Write> std::io::Write for Sanitized<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(shown(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn terminal_controls_and_bidi_are_replaced() {
        let table = [
            (
                "Opened acme-prod (Acme - Prod)",
                "Opened acme-prod (Acme - Prod)",
            ),
            ("two\nlines\tand a tab", "two\nlines\tand a tab"),
            (
                "Acme\x1b]0;pwned\x07 Prod",
                "Acme\u{fffd}]0;pwned\u{fffd} Prod",
            ),
            ("fake\rOpened", "fake\u{fffd}Opened"),
            ("\x1b[2J\x1b[H", "\u{fffd}[2J\u{fffd}[H"),
            ("exe.\u{202E}fdp", "exe.\u{fffd}fdp"),
            ("\u{9b}31m", "\u{fffd}31m"),
        ];
        for (input, want) in table {
            assert_eq!(shown(input), want, "{input:?}");
        }
        assert!(matches!(shown("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_writer_sanitizes_what_it_is_given() {
        let mut out = Sanitized(Vec::new());
        let label = "Acme\x1b[31m\u{202E}";
        writeln!(out, "Opened {label} in chromium").unwrap();
        out.write_all(b"\xff bytes\n").unwrap();
        let text = String::from_utf8(out.0).unwrap();
        assert_eq!(
            text,
            "Opened Acme\u{fffd}[31m\u{fffd} in chromium\n\u{fffd} bytes\n"
        );
    }
}
