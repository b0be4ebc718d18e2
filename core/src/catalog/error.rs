//! Catalog errors. Every one names the file, and where it can, the line, column and key, what
//! is wrong and an example of right.

use std::fmt;
use std::path::PathBuf;

use crate::base::error_kind::ErrorKind;

/// One problem found by validation, located in the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    pub line: usize,
    pub column: usize,
    /// The key, as a path: `shortcut[acme-prod].account`.
    pub key: String,
    pub message: String,
    pub example: Option<String>,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.line, self.column, self.key, self.message
        )?;
        if let Some(example) = &self.example {
            write!(f, " (for example: {example})")?;
        }
        Ok(())
    }
}

/// At most this many problems are listed in a message (a catalog of 6,000 shortcuts with one
/// mistake repeated would otherwise print 6,000 lines); the count says how many there are.
const LISTED: usize = 20;

fn list(file: &std::path::Path, issues: &[Issue]) -> String {
    let mut out: String = issues
        .iter()
        .take(LISTED)
        .map(|i| format!("\n  {}:{i}", file.display()))
        .collect();
    out.push_str(&more(issues.len()));
    out
}

fn more(n: usize) -> String {
    if n > LISTED {
        format!("\n  … and {} more", n - LISTED)
    } else {
        String::new()
    }
}

fn rejected(issues: &[Issue]) -> String {
    let mut out: String = issues
        .iter()
        .take(LISTED)
        .map(|i| {
            format!(
                "\n  {}: {}{}",
                i.key,
                i.message,
                i.example
                    .as_ref()
                    .map(|e| format!(" (for example: {e})"))
                    .unwrap_or_default()
            )
        })
        .collect();
    out.push_str(&more(issues.len()));
    out
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{}:{line}:{column}: cannot read the catalog: {message}\nThe file was left untouched; fix it by hand (a copy of the last good version is in {}.bak if Rolehop saved it before).", file.display(), file.display())]
    Parse {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{} has {} problem(s):{}", file.display(), issues.len(), list(file, issues))]
    Invalid { file: PathBuf, issues: Vec<Issue> },
    #[error("not saved: the change would leave {} invalid:{}", file.display(), rejected(issues))]
    EditRejected { file: PathBuf, issues: Vec<Issue> },
    #[error("no {what} `{id}` in the catalog{}", suggest(id, known))]
    NotFound {
        what: &'static str,
        id: String,
        known: Vec<String>,
    },
    #[error("a {what} `{id}` already exists; pass --replace to overwrite it")]
    AlreadyExists { what: &'static str, id: String },
    #[error("client `{id}` still has shortcuts: {}; remove them first or pass --with-shortcuts", used_by.join(", "))]
    InUse { id: String, used_by: Vec<String> },
    #[error(
        "the `via` chain of shortcut `{id}` is longer than {max} hops (or loops): shorten it; each hop is one more AssumeRole, and a chained role lasts at most an hour"
    )]
    ChainTooLong { id: String, max: usize },
    #[error("the catalog is being saved by another Rolehop (it has held {} for {secs} s): nothing was changed; close the other `rolehop` or the tray app if it hangs, then try again", path.display())]
    Busy { path: PathBuf, secs: u64 },
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
}

/// "did you mean" with the closest ids, never the whole catalog (an agency has hundreds).
fn suggest(id: &str, known: &[String]) -> String {
    let close = super::closest::closest(id, known, 3);
    match (close.as_slice(), known.len()) {
        (_, 0) => String::new(),
        // A handful is worth listing whole.
        ([], n) if n <= 5 => format!("; known: {}", known.join(", ")),
        ([], n) => format!(
            "; see `rolehop list` ({n} known{})",
            if n == 1 { "" } else { " in all" }
        ),
        (close, _) => format!(
            "; did you mean {}? (see `rolehop list`)",
            close
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

impl CatalogError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Parse { .. } => ErrorKind::CatalogParse,
            Self::Invalid { .. }
            | Self::EditRejected { .. }
            | Self::AlreadyExists { .. }
            | Self::InUse { .. }
            | Self::ChainTooLong { .. } => ErrorKind::CatalogInvalid,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::Io { .. } | Self::Busy { .. } => ErrorKind::Io,
        }
    }

    pub(crate) fn io(path: &std::path::Path, action: &'static str, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }
}
