//! Turns a shortcut into everything the broker and federation need, with the defaults applied
//! (region from the shortcut, then its identity, then the partition; session mode `daily`;
//! label: the shortcut's own, else its id, the one name it has everywhere; colour: the
//! client's, see [`super::colors`]).

use serde::Serialize;

use super::CatalogError;
use std::collections::HashMap;

use super::model::{Catalog, Client, Identity, Partition, SessionMode, Shortcut};
use super::rules::{self, role_arn_of};

/// Where a shortcut's credentials start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Source {
    /// Directly from an identity's keys.
    Identity(String),
    /// From another shortcut's role credentials (role chaining).
    Via(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedShortcut {
    pub id: String,
    pub client: String,
    pub client_name: String,
    pub label: String,
    pub account: String,
    pub role_arn: String,
    pub role_name: String,
    pub partition: Partition,
    pub region: String,
    pub destination: Option<String>,
    pub session: SessionMode,
    pub duration: Option<u32>,
    pub external_id: Option<String>,
    pub source: Source,
    /// The identity at the root of the chain: whose keys and MFA device are used.
    pub identity: String,
    pub pinned: bool,
    /// The client's colour (`#rrggbb`): its own or a distinct one from the palette.
    pub color: String,
    /// Tagged `prod` or `production`: its console windows carry a strong mark.
    pub production: bool,
}

/// The tags that mark a shortcut as production (any case).
pub const PRODUCTION_TAGS: [&str; 2] = ["prod", "production"];

/// The words that say an account is production, in a profile's name or a link's label.
pub const PRODUCTION_WORDS: [&str; 4] = ["prod", "production", "prd", "live"];

/// The tag an import or a link's proposal gives a name that says production.
pub const PROPOSED_PRODUCTION_TAG: &str = "prod";

/// Whether a name says production: one of its words (split at anything not a letter or a
/// digit, any case) is one of [`PRODUCTION_WORDS`]. `acme-prod`, `Acme Production`,
/// `hooli_prd`, `live` do; `product`, `preprod`, `prodigy`, `delivery` do not.
pub fn says_production(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| PRODUCTION_WORDS.iter().any(|p| w.eq_ignore_ascii_case(p)))
}

/// Whether a shortcut's tags mark it as production.
pub fn is_production(tags: &[String]) -> bool {
    tags.iter()
        .any(|t| PRODUCTION_TAGS.iter().any(|p| t.eq_ignore_ascii_case(p)))
}

/// Resolves one shortcut. For many, build a [`Lookup`] once and call [`Lookup::resolve`].
pub fn resolve(catalog: &Catalog, id: &str) -> Result<ResolvedShortcut, CatalogError> {
    Lookup::new(catalog).resolve(id)
}

/// The identity whose keys a shortcut's chain starts from.
pub fn root_identity_of<'a>(catalog: &'a Catalog, id: &str) -> Result<&'a Identity, CatalogError> {
    Lookup::new(catalog).root_identity(id)
}

/// Indexes of a catalog by id, so resolving thousands of shortcuts stays linear.
pub struct Lookup<'a> {
    catalog: &'a Catalog,
    shortcuts: HashMap<&'a str, &'a Shortcut>,
    clients: HashMap<&'a str, &'a Client>,
    colors: std::sync::OnceLock<HashMap<String, String>>,
}

impl<'a> Lookup<'a> {
    pub fn new(catalog: &'a Catalog) -> Self {
        Self {
            catalog,
            shortcuts: catalog
                .shortcuts
                .iter()
                .map(|s| (s.id.as_str(), s))
                .collect(),
            clients: catalog.clients.iter().map(|c| (c.id.as_str(), c)).collect(),
            colors: std::sync::OnceLock::new(),
        }
    }

    /// A client's colour (`#rrggbb`), its own or a distinct one from the palette.
    pub fn client_color(&self, client: &str) -> String {
        self.colors
            .get_or_init(|| super::colors::client_colors(self.catalog))
            .get(client)
            .cloned()
            .unwrap_or_else(|| super::colors::PALETTE[0].to_string())
    }

    fn known_shortcuts(&self) -> Vec<String> {
        self.catalog
            .shortcuts
            .iter()
            .map(|s| s.id.clone())
            .collect()
    }

    fn known_identities(&self) -> Vec<String> {
        self.catalog
            .identities
            .iter()
            .map(|i| i.id.clone())
            .collect()
    }

    pub fn resolve(&self, id: &str) -> Result<ResolvedShortcut, CatalogError> {
        let shortcut = self
            .shortcuts
            .get(id)
            .ok_or_else(|| CatalogError::NotFound {
                what: "shortcut",
                id: id.to_string(),
                known: self.known_shortcuts(),
            })?;
        let root = self.root_identity(id)?;
        let spec = rules::role_spec(&shortcut.role).map_err(|e| CatalogError::NotFound {
            what: "valid role for shortcut",
            id: format!("{id} ({})", e.message),
            known: vec![],
        })?;
        let account = spec
            .account
            .clone()
            .or_else(|| shortcut.account.clone())
            .unwrap_or_default();
        let partition = root.partition;
        let client = self.clients.get(shortcut.client.as_str());
        let source = match &shortcut.via {
            Some(via) => Source::Via(via.clone()),
            None => Source::Identity(root.id.clone()),
        };
        Ok(ResolvedShortcut {
            id: shortcut.id.clone(),
            client: shortcut.client.clone(),
            client_name: client
                .map(|c| c.name.clone())
                .unwrap_or_else(|| shortcut.client.clone()),
            label: shortcut
                .label
                .clone()
                .filter(|l| !l.trim().is_empty())
                .unwrap_or_else(|| shortcut.id.clone()),
            role_arn: role_arn_of(partition, &account, &spec.path, &spec.name),
            role_name: spec.name,
            account,
            partition,
            region: shortcut
                .region
                .clone()
                .or_else(|| root.region.clone())
                .unwrap_or_else(|| partition.default_region().to_string()),
            destination: shortcut.destination.clone(),
            session: shortcut.session.unwrap_or_default(),
            duration: shortcut.duration.map(|d| d.0),
            external_id: shortcut.external_id.clone(),
            source,
            identity: root.id.clone(),
            pinned: shortcut.pinned,
            color: self.client_color(&shortcut.client),
            production: is_production(&shortcut.tags),
        })
    }

    /// The identity whose keys a shortcut's chain starts from.
    pub fn root_identity(&self, id: &str) -> Result<&'a Identity, CatalogError> {
        let mut current = id;
        // At most MAX_VIA_HOPS hops, then the shortcut assumed with the identity's keys.
        for _ in 0..=rules::MAX_VIA_HOPS {
            let s = self
                .shortcuts
                .get(current)
                .ok_or_else(|| CatalogError::NotFound {
                    what: "shortcut",
                    id: current.to_string(),
                    known: vec![],
                })?;
            match (&s.via, &s.identity) {
                (Some(via), _) => current = via,
                (None, Some(identity)) => {
                    return self
                        .catalog
                        .identity(identity)
                        .ok_or_else(|| CatalogError::NotFound {
                            what: "identity",
                            id: identity.clone(),
                            known: self.known_identities(),
                        });
                }
                (None, None) => {
                    return self
                        .catalog
                        .sole_identity()
                        .ok_or_else(|| CatalogError::NotFound {
                            what: "identity for shortcut",
                            id: id.to_string(),
                            known: self.known_identities(),
                        });
                }
            }
        }
        Err(CatalogError::ChainTooLong {
            id: id.to_string(),
            max: rules::MAX_VIA_HOPS,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_defaults_and_follows_chains() {
        let catalog: Catalog = toml::from_str(
            r#"
[[identity]]
id = "me"
account = "111111111111"
region = "eu-west-1"
[[client]]
id = "acme"
name = "Acme Corp"
[[shortcut]]
id = "acme-prod"
client = "acme"
account = "222222222222"
role = "/ops/Admin"
[[shortcut]]
id = "acme-deep"
client = "acme"
role = "arn:aws:iam::333333333333:role/Deep"
via = "acme-prod"
region = "us-east-2"
session = "long"
duration = "2h"
"#,
        )
        .unwrap();
        let prod = resolve(&catalog, "acme-prod").unwrap();
        assert_eq!(prod.role_arn, "arn:aws:iam::222222222222:role/ops/Admin");
        assert_eq!(prod.region, "eu-west-1");
        assert_eq!(
            prod.label, "acme-prod",
            "no label: the id, not the role again"
        );
        assert_eq!(prod.client_name, "Acme Corp");
        assert_eq!(prod.session, SessionMode::Daily);
        assert_eq!(prod.source, Source::Identity("me".into()));
        let deep = resolve(&catalog, "acme-deep").unwrap();
        assert_eq!(deep.account, "333333333333");
        assert_eq!(deep.source, Source::Via("acme-prod".into()));
        assert_eq!(deep.identity, "me");
        assert_eq!(deep.duration, Some(7200));
        assert!(matches!(
            resolve(&catalog, "nope"),
            Err(CatalogError::NotFound { known, .. }) if known.len() == 2
        ));
    }
}
