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
