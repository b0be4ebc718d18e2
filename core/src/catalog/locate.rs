//! From "which entry and field" to "which line and column", using toml_edit's spans of the
//! parsed file, so validation errors point where the person has to look.

use toml_edit::Document;

/// Where in the catalog a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    /// `identity`, `client`, `shortcut`, or `None` for a top-level key.
    pub section: Option<&'static str>,
    pub index: usize,
    pub field: Option<&'static str>,
}

/// Byte offset to 1-based line and column (in characters).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before
        .get(line_start..)
        .map(|s| s.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

/// Finds the span of the entry's field (its key), or the entry's header, or the top-level key.
pub fn locate(doc: &Document<&str>, text: &str, loc: &Loc) -> (usize, usize) {
    let root = doc.as_table();
    let span = match loc.section {
        None => loc
            .field
            .and_then(|f| root.get_key_value(f))
            .and_then(|(k, _)| k.span()),
        Some(section) => root
            .get(section)
            .and_then(|item| item.as_array_of_tables())
            .and_then(|aot| aot.get(loc.index))
            .and_then(|table| {
                loc.field
                    .and_then(|f| table.get_key_value(f))
                    .and_then(|(k, _)| k.span())
                    .or_else(|| table.span())
            }),
    };
    span.map(|s| line_col(text, s.start)).unwrap_or((1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 9), (2, 3));
    }

    #[test]
    fn locates_fields_of_entries() {
        let text = "schema_version = 1\n\n[[shortcut]]\nid = \"a\"\n\n[[shortcut]]\nid = \"b\"\n  account = \"1\"\n";
        let doc = Document::parse(text).unwrap();
        let at = |section, index, field| {
            locate(
                &doc,
                text,
                &Loc {
                    section,
                    index,
                    field,
                },
            )
        };
        assert_eq!(at(Some("shortcut"), 1, Some("account")), (8, 3));
        assert_eq!(at(Some("shortcut"), 1, Some("id")), (7, 1));
        assert_eq!(at(None, 0, Some("schema_version")), (1, 1));
    }
}
