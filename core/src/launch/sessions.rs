//! Console sessions as the keychain knows them: which shortcuts hold role credentials that
//! still match their definition, and until when. The tray's "Active sessions" lists these
//! (with time left, Renew and Sign out); [`follow_catalog`] is what every catalog change runs
//! so that credentials made for an old definition of a shortcut do not outlive it.

use std::collections::HashMap;

use crate::broker::fingerprint::Fingerprints;
use crate::catalog::Catalog;
use crate::menu::ActiveSession;
use crate::vault::{Keychain, Vault, VaultError};

/// Sessions whose credentials still match the catalog and have not expired, soonest end first.
pub fn active<K: Keychain>(
    vault: &Vault<K>,
    catalog: &Catalog,
    now: i64,
) -> Result<Vec<ActiveSession>, VaultError> {
    let current = Fingerprints::new(catalog).all();
    let matching = vault
        .cached_roles()?
        .into_iter()
        .filter(|(id, cached)| current.get(id) == Some(&cached.fingerprint));
    Ok(unexpired(matching, now))
}

/// When `shortcut`'s cached role credentials end (unix seconds), when it has some made for
/// its current definition: what an open of a live console and a console's renewal schedule
/// look at.
pub fn ends_at<K: Keychain>(vault: &Vault<K>, catalog: &Catalog, shortcut: &str) -> Option<i64> {
    let fingerprint = crate::broker::fingerprint::fingerprint(catalog, shortcut).ok()?;
    vault.role(shortcut, &fingerprint).ok()??.expires_at
}

/// Drops cached role credentials of shortcuts that are gone or now mean something else.
/// Returns the shortcut ids whose credentials were dropped.
pub fn follow_catalog<K: Keychain>(
    vault: &Vault<K>,
    catalog: &Catalog,
) -> Result<Vec<String>, VaultError> {
    Ok(reconcile(vault, catalog, 0)?.0)
}

/// [`follow_catalog`] and [`active`] in one pass over the keychain (what the tray does on each
/// rebuild): the ids dropped, and the sessions left.
pub fn reconcile<K: Keychain>(
    vault: &Vault<K>,
    catalog: &Catalog,
    now: i64,
) -> Result<(Vec<String>, Vec<ActiveSession>), VaultError> {
    let current: HashMap<String, String> = Fingerprints::new(catalog).all();
    let pruned = vault.prune_roles(&current)?;
    Ok((pruned.dropped, unexpired(pruned.kept, now)))
}

fn unexpired(
    cached: impl IntoIterator<Item = (String, crate::vault::CachedRole)>,
    now: i64,
) -> Vec<ActiveSession> {
    let mut sessions: Vec<ActiveSession> = cached
        .into_iter()
        .filter_map(|(id, cached)| {
            let expires_at = cached.credentials.expires_at?;
            (expires_at > now).then_some(ActiveSession {
                shortcut: id,
                expires_at,
                live_since: None,
            })
        })
        .collect();
    sessions.sort_by(|a, b| (a.expires_at, &a.shortcut).cmp(&(b.expires_at, &b.shortcut)));
    sessions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::credentials::{AwsCredentials, CredentialOrigin};
    use crate::base::secret::Secret;
    use crate::broker::fingerprint::fingerprint;
    use crate::vault::MemoryKeychain;

    const CATALOG: &str = r#"
[[identity]]
id = "me"
account = "111111111111"
[[client]]
id = "acme"
name = "Acme"
[[shortcut]]
id = "a"
client = "acme"
account = "222222222222"
role = "Admin"
[[shortcut]]
id = "b"
client = "acme"
account = "333333333333"
role = "Admin"
"#;

    fn creds(expires_at: i64) -> AwsCredentials {
        AwsCredentials {
            access_key_id: "ASIA".into(),
            secret_access_key: Secret::new("s"),
            session_token: Some(Secret::new("t")),
            expires_at: Some(expires_at),
            origin: CredentialOrigin::RoleFromSessionToken,
        }
    }

    #[test]
    fn active_lists_matching_unexpired_sessions_and_follow_drops_the_rest() {
        let mut catalog: Catalog = toml::from_str(CATALOG).unwrap();
        let vault = Vault::new(MemoryKeychain::default());
        let fp = |c: &Catalog, id: &str| fingerprint(c, id).unwrap();
        for (id, at) in [("a", 2_000), ("b", 1_500)] {
            vault.store_role(id, &fp(&catalog, id), &creds(at)).unwrap();
        }
        let ids = |s: Vec<ActiveSession>| s.into_iter().map(|s| s.shortcut).collect::<Vec<_>>();
        let active_now = |c: &Catalog, now| active(&vault, c, now).unwrap();
        assert_eq!(ids(active_now(&catalog, 1_000)), ["b", "a"]);
        assert_eq!(ids(active_now(&catalog, 1_600)), ["a"]);
        // `b` now names another account: not an active session of it, and dropped on follow.
        catalog.shortcuts[1].account = Some("444444444444".into());
        assert_eq!(ids(active_now(&catalog, 1_000)), ["a"]);
        assert_eq!(follow_catalog(&vault, &catalog).unwrap(), ["b"]);
        catalog.shortcuts.remove(0);
        assert_eq!(follow_catalog(&vault, &catalog).unwrap(), ["a"]);
        assert!(vault.keychain().names().is_empty());
    }

    #[test]
    fn reconcile_drops_and_lists_in_one_pass() {
        let mut catalog: Catalog = toml::from_str(CATALOG).unwrap();
        let vault = Vault::new(MemoryKeychain::default());
        for (id, at) in [("a", 2_000), ("b", 1_500)] {
            let fp = fingerprint(&catalog, id).unwrap();
            vault.store_role(id, &fp, &creds(at)).unwrap();
        }
        catalog.shortcuts[1].account = Some("444444444444".into());
        let (dropped, left) = reconcile(&vault, &catalog, 1_000).unwrap();
        assert_eq!(dropped, ["b"]);
        assert_eq!(
            left.into_iter().map(|s| s.shortcut).collect::<Vec<_>>(),
            ["a"]
        );
        assert_eq!(vault.keychain().names(), ["index/roles", "shortcut/a/role"]);
    }
}
