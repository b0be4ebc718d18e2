//! Importing other tools' configurations into the catalog: `~/.aws/config` (with the SDK's own
//! profile parser, [`aws_config`]), AWS Extend Switch Roles ([`switch_roles`]) and the AWS
//! switch-role links a team keeps in its wiki pages and bookmarks ([`links`]).
//!
//! An importer is a pure function from text to a [`Proposal`]: the identities, clients and
//! shortcuts it would add, and every profile it could not use with the reason. [`plan`]
//! compares a proposal with the catalog as it is (new, unchanged, different, duplicate), and
//! [`apply`] writes the accepted rows through the catalog store's locked, validated edit. So a
//! preview and an apply are the same computation, and importing twice changes nothing.

pub mod aws_config;
pub mod files;
pub mod links;
pub mod naming;
mod plan;
pub mod switch_roles;
#[cfg(test)]
mod tests;

pub use naming::ClientNaming;
pub use plan::{
    Applied, Change, EntryKind, ImportPlan, Row, RowStatus, apply, differing_fields,
    identities_to_enroll, plan, plan_moving_keys,
};

use crate::catalog::model::{Client, Identity, Shortcut};

/// Where a proposed entry came from in the imported text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Origin {
    /// The profile (section) name as written.
    pub profile: String,
    /// 1-based line of its section header.
    pub line: usize,
}

/// A proposed identity. `account` is empty when the input does not say it (no MFA device ARN);
/// [`plan`] then maps it onto an existing identity or reports that it needs one.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposedIdentity {
    pub identity: Identity,
    pub origin: Origin,
    /// The source profile holds static keys (`aws_access_key_id`): they can be moved into the
    /// keychain, never silently.
    pub has_keys: bool,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProposedShortcut {
    pub shortcut: Shortcut,
    pub origin: Origin,
    /// What the import did not carry over or had to decide, in words.
    pub notes: Vec<String>,
}

/// A profile the import did not turn into anything, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub origin: Origin,
    pub reason: String,
}

/// Why one profile or section is not imported: the preview shows it beside the name, and one
/// such entry never stops the others.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SkipReason(pub String);

impl From<String> for SkipReason {
    fn from(reason: String) -> Self {
        Self(reason)
    }
}

impl From<&str> for SkipReason {
    fn from(reason: &str) -> Self {
        Self(reason.to_string())
    }
}

impl From<crate::sources::export::keys::KeysError> for SkipReason {
    fn from(e: crate::sources::export::keys::KeysError) -> Self {
        Self(e.to_string())
    }
}

/// What an importer found, before it is compared with the catalog.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Proposal {
    pub identities: Vec<ProposedIdentity>,
    pub clients: Vec<Client>,
    pub shortcuts: Vec<ProposedShortcut>,
    pub skipped: Vec<Skipped>,
    /// The shortcut fields this source can say, when it cannot say them all (a switch-role
    /// link names an account and a role, never a region): the other fields are not
    /// differences, and replacing a shortcut keeps the catalog's values for them. `None`: all.
    pub says: Option<&'static [&'static str]>,
}

/// An input an importer cannot read at all. Problems with single profiles are not errors:
/// they are [`Skipped`] entries.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}:{line}: {message}")]
    Syntax {
        file: String,
        line: usize,
        message: String,
    },
    #[error("the client naming pattern `{pattern}` is not usable: {message}")]
    Pattern { pattern: String, message: String },
    #[error("cannot read {path}: {message}")]
    Read { path: String, message: String },
}

impl ImportError {
    pub fn kind(&self) -> crate::error_kind::ErrorKind {
        match self {
            Self::Syntax { .. } => crate::error_kind::ErrorKind::CatalogParse,
            Self::Pattern { .. } => crate::error_kind::ErrorKind::Config,
            Self::Read { .. } => crate::error_kind::ErrorKind::Io,
        }
    }
}

/// Turns a profile name into a catalog id (a slug): lowercase, runs of other characters become
/// one `-`, at most 64 characters. `Acme Prod/Admin` -> `acme-prod-admin`.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let mut slug: String = trimmed.chars().take(64).collect();
    while slug.ends_with(|c: char| !c.is_ascii_alphanumeric()) {
        slug.pop();
    }
    if slug.is_empty() {
        "profile".to_string()
    } else {
        slug
    }
}

/// Hands out slugs that stay distinct: a second `Acme Prod` becomes `acme-prod-2`.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    by_name: std::collections::HashMap<String, String>,
    taken: std::collections::HashSet<String>,
}

impl Ids {
    /// The id for a profile name; the same name always gets the same id.
    pub(crate) fn of(&mut self, name: &str) -> String {
        if let Some(id) = self.by_name.get(name) {
            return id.clone();
        }
        let base = slugify(name);
        let mut id = base.clone();
        let mut n = 2;
        while self.taken.contains(&id) {
            let suffix = format!("-{n}");
            let keep = 64usize.saturating_sub(suffix.len()).min(base.len());
            id = format!("{}{suffix}", &base[..keep]);
            n += 1;
        }
        self.taken.insert(id.clone());
        self.by_name.insert(name.to_string(), id.clone());
        id
    }
}

/// 1-based line of each section header (`[name]`, `[profile name]`, `[sso-session name]`) in
/// INI-like text, keyed by the section's name with the `profile ` prefix removed. The SDK's
/// parser does not keep positions; this scan only locates, it does not parse.
pub(crate) fn header_lines(text: &str) -> std::collections::HashMap<String, usize> {
    let mut lines = std::collections::HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(inner) = t.strip_prefix('[').and_then(|r| r.split(']').next()) {
            let inner = inner.trim();
            let name = inner
                .strip_prefix("profile")
                .filter(|rest| rest.starts_with([' ', '\t']))
                .map(str::trim)
                .unwrap_or(inner);
            lines.entry(name.to_string()).or_insert(i + 1);
        }
    }
    lines
}

#[cfg(test)]
mod slug_tests {
    use super::*;
    use crate::catalog::rules;

    #[test]
    fn slugs_are_valid_ids() {
        for (name, slug) in [
            ("acme-prod", "acme-prod"),
            ("Acme Prod/Admin", "acme-prod-admin"),
            ("--x--", "x"),
            ("Ünïcode Prod", "n-code-prod"),
            ("", "profile"),
            ("日本", "profile"),
            ("a.b_c", "a.b_c"),
        ] {
            assert_eq!(slugify(name), slug, "{name}");
            assert!(rules::slug(&slugify(name)).is_ok(), "{name}");
        }
        assert!(rules::slug(&slugify(&"x-".repeat(80))).is_ok());
    }

    #[test]
    fn ids_stay_distinct_and_stable() {
        let mut ids = Ids::default();
        assert_eq!(ids.of("Acme Prod"), "acme-prod");
        assert_eq!(ids.of("acme-prod"), "acme-prod-2");
        assert_eq!(ids.of("Acme Prod"), "acme-prod");
        let long = "y".repeat(70);
        assert_eq!(ids.of(&long).len(), 64);
        let second = ids.of(&format!("{long}z"));
        assert!(second.ends_with("-2") && second.len() == 64, "{second}");
    }

    #[test]
    fn header_lines_find_both_forms() {
        let text =
            "# c\n[default]\nregion=x\n\n[profile acme-prod]\n  [ sso-session s ]\n[profilex]\n";
        let lines = header_lines(text);
        assert_eq!(lines.get("default"), Some(&2));
        assert_eq!(lines.get("acme-prod"), Some(&5));
        assert_eq!(lines.get("sso-session s"), Some(&6));
        assert_eq!(lines.get("profilex"), Some(&7));
    }
}
