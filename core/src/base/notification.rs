//! Text for a desktop notification. Notification services read a subset of HTML in a body
//! (`<a href>`, `<img>`, `<b>`; the freedesktop "body-markup" capability), and texts here
//! quote what arrives from outside: a link's percent-decoded shortcut id or parameter name, a
//! label from a team layer. [`shown`] makes markup inert (angle brackets become the look-alike
//! `‹ ›`, so `rolehop://open/<shortcut>` still reads right and `<a href=…>` is no tag), drops
//! control and bidi characters (line breaks kept) and caps the length, so a crafted link can
//! neither add a link or an image to a notification nor fill the screen.

/// The most characters of a title.
pub const MAX_TITLE: usize = 80;
/// The most characters of a body.
pub const MAX_BODY: usize = 400;

/// `text` as a notification may show it, at most `max` characters (cut with `…`).
pub fn shown(text: &str, max: usize) -> String {
    let plain: String = text
        .chars()
        .map(|c| match c {
            '<' => '‹',
            '>' => '›',
            '\n' => '\n',
            c if c.is_control() || super::text::is_bidi_control(c) => ' ',
            c => c,
        })
        .collect();
    if plain.chars().count() > max {
        let mut cut: String = plain.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_and_the_length_is_capped() {
        let table = [
            (
                "`<a href=\"https://evil.example\">click</a>` is not a shortcut",
                "`‹a href=\"https://evil.example\"›click‹/a›` is not a shortcut",
            ),
            (
                "<img src=x onerror=alert(1)>",
                "‹img src=x onerror=alert(1)›",
            ),
            ("rolehop://open/<shortcut>", "rolehop://open/‹shortcut›"),
            ("line\nbreak\tand\x1b[31m", "line\nbreak and [31m"),
            ("exe.\u{202E}fdp", "exe. fdp"),
        ];
        for (input, want) in table {
            assert_eq!(shown(input, MAX_BODY), want, "{input:?}");
        }
        let long = "x".repeat(5000);
        let cut = shown(&long, MAX_BODY);
        assert_eq!(cut.chars().count(), MAX_BODY);
        assert!(cut.ends_with('…'));
    }
}
