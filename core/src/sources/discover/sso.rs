//! IAM Identity Center discovery: every account a signed-in identity is assigned to, and each
//! permission set it may use there (ListAccounts, then ListAccountRoles per account, a few at
//! a time), proposed as shortcuts straight from the identity into the source's read-only layer,
//! with the same refresh difference as Organizations discovery ([`super::diff`]).
//!
//! Listing is behind the [`SsoApi`] seam; [`propose_sso`] is pure. Clients come from the
//! account name (`name:<regex>` with a `client` group, or by default its first word:
//! `acme-prod` → `acme`), since Identity Center has no OUs or tags to read.

use futures_util::StreamExt;

use super::{Discovered, Progress};
use crate::base::secret::Secret;
use crate::catalog::model::{Client, DiscoverySpec, Shortcut};
use crate::sources::import::{ClientNaming, slugify};
use crate::sso::api::{SsoAccount, SsoApi, SsoFailure};

/// Per-account calls in flight at once.
const CONCURRENCY: usize = 4;

/// An account and the permission sets the person may use in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assigned {
    pub account: SsoAccount,
    pub roles: Vec<String>,
}

/// Every account and its permission sets, with progress.
pub async fn list_sso(
    api: &dyn SsoApi,
    region: &str,
    token: &Secret,
    progress: &dyn Fn(Progress),
) -> Result<Vec<Assigned>, (&'static str, SsoFailure)> {
    let accounts = api
        .accounts(region, token)
        .await
        .map_err(|f| ("ListAccounts", f))?;
    progress(Progress::Listing {
        pages: 1,
        accounts: accounts.len(),
    });
    let total = accounts.len();
    let mut out = Vec::with_capacity(total);
    let mut results = futures_util::stream::iter(accounts.into_iter().map(|account| async move {
        let roles = api
            .account_roles(region, token, &account.account_id)
            .await
            .map_err(|f| ("ListAccountRoles", f))?;
        Ok::<_, (&'static str, SsoFailure)>(Assigned { account, roles })
    }))
    .buffered(CONCURRENCY);
    while let Some(item) = results.next().await {
        out.push(item?);
        progress(Progress::Reading {
            done: out.len(),
            total,
        });
    }
    Ok(out)
}

/// A shortcut per account and permission set, straight from the source's identity.
pub fn propose_sso(spec: &DiscoverySpec, identity: &str, assigned: &[Assigned]) -> Discovered {
    let naming = spec
        .group_by
        .as_deref()
        .and_then(|g| g.strip_prefix("name:"))
        .and_then(|p| ClientNaming::new(p).ok())
        .unwrap_or_default();
    let mut sorted: Vec<&Assigned> = assigned.iter().collect();
    sorted.sort_by(|a, b| {
        (a.account.name.as_str(), a.account.account_id.as_str())
            .cmp(&(b.account.name.as_str(), b.account.account_id.as_str()))
    });
    let mut base_count: std::collections::HashMap<String, usize> = Default::default();
    for a in &sorted {
        *base_count.entry(slugify(&a.account.name)).or_default() += 1;
    }
    let mut out = Discovered::default();
    let mut clients: Vec<Client> = Vec::new();
    let mut client_ids: std::collections::HashSet<String> = Default::default();
    for a in sorted {
        let name = if a.account.name.trim().is_empty() {
            a.account.account_id.clone()
        } else {
            a.account.name.clone()
        };
        let client = naming.name(&name).client;
        if client_ids.insert(client.clone()) {
            clients.push(Client {
                id: client.clone(),
                name: client.clone(),
                color: None,
                notes: None,
                link: None,
                browser: None,
            });
        }
        let mut base = slugify(&name);
        // Two accounts with the same name keep stable, distinct ids.
        if base_count.get(&base).copied().unwrap_or(0) > 1 {
            let id = &a.account.account_id;
            base = format!(
                "{}-{}",
                &base[..base.len().min(40)],
                &id[id.len().saturating_sub(4)..]
            );
        }
        let mut roles = a.roles.clone();
        roles.sort();
        roles.dedup();
        for role in roles {
            let role_part = slugify(&role);
            let keep = 63usize.saturating_sub(role_part.len()).min(base.len());
            out.shortcuts.push(Shortcut {
                id: format!("{}-{role_part}", &base[..keep]),
                client: client.clone(),
                label: Some(crate::catalog::rules::tidy_display(&name)),
                account: Some(a.account.account_id.clone()),
                role,
                identity: Some(identity.to_string()),
                region: spec.region.clone(),
                ..Default::default()
            });
        }
    }
    // Two accounts of the same name and last digits, or ids cut to 64 characters alike, stay
    // two shortcuts.
    crate::sources::import::make_distinct(out.shortcuts.iter_mut().map(|s| &mut s.id));
    clients.sort_by(|a, b| a.id.cmp(&b.id));
    out.clients = clients;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assigned(id: &str, name: &str, roles: &[&str]) -> Assigned {
        Assigned {
            account: SsoAccount {
                account_id: id.into(),
                name: name.into(),
                email: None,
            },
            roles: roles.iter().map(|r| r.to_string()).collect(),
        }
    }

    fn spec(group_by: Option<&str>) -> DiscoverySpec {
        DiscoverySpec {
            id: "sso".into(),
            via: String::new(),
            identity: Some("work".into()),
            role: None,
            group_by: group_by.map(str::to_string),
            region: Some("eu-west-1".into()),
        }
    }

    #[test]
    fn each_account_and_permission_set_is_a_shortcut_grouped_by_account_name() {
        let found = [
            assigned(
                "222222222222",
                "acme-prod",
                &["ReadOnly", "AdministratorAccess"],
            ),
            assigned("333333333333", "acme-dev", &["AdministratorAccess"]),
            assigned("444444444444", "globex", &["ReadOnly"]),
            assigned("555555555555", "twin", &["ReadOnly"]),
            assigned("666666666666", "twin", &["ReadOnly"]),
        ];
        let d = propose_sso(&spec(None), "work", &found);
        let ids: Vec<(&str, &str, &str)> = d
            .shortcuts
            .iter()
            .map(|s| (s.id.as_str(), s.client.as_str(), s.role.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                (
                    "acme-dev-administratoraccess",
                    "acme",
                    "AdministratorAccess"
                ),
                (
                    "acme-prod-administratoraccess",
                    "acme",
                    "AdministratorAccess"
                ),
                ("acme-prod-readonly", "acme", "ReadOnly"),
                ("globex-readonly", "globex", "ReadOnly"),
                ("twin-5555-readonly", "twin", "ReadOnly"),
                ("twin-6666-readonly", "twin", "ReadOnly"),
            ]
        );
        assert!(
            d.shortcuts
                .iter()
                .all(|s| s.identity.as_deref() == Some("work")
                    && s.via.is_none()
                    && s.region.as_deref() == Some("eu-west-1"))
        );
        assert_eq!(
            d.clients.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            ["acme", "globex", "twin"]
        );
        // The same accounts in another order propose the same layer.
        let mut reversed = found.to_vec();
        reversed.reverse();
        assert_eq!(propose_sso(&spec(None), "work", &reversed), d);
        // A pattern on the account name picks the client.
        let by_suffix = propose_sso(
            &spec(Some("name:-(?P<client>[a-z]+)$")),
            "work",
            &found[..2],
        );
        assert_eq!(
            by_suffix
                .clients
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>(),
            ["dev", "prod"]
        );
    }
}
