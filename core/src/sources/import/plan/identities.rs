//! The identity rows of a preview: an identity the catalog already has (same id, same
//! account, or, when the input does not say the account, the person's only identity) is used,
//! never changed; one whose account is unknown is blocked unless its keys move (AWS then says
//! whose they are).

use std::collections::HashMap;

use super::{Change, EntryKind, Row};
use crate::catalog::model::Catalog;
use crate::sources::import::{Proposal, ProposedIdentity};

/// What the identity rows decide for the rest of the preview.
pub(super) struct IdentityRows {
    pub rows: Vec<Row>,
    /// Proposed identity id → the catalog's identity it is.
    pub map: HashMap<String, String>,
    /// Proposed identity id → why it cannot be imported.
    pub blocked: HashMap<String, String>,
    /// The proposed identities that are new.
    pub kept: Vec<ProposedIdentity>,
}

pub(super) fn rows(proposal: &Proposal, current: &Catalog, moving_keys: bool) -> IdentityRows {
    let mut rows = Vec::new();
    let mut map: HashMap<String, String> = HashMap::new();
    let mut blocked: HashMap<String, String> = HashMap::new();
    let mut kept = Vec::new();
    for pi in &proposal.identities {
        if let Some(portal) = pi.identity.portal() {
            rows.push(sso_row(
                pi,
                &portal,
                current,
                &mut map,
                &mut blocked,
                &mut kept,
            ));
            continue;
        }
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
                blocked.insert(id.clone(), reason.clone());
                Change::Blocked { reason }
            }
            None => {
                if !pi.has_keys {
                    notes.push(format!(
                        "profile `{}` holds no keys (aws-vault or your environment keeps them): the new identity asks for its keys once (`rolehop setup --identity {id}`)",
                        pi.origin.profile
                    ));
                }
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
        // Every command an import would record is shown, in full, before anything is written.
        if change == Change::New
            && let Some(command) = &pi.identity.mfa_process
        {
            notes.push(format!(
                "records the MFA code command `{command}`; it runs only once you confirm it, at its first use"
            ));
        }
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
            proposed_tags: Vec::new(),
        });
    }

    IdentityRows {
        rows,
        map,
        blocked,
        kept,
    }
}

/// An IAM Identity Center identity: the catalog's identity for the same portal is used (under
/// whatever name); a new one is added (it signs in at the first open, or with `rolehop login`);
/// a name taken by another identity blocks it.
fn sso_row(
    pi: &ProposedIdentity,
    portal: &crate::vault::sso::Portal,
    current: &Catalog,
    map: &mut HashMap<String, String>,
    blocked: &mut HashMap<String, String>,
    kept: &mut Vec<ProposedIdentity>,
) -> Row {
    let id = &pi.identity.id;
    let mut notes = pi.notes.clone();
    let same_portal = current
        .identities
        .iter()
        .find(|i| i.portal().as_ref() == Some(portal));
    let change = match same_portal {
        Some(e) => {
            if e.id != *id {
                notes.push(format!("is your identity `{}` (same access portal)", e.id));
            }
            map.insert(id.clone(), e.id.clone());
            Change::Unchanged
        }
        None if current.identity(id).is_some() => {
            let reason = format!(
                "identity `{id}` already exists and signs in elsewhere: rename the `[sso-session]` (or set up this portal under another name first)"
            );
            blocked.insert(id.clone(), reason.clone());
            Change::Blocked { reason }
        }
        None => {
            notes.push(format!(
                "signs in to IAM Identity Center at the first open, or with `rolehop login {id}`"
            ));
            kept.push(pi.clone());
            Change::New
        }
    };
    Row {
        kind: EntryKind::Identity,
        id: map.get(id).cloned().unwrap_or_else(|| id.clone()),
        origin: Some(pi.origin.clone()),
        summary: format!(
            "IAM Identity Center {} ({})",
            portal.start_url, portal.region
        ),
        change,
        notes,
        proposed_tags: Vec::new(),
    }
}
