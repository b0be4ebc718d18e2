//! The core's layered catalog as Settings shows it: identities (with whether their keys are in
//! the keychain), entries that come from a team layer, each layer's state and the conflicts
//! between layers. Read-only views; editing goes through `forms`.

use rolehop_core::catalog::Identity;
use rolehop_core::sources::layers::{Conflict, LayerStatus, Layered};

use crate::app::ipc::{ConflictView, IdentityView, LayerView, LayeredEntry};

impl IdentityView {
    pub fn of(identity: &Identity, has_keys: bool, mfa_process_confirmed: bool) -> Self {
        Self {
            id: identity.id.clone(),
            account: identity.account.clone(),
            mfa_serial: identity.mfa_serial.clone(),
            partition: identity.partition,
            region: identity.region.clone(),
            has_keys,
            sso_start_url: identity.sso_start_url.clone(),
            mfa_process: identity.mfa_process.clone(),
            mfa_process_confirmed,
        }
    }
}

impl From<&LayerStatus> for LayerView {
    fn from(l: &LayerStatus) -> Self {
        Self {
            layer: l.layer.clone(),
            file: l.file.clone(),
            entries: u32::try_from(l.entries).unwrap_or(u32::MAX),
            problem: l.problem.clone(),
        }
    }
}

impl From<&Conflict> for ConflictView {
    fn from(c: &Conflict) -> Self {
        Self {
            kind: c.kind,
            id: c.id.clone(),
            kept: c.kept.clone(),
            ignored: c.ignored.clone(),
        }
    }
}

/// The entries that come from a team layer, and which one.
pub fn layered_entries(layered: &Layered) -> Vec<LayeredEntry> {
    layered
        .origins
        .iter()
        .map(|((kind, id), origin)| LayeredEntry {
            kind: *kind,
            id: id.clone(),
            origin: origin.clone(),
        })
        .collect()
}
