//! Plain-text tables for people: columns padded to their widest cell (in characters), two
//! spaces apart, no trailing blanks. `list` and `import` print with it.

/// The header line, then one line per row.
pub fn lines(headers: &[&str], rows: &[Vec<String>]) -> Vec<String> {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        cells
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}", w = *w))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    std::iter::once(line(&mut headers.iter().copied()))
        .chain(rows.iter().map(|r| line(&mut r.iter().map(String::as_str))))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_line_up_without_trailing_blanks() {
        let rows = vec![
            vec!["ünï".to_string(), "x".to_string()],
            vec!["a".to_string(), String::new()],
        ];
        assert_eq!(
            super::lines(&["ID", "WHAT"], &rows),
            ["ID   WHAT", "ünï  x", "a"]
        );
    }
}
