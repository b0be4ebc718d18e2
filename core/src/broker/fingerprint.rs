//! What determined a shortcut's cached role credentials, as one short hash.
//!
//! Role credentials are cached per shortcut (`vault`), but a shortcut id is only a name: after
//! an edit (CLI `--replace`, Settings, a layer refresh, a discovery apply) the same id can mean
//! another account, role or chain. The broker stores this fingerprint next to the credentials
//! and treats a different one as a miss, so an open never signs into the account a shortcut
//! *used to* name. It covers everything that decides which session AWS hands out: the root
//! identity (id, account, partition, session name), the role ARN, the external id, the session
//! mode and duration, and for a `via` chain the parent's own fingerprint.

use std::collections::HashMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::catalog::CatalogError;
use crate::catalog::model::Catalog;
use crate::catalog::resolve::{Lookup, Source};
use crate::catalog::rules::derive_session_name;

/// Bumped when the inputs change meaning, so old cache entries become misses.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct Inputs<'a> {
    version: u32,
    identity: &'a str,
    identity_account: &'a str,
    session_name: String,
    partition: &'a str,
    role_arn: &'a str,
    external_id: Option<&'a str>,
    session: &'a str,
    duration: Option<u32>,
    via: Option<&'a str>,
    /// Identity Center identities: the portal the role credentials came from (left out for
    /// access-key identities, whose fingerprints stay what they were).
    #[serde(skip_serializing_if = "Option::is_none")]
    sso_start_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sso_region: Option<&'a str>,
}

/// The fingerprint of one shortcut's role credentials.
pub fn fingerprint(catalog: &Catalog, shortcut_id: &str) -> Result<String, CatalogError> {
    Fingerprints::new(catalog).of(shortcut_id)
}

/// Fingerprints of many shortcuts, sharing one index of the catalog and the parents' hashes.
pub struct Fingerprints<'a> {
    catalog: &'a Catalog,
    lookup: Lookup<'a>,
    done: HashMap<String, String>,
}

impl<'a> Fingerprints<'a> {
    pub fn new(catalog: &'a Catalog) -> Self {
        Self {
            catalog,
            lookup: Lookup::new(catalog),
            done: HashMap::new(),
        }
    }

    /// Every shortcut's fingerprint; shortcuts that do not resolve are left out (they have no
    /// credentials to keep).
    pub fn all(mut self) -> HashMap<String, String> {
        for shortcut in &self.catalog.shortcuts {
            let _ = self.of(&shortcut.id);
        }
        self.done
    }

    pub fn of(&mut self, shortcut_id: &str) -> Result<String, CatalogError> {
        // Walk up the `via` chain first (bounded: validation refuses loops, and a loop here
        // fails to resolve rather than recursing forever).
        let mut chain = vec![shortcut_id.to_string()];
        while let Some(last) = chain.last() {
            if self.done.contains_key(last) {
                break;
            }
            match self.lookup.resolve(last)?.source {
                Source::Via(parent) if chain.len() <= crate::catalog::rules::MAX_VIA_HOPS => {
                    chain.push(parent)
                }
                Source::Via(_) => {
                    return Err(CatalogError::ChainTooLong {
                        id: shortcut_id.to_string(),
                        max: crate::catalog::rules::MAX_VIA_HOPS,
                    });
                }
                Source::Identity(_) => break,
            }
        }
        for id in chain.iter().rev() {
            if self.done.contains_key(id) {
                continue;
            }
            let resolved = self.lookup.resolve(id)?;
            let identity = self.lookup.root_identity(id)?;
            let parent = match &resolved.source {
                Source::Via(parent) => self.done.get(parent).map(String::as_str),
                Source::Identity(_) => None,
            };
            let inputs = Inputs {
                version: VERSION,
                identity: &identity.id,
                identity_account: &identity.account,
                session_name: identity
                    .session_name
                    .clone()
                    .unwrap_or_else(|| derive_session_name(&identity.id)),
                partition: resolved.partition.as_str(),
                role_arn: &resolved.role_arn,
                external_id: resolved.external_id.as_deref(),
                session: resolved.session.as_str(),
                duration: resolved.duration,
                via: parent,
                sso_start_url: identity.sso_start_url.as_deref(),
                sso_region: identity.sso_region.as_deref(),
            };
            let hash = hash(&inputs);
            self.done.insert(id.clone(), hash);
        }
        self.done
            .get(shortcut_id)
            .cloned()
            .ok_or_else(|| CatalogError::NotFound {
                what: "shortcut",
                id: shortcut_id.to_string(),
                known: vec![],
            })
    }
}

fn hash(inputs: &Inputs<'_>) -> String {
    // serde_json of a plain struct cannot fail; an empty text would still hash consistently.
    let text = serde_json::to_string(inputs).unwrap_or_default();
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"
[[identity]]
id = "me"
account = "111111111111"
[[identity]]
id = "other"
account = "999999999999"
[[client]]
id = "acme"
name = "Acme Corp"
[[shortcut]]
id = "acme-prod"
client = "acme"
identity = "me"
account = "222222222222"
role = "Admin"
[[shortcut]]
id = "acme-deep"
client = "acme"
role = "arn:aws:iam::333333333333:role/Deep"
via = "acme-prod"
"#;

    fn fp(text: &str, id: &str) -> String {
        let catalog: Catalog = toml::from_str(text).unwrap();
        fingerprint(&catalog, id).unwrap()
    }

    #[test]
    fn every_input_that_decides_the_credentials_changes_it() {
        let base = fp(BASE, "acme-prod");
        let deep = fp(BASE, "acme-deep");
        assert_eq!(base.len(), 32);
        assert_eq!(base, fp(BASE, "acme-prod"), "stable");
        // (what changed, the edited catalog, the shortcut whose fingerprint must change)
        let table: &[(&str, String, &str)] = &[
            (
                "account",
                BASE.replace("222222222222", "444444444444"),
                "acme-prod",
            ),
            (
                "role",
                BASE.replace("role = \"Admin\"", "role = \"ReadOnly\""),
                "acme-prod",
            ),
            (
                "role path",
                BASE.replace("role = \"Admin\"", "role = \"/ops/Admin\""),
                "acme-prod",
            ),
            (
                "external id",
                BASE.replace(
                    "role = \"Admin\"",
                    "role = \"Admin\"\nexternal_id = \"xyz\"",
                ),
                "acme-prod",
            ),
            (
                "session mode",
                BASE.replace("role = \"Admin\"", "role = \"Admin\"\nsession = \"long\""),
                "acme-prod",
            ),
            (
                "duration",
                BASE.replace("role = \"Admin\"", "role = \"Admin\"\nduration = \"2h\""),
                "acme-prod",
            ),
            (
                "identity",
                BASE.replace("identity = \"me\"", "identity = \"other\""),
                "acme-prod",
            ),
            (
                "identity's account",
                BASE.replace("111111111111", "555555555555"),
                "acme-prod",
            ),
            (
                "partition",
                BASE.replace(
                    "account = \"111111111111\"",
                    "account = \"111111111111\"\npartition = \"aws-us-gov\"",
                ),
                "acme-prod",
            ),
            (
                "session name",
                BASE.replace(
                    "account = \"111111111111\"",
                    "account = \"111111111111\"\nsession_name = \"jane\"",
                ),
                "acme-prod",
            ),
            (
                "the via parent's account",
                BASE.replace("222222222222", "444444444444"),
                "acme-deep",
            ),
            (
                "the via parent's role",
                BASE.replace("role = \"Admin\"", "role = \"Other\""),
                "acme-deep",
            ),
        ];
        for (what, text, id) in table {
            let before = if *id == "acme-prod" { &base } else { &deep };
            assert_ne!(&fp(text, id), before, "{what} must change {id}");
        }
        // What does not decide the credentials leaves it alone.
        let same: &[String] = &[
            BASE.replace("name = \"Acme Corp\"", "name = \"Acme\""),
            BASE.replace(
                "role = \"Admin\"",
                "role = \"Admin\"\nlabel = \"Prod\"\nregion = \"af-south-1\"\npinned = true",
            ),
        ];
        for text in same {
            assert_eq!(fp(text, "acme-prod"), base);
        }
    }

    #[test]
    fn all_covers_every_resolvable_shortcut() {
        let catalog: Catalog = toml::from_str(BASE).unwrap();
        let all = Fingerprints::new(&catalog).all();
        assert_eq!(all.len(), 2);
        assert_eq!(all.get("acme-deep"), Some(&fp(BASE, "acme-deep")));
    }
}
