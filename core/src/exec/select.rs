//! Which shortcuts `rolehop exec --each SELECTOR` runs in. Pure: a selector and the catalog
//! in, the chosen shortcut ids (in catalog order) out.
//!
//! A selector is terms separated by commas (and `--each` may be given several times; all its
//! terms count together):
//!
//! - `client:acme` picks a client's shortcuts (by client id, or by its name, any case);
//! - `tag:prod` picks shortcuts with that tag (any case);
//! - `acme-*`, `*-prod`, `a?c` pick shortcut ids by glob (`*` any run, `?` one character);
//! - `acme-prod` picks that shortcut;
//! - `all` picks every shortcut;
//! - a leading `!` (`!tag:prod`, `!acme-legacy`) leaves out what the term picks.
//!
//! Terms of one kind add up (`client:acme,client:beta` is both clients; `a,b,c` is three
//! shortcuts); kinds narrow each other (`client:acme,tag:prod` is Acme's production
//! shortcuts), the way filters in a list narrow it. A term that picks nothing is an error
//! naming it: a typo must never quietly run a command in fewer (or other) accounts than the
//! person meant.

use crate::catalog::Catalog;

/// What a selector term looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Facet {
    Client,
    Tag,
    Name,
}

/// One term: its facet, the value, and whether it leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    facet: Facet,
    value: String,
    exclude: bool,
    /// As the person wrote it, for errors.
    text: String,
}

/// Why a selector cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    #[error(
        "--each: the selector is empty; name shortcuts (`acme-prod,beta-dev`), a glob (`acme-*`), `client:ID`, `tag:TAG` or `all`"
    )]
    Empty,
    #[error("--each: `{term}` is empty after `{prefix}:`")]
    NoValue { term: String, prefix: String },
    #[error("--each: `{term}` picks nothing{hint}")]
    PicksNothing { term: String, hint: String },
    #[error(
        "--each: `{selector}` leaves no shortcut (every one it picks is left out by a `!` term)"
    )]
    NothingLeft { selector: String },
}

fn parse_term(raw: &str) -> Result<Option<Term>, SelectError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (exclude, body) = match text.strip_prefix('!') {
        Some(rest) => (true, rest.trim()),
        None => (false, text),
    };
    let (facet, value) = match body.split_once(':') {
        Some((prefix, value)) if prefix.eq_ignore_ascii_case("client") => {
            (Facet::Client, value.trim())
        }
        Some((prefix, value)) if prefix.eq_ignore_ascii_case("tag") => (Facet::Tag, value.trim()),
        _ => (Facet::Name, body),
    };
    if value.is_empty() {
        return Err(SelectError::NoValue {
            term: text.to_string(),
            prefix: body.split(':').next().unwrap_or_default().to_string(),
        });
    }
    Ok(Some(Term {
        facet,
        value: value.to_string(),
        exclude,
        text: text.to_string(),
    }))
}

/// Whether `name` matches `pattern`, where `*` is any run of characters and `?` one.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    // The classic two-pointer match with one backtrack point per `*`.
    let (mut pi, mut ni) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ni;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// The shortcut ids one term picks, in catalog order.
fn picks<'c>(catalog: &'c Catalog, term: &Term) -> Vec<&'c str> {
    let value = term.value.as_str();
    catalog
        .shortcuts
        .iter()
        .filter(|s| match term.facet {
            Facet::Client => {
                s.client.eq_ignore_ascii_case(value)
                    || catalog
                        .clients
                        .iter()
                        .any(|c| c.id == s.client && c.name.eq_ignore_ascii_case(value))
            }
            Facet::Tag => s.tags.iter().any(|t| t.eq_ignore_ascii_case(value)),
            Facet::Name if value == "all" => true,
            Facet::Name if value.contains(['*', '?']) => glob_match(value, &s.id),
            Facet::Name => s.id == value,
        })
        .map(|s| s.id.as_str())
        .collect()
}

/// What a term that picks nothing is told: the closest names of its kind.
fn hint(catalog: &Catalog, term: &Term) -> String {
    let known: Vec<String> = match term.facet {
        Facet::Client => catalog.clients.iter().map(|c| c.id.clone()).collect(),
        Facet::Tag => {
            let mut tags: Vec<String> = catalog
                .shortcuts
                .iter()
                .flat_map(|s| s.tags.iter().map(|t| t.to_lowercase()))
                .collect();
            tags.sort();
            tags.dedup();
            tags
        }
        Facet::Name => catalog.shortcuts.iter().map(|s| s.id.clone()).collect(),
    };
    let what = match term.facet {
        Facet::Client => "client",
        Facet::Tag => "tag",
        Facet::Name => "shortcut",
    };
    let close = crate::catalog::closest::closest(&term.value, &known, 3);
    if close.is_empty() {
        format!(" (no {what} of that name; see `rolehop list`)")
    } else {
        format!(" (did you mean {}?)", close.join(", "))
    }
}

/// The shortcut ids `selectors` pick (each a comma-separated list of terms), in catalog order.
pub fn select(catalog: &Catalog, selectors: &[String]) -> Result<Vec<String>, SelectError> {
    let mut terms = Vec::new();
    for selector in selectors {
        for raw in selector.split(',') {
            if let Some(term) = parse_term(raw)? {
                terms.push(term);
            }
        }
    }
    if terms.is_empty() {
        return Err(SelectError::Empty);
    }
    // Every term must pick something, left-out ones included (a `!` typo would otherwise
    // leave in what the person meant to leave out).
    let mut picked: Vec<(Facet, bool, Vec<&str>)> = Vec::new();
    for term in &terms {
        let ids = picks(catalog, term);
        if ids.is_empty() {
            return Err(SelectError::PicksNothing {
                term: term.text.clone(),
                hint: hint(catalog, term),
            });
        }
        picked.push((term.facet, term.exclude, ids));
    }
    let including: Vec<&(Facet, bool, Vec<&str>)> = picked.iter().filter(|p| !p.1).collect();
    let facets: std::collections::BTreeSet<Facet> = including.iter().map(|p| p.0).collect();
    let chosen: Vec<String> = catalog
        .shortcuts
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| {
            // In every facet that has including terms, picked by one of them; with only `!`
            // terms, everything is the start.
            facets.iter().all(|facet| {
                including
                    .iter()
                    .filter(|p| p.0 == *facet)
                    .any(|p| p.2.contains(id))
            })
        })
        .filter(|id| !picked.iter().any(|p| p.1 && p.2.contains(id)))
        .map(str::to_string)
        .collect();
    if chosen.is_empty() {
        return Err(SelectError::NothingLeft {
            selector: selectors.join(","),
        });
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Client, Shortcut};

    fn catalog() -> Catalog {
        let client = |id: &str, name: &str| Client {
            id: id.into(),
            name: name.into(),
            color: None,
            notes: None,
            link: None,
            browser: None,
        };
        let shortcut = |id: &str, client: &str, tags: &[&str]| Shortcut {
            id: id.into(),
            client: client.into(),
            account: Some("111111111111".into()),
            role: "Admin".into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Shortcut::default()
        };
        Catalog {
            clients: vec![client("acme", "Acme Corp"), client("beta", "Beta Ltd")],
            shortcuts: vec![
                shortcut("acme-dev", "acme", &[]),
                shortcut("acme-prod", "acme", &["prod"]),
                shortcut("beta-dev", "beta", &[]),
                shortcut("beta-prod", "beta", &["Production", "prod"]),
                shortcut("beta-legacy", "beta", &["prod"]),
            ],
            ..Catalog::default()
        }
    }

    fn sel(text: &[&str]) -> Result<Vec<String>, SelectError> {
        select(
            &catalog(),
            &text.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
        )
    }

    #[test]
    fn terms_pick_add_up_within_a_kind_and_narrow_across_kinds() {
        let table: [(&[&str], &[&str]); 12] = [
            (&["client:acme"], &["acme-dev", "acme-prod"]),
            (
                &["client:Beta Ltd"],
                &["beta-dev", "beta-prod", "beta-legacy"],
            ),
            (&["tag:PROD"], &["acme-prod", "beta-prod", "beta-legacy"]),
            (&["acme-*"], &["acme-dev", "acme-prod"]),
            (&["*-prod"], &["acme-prod", "beta-prod"]),
            (&["acme-dev,beta-dev"], &["acme-dev", "beta-dev"]),
            (&["beta-dev", "acme-dev"], &["acme-dev", "beta-dev"]),
            (
                &["client:acme,client:beta,tag:prod"],
                &["acme-prod", "beta-prod", "beta-legacy"],
            ),
            (&["client:beta,tag:prod,!beta-legacy"], &["beta-prod"]),
            (&["all,!tag:prod"], &["acme-dev", "beta-dev"]),
            (&["!tag:prod"], &["acme-dev", "beta-dev"]),
            (&[" acme-dev , , acme-prod "], &["acme-dev", "acme-prod"]),
        ];
        for (selector, want) in table {
            let want: Vec<String> = want.iter().map(|w| w.to_string()).collect();
            assert_eq!(sel(selector), Ok(want), "{selector:?}");
        }
    }

    #[test]
    fn a_term_that_picks_nothing_is_named_with_the_closest_names() {
        match sel(&["client:acm"]) {
            Err(SelectError::PicksNothing { term, hint }) => {
                assert_eq!(term, "client:acm");
                assert!(hint.contains("acme"), "{hint}");
            }
            other => panic!("{other:?}"),
        }
        // A left-out term with a typo is refused too: it would leave in what it meant to
        // leave out.
        assert!(matches!(
            sel(&["all,!beta-legacyy"]),
            Err(SelectError::PicksNothing { .. })
        ));
        assert!(matches!(
            sel(&["gamma-*"]),
            Err(SelectError::PicksNothing { .. })
        ));
        assert_eq!(sel(&[" , "]), Err(SelectError::Empty));
        assert!(matches!(sel(&["tag:"]), Err(SelectError::NoValue { .. })));
        assert!(matches!(
            sel(&["client:acme,!acme-*"]),
            Err(SelectError::NothingLeft { .. })
        ));
    }

    #[test]
    fn globs_match_like_a_shell() {
        let table = [
            ("acme-*", "acme-prod", true),
            ("acme-*", "acme", false),
            ("*", "", true),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("*prod*", "acme-prod-eu", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
        ];
        for (pattern, name, want) in table {
            assert_eq!(glob_match(pattern, name), want, "{pattern} {name}");
        }
    }
}
