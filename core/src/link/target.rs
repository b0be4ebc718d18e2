//! What a person names when they open something: a shortcut id, a `rolehop://` link, an AWS
//! switch-role link pasted from a knowledge base, or an AWS console link from an alert, a
//! ticket or a chat (a console page, a multi-session page, an IAM Identity Center shortcut
//! link: [`super::console`]). `rolehop open`, the switcher and the tray's link handler all
//! read it here, so a link means the same everywhere: a console link opens in the console of
//! the shortcut for its account (the person chooses when several fit, or which shortcut when
//! the link names no account), landing on the link's page.

use super::console::{self, ConsoleLink};
use super::deep::{self, Landing};
use super::switch_role::{self, SwitchRoleLink, add_command, shell_quote};
use crate::catalog::resolve::{Lookup, ResolvedShortcut, resolve};
use crate::catalog::{Catalog, CatalogError};
use crate::partition::Partition;

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

    /// The one reading of a target against a catalog: its shortcut resolved and the landing
    /// applied (the region must be one of its partition, the destination must stay on its
    /// console). Whoever read the catalog resolves once and hands the result down: a link
    /// checked before its confirmation opens as it was shown, and the open flow does not read
    /// it again.
    pub fn resolve(&self, catalog: &Catalog) -> Result<Resolved, TargetError> {
        let shortcut = self.landing.apply(resolve(catalog, &self.shortcut)?)?;
        Ok(Resolved {
            shortcut,
            landing: self.landing.clone(),
        })
    }
}

/// A [`Target`] resolved against one catalog ([`Target::resolve`]): what the open flow takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The shortcut, with the landing's region and destination in place of its own.
    pub shortcut: ResolvedShortcut,
    /// The landing that was applied (shown by a link's confirmation).
    pub landing: Landing,
}

impl Resolved {
    /// Whether a link asked for a page or region of its own (a live console is then not just
    /// brought forward: the page opens as asked).
    pub fn asked_page(&self) -> bool {
        self.landing != Landing::default()
    }
}

/// What a link asks for when it names no single shortcut: what it names, in words for the
/// person, and where the console lands once a shortcut is chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Asked {
    pub partition: Partition,
    /// The account the link names; `None`: it names none (a console page without an ARN).
    pub account: Option<String>,
    /// The role it names (a switch-role link's, an Identity Center link's permission set).
    pub role: Option<String>,
    /// Where the chosen shortcut's console lands (a console link's page).
    pub landing: Landing,
    /// The switch-role link it is, or the one a console link naming an account and a role
    /// stands for: what "Add this shortcut…" proposes from.
    pub switch_role: Option<SwitchRoleLink>,
}

impl Asked {
    fn of_switch_role(link: SwitchRoleLink) -> Self {
        Self {
            partition: link.partition,
            account: Some(link.account.clone()),
            role: Some(link.role.clone()),
            landing: Landing::default(),
            switch_role: Some(link),
        }
    }

    /// "account 222222222222 as role Admin", "account 222222222222", "no account".
    pub fn what(&self) -> String {
        match (&self.account, &self.role) {
            (Some(account), Some(role)) => format!("account {account} as role {role}"),
            (Some(account), None) => format!("account {account}"),
            (None, _) => "no account".to_string(),
        }
    }

    /// The chosen shortcut's target.
    pub fn target(&self, shortcut: impl Into<String>) -> Target {
        Target {
            shortcut: shortcut.into(),
            landing: self.landing.clone(),
        }
    }
}

/// What a text names.
#[derive(Debug, Clone, PartialEq)]
pub enum Named {
    /// One shortcut (its id, a `rolehop://` link, or the one shortcut for a link).
    One(Target),
    /// A link that several shortcuts open (the same role through different identities, or
    /// several roles in the account of a console link): the person chooses.
    Several {
        link: Asked,
        shortcuts: Vec<ResolvedShortcut>,
    },
    /// A link no shortcut opens yet, and the commands that would add one.
    Nothing { link: Asked, add: Vec<String> },
    /// A console link that names no account: the person chooses the shortcut (the client)
    /// whose console opens it.
    NoAccount { link: Asked },
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
        let target = Target {
            shortcut: link.shortcut,
            landing: link.landing,
        };
        // Checked the one way an open reads it (an unknown shortcut, a refused landing).
        target.resolve(catalog)?;
        return Ok(Named::One(target));
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
                return match console::parse(text) {
                    Some(Ok(link)) => Ok(console_named(catalog, link)),
                    Some(Err(unusable)) => Err(deep::LinkError::Console {
                        shown: deep::shown(text),
                        reason: unusable.0,
                    }
                    .into()),
                    None => Err(deep::LinkError::Foreign {
                        shown: deep::shown(text),
                    }
                    .into()),
                };
            }
        };
        let mut shortcuts = switch_role::matching(catalog, &link);
        return Ok(match shortcuts.len() {
            0 => Named::Nothing {
                add: suggestion(catalog, &link),
                link: Asked::of_switch_role(link),
            },
            1 => Named::One(Target::plain(shortcuts.remove(0).id)),
            _ => Named::Several {
                link: Asked::of_switch_role(link),
                shortcuts,
            },
        });
    }
    resolve(catalog, text)?;
    Ok(Named::One(Target::plain(text)))
}

/// What a console link names: the shortcut of its account (of its role, when it names one
/// and a shortcut has it; else any of the account's), landing on its page.
fn console_named(catalog: &Catalog, link: ConsoleLink) -> Named {
    let asked = Asked {
        partition: link.partition,
        account: link.account.clone(),
        role: link.role.clone(),
        landing: Landing {
            destination: link.destination.clone(),
            region: link.region.clone(),
        },
        switch_role: match (&link.account, &link.role) {
            (Some(account), Some(role)) => Some(SwitchRoleLink {
                partition: link.partition,
                account: account.clone(),
                role: role.clone(),
                display_name: None,
                color: None,
            }),
            _ => None,
        },
    };
    let Some(account) = &link.account else {
        return Named::NoAccount { link: asked };
    };
    let lookup = Lookup::new(catalog);
    let in_account: Vec<ResolvedShortcut> = catalog
        .shortcuts
        .iter()
        .filter_map(|s| lookup.resolve(&s.id).ok())
        .filter(|r| r.partition == link.partition && &r.account == account)
        .collect();
    let with_role: Vec<ResolvedShortcut> = match &link.role {
        Some(role) => in_account
            .iter()
            .filter(|r| r.role_name.eq_ignore_ascii_case(role))
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let mut fitting = if with_role.is_empty() {
        in_account
    } else {
        with_role
    };
    match fitting.len() {
        0 => Named::Nothing {
            add: match &asked.switch_role {
                Some(as_link) => suggestion(catalog, as_link),
                None => vec![format!(
                    "rolehop add shortcut ID --client CLIENT --account {account} --role ROLE"
                )],
            },
            link: asked,
        },
        1 => Named::One(asked.target(fitting.remove(0).id)),
        _ => Named::Several {
            link: asked,
            shortcuts: fitting,
        },
    }
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
