//! The discovery use case, as the CLI and the settings window run it: role credentials for the
//! source's `via` shortcut through the one launch flow ([`crate::launch::Engine`]), the
//! organization listed through [`AwsOrganizations`] (an Identity Center source: the accounts
//! and permission sets its identity's sign-in can see), a proposal and its difference with the
//! layer written last time. [`write_layer`] saves it atomically. The pure parts (listing,
//! proposing, diffing, the layer's text and file) are [`crate::sources::discover`]'s.

use std::path::{Path, PathBuf};

use crate::broker::{MfaPrompt, Sts};
use crate::catalog::model::DiscoverySpec;
use crate::catalog::store::parse_only;
use crate::error::Error;
use crate::federation::SigninClient;
use crate::launch::Engine;
use crate::sources::discover::aws::AwsOrganizations;
use crate::sources::discover::sso::{list_sso, propose_sso};
use crate::sources::discover::{
    DiffRow, Discovered, Progress, diff, layer_path, layer_text, list, propose,
};
use crate::sso::{AWS_SSO, SsoError};
use crate::vault::Keychain;

/// What a run found.
#[derive(Debug, Clone)]
pub struct Run {
    pub spec: DiscoverySpec,
    pub accounts: usize,
    pub discovered: Discovered,
    pub diff: Vec<DiffRow>,
    /// Whether a previous layer existed (a first run has nothing to compare with).
    pub refresh: bool,
    pub layer_path: PathBuf,
    pub text: String,
}

/// Lists the organization and compares the result with the previous layer. Writes nothing.
pub async fn run<K: Keychain, S: Sts, C: SigninClient, M: MfaPrompt>(
    engine: &Engine<'_, K, S, C, M>,
    spec: &DiscoverySpec,
    discovered_dir: &Path,
    progress: &dyn Fn(Progress),
) -> Result<Run, Error> {
    if let Some(identity) = &spec.identity {
        return run_sso(engine, spec, identity, discovered_dir, progress).await;
    }
    let role = engine.credentials(&spec.via).await?;
    let org = AwsOrganizations::new(&role.credentials, role.shortcut.partition).await;
    let accounts = list(&org, spec, progress).await?;
    // The account the `via` role is in is already a shortcut (and has no member role).
    let discovered = propose(spec, &accounts, Some(&role.shortcut.account));
    finish(spec, discovered, accounts.len(), discovered_dir)
}

/// An Identity Center source: what the identity's sign-in can see.
async fn run_sso<K: Keychain, S: Sts, C: SigninClient, M: MfaPrompt>(
    engine: &Engine<'_, K, S, C, M>,
    spec: &DiscoverySpec,
    identity: &str,
    discovered_dir: &Path,
    progress: &dyn Fn(Progress),
) -> Result<Run, Error> {
    let token = engine.sso_token(identity).await?;
    let region = engine
        .catalog
        .identity(identity)
        .and_then(|i| i.sso_region.clone())
        .unwrap_or_default();
    let assigned = list_sso(&AWS_SSO, &region, &token, progress)
        .await
        .map_err(|(operation, failure)| Error::from(SsoError::from_failure(operation, failure)))?;
    let discovered = propose_sso(spec, identity, &assigned);
    finish(spec, discovered, assigned.len(), discovered_dir)
}

/// The difference with the previous layer and the new layer's text.
fn finish(
    spec: &DiscoverySpec,
    discovered: Discovered,
    accounts: usize,
    discovered_dir: &Path,
) -> Result<Run, Error> {
    let path = layer_path(discovered_dir, &spec.id).map_err(|e| Error::Environment {
        kind: crate::base::error_kind::ErrorKind::Config,
        message: e.to_string(),
    })?;
    let previous = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| parse_only(&path, &text).ok());
    let refresh = previous.is_some();
    let diff = diff(&previous.unwrap_or_default(), &discovered);
    let text = layer_text(spec, &discovered);
    Ok(Run {
        spec: spec.clone(),
        accounts,
        discovered,
        diff,
        refresh,
        layer_path: path,
        text,
    })
}

/// Saves a run's layer (0600, temp file then rename: a reader never sees half a file).
pub fn write_layer(run: &Run) -> std::io::Result<()> {
    crate::base::files::write_atomic(&run.layer_path, run.text.as_bytes(), false)
}
