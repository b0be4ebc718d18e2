//! Typed keychain entries. Each is JSON inside one keychain item:
//! - `identity/<id>/keys`: the access key id and secret access key;
//! - `identity/<id>/session`: cached GetSessionToken credentials with their expiry;
//! - `identity/<id>/mfa-used`: the last MFA code used and when (codes are single-use);
//! - `identity/<id>/mfa-process-ok`: a SHA-256 of the `mfa_process` command the person
//!   confirmed for this identity (no secret; kept here because a file anyone's import can
//!   write, the catalog, cannot vouch for itself);
//! - `identity/<id>/sso-client`, `identity/<id>/sso-token`: an IAM Identity Center identity's
//!   registered OIDC client and its tokens (see [`sso`]);
//! - `shortcut/<id>/role`: cached role credentials with their expiry, origin and the
//!   fingerprint of what determined them (`broker::fingerprint`): read back only when the
//!   fingerprint still matches;
//! - `index/roles`: the ids of shortcuts with cached role credentials (no secret in it), so
//!   entries whose shortcut was edited or removed can be found and dropped (a keychain cannot
//!   be listed portably).

use serde::{Deserialize, Serialize};

use super::VaultError;
use super::keychain::Keychain;
use crate::base::credentials::{AwsCredentials, CredentialOrigin};
use crate::base::secret::Secret;
use crate::vault::sso::{SsoClient, SsoToken};

/// An identity's long-term access key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseKeys {
    pub access_key_id: String,
    pub secret_access_key: Secret,
}

impl BaseKeys {
    pub fn credentials(&self) -> AwsCredentials {
        AwsCredentials {
            access_key_id: self.access_key_id.clone(),
            secret_access_key: self.secret_access_key.clone(),
            session_token: None,
            expires_at: None,
            origin: CredentialOrigin::LongTermKeys,
        }
    }
}

/// The last MFA code an identity used, so a second use inside the same TOTP window is caught
/// before AWS rejects it with a puzzling AccessDenied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaUse {
    pub code: Secret,
    pub used_at: i64,
}

/// Role credentials as cached, with the fingerprint of what determined them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedRole {
    /// Empty for entries written before fingerprints existed: never a match.
    #[serde(default)]
    pub fingerprint: String,
    #[serde(flatten)]
    pub credentials: AwsCredentials,
}

/// What [`Vault::prune_roles`] did: the entries it dropped and the ones that still match.
#[derive(Debug, Default)]
pub struct Pruned {
    pub dropped: Vec<String>,
    pub kept: Vec<(String, CachedRole)>,
}

/// Serializes updates of `index/roles` within this process (read-modify-write).
static ROLE_INDEX: std::sync::Mutex<()> = std::sync::Mutex::new(());
const ROLE_INDEX_ENTRY: &str = "index/roles";

pub struct Vault<K: Keychain> {
    keychain: K,
}

fn keys_entry(identity: &str) -> String {
    format!("identity/{identity}/keys")
}
fn session_entry(identity: &str) -> String {
    format!("identity/{identity}/session")
}
fn mfa_process_entry(identity: &str) -> String {
    format!("identity/{identity}/mfa-process-ok")
}

/// What is kept of a confirmed command: its digest, with the identity in it.
fn command_digest(identity: &str, command: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(format!("{identity}\0{command}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn mfa_entry(identity: &str) -> String {
    format!("identity/{identity}/mfa-used")
}
fn sso_client_entry(identity: &str) -> String {
    format!("identity/{identity}/sso-client")
}
fn sso_token_entry(identity: &str) -> String {
    format!("identity/{identity}/sso-token")
}
fn role_entry(shortcut: &str) -> String {
    format!("shortcut/{shortcut}/role")
}

impl<K: Keychain> Vault<K> {
    pub fn new(keychain: K) -> Self {
        Self { keychain }
    }

    pub fn keychain(&self) -> &K {
        &self.keychain
    }

    fn get_json<T: for<'de> Deserialize<'de>>(&self, entry: &str) -> Result<Option<T>, VaultError> {
        match self.keychain.get(entry)? {
            None => Ok(None),
            Some(secret) => match serde_json::from_str(secret.expose()) {
                Ok(value) => Ok(Some(value)),
                // A cache entry we cannot read is dropped, not fatal; keys are reported.
                Err(e) => Err(VaultError::Corrupt {
                    entry: entry.to_string(),
                    detail: format!("unreadable JSON at line {} column {}", e.line(), e.column()),
                }),
            },
        }
    }

    fn set_json<T: Serialize>(&self, entry: &str, value: &T) -> Result<(), VaultError> {
        let text = serde_json::to_string(value).map_err(|e| VaultError::Corrupt {
            entry: entry.to_string(),
            detail: e.to_string(),
        })?;
        self.keychain.set(entry, &Secret::new(text))
    }

    fn get_cache<T: for<'de> Deserialize<'de>>(
        &self,
        entry: &str,
    ) -> Result<Option<T>, VaultError> {
        match self.get_json(entry) {
            Err(VaultError::Corrupt { .. }) => {
                self.keychain.delete(entry)?;
                Ok(None)
            }
            other => other,
        }
    }

    pub fn base_keys(&self, identity: &str) -> Result<Option<BaseKeys>, VaultError> {
        self.get_json(&keys_entry(identity))
    }

    pub fn require_base_keys(&self, identity: &str) -> Result<BaseKeys, VaultError> {
        self.base_keys(identity)?
            .ok_or_else(|| VaultError::KeysMissing {
                identity: identity.to_string(),
            })
    }

    pub fn store_base_keys(&self, identity: &str, keys: &BaseKeys) -> Result<(), VaultError> {
        self.set_json(&keys_entry(identity), keys)
    }

    pub fn session(&self, identity: &str) -> Result<Option<AwsCredentials>, VaultError> {
        self.get_cache(&session_entry(identity))
    }

    pub fn store_session(&self, identity: &str, creds: &AwsCredentials) -> Result<(), VaultError> {
        self.set_json(&session_entry(identity), creds)
    }

    pub fn drop_session(&self, identity: &str) -> Result<bool, VaultError> {
        self.keychain.delete(&session_entry(identity))
    }

    /// A shortcut's cached role credentials, if they were made for `fingerprint`. An entry
    /// made for anything else (the shortcut was edited since) is dropped and reads as none.
    pub fn role(
        &self,
        shortcut: &str,
        fingerprint: &str,
    ) -> Result<Option<AwsCredentials>, VaultError> {
        match self.get_cache::<CachedRole>(&role_entry(shortcut))? {
            Some(cached) if cached.fingerprint == fingerprint && !fingerprint.is_empty() => {
                Ok(Some(cached.credentials))
            }
            Some(_) => {
                tracing::info!(
                    shortcut,
                    "cached role credentials were made for another definition of the shortcut; dropped"
                );
                self.drop_role(shortcut)?;
                Ok(None)
            }
            None => Ok(None),
        }
    }

    /// Every cached role entry by shortcut id, whatever it was made for (for "Active
    /// sessions" and for pruning).
    pub fn cached_roles(&self) -> Result<Vec<(String, CachedRole)>, VaultError> {
        let mut out = Vec::new();
        for id in self.role_index()? {
            if let Some(cached) = self.get_cache::<CachedRole>(&role_entry(&id))? {
                out.push((id, cached));
            }
        }
        Ok(out)
    }

    pub fn store_role(
        &self,
        shortcut: &str,
        fingerprint: &str,
        creds: &AwsCredentials,
    ) -> Result<(), VaultError> {
        let cached = CachedRole {
            fingerprint: fingerprint.to_string(),
            credentials: creds.clone(),
        };
        self.set_json(&role_entry(shortcut), &cached)?;
        self.update_role_index(|ids| {
            if !ids.iter().any(|i| i == shortcut) {
                ids.push(shortcut.to_string());
            }
        })
    }

    pub fn drop_role(&self, shortcut: &str) -> Result<bool, VaultError> {
        let dropped = self.keychain.delete(&role_entry(shortcut))?;
        self.update_role_index(|ids| ids.retain(|i| i != shortcut))?;
        Ok(dropped)
    }

    /// Drops cached role credentials that no longer match the catalog: the shortcut is gone
    /// or now has another fingerprint (`current`: id -> fingerprint of every shortcut). Each
    /// entry is read once; what still matches is returned with what was dropped. Called after
    /// every catalog change (CLI edits, imports, layer refreshes, discovery, and the tray's
    /// watcher for anything else).
    pub fn prune_roles(
        &self,
        current: &std::collections::HashMap<String, String>,
    ) -> Result<Pruned, VaultError> {
        let mut pruned = Pruned::default();
        for id in self.role_index()? {
            match (
                current.get(&id),
                self.get_cache::<CachedRole>(&role_entry(&id))?,
            ) {
                (Some(fingerprint), Some(cached)) if &cached.fingerprint == fingerprint => {
                    pruned.kept.push((id, cached));
                }
                // Gone from the catalog, made for another definition, or the entry is gone
                // already (then only the index line goes).
                _ => {
                    self.drop_role(&id)?;
                    pruned.dropped.push(id);
                }
            }
        }
        Ok(pruned)
    }

    fn role_index(&self) -> Result<Vec<String>, VaultError> {
        Ok(self
            .get_cache::<Vec<String>>(ROLE_INDEX_ENTRY)?
            .unwrap_or_default())
    }

    fn update_role_index(&self, change: impl FnOnce(&mut Vec<String>)) -> Result<(), VaultError> {
        let _held = ROLE_INDEX.lock().unwrap_or_else(|p| p.into_inner());
        let mut ids = self.role_index()?;
        let before = ids.clone();
        change(&mut ids);
        if ids == before {
            return Ok(());
        }
        if ids.is_empty() {
            self.keychain.delete(ROLE_INDEX_ENTRY).map(|_| ())
        } else {
            self.set_json(ROLE_INDEX_ENTRY, &ids)
        }
    }

    pub fn last_mfa_use(&self, identity: &str) -> Result<Option<MfaUse>, VaultError> {
        self.get_cache(&mfa_entry(identity))
    }

    pub fn record_mfa_use(&self, identity: &str, used: &MfaUse) -> Result<(), VaultError> {
        self.set_json(&mfa_entry(identity), used)
    }

    /// Whether the person confirmed that `identity` runs `command` for its MFA codes (the
    /// command exactly as it is now: any change asks again).
    pub fn mfa_process_confirmed(&self, identity: &str, command: &str) -> Result<bool, VaultError> {
        let kept: Option<String> = self.get_cache(&mfa_process_entry(identity))?;
        Ok(kept.is_some_and(|d| d == command_digest(identity, command)))
    }

    /// Records the person's confirmation that `identity` runs `command` for its MFA codes.
    pub fn confirm_mfa_process(&self, identity: &str, command: &str) -> Result<(), VaultError> {
        self.set_json(
            &mfa_process_entry(identity),
            &command_digest(identity, command),
        )
    }

    pub fn sso_client(&self, identity: &str) -> Result<Option<SsoClient>, VaultError> {
        self.get_cache(&sso_client_entry(identity))
    }

    pub fn store_sso_client(&self, identity: &str, client: &SsoClient) -> Result<(), VaultError> {
        self.set_json(&sso_client_entry(identity), client)
    }

    pub fn sso_token(&self, identity: &str) -> Result<Option<SsoToken>, VaultError> {
        self.get_cache(&sso_token_entry(identity))
    }

    pub fn store_sso_token(&self, identity: &str, token: &SsoToken) -> Result<(), VaultError> {
        self.set_json(&sso_token_entry(identity), token)
    }

    /// Signs an identity out of Identity Center on this machine (its tokens go; the client
    /// registration stays for the next sign-in).
    pub fn drop_sso_token(&self, identity: &str) -> Result<bool, VaultError> {
        self.keychain.delete(&sso_token_entry(identity))
    }

    /// Removes an identity's keys, session and MFA record, and the role caches of the given
    /// shortcuts (those whose chains start at this identity). Returns how many entries went.
    pub fn forget_identity(
        &self,
        identity: &str,
        shortcuts: &[String],
    ) -> Result<usize, VaultError> {
        let mut removed = 0;
        for entry in [
            keys_entry(identity),
            session_entry(identity),
            mfa_entry(identity),
            mfa_process_entry(identity),
            sso_client_entry(identity),
            sso_token_entry(identity),
        ] {
            removed += usize::from(self.keychain.delete(&entry)?);
        }
        for shortcut in shortcuts {
            removed += usize::from(self.drop_role(shortcut)?);
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::MemoryKeychain;

    #[test]
    fn a_confirmed_command_is_that_command_for_that_identity() {
        let vault = Vault::new(MemoryKeychain::default());
        assert!(
            !vault
                .mfa_process_confirmed("me", "ykman oath accounts code -s aws")
                .unwrap()
        );
        vault
            .confirm_mfa_process("me", "ykman oath accounts code -s aws")
            .unwrap();
        assert!(
            vault
                .mfa_process_confirmed("me", "ykman oath accounts code -s aws")
                .unwrap()
        );
        assert!(
            !vault
                .mfa_process_confirmed("me", "ykman oath accounts code -s aws; curl x")
                .unwrap()
        );
        assert!(
            !vault
                .mfa_process_confirmed("other", "ykman oath accounts code -s aws")
                .unwrap()
        );
        assert_eq!(vault.forget_identity("me", &[]).unwrap(), 1);
        assert!(
            !vault
                .mfa_process_confirmed("me", "ykman oath accounts code -s aws")
                .unwrap()
        );
    }

    #[test]
    fn typed_entries_round_trip_and_forget() {
        let vault = Vault::new(MemoryKeychain::default());
        let keys = BaseKeys {
            access_key_id: "AKIAEXAMPLE".into(),
            secret_access_key: Secret::new("secret"),
        };
        vault.store_base_keys("me", &keys).unwrap();
        assert_eq!(vault.base_keys("me").ok().flatten(), Some(keys.clone()));
        let mut role = keys.credentials();
        role.origin = CredentialOrigin::RoleFromSessionToken;
        vault.store_role("acme-prod", "fp", &role).unwrap();
        vault.store_session("me", &role).unwrap();
        assert_eq!(
            vault.keychain().names(),
            vec![
                "identity/me/keys",
                "identity/me/session",
                "index/roles",
                "shortcut/acme-prod/role"
            ]
        );
        assert_eq!(
            vault.role("acme-prod", "fp").ok().flatten(),
            Some(role.clone())
        );
        let removed = vault
            .forget_identity("me", &["acme-prod".to_string()])
            .unwrap_or_default();
        assert_eq!(removed, 3);
        assert!(vault.keychain().names().is_empty());
        assert!(matches!(
            vault.require_base_keys("me"),
            Err(VaultError::KeysMissing { .. })
        ));
    }

    #[test]
    fn role_credentials_made_for_another_definition_are_a_miss_and_dropped() {
        let vault = Vault::new(MemoryKeychain::default());
        let mut role = BaseKeys {
            access_key_id: "ASIAROLE".into(),
            secret_access_key: Secret::new("s"),
        }
        .credentials();
        role.origin = CredentialOrigin::RoleFromSessionToken;
        vault.store_role("acme-prod", "old", &role).unwrap();
        assert_eq!(vault.role("acme-prod", "new").ok().flatten(), None);
        assert!(vault.keychain().names().is_empty(), "entry and index gone");
        // An entry from before fingerprints existed never matches.
        vault
            .keychain()
            .set(
                "shortcut/legacy/role",
                &Secret::new(serde_json::to_string(&role).unwrap_or_default()),
            )
            .unwrap();
        assert_eq!(vault.role("legacy", "").ok().flatten(), None);
        assert_eq!(vault.role("legacy", "any").ok().flatten(), None);
    }

    #[test]
    fn unreadable_cache_entries_are_dropped() {
        let vault = Vault::new(MemoryKeychain::default());
        vault
            .keychain()
            .set("shortcut/x/role", &Secret::new("not json"))
            .unwrap();
        assert_eq!(vault.role("x", "fp").ok().flatten(), None);
        assert!(vault.keychain().names().is_empty());
    }
}
