//! Applying a plan: the accepted rows written in one locked, validated catalog edit, planned
//! again against the catalog as it is under the lock.

use std::collections::{HashMap, HashSet};

use super::{Change, EntryKind, ImportPlan, Row, plan};
use crate::catalog::CatalogError;
use crate::catalog::edit::CatalogDoc;
use crate::catalog::model::{Catalog, Shortcut};
use crate::sources::import::Proposal;

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
    let shortcuts: HashMap<&str, &Shortcut> =
        plan.proposal
            .shortcuts
            .iter()
            .fold(HashMap::new(), |mut map, p| {
                // The first of a (blocked) repeated id is the one its row stands for.
                map.entry(p.shortcut.id.as_str()).or_insert(&p.shortcut);
                map
            });
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
    let current_shortcuts: HashMap<&str, &Shortcut> = current
        .shortcuts
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let mut written: HashSet<&str> = HashSet::new();
    for ps in &plan.proposal.shortcuts {
        let s = &ps.shortcut;
        if chosen.contains(&(EntryKind::Shortcut, s.id.clone())) && written.insert(&s.id) {
            let s = match current_shortcuts.get(s.id.as_str()) {
                Some(existing) => super::merged(existing, s, plan.proposal.says),
                None => s.clone(),
            };
            doc.add_shortcut(&s, replace)?;
            record(&mut applied, EntryKind::Shortcut, &s.id);
        }
    }
    Ok((plan, applied))
}
