//! An AWS config import's static keys moved into the keychain (`rolehop import aws-config
//! --keys`, the Import page's "move keys"): each accepted new identity is enrolled the way
//! set-up enrolls one ([`super::enroll::enroll_imported`]: AWS says whose keys they are, the
//! keys go to the keychain, the identity to the catalog), one at a time.

use super::enroll::{EnrollError, Enrolled, enroll_imported};
use crate::broker::Sts;
use crate::catalog::store::CatalogStore;
use crate::error::{Error, ErrorKind};
use crate::vault::{Keychain, Vault};

/// Why the keys of an import's identities were not moved into the keychain.
#[derive(Debug, thiserror::Error)]
pub enum ImportKeysError {
    /// The catalog could not be read.
    #[error(transparent)]
    Catalog(Error),
    /// An identity's keys were refused (by AWS, or by the keychain).
    #[error("identity `{identity}` (profile `{profile}`): {source}")]
    Identity {
        identity: String,
        profile: String,
        #[source]
        source: EnrollError,
    },
}

impl ImportKeysError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Catalog(e) => e.kind(),
            Self::Identity { source, .. } => source.kind(),
        }
    }
}

/// Moves the static keys of an AWS config import's accepted new identities into the keychain
/// (see [`crate::sources::import::identities_to_enroll`]), one identity at a time; the first
/// failure stops before anything else is written. The keys go from the parsed credentials file
/// straight into a [`crate::Secret`] and the keychain.
pub async fn enroll_import_keys<K: Keychain, S: Sts>(
    store: &CatalogStore,
    vault: &Vault<K>,
    sts: &S,
    proposal: &crate::sources::import::Proposal,
    input: crate::sources::import::aws_config::Input<'_>,
    accept: &(dyn Fn(&crate::sources::import::Row) -> bool + Sync),
) -> Result<Vec<(String, Enrolled)>, ImportKeysError> {
    let current = store
        .load()
        .map_err(|e| ImportKeysError::Catalog(e.into()))?;
    let mut out = Vec::new();
    for pi in crate::sources::import::identities_to_enroll(proposal, &current, accept) {
        let Some((access_key_id, secret)) =
            crate::sources::import::aws_config::static_keys(input, &pi.origin.profile)
        else {
            continue;
        };
        let enrolled = enroll_imported(store, vault, sts, &pi.identity, access_key_id, secret)
            .await
            .map_err(|source| ImportKeysError::Identity {
                identity: pi.identity.id.clone(),
                profile: pi.origin.profile.clone(),
                source,
            })?;
        out.push((pi.origin.profile.clone(), enrolled));
    }
    Ok(out)
}
