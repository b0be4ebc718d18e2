//! The shortcut rows of a preview: blocked (an identity or parent that cannot come, no sole
//! identity, an id a row before it already has), unchanged, differing, a duplicate of an
//! existing shortcut for the same account and role, or new.

use std::collections::HashMap;

use super::{Change, EntryKind, Row, blocked, differing_fields, role_key, shortcut_summary};
use crate::catalog::model::Catalog;
use crate::sources::import::Proposal;

pub(super) fn rows(
    proposal: &Proposal,
    current: &Catalog,
    blocked_identities: &HashMap<String, String>,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let sole = current.sole_identity().map(|i| i.id.as_str());
    // One lookup per row, not a pass over the catalog (30,000 rows against 30,000 shortcuts).
    let by_id: HashMap<&str, &crate::catalog::model::Shortcut> = current
        .shortcuts
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let existing_roles: HashMap<(String, String), &str> = current
        .shortcuts
        .iter()
        .filter_map(|s| role_key(s, sole).map(|k| (k, s.id.as_str())))
        .collect();
    let via_blocked = blocked::blocked_vias(proposal, current, blocked_identities);
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
            "it names no identity and there are several ({}): say whose keys assume it (`rolehop import links --identity ID`, or the identity chosen in Settings), import it with its base account, or add `identity` to it after importing the others",
            many.join(", ")
        )),
    };
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    for ps in &proposal.shortcuts {
        let s = &ps.shortcut;
        let first = match first_line.entry(s.id.as_str()) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(ps.origin.line);
                true
            }
            std::collections::hash_map::Entry::Occupied(_) => false,
        };
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
        } else if let Some(reason) = no_sole_identity.as_ref().filter(|_| {
            s.identity.is_none()
                && s.via.is_none()
                // A source that cannot say the identity does not question the one a shortcut
                // it matches has.
                && !(proposal.says.is_some_and(|f| !f.contains(&"identity"))
                    && by_id.get(s.id.as_str()).copied().is_some())
        }) {
            Change::Blocked {
                reason: reason.clone(),
            }
        } else if let Some(line) = first_line.get(s.id.as_str()).filter(|_| !first) {
            // Importers hand out distinct ids; should two rows still share one, the second is
            // named here rather than lost when the first is written.
            Change::Blocked {
                reason: format!(
                    "the same id as the entry on line {line} of this import: rename one of them"
                ),
            }
        } else if let Some(existing) = by_id.get(s.id.as_str()).copied() {
            // A tag the import only proposes (prod, for a name that says production) is not
            // something the source says: a shortcut without it (the person declined it) does
            // not differ from the source for its lack.
            let mut guessed = s.clone();
            guessed
                .tags
                .retain(|t| !ps.proposed_tags.contains(t) || existing.tags.contains(t));
            // Naming the only identity is the same as naming none: not a difference.
            let fields: Vec<String> = differing_fields(existing, &guessed)
                .into_iter()
                .filter(|f| proposal.says.is_none_or(|says| says.contains(&f.as_str())))
                // `team/Admin` and `/team/Admin`, or a name and its ARN, are the same role.
                .filter(|f| {
                    let role = |s| role_key(s, sole).map(|k| k.0);
                    !(matches!(f.as_str(), "role" | "account")
                        && role(existing).is_some()
                        && role(existing) == role(s))
                })
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
            proposed_tags: ps.proposed_tags.clone(),
        });
    }

    rows
}
