//! Plain-text tables for people: columns padded to their widest cell (in characters), two
//! spaces apart, no trailing blanks. `list` and `import` print with it.
//!
//! A cell is shown, not trusted: control characters (a newline, a terminal escape in a team
//! layer's label) become `�`, and a cell longer than [`MAX_CELL`] characters is cut with `…`,
//! so no text can break the table, the terminal or the formatter (`--json` keeps the full text).

/// The most characters a cell shows.
pub const MAX_CELL: usize = 100;

/// What a person sees of a cell.
pub fn shown(cell: &str) -> String {
    let mut out = String::new();
    for (i, c) in cell.chars().enumerate() {
        if i + 1 == MAX_CELL && cell.chars().nth(MAX_CELL).is_some() {
            out.push('…');
            break;
        }
        // One line: line breaks and tabs too, besides what the terminal sanitiser replaces.
        let unsafe_here = c.is_control() || rolehop_core::base::terminal::is_unsafe(c);
        out.push(if unsafe_here {
            rolehop_core::base::terminal::REPLACEMENT
        } else {
            c
        });
    }
    out
}

/// The header line, then one line per row.
pub fn lines(headers: &[&str], rows: &[Vec<String>]) -> Vec<String> {
    let shown_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| shown(c)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &shown_rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut text = String::new();
        for (i, (c, w)) in cells.zip(&widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(c);
            // Padded by hand: `format!("{c:<w$}")` panics for widths over 65,535.
            text.extend(std::iter::repeat_n(
                ' ',
                w.saturating_sub(c.chars().count()),
            ));
        }
        text.trim_end().to_string()
    };
    std::iter::once(line(&mut headers.iter().copied()))
        .chain(
            shown_rows
                .iter()
                .map(|r| line(&mut r.iter().map(String::as_str))),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_without_trailing_blanks() {
        let rows = vec![
            vec!["ünï".to_string(), "x".to_string()],
            vec!["a".to_string(), String::new()],
        ];
        assert_eq!(lines(&["ID", "WHAT"], &rows), ["ID   WHAT", "ünï  x", "a"]);
    }

    #[test]
    fn long_and_hostile_cells_are_cut_and_neutralised() {
        let huge = "x".repeat(70_000);
        let rows = vec![
            vec![huge.clone(), "y".into()],
            vec!["a\nb\x1b[31m".into(), "z".into()],
        ];
        let out = lines(&["ID", "WHAT"], &rows);
        assert_eq!(out[1].chars().count(), MAX_CELL + 3);
        assert!(out[1].starts_with(&"x".repeat(MAX_CELL - 1)));
        assert!(out[1].ends_with("…  y"));
        assert!(out[2].starts_with("a\u{fffd}b\u{fffd}[31m"), "{:?}", out[2]);
        assert!(!out.iter().any(|l| l.contains('\n') || l.contains('\x1b')));
        assert_eq!(shown(&"x".repeat(MAX_CELL)), "x".repeat(MAX_CELL));
        assert_eq!(shown(""), "");
    }
}
