//! A proposal against the catalog as it is: what is new, what is already there, what differs,
//! what duplicates an existing shortcut under another id. [`apply`] writes the accepted rows in
//! one locked, validated catalog edit; entries that are already there are never touched, so a
//! second import of the same input changes nothing.

use std::collections::{HashMap, HashSet};

use super::{Origin, Proposal, Skipped};
use crate::catalog::CatalogError;
use crate::catalog::edit::CatalogDoc;
use crate::catalog::model::{Catalog, Shortcut};
use crate::catalog::rules;

/// What a preview row adds: an identity, a client or a shortcut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ImportEntryKind"))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ImportRowStatus"))]
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

fn plan_inner(proposal: &Proposal, current: &Catalog, moving_keys: bool) -> ImportPlan {
    let mut proposal = proposal.clone();
    let mut rows = Vec::new();

    // Identities: an identity the catalog already has (same id, same account, or, when the
    // input does not say the account, the person's only identity) is used, never changed.
    let mut map: HashMap<String, String> = HashMap::new();
    let mut blocked_identities: HashMap<String, String> = HashMap::new();
    let mut kept = Vec::new();
    for pi in &proposal.identities {
        let id = &pi.identity.id;
        let account = &pi.identity.account;
        let mut notes = pi.notes.clone();
        let existing = current
            .identity(id)
            .or_else(|| {
                (!account.is_empty())
                    .then(|| current.identities.iter().find(|i| &i.account == account))
                    .flatten()
            })
            .or_else(|| {
                // A guess, made only when AWS is not about to say whose the keys are.
                (account.is_empty() && !(moving_keys && pi.has_keys))
                    .then(|| current.sole_identity())
                    .flatten()
            });
        let change = match existing {
            Some(e) => {
                if e.id != *id {
                    notes.push(if account.is_empty() {
                        format!("taken to be your identity `{}` (the only one)", e.id)
                    } else {
                        format!("is your identity `{}` (same account)", e.id)
                    });
                }
                if pi.has_keys {
                    notes.push("its keys are not needed: that identity has its own".into());
                }
                map.insert(id.clone(), e.id.clone());
                Change::Unchanged
            }
            None if account.is_empty() && moving_keys && pi.has_keys => {
                notes.push("its keys move into the keychain; AWS says whose they are".into());
                kept.push(pi.clone());
                Change::New
            }
            None if account.is_empty() => {
                let reason = if pi.has_keys {
                    format!(
                        "its account is unknown: moving its keys into the keychain (`--keys`, or the checkbox in Settings) asks AWS whose they are; or set the identity up first; or add `mfa_serial` to profile `{}`",
                        pi.origin.profile
                    )
                } else {
                    format!(
                        "its account is unknown: add `mfa_serial` to profile `{}`, or set up the identity first (`rolehop setup`)",
                        pi.origin.profile
                    )
                };
                blocked_identities.insert(id.clone(), reason.clone());
                Change::Blocked { reason }
            }
            None => {
                if pi.has_keys {
                    notes.push(if moving_keys {
                        "its static keys move into the keychain (checked with AWS first)".into()
                    } else {
                        "its static keys can move into the keychain (`--keys`); they are not copied otherwise".into()
                    });
                }
                kept.push(pi.clone());
                Change::New
            }
        };
        rows.push(Row {
            kind: EntryKind::Identity,
            id: map.get(id).cloned().unwrap_or_else(|| id.clone()),
            origin: Some(pi.origin.clone()),
            summary: if account.is_empty() {
                "account unknown".into()
            } else {
                format!("account {account}")
            },
            change,
            notes,
        });
    }
    proposal.identities = kept;

    // Clients: existing ones are kept as they are (the person may have named and coloured them).
    for client in &proposal.clients {
        rows.push(Row {
            kind: EntryKind::Client,
            id: client.id.clone(),
            origin: None,
            summary: client.name.clone(),
            change: if current.client(&client.id).is_some() {
                Change::Unchanged
            } else {
                Change::New
            },
            notes: Vec::new(),
        });
    }

    // Shortcuts.
    let sole = current.sole_identity().map(|i| i.id.as_str());
    let existing_roles: HashMap<(String, String), &str> = current
        .shortcuts
        .iter()
        .filter_map(|s| role_key(s, sole).map(|k| (k, s.id.as_str())))
        .collect();
    for ps in &mut proposal.shortcuts {
        if let Some(id) = ps.shortcut.identity.as_ref().and_then(|i| map.get(i)) {
            ps.shortcut.identity = Some(id.clone());
        }
    }
    let via_blocked = blocked_vias(&proposal, current, &blocked_identities);
    // A shortcut that names neither an identity nor a parent uses "the only identity".
    let identities: Vec<&str> = current
        .identities
        .iter()
        .map(|i| i.id.as_str())
        .chain(proposal.identities.iter().map(|i| i.identity.id.as_str()))
        .collect();
    let no_sole_identity = match identities.as_slice() {
        [_] => None,
        [] => Some(
            "no identity yet: set one up first (Settings > Identities, or `rolehop setup`)"
                .to_string(),
        ),
        many => Some(format!(
            "it names no identity and there are several ({}): add `identity` to it after importing the others, or import it with its base account",
            many.join(", ")
        )),
    };
    for ps in &proposal.shortcuts {
        let s = &ps.shortcut;
        let blocked = s
            .identity
            .as_ref()
            .and_then(|i| blocked_identities.get(i).map(|r| (i, r)));
        let change = if let Some((identity, reason)) = blocked {
            Change::Blocked {
                reason: format!("identity `{identity}`: {reason}"),
            }
        } else if let Some(reason) = via_blocked.get(&s.id) {
            Change::Blocked {
                reason: reason.clone(),
            }
        } else if let Some(reason) = no_sole_identity
            .as_ref()
            .filter(|_| s.identity.is_none() && s.via.is_none())
        {
            Change::Blocked {
                reason: reason.clone(),
            }
        } else if let Some(existing) = current
            .shortcut(&s.id)
            .filter(|e| ps.origin.profile != s.id && role_key(e, sole) != role_key(s, sole))
        {
            // `Acme-Prod` becomes the id `acme-prod`; that the catalog has a shortcut of that id
            // for another account or role does not make them the same.
            Change::Blocked {
                reason: format!(
                    "`{}` becomes the id `{}`, which is already a shortcut for another role ({}): rename one of them",
                    ps.origin.profile,
                    s.id,
                    shortcut_summary(existing)
                ),
            }
        } else if let Some(existing) = current.shortcut(&s.id) {
            // Naming the only identity is the same as naming none: not a difference.
            let fields: Vec<String> = differing_fields(existing, s)
                .into_iter()
                .filter(|f| {
                    !(f == "identity"
                        && existing.identity.is_none()
                        && s.identity.as_deref() == sole)
                })
                .collect();
            if fields.is_empty() {
                Change::Unchanged
            } else {
                Change::Differs { fields }
            }
        } else if let Some(of) = role_key(s, sole).and_then(|k| existing_roles.get(&k)) {
            Change::Duplicate {
                of: (*of).to_string(),
            }
        } else {
            Change::New
        };
        rows.push(Row {
            kind: EntryKind::Shortcut,
            id: s.id.clone(),
            origin: Some(ps.origin.clone()),
            summary: shortcut_summary(s),
            change,
            notes: ps.notes.clone(),
        });
    }

    block_invalid(&mut rows, &proposal, current, moving_keys);

    // A new client is offered only with a shortcut that can be written.
    // Shortcut rows are pushed in proposal order, one per proposed shortcut.
    let shortcut_rows = rows.iter().filter(|r| r.kind == EntryKind::Shortcut);
    let wanted: std::collections::HashSet<&str> = shortcut_rows
        .zip(&proposal.shortcuts)
        .filter(|(r, _)| r.would_write(true))
        .map(|(_, p)| p.shortcut.client.as_str())
        .collect();
    let unwanted: Vec<String> = proposal
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
    ImportPlan {
        rows,
        skipped: proposal.skipped.clone(),
        proposal,
    }
}

/// The save's own validation, run in the preview: the catalog with every row that would be
/// written is validated as `--apply` will validate it, and each row whose entry has a problem
/// is blocked with the problem, so one bad profile never stops the others and the preview
/// never promises what the apply refuses. Repeated until the rest validates (blocking a row
/// can leave another without its parent).
fn block_invalid(rows: &mut [Row], proposal: &Proposal, current: &Catalog, moving_keys: bool) {
    let baseline: HashSet<String> = crate::catalog::validate::validate(current)
        .into_iter()
        .map(|p| format!("{}: {}", p.key, p.message))
        .collect();
    // Each pass blocks at least one row or stops; bounded by the number of rows.
    for _ in 0..=rows.len() {
        let writing: HashSet<(EntryKind, String)> = rows
            .iter()
            .filter(|r| r.would_write(true))
            .map(|r| (r.kind, r.id.clone()))
            .collect();
        let writes = |kind: EntryKind, id: &str| writing.contains(&(kind, id.to_string()));
        let mut trial = current.clone();
        let sole = current.sole_identity().map(|i| i.id.clone());
        for pi in &proposal.identities {
            if writes(EntryKind::Identity, &pi.identity.id) {
                // As the save does (`CatalogDoc::set_identity`): a second identity pins the
                // shortcuts that used the only one to it.
                if let Some(sole) = sole.as_ref().filter(|s| **s != pi.identity.id) {
                    for s in trial
                        .shortcuts
                        .iter_mut()
                        .filter(|s| s.identity.is_none() && s.via.is_none())
                    {
                        s.identity = Some(sole.clone());
                    }
                }
                let mut identity = pi.identity.clone();
                if identity.account.is_empty() && moving_keys {
                    // AWS says the account before the apply; any valid one stands in.
                    identity.account = "000000000000".into();
                }
                trial.identities.push(identity);
            }
        }
        for c in &proposal.clients {
            if writes(EntryKind::Client, &c.id) && trial.client(&c.id).is_none() {
                trial.clients.push(c.clone());
            }
        }
        for ps in &proposal.shortcuts {
            let s = &ps.shortcut;
            if writes(EntryKind::Shortcut, &s.id) {
                trial.shortcuts.retain(|t| t.id != s.id);
                trial.shortcuts.push(s.clone());
            }
        }
        let mut found: HashMap<(EntryKind, String), Vec<String>> = HashMap::new();
        for p in crate::catalog::validate::validate(&trial) {
            if baseline.contains(&format!("{}: {}", p.key, p.message)) {
                continue;
            }
            let entry = [
                ("shortcut[", EntryKind::Shortcut),
                ("identity[", EntryKind::Identity),
                ("client[", EntryKind::Client),
            ]
            .into_iter()
            .find_map(|(prefix, kind)| {
                let rest = p.key.strip_prefix(prefix)?;
                Some((kind, rest.split_once(']')?.0.to_string()))
            });
            let message = match p.key.split_once("].") {
                Some((_, field)) => format!("{field}: {}", p.message),
                None => p.message.clone(),
            };
            match entry {
                Some(key) if writes(key.0, &key.1) => found.entry(key).or_default().push(message),
                // A problem of the whole catalog: the shortcuts being added carry it.
                _ => {
                    for r in rows
                        .iter()
                        .filter(|r| r.kind == EntryKind::Shortcut && r.would_write(true))
                    {
                        found
                            .entry((r.kind, r.id.clone()))
                            .or_default()
                            .push(message.clone());
                    }
                }
            }
        }
        if found.is_empty() {
            return;
        }
        for row in rows.iter_mut() {
            if let Some(problems) = found.remove(&(row.kind, row.id.clone())) {
                row.change = Change::Blocked {
                    reason: problems.join("; "),
                };
            }
        }
    }
}

/// Shortcuts whose `via` parent will not exist: not in the catalog, and not importable (skipped,
/// or itself blocked), with the reason. Followed down chains of any depth.
fn blocked_vias(
    proposal: &Proposal,
    current: &Catalog,
    blocked_identities: &HashMap<String, String>,
) -> HashMap<String, String> {
    let by_id: HashMap<&str, &Shortcut> = proposal
        .shortcuts
        .iter()
        .map(|p| (p.shortcut.id.as_str(), &p.shortcut))
        .collect();
    let mut blocked: HashMap<String, String> = HashMap::new();
    loop {
        let mut changed = false;
        for s in by_id.values() {
            if blocked.contains_key(&s.id) {
                continue;
            }
            let Some(via) = &s.via else { continue };
            let parent_ok = current.shortcut(via).is_some()
                || by_id.get(via.as_str()).is_some_and(|p| {
                    !blocked.contains_key(&p.id)
                        && !p
                            .identity
                            .as_ref()
                            .is_some_and(|i| blocked_identities.contains_key(i))
                });
            if !parent_ok {
                blocked.insert(
                    s.id.clone(),
                    format!("it goes via `{via}`, which cannot be imported (see above or below)"),
                );
                changed = true;
            }
        }
        if !changed {
            return blocked;
        }
    }
}

/// The account, role and signing parent of a shortcut: two shortcuts with the same key open the
/// same console.
/// `sole` is the catalog's only identity, which a shortcut naming none uses.
fn role_key(s: &Shortcut, sole: Option<&str>) -> Option<(String, String)> {
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

fn shortcut_summary(s: &Shortcut) -> String {
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

/// What an apply wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    pub added: Vec<String>,
    pub replaced: Vec<String>,
}

/// Writes the rows `accept` takes into the catalog document: new entries are added; entries
/// that differ are replaced only with `replace`. What an accepted shortcut needs (its client, a
/// new identity, the shortcut it goes `via`) comes with it; a client comes only that way. Meant to run inside
/// [`crate::catalog::CatalogStore::edit`], which validates the result before anything is saved.
pub fn apply(
    doc: &mut CatalogDoc,
    current: &Catalog,
    proposal: &Proposal,
    accept: &dyn Fn(&Row) -> bool,
    replace: bool,
) -> Result<(ImportPlan, Applied), CatalogError> {
    // Planned against the catalog as it is under the lock, not as it was at preview time.
    let plan = plan(proposal, current);
    // Clients come with the shortcuts that use them, never alone.
    let mut chosen: HashSet<(EntryKind, String)> = plan
        .rows
        .iter()
        .filter(|r| r.kind != EntryKind::Client && r.would_write(replace) && accept(r))
        .map(|r| (r.kind, r.id.clone()))
        .collect();
    let writable: HashMap<(EntryKind, &str), &Row> = plan
        .rows
        .iter()
        .filter(|r| r.would_write(replace))
        .map(|r| ((r.kind, r.id.as_str()), r))
        .collect();
    let shortcuts: HashMap<&str, &Shortcut> = plan
        .proposal
        .shortcuts
        .iter()
        .map(|p| (p.shortcut.id.as_str(), &p.shortcut))
        .collect();
    // Dependencies of chosen shortcuts, transitively along `via`.
    let mut queue: Vec<String> = chosen
        .iter()
        .filter(|(k, _)| *k == EntryKind::Shortcut)
        .map(|(_, id)| id.clone())
        .collect();
    while let Some(id) = queue.pop() {
        let Some(s) = shortcuts.get(id.as_str()) else {
            continue;
        };
        let mut need = vec![(EntryKind::Client, s.client.clone())];
        if let Some(i) = &s.identity {
            need.push((EntryKind::Identity, i.clone()));
        }
        if let Some(v) = &s.via {
            need.push((EntryKind::Shortcut, v.clone()));
        }
        for (kind, dep) in need {
            if writable.contains_key(&(kind, dep.as_str()))
                && chosen.insert((kind, dep.clone()))
                && kind == EntryKind::Shortcut
            {
                queue.push(dep);
            }
        }
    }

    let mut applied = Applied::default();
    let record = |applied: &mut Applied, kind: EntryKind, id: &str| {
        let key = format!("{}:{id}", kind.as_str());
        match writable.get(&(kind, id)).map(|r| &r.change) {
            Some(Change::Differs { .. }) => applied.replaced.push(key),
            _ => applied.added.push(key),
        }
    };
    for pi in &plan.proposal.identities {
        if chosen.contains(&(EntryKind::Identity, pi.identity.id.clone())) {
            doc.set_identity(&pi.identity)?;
            record(&mut applied, EntryKind::Identity, &pi.identity.id);
        }
    }
    for c in &plan.proposal.clients {
        if chosen.contains(&(EntryKind::Client, c.id.clone())) {
            doc.add_client(c, false)?;
            record(&mut applied, EntryKind::Client, &c.id);
        }
    }
    for ps in &plan.proposal.shortcuts {
        let s = &ps.shortcut;
        if chosen.contains(&(EntryKind::Shortcut, s.id.clone())) {
            doc.add_shortcut(s, replace)?;
            record(&mut applied, EntryKind::Shortcut, &s.id);
        }
    }
    Ok((plan, applied))
}
