//! What the preview blocks before it shows a row as importable: rows the save's own
//! validation would refuse, and shortcuts whose `via` parent cannot come.

use std::collections::{HashMap, HashSet};

use super::{Change, EntryKind, Row};
use crate::catalog::model::{Catalog, Shortcut};
use crate::sources::import::Proposal;

/// The save's own validation, run in the preview: the catalog with every row that would be
/// written is validated as `--apply` will validate it, and each row whose entry has a problem
/// is blocked with the problem, so one bad profile never stops the others and the preview
/// never promises what the apply refuses. Repeated until the rest validates (blocking a row
/// can leave another without its parent).
pub(super) fn block_invalid(
    rows: &mut [Row],
    proposal: &Proposal,
    current: &Catalog,
    moving_keys: bool,
) {
    let baseline: HashSet<String> = crate::catalog::validate::validate(current)
        .into_iter()
        .map(|p| format!("{}: {}", p.key, p.message))
        .collect();
    let current_shortcuts: HashMap<&str, &Shortcut> = current
        .shortcuts
        .iter()
        .map(|s| (s.id.as_str(), s))
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
        let mut client_ids: HashSet<String> = trial.clients.iter().map(|c| c.id.clone()).collect();
        for c in &proposal.clients {
            if writes(EntryKind::Client, &c.id) && client_ids.insert(c.id.clone()) {
                trial.clients.push(c.clone());
            }
        }
        // Where each shortcut is in the trial catalog: a replaced one is replaced in place
        // (one lookup each, not a pass over the catalog per row).
        let mut at: HashMap<String, usize> = trial
            .shortcuts
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), i))
            .collect();
        for ps in &proposal.shortcuts {
            let s = &ps.shortcut;
            if writes(EntryKind::Shortcut, &s.id) {
                // As the apply writes it: what the source cannot say is kept.
                match at.get(&s.id).copied() {
                    Some(i) => {
                        trial.shortcuts[i] = match current_shortcuts.get(s.id.as_str()) {
                            Some(existing) => super::merged(existing, s, proposal.says),
                            None => s.clone(),
                        };
                    }
                    None => {
                        at.insert(s.id.clone(), trial.shortcuts.len());
                        trial.shortcuts.push(s.clone());
                    }
                }
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
pub(super) fn blocked_vias(
    proposal: &Proposal,
    current: &Catalog,
    blocked_identities: &HashMap<String, String>,
) -> HashMap<String, String> {
    let by_id: HashMap<&str, &Shortcut> = proposal
        .shortcuts
        .iter()
        .map(|p| (p.shortcut.id.as_str(), &p.shortcut))
        .collect();
    let existing: HashSet<&str> = current.shortcuts.iter().map(|s| s.id.as_str()).collect();
    let mut blocked: HashMap<String, String> = HashMap::new();
    loop {
        let mut changed = false;
        for s in by_id.values() {
            if blocked.contains_key(&s.id) {
                continue;
            }
            let Some(via) = &s.via else { continue };
            let parent_ok = existing.contains(via.as_str())
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
