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
pub mod found;
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
use crate::catalog::rules;

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
    /// Tags the import proposes on its own (`prod` for a name that says production), not
    /// read from the source: the preview offers each to decline ([`Proposal::decline_tag`]).
    pub proposed_tags: Vec<String>,
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

impl Proposal {
    /// Takes back a tag the import proposed on its own for shortcut `shortcut` (the person
    /// unticked it in the preview). A tag the source itself says stays. Returns whether
    /// there was such a proposal.
    pub fn decline_tag(&mut self, shortcut: &str, tag: &str) -> bool {
        let mut declined = false;
        for ps in self
            .shortcuts
            .iter_mut()
            .filter(|ps| ps.shortcut.id == shortcut)
        {
            if let Some(at) = ps.proposed_tags.iter().position(|t| t == tag) {
                ps.proposed_tags.remove(at);
                ps.shortcut.tags.retain(|t| t != tag);
                ps.notes
                    .retain(|n| !n.starts_with(&format!("tagged {tag} ")));
                declined = true;
            }
        }
        declined
    }
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
    pub fn kind(&self) -> crate::base::error_kind::ErrorKind {
        match self {
            Self::Syntax { .. } => crate::base::error_kind::ErrorKind::CatalogParse,
            Self::Pattern { .. } => crate::base::error_kind::ErrorKind::Config,
            Self::Read { .. } => crate::base::error_kind::ErrorKind::Io,
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

/// Hands out slugs that stay distinct: a second `Acme Prod` becomes `acme-prod-2`. Linear:
/// each base remembers the next suffix to try, so 30,000 names that slug alike cost no more
/// than 30,000 different ones.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    by_name: std::collections::HashMap<String, String>,
    taken: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
    /// Ids held for the names that are already ids as written (see [`Ids::claim_exact`]).
    claimed: std::collections::HashSet<String>,
}

impl Ids {
    /// Holds, for every name that is already an id as written (`acme-prod`), that id for the
    /// first entry of that name, wherever it comes in the input: `Acme Prod` before it gets
    /// `acme-prod-2`, not the other way round.
    pub(crate) fn claim_exact<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        for name in names {
            if rules::slug(name).is_ok()
                && slugify(name) == name
                && self.taken.insert(name.to_string())
            {
                self.claimed.insert(name.to_string());
            }
        }
    }

    /// Ids that must not be handed out (the catalog's, for example).
    pub(crate) fn reserve<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
        self.taken.extend(ids.into_iter().map(str::to_string));
    }

    /// The id for a profile name that other entries refer to by name (an AWS config profile,
    /// a `source_profile`): the same name always gets the same id.
    pub(crate) fn of(&mut self, name: &str) -> String {
        if let Some(id) = self.by_name.get(name) {
            return id.clone();
        }
        let id = self.fresh(name);
        self.by_name.insert(name.to_string(), id.clone());
        id
    }

    /// A new id for a name, distinct from every id handed out or reserved so far, even for a
    /// name seen before (two links both named `Prod` are two shortcuts).
    pub(crate) fn fresh(&mut self, name: &str) -> String {
        if self.claimed.remove(name) {
            return name.to_string();
        }
        let base = slugify(name);
        self.unique(&base)
    }

    /// `base` if it is free, else `base-2`, `base-3`, … (cut so the id stays within 64
    /// characters).
    pub(crate) fn unique(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let mut n = self.next.get(base).copied().unwrap_or(2);
        loop {
            let suffix = format!("-{n}");
            let mut keep = 64usize.saturating_sub(suffix.len()).min(base.len());
            while !base.is_char_boundary(keep) {
                keep -= 1;
            }
            let head = base[..keep].trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
            let id = format!("{head}{suffix}");
            n += 1;
            if self.taken.insert(id.clone()) {
                self.next.insert(base.to_string(), n);
                return id;
            }
        }
    }
}

/// Makes ids distinct, in order: the first keeps its id, a repeat becomes `<id>-2`, `-3`, …
/// (never an id that comes later in the list as written). For lists whose ids are made from
/// names (discovery's account names), where two entries may still meet on one id.
pub fn make_distinct<'a>(ids: impl IntoIterator<Item = &'a mut String>) {
    let ids: Vec<&'a mut String> = ids.into_iter().collect();
    let mut handed = Ids::default();
    let mut seen = std::collections::HashSet::new();
    let repeated: Vec<bool> = ids.iter().map(|id| !seen.insert(id.to_string())).collect();
    // Every id that stays as written is taken first, so a repeat never lands on one of them.
    handed.reserve(
        ids.iter()
            .zip(&repeated)
            .filter(|(_, r)| !**r)
            .map(|(id, _)| id.as_str()),
    );
    for (id, repeated) in ids.into_iter().zip(repeated) {
        if repeated {
            *id = handed.unique(id);
        }
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
    fn make_distinct_keeps_firsts_and_numbers_repeats() {
        let mut ids: Vec<String> = ["prod", "prod", "prod-2", "dev", "prod"]
            .into_iter()
            .map(String::from)
            .collect();
        make_distinct(ids.iter_mut());
        assert_eq!(ids, ["prod", "prod-3", "prod-2", "dev", "prod-4"]);
    }

    #[test]
    fn fresh_ids_never_repeat_and_skip_reserved_ones() {
        let mut ids = Ids::default();
        ids.reserve(["beta-prod", "beta-prod-2"]);
        assert_eq!(ids.fresh("Beta Prod"), "beta-prod-3");
        assert_eq!(ids.fresh("Beta Prod"), "beta-prod-4");
        assert_eq!(ids.of("gamma"), "gamma");
        assert_eq!(ids.fresh("gamma"), "gamma-2");
        // An id that is itself `base-N` does not collide with the suffixes handed out later.
        assert_eq!(ids.fresh("delta-2"), "delta-2");
        assert_eq!(ids.fresh("delta"), "delta");
        assert_eq!(ids.fresh("delta"), "delta-3");
        for id in [ids.fresh(&"z-".repeat(40)), ids.fresh(&"z-".repeat(40))] {
            assert!(rules::slug(&id).is_ok(), "{id}");
        }
    }

    /// 30,000 names that all slug to the same id take about as long as 30,000 distinct ones
    /// (it used to be quadratic: 30,000 took over 300 s). Counted in steps, not timed.
    #[test]
    fn colliding_names_cost_linear_work() {
        let mut ids = Ids::default();
        let mut seen = std::collections::HashSet::new();
        for i in 0..30_000 {
            let name = if i % 2 == 0 { "Acme Prod" } else { "acme/prod" };
            assert!(seen.insert(ids.fresh(name)));
        }
        // Each base's counter only moves forward: one insert per id handed out.
        assert_eq!(ids.next.get("acme-prod"), Some(&30_001));
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
