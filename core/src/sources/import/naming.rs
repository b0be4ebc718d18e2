//! Which client a profile belongs to, read from its name with a pattern the person can adjust:
//! a regular expression whose `client` group names the client (`acme-prod` -> `acme`). What is
//! left of the name after the client becomes the shortcut's label (`prod`).

use regex::Regex;

use super::{ImportError, slugify};

#[derive(Debug, Clone)]
pub struct ClientNaming {
    pattern: Regex,
}

/// The first word of the name: `acme-prod`, `acme_prod`, `acme.prod`, `acme/prod` and
/// `acme prod` all belong to `acme`.
pub const DEFAULT_PATTERN: &str = r"^(?P<client>[^-_./ ]+)";

/// A profile's client and label as the pattern reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// Client id (a slug).
    pub client: String,
    /// What remains of the name, if anything (`prod`).
    pub label: Option<String>,
}

impl ClientNaming {
    pub fn new(pattern: &str) -> Result<Self, ImportError> {
        let regex = Regex::new(pattern).map_err(|e| ImportError::Pattern {
            pattern: pattern.to_string(),
            message: e.to_string(),
        })?;
        if !regex.capture_names().any(|n| n == Some("client")) {
            return Err(ImportError::Pattern {
                pattern: pattern.to_string(),
                message: "it needs a group named `client`, like `^(?P<client>[^-]+)-`".into(),
            });
        }
        Ok(Self { pattern: regex })
    }

    pub fn pattern(&self) -> &str {
        self.pattern.as_str()
    }

    /// The client and label of a profile name; a name the pattern does not match is a client
    /// of its own.
    pub fn name(&self, profile: &str) -> Named {
        let Some(m) = self
            .pattern
            .captures(profile)
            .and_then(|c| c.name("client"))
            .filter(|m| !m.as_str().trim().is_empty())
        else {
            return Named {
                client: slugify(profile),
                label: None,
            };
        };
        let rest = format!("{}{}", &profile[..m.start()], &profile[m.end()..]);
        let rest = rest.trim_matches(|c: char| "-_./ ".contains(c));
        Named {
            client: slugify(m.as_str()),
            label: (!rest.is_empty()).then(|| rest.to_string()),
        }
    }
}

/// A name as a person would write it, from a slug or a profile's word (`umbrella-corp` ->
/// `Umbrella Corp`, `prod_admin` -> `Prod Admin`): words split at `-`, `_`, `.`, `/` and
/// spaces, each all-lowercase word capitalised; a word with capitals of its own (`EU`,
/// `DevOps`) is kept as written.
pub fn display_words(text: &str) -> String {
    text.split(|c: char| "-_./".contains(c) || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.chars().any(|c| c.is_uppercase()) {
                return w.to_string();
            }
            let mut chars = w.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

// What says production lives with the production tags (the catalog's), so that links and
// imports read a name alike.
pub use crate::catalog::resolve::{PRODUCTION_WORDS, PROPOSED_PRODUCTION_TAG, says_production};

/// A shortcut whose source name (a profile's name, a link's text) or label says production
/// is proposed with the `prod` tag, so its console opens marked as production; the preview
/// row's note says why, and the person may decline it. One already tagged so is left as it
/// is. Returns the tags proposed (`["prod"]` or none), for [`super::ProposedShortcut`].
pub fn propose_production(
    shortcut: &mut crate::catalog::model::Shortcut,
    source_name: &str,
    notes: &mut Vec<String>,
) -> Vec<String> {
    let label = shortcut.label.as_deref().unwrap_or("");
    if (says_production(source_name) || says_production(label))
        && !crate::catalog::resolve::is_production(&shortcut.tags)
    {
        shortcut.tags.push(PROPOSED_PRODUCTION_TAG.into());
        notes.push(format!(
            "tagged {PROPOSED_PRODUCTION_TAG} (its name says production): its console is marked as production"
        ));
        return vec![PROPOSED_PRODUCTION_TAG.to_string()];
    }
    Vec::new()
}

impl Default for ClientNaming {
    fn default() -> Self {
        Self {
            // A constant, valid pattern (tested below).
            pattern: Regex::new(DEFAULT_PATTERN).unwrap_or_else(|_| unreachable!()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(client: &str, label: Option<&str>) -> Named {
        Named {
            client: client.into(),
            label: label.map(str::to_string),
        }
    }

    #[test]
    fn the_default_takes_the_first_word() {
        assert!(ClientNaming::new(DEFAULT_PATTERN).is_ok());
        let n = ClientNaming::default();
        for (profile, want) in [
            ("acme-prod", named("acme", Some("prod"))),
            ("acme_prod_admin", named("acme", Some("prod_admin"))),
            ("Acme/Prod", named("acme", Some("Prod"))),
            ("globex", named("globex", None)),
            ("-odd", named("odd", None)),
        ] {
            assert_eq!(n.name(profile), want, "{profile}");
        }
    }

    #[test]
    fn names_read_as_a_person_writes_them() {
        for (slug, want) in [
            ("hooli", "Hooli"),
            ("umbrella-corp", "Umbrella Corp"),
            ("prod_admin", "Prod Admin"),
            ("acme.eu/staging", "Acme Eu Staging"),
            ("EU-prod", "EU Prod"),
            ("DevOps", "DevOps"),
            ("ünicode-straße", "Ünicode Straße"),
            ("--", ""),
        ] {
            assert_eq!(display_words(slug), want, "{slug}");
        }
    }

    #[test]
    fn production_is_a_word_not_a_prefix() {
        for yes in [
            "acme-prod",
            "Acme Production",
            "hooli_prd",
            "live",
            "PROD",
            "eu.prod.admin",
        ] {
            assert!(says_production(yes), "{yes}");
        }
        for no in [
            "product", "preprod", "prodigy", "delivery", "staging", "prodlive", "",
        ] {
            assert!(!says_production(no), "{no}");
        }
    }

    #[test]
    fn a_custom_pattern_decides() {
        let n = ClientNaming::new(r"^(?P<client>.+)-[^-]+$").unwrap();
        assert_eq!(n.name("acme-corp-prod"), named("acme-corp", Some("prod")));
        assert_eq!(n.name("single"), named("single", None));
    }

    #[test]
    fn bad_patterns_say_why() {
        let e = ClientNaming::new("(")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("not usable"), "{e}");
        let e = ClientNaming::new("^[a-z]+")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("group named `client`"), "{e}");
    }
}
