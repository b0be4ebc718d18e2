//! A proposal against the catalog as it is: what is new, what is already there, what differs,
//! what duplicates an existing shortcut under another id. [`apply`] writes the accepted rows in
//! one locked, validated catalog edit; entries that are already there are never touched, so a
//! second import of the same input changes nothing.

mod apply;
mod blocked;
mod identities;
mod shortcuts;

pub use apply::{Applied, apply};

use std::collections::HashMap;

use super::{Origin, Proposal, Skipped};
use crate::catalog::model::{Catalog, Shortcut};
use crate::catalog::rules;

/// What a preview row adds: an identity, a client or a shortcut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(specta::Type))]
// The name TypeScript knows it by (JSON carries only the variant).
#[serde(rename = "ImportEntryKind")]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Identity,
    Client,
    Shortcut,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Identity => "identity",
            Self::Client => "client",
            Self::Shortcut => "shortcut",
        }
    }
}

/// How a proposed entry relates to the catalog.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Change {
    /// Not in the catalog: applying adds it.
    New,
    /// Already in the catalog as proposed (or, for identities and clients, under this id):
    /// nothing to do.
    Unchanged,
    /// In the catalog with other values: kept unless the person asks to replace it.
    Differs { fields: Vec<String> },
    /// The same account and role is already the shortcut `of`: not added again.
    Duplicate { of: String },
    /// Cannot be added, and why.
    Blocked { reason: String },
}

/// A row's status as the preview shows it, [`Change`] without its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(specta::Type))]
#[serde(rename = "ImportRowStatus")]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    New,
    Unchanged,
    Differs,
    Duplicate,
    Blocked,
}

impl Change {
    pub fn status(&self) -> RowStatus {
        match self {
            Self::New => RowStatus::New,
            Self::Unchanged => RowStatus::Unchanged,
            Self::Differs { .. } => RowStatus::Differs,
            Self::Duplicate { .. } => RowStatus::Duplicate,
            Self::Blocked { .. } => RowStatus::Blocked,
        }
    }

    /// What a person needs to know beyond the status: the fields that differ, the shortcut
    /// a duplicate repeats, or why a row is blocked.
    pub fn detail(&self) -> Option<String> {
        match self {
            Self::New | Self::Unchanged => None,
            Self::Differs { fields } => Some(format!("differs in {}", fields.join(", "))),
            Self::Duplicate { of } => Some(format!("same account and role as `{of}`")),
            Self::Blocked { reason } => Some(reason.clone()),
        }
    }
}

/// One line of the preview.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Row {
    pub kind: EntryKind,
    pub id: String,
    pub origin: Option<Origin>,
    /// A few words on what the entry is (`222222222222 Admin, client acme`).
    pub summary: String,
    pub change: Change,
    pub notes: Vec<String>,
    /// Tags the import proposes on its own, each of which the person may decline
    /// ([`super::Proposal::decline_tag`]).
    pub proposed_tags: Vec<String>,
}

impl Row {
    /// The key a person (or the settings window) accepts a row by: `shortcut:acme-prod`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind.as_str(), self.id)
    }

    /// Whether applying (with `replace` for rows that differ) would write this row.
    pub fn would_write(&self, replace: bool) -> bool {
        match self.change {
            Change::New => true,
            Change::Differs { .. } => replace,
            _ => false,
        }
    }
}

/// A proposal compared with the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    pub rows: Vec<Row>,
    pub skipped: Vec<Skipped>,
    /// The proposal with identities mapped onto the catalog's (what [`apply`] writes).
    pub proposal: Proposal,
}

impl ImportPlan {
    pub fn count(&self, pred: impl Fn(&Change) -> bool) -> usize {
        self.rows.iter().filter(|r| pred(&r.change)).count()
    }
}

/// Compares a proposal with the catalog. Pure.
pub fn plan(proposal: &Proposal, current: &Catalog) -> ImportPlan {
    plan_inner(proposal, current, false)
}

/// The plan as it will be once the static keys of the new identities are in the keychain
/// (`--keys`, or the settings page's checkbox): such an identity is new even when only AWS can
/// say its account. [`identities_to_enroll`] names them; enrol them, then [`apply`].
pub fn plan_moving_keys(proposal: &Proposal, current: &Catalog) -> ImportPlan {
    plan_inner(proposal, current, true)
}

/// The identities whose keys move into the keychain before an apply: new (in a
/// [`plan_moving_keys`] plan), holding keys, and accepted.
pub fn identities_to_enroll<'p>(
    proposal: &'p Proposal,
    current: &Catalog,
    accept: &dyn Fn(&Row) -> bool,
) -> Vec<&'p super::ProposedIdentity> {
    let plan = plan_moving_keys(proposal, current);
    proposal
        .identities
        .iter()
        .filter(|pi| pi.has_keys)
        .filter(|pi| {
            plan.rows.iter().any(|r| {
                r.kind == EntryKind::Identity
                    && r.id == pi.identity.id
                    && r.change == Change::New
                    && accept(r)
            })
        })
        .collect()
}

/// Names and labels from outside (a wiki page's link text, an organization's account names)
/// lose the characters a catalog refuses in them ([`crate::catalog::rules::display_text`]):
/// control characters become spaces, bidi controls go. The preview shows the tidied text, and
/// that is what an apply writes (it plans again from the same proposal).
fn tidy_names(proposal: &mut Proposal) {
    use crate::catalog::rules::tidy_display;
    for client in &mut proposal.clients {
        client.name = tidy_display(&client.name);
        if let Some(notes) = &mut client.notes {
            *notes = notes
                .lines()
                .map(tidy_display)
                .collect::<Vec<_>>()
                .join("\n");
        }
    }
    for ps in &mut proposal.shortcuts {
        if let Some(label) = &mut ps.shortcut.label {
            *label = tidy_display(label);
        }
    }
}

/// Clients get names a person would choose: a client the catalog has keeps its name there;
/// a new one the source named only by its id (`hooli`, from a profile name) is named from
/// it (`Hooli`, see [`super::naming::display_words`]). Names the source gave (a wiki heading,
/// an organization's account name) stay as given.
fn display_names(proposal: &mut Proposal, current: &Catalog) {
    let existing: HashMap<&str, &str> = current
        .clients
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    for client in &mut proposal.clients {
        if let Some(name) = existing.get(client.id.as_str()) {
            client.name = name.to_string();
        } else if client.name == client.id {
            let words = super::naming::display_words(&client.id);
            if !words.is_empty() {
                client.name = words;
            }
        }
    }
}

fn plan_inner(proposal: &Proposal, current: &Catalog, moving_keys: bool) -> ImportPlan {
    let mut proposal = proposal.clone();
    tidy_names(&mut proposal);
    display_names(&mut proposal, current);
    same_named_clients(&mut proposal, current);
    let identities = identities::rows(&proposal, current, moving_keys);
    proposal.identities = identities.kept;
    // Shortcuts name the identities as the catalog knows them.
    for ps in &mut proposal.shortcuts {
        if let Some(id) = ps
            .shortcut
            .identity
            .as_ref()
            .and_then(|i| identities.map.get(i))
        {
            ps.shortcut.identity = Some(id.clone());
        }
    }
    distinct_shortcut_ids(&mut proposal, current);
    let mut rows = identities.rows;
    rows.extend(client_rows(&proposal, current));
    rows.extend(shortcuts::rows(&proposal, current, &identities.blocked));
    blocked::block_invalid(&mut rows, &proposal, current, moving_keys);
    offer_clients_only_with_shortcuts(&mut rows, &proposal);
    ImportPlan {
        rows,
        skipped: proposal.skipped.clone(),
        proposal,
    }
}

/// A client the source names by a name the catalog already has for another id (a heading
/// "Acme Corp" read as `acme-corp`, where the catalog calls Acme Corp `acme`) is that client:
/// the proposal uses the catalog's id, so importing a page written from this catalog again
/// adds no second Acme Corp.
fn same_named_clients(proposal: &mut Proposal, current: &Catalog) {
    let norm = |name: &str| {
        name.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let ids: std::collections::HashSet<&str> =
        current.clients.iter().map(|c| c.id.as_str()).collect();
    // Each name the catalog uses, with its client when only one client has it.
    let mut by_name: HashMap<String, Option<&str>> = HashMap::new();
    for c in &current.clients {
        by_name
            .entry(norm(&c.name))
            .and_modify(|one| *one = None)
            .or_insert(Some(c.id.as_str()));
    }
    let mut renamed: HashMap<String, String> = HashMap::new();
    for client in &mut proposal.clients {
        if ids.contains(client.id.as_str()) {
            continue;
        }
        if let Some(Some(existing)) = by_name.get(&norm(&client.name)) {
            renamed.insert(client.id.clone(), existing.to_string());
            client.id = existing.to_string();
        }
    }
    if renamed.is_empty() {
        return;
    }
    for ps in &mut proposal.shortcuts {
        if let Some(to) = renamed.get(&ps.shortcut.client) {
            ps.shortcut.client = to.clone();
        }
    }
    // Two proposed clients that became the same one are listed once.
    let mut seen = std::collections::HashSet::new();
    proposal.clients.retain(|c| seen.insert(c.id.clone()));
}

/// Ids the source did not name itself (made from a link's text and heading, or a profile name
/// that is not an id as written) never land on a catalog shortcut for another role: such a
/// shortcut takes the next free `<id>-N`, or the `<id>-N` an earlier import of the same role
/// got (so importing again still changes nothing). Ids stay distinct within the proposal, and a
/// proposed `via` follows its parent's new id. Before this, `Beta / Prod` over a catalog that
/// had `beta-prod` for another account was blocked, and two such links in one page were one id.
fn distinct_shortcut_ids(proposal: &mut Proposal, current: &Catalog) {
    use std::collections::HashSet;
    let sole = current.sole_identity().map(|i| i.id.as_str());
    let by_id: HashMap<&str, &Shortcut> = current
        .shortcuts
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let taken_by_other = |id: &str, s: &Shortcut| {
        by_id
            .get(id)
            .is_some_and(|e| role_key(e, sole) != role_key(s, sole))
    };
    let mut used: HashSet<String> = proposal
        .shortcuts
        .iter()
        .map(|p| p.shortcut.id.clone())
        .collect();
    let mut next: HashMap<String, usize> = HashMap::new();
    let mut renamed: HashMap<String, String> = HashMap::new();
    for ps in &mut proposal.shortcuts {
        let s = &ps.shortcut;
        if ps.origin.profile == s.id || !taken_by_other(&s.id, s) {
            continue;
        }
        let base = s.id.clone();
        let mut n = next.get(&base).copied().unwrap_or(2);
        let id = loop {
            let suffix = format!("-{n}");
            let keep = 64usize.saturating_sub(suffix.len()).min(base.len());
            let head = base[..keep].trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
            let candidate = format!("{head}{suffix}");
            n += 1;
            if !used.contains(&candidate) && !taken_by_other(&candidate, s) {
                break candidate;
            }
        };
        next.insert(base.clone(), n);
        used.insert(id.clone());
        ps.notes.push(format!(
            "id `{id}`: `{base}` is already a shortcut for another role ({})",
            by_id
                .get(base.as_str())
                .map(|e| shortcut_summary(e))
                .unwrap_or_default()
        ));
        renamed.insert(base, id.clone());
        ps.shortcut.id = id;
    }
    if renamed.is_empty() {
        return;
    }
    for ps in &mut proposal.shortcuts {
        if let Some(to) = ps.shortcut.via.as_ref().and_then(|v| renamed.get(v)) {
            ps.shortcut.via = Some(to.clone());
        }
    }
}

/// `new` as it replaces `existing` when the source says only `says`: the catalog's values
/// for every other field are kept.
pub fn merged(existing: &Shortcut, new: &Shortcut, says: Option<&[&str]>) -> Shortcut {
    let Some(says) = says else {
        return new.clone();
    };
    let (Ok(serde_json::Value::Object(mut out)), Ok(serde_json::Value::Object(from))) =
        (serde_json::to_value(existing), serde_json::to_value(new))
    else {
        return new.clone();
    };
    for field in says {
        match from.get(*field) {
            Some(v) => {
                out.insert((*field).to_string(), v.clone());
            }
            None => {
                out.remove(*field);
            }
        }
    }
    serde_json::from_value(serde_json::Value::Object(out)).unwrap_or_else(|_| new.clone())
}

/// Clients: existing ones are kept as they are (the person may have named and coloured them).
fn client_rows(proposal: &Proposal, current: &Catalog) -> Vec<Row> {
    let mut rows = Vec::new();
    let ids: std::collections::HashSet<&str> =
        current.clients.iter().map(|c| c.id.as_str()).collect();
    for client in &proposal.clients {
        rows.push(Row {
            kind: EntryKind::Client,
            id: client.id.clone(),
            origin: None,
            summary: client.name.clone(),
            change: if ids.contains(client.id.as_str()) {
                Change::Unchanged
            } else {
                Change::New
            },
            notes: Vec::new(),
            proposed_tags: Vec::new(),
        });
    }

    rows
}

/// A new client is offered only with a shortcut that can be written.
fn offer_clients_only_with_shortcuts(rows: &mut [Row], proposal: &Proposal) {
    // Shortcut rows are pushed in proposal order, one per proposed shortcut.
    let shortcut_rows = rows.iter().filter(|r| r.kind == EntryKind::Shortcut);
    let wanted: std::collections::HashSet<&str> = shortcut_rows
        .zip(&proposal.shortcuts)
        .filter(|(r, _)| r.would_write(true))
        .map(|(_, p)| p.shortcut.client.as_str())
        .collect();
    let unwanted: std::collections::HashSet<String> = proposal
        .clients
        .iter()
        .filter(|c| !wanted.contains(c.id.as_str()))
        .map(|c| c.id.clone())
        .collect();
    for row in rows.iter_mut() {
        if row.kind == EntryKind::Client && row.change == Change::New && unwanted.contains(&row.id)
        {
            row.change = Change::Blocked {
                reason: "none of its shortcuts can be imported".into(),
            };
        }
    }
}

/// The account, role and signing parent of a shortcut: two shortcuts with the same key open the
/// same console.
/// `sole` is the catalog's only identity, which a shortcut naming none uses.
pub(super) fn role_key(s: &Shortcut, sole: Option<&str>) -> Option<(String, String)> {
    let spec = rules::role_spec(&s.role).ok()?;
    let account = spec.account.or_else(|| s.account.clone())?;
    let parent = s
        .via
        .as_deref()
        .or(s.identity.as_deref())
        .or(sole)
        .unwrap_or_default();
    Some((
        format!("{account}{}{}", spec.path, spec.name),
        format!("{parent}|{}", s.external_id.clone().unwrap_or_default()),
    ))
}

pub(super) fn shortcut_summary(s: &Shortcut) -> String {
    let mut out = match &s.account {
        Some(a) => format!("{a} {}", s.role),
        None => s.role.clone(),
    };
    out.push_str(&format!(", client {}", s.client));
    if let Some(via) = &s.via {
        out.push_str(&format!(", via {via}"));
    }
    out
}

/// The fields (as the catalog names them) in which two shortcuts differ.
pub fn differing_fields(a: &Shortcut, b: &Shortcut) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(a), serde_json::to_value(b))
    else {
        return vec!["?".into()];
    };
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| k.to_string())
        .collect()
}
