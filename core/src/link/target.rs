//! What a person names when they open something: a shortcut id, a `rolehop://` link, or an
//! AWS switch-role link pasted from a knowledge base. `rolehop open`, the switcher and the
//! tray's link handler all read it here, so a link means the same everywhere.

use super::deep::{self, Landing};
use super::switch_role::{self, SwitchRoleLink, add_command, shell_quote};
use crate::catalog::resolve::{ResolvedShortcut, resolve};
use crate::catalog::{Catalog, CatalogError};

/// Why a text names nothing that can be opened: a link that cannot be followed, or an id (or
/// a `rolehop://` link's id) the catalog does not have.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error(transparent)]
    Link(#[from] deep::LinkError),
    #[error(transparent)]
    Catalog(#[from] CatalogError),
}

/// One shortcut to open, and where its console lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub shortcut: String,
    pub landing: Landing,
}

impl Target {
    /// The shortcut on its own page.
    pub fn plain(shortcut: impl Into<String>) -> Self {
        Self {
            shortcut: shortcut.into(),
            landing: Landing::default(),
        }
    }
}

/// What a text names.
#[derive(Debug, Clone, PartialEq)]
pub enum Named {
    /// One shortcut (its id, a `rolehop://` link, or the one shortcut for a switch-role link).
    One(Target),
    /// A switch-role link that several shortcuts open (the same role through different
    /// identities, say): the person chooses.
    Several {
        link: SwitchRoleLink,
        shortcuts: Vec<ResolvedShortcut>,
    },
    /// A switch-role link no shortcut opens yet, and the commands that would add one.
    Nothing {
        link: SwitchRoleLink,
        add: Vec<String>,
    },
}

/// Whether a text looks like a link rather than a shortcut id (so a front end reads it as
/// one, and reports what is wrong with it as a link).
pub fn is_link(text: &str) -> bool {
    let t = text.trim();
    deep::is_deep_link(t)
        || t.get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("https://"))
        || t.get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("http://"))
}

/// Reads what `text` names in `catalog`. An id or a `rolehop://` link must name a shortcut
/// that exists; a switch-role link may name several or none.
pub fn named(catalog: &Catalog, text: &str) -> Result<Named, TargetError> {
    let text = text.trim();
    if deep::is_deep_link(text) {
        let link = deep::parse(text)?;
        resolve(catalog, &link.shortcut)?;
        return Ok(Named::One(Target {
            shortcut: link.shortcut,
            landing: link.landing,
        }));
    }
    if is_link(text) {
        let link = match switch_role::parse(text) {
            Some(Ok(link)) => link,
            Some(Err(unusable)) => {
                return Err(deep::LinkError::SwitchRole {
                    shown: deep::shown(text),
                    reason: unusable.0,
                }
                .into());
            }
            None => {
                return Err(deep::LinkError::Foreign {
                    shown: deep::shown(text),
                }
                .into());
            }
        };
        let mut shortcuts = switch_role::matching(catalog, &link);
        return Ok(match shortcuts.len() {
            0 => Named::Nothing {
                add: suggestion(catalog, &link),
                link,
            },
            1 => Named::One(Target::plain(shortcuts.remove(0).id)),
            _ => Named::Several { link, shortcuts },
        });
    }
    resolve(catalog, text)?;
    Ok(Named::One(Target::plain(text)))
}

/// A word as an id: lowercase letters and digits, anything else a single `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    out.truncate(64);
    out.trim_end_matches('-').to_string()
}

/// What a switch-role link no shortcut opens would be added as: the Settings form filled from
/// the link ("Add this shortcut…" in the switcher) and the `rolehop add` lines both come from
/// here, so they propose the same thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposed {
    /// The client: the link's `displayName`'s first word (as the importers read names).
    pub client: String,
    /// Set when the catalog has no client by that id: the name and colour to give it.
    pub new_client: Option<NewClient>,
    /// A free id: the display name as an id (`initech-prod`), suffixed when taken.
    pub shortcut: String,
    pub account: String,
    /// The role name, or its ARN outside the commercial partition (the ARN says it).
    pub role: String,
    pub label: Option<String>,
    /// With several identities, the one in the link's partition when there is exactly one;
    /// `None` with several: the person picks (see `identity_needed`).
    pub identity: Option<String>,
    pub identity_needed: bool,
    /// `prod` when the display name says production (as an import proposes it).
    pub tags: Vec<String>,
}

/// A client a proposal would add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClient {
    pub name: String,
    /// The link's `color` (`#rrggbb`).
    pub color: Option<String>,
}

/// Proposes what would open `link` (see [`Proposed`]).
pub fn proposed(catalog: &Catalog, link: &SwitchRoleLink) -> Proposed {
    let name = link.display_name.clone().unwrap_or_default();
    let first = name.split_whitespace().next().unwrap_or_default();
    let client = match slug(first) {
        c if c.is_empty() => "client".to_string(),
        c => c,
    };
    let mut id = slug(&name);
    if id.is_empty() || id == client {
        id = slug(&format!("{client} {}", link.role.replace('/', "-")));
    }
    let mut n = 2;
    let base = id.clone();
    while catalog.shortcut(&id).is_some() {
        id = format!("{base}-{n}");
        n += 1;
    }
    let new_client = catalog.client(&client).is_none().then(|| NewClient {
        name: if first.is_empty() { "Client" } else { first }.to_string(),
        color: link.color.clone(),
    });
    let role = switch_role::catalog_role(link);
    // With several identities a shortcut says whose keys assume its role: the one in the
    // link's partition when there is one, else the person picks.
    let (identity, identity_needed) = if catalog.identities.len() > 1 {
        let fitting: Vec<&str> = catalog
            .identities
            .iter()
            .filter(|i| i.partition == link.partition)
            .map(|i| i.id.as_str())
            .collect();
        match fitting.as_slice() {
            [one] => (Some(one.to_string()), false),
            _ => (None, true),
        }
    } else {
        (None, false)
    };
    let tags = if crate::catalog::resolve::says_production(&name) {
        vec![crate::catalog::resolve::PROPOSED_PRODUCTION_TAG.to_string()]
    } else {
        Vec::new()
    };
    Proposed {
        client,
        new_client,
        shortcut: id,
        account: link.account.clone(),
        role,
        label: link.display_name.clone(),
        identity,
        identity_needed,
        tags,
    }
}

/// The commands that would add what a link names: its client (when the catalog has none by
/// that id), then the shortcut ([`proposed`]).
fn suggestion(catalog: &Catalog, link: &SwitchRoleLink) -> Vec<String> {
    let p = proposed(catalog, link);
    let mut lines = Vec::new();
    if let Some(new) = &p.new_client {
        let mut line = format!(
            "rolehop add client {} --name {}",
            p.client,
            shell_quote(&new.name)
        );
        if let Some(color) = &new.color {
            line.push_str(&format!(" --color {}", shell_quote(color)));
        }
        lines.push(line);
    }
    let mut add = add_command(link, &p.client, &p.shortcut);
    for tag in &p.tags {
        add.push_str(&format!(" --tag {}", shell_quote(tag)));
    }
    match (&p.identity, p.identity_needed) {
        (Some(one), _) => add.push_str(&format!(" --identity {}", shell_quote(one))),
        (None, true) => add.push_str(" --identity ID"),
        (None, false) => {}
    }
    lines.push(add);
    lines
}

#[cfg(test)]
#[path = "target_tests.rs"]
mod tests;
