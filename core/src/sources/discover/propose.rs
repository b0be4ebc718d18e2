//! From the accounts of an organization to a layer of clients and shortcuts, and what changed
//! since the last run. Pure: accounts in, catalog entries and differences out.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::{DEFAULT_ROLE, OrgAccount};
use crate::catalog::edit::CatalogDoc;
use crate::catalog::model::{Catalog, Client, DiscoverySpec, Shortcut};
use crate::sources::import::{ClientNaming, differing_fields, slugify};

/// An account left out because it cannot be signed in to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flagged {
    pub account: String,
    pub name: String,
    pub status: String,
}

/// The layer a discovery run proposes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Discovered {
    pub clients: Vec<Client>,
    pub shortcuts: Vec<Shortcut>,
    pub flagged: Vec<Flagged>,
}

/// Proposes a shortcut per active account (except `skip_account`, the account the `via`
/// shortcut already opens), grouped into clients as the source says.
pub fn propose(
    spec: &DiscoverySpec,
    accounts: &[OrgAccount],
    skip_account: Option<&str>,
) -> Discovered {
    let group = spec.group_by.as_deref().unwrap_or("ou");
    let naming = group
        .strip_prefix("name:")
        .and_then(|p| ClientNaming::new(p).ok());
    let mut sorted: Vec<&OrgAccount> = accounts.iter().collect();
    sorted.sort_by(|a, b| (a.name.as_str(), a.id.as_str()).cmp(&(b.name.as_str(), b.id.as_str())));

    let mut out = Discovered::default();
    let mut client_names: HashMap<String, String> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut tails: HashMap<(String, &str), usize> = HashMap::new();
    for a in &sorted {
        let base = slugify(&a.name);
        *tails.entry((base.clone(), tail4(&a.id))).or_default() += 1;
        *ids.entry(base).or_default() += 1;
    }
    for a in sorted {
        if Some(a.id.as_str()) == skip_account {
            continue;
        }
        if a.status != "ACTIVE" {
            out.flagged.push(Flagged {
                account: a.id.clone(),
                name: a.name.clone(),
                status: a.status.clone(),
            });
            continue;
        }
        let (client, client_name) = if let Some(key) = group.strip_prefix("tag:") {
            match a.tags.iter().find(|(k, _)| k == key) {
                Some((_, v)) if !v.trim().is_empty() => (slugify(v), v.clone()),
                _ => (spec.id.clone(), spec.id.clone()),
            }
        } else if let Some(naming) = &naming {
            let c = naming.name(&a.name).client;
            (c.clone(), c)
        } else {
            match &a.ou {
                Some(ou) => (slugify(ou), ou.clone()),
                None => (spec.id.clone(), spec.id.clone()),
            }
        };
        client_names.entry(client.clone()).or_insert(client_name);
        let base = slugify(&a.name);
        // Two accounts with the same name keep stable, distinct ids.
        let id = if ids.get(&base).copied().unwrap_or(0) > 1 {
            // The last four digits tell them apart, or, when those are the same too, the
            // whole account id.
            let tail = if tails
                .get(&(base.clone(), tail4(&a.id)))
                .copied()
                .unwrap_or(0)
                > 1
            {
                a.id.as_str()
            } else {
                tail4(&a.id)
            };
            let keep = 63usize.saturating_sub(tail.len()).min(base.len());
            format!("{}-{tail}", &base[..keep])
        } else {
            base
        };
        out.shortcuts.push(Shortcut {
            id,
            client,
            // Account names come from AWS: tidied as any name from outside.
            label: Some(crate::catalog::rules::tidy_display(&a.name)),
            account: Some(a.id.clone()),
            role: spec
                .role
                .clone()
                .unwrap_or_else(|| DEFAULT_ROLE.to_string()),
            via: Some(spec.via.clone()),
            region: spec.region.clone(),
            ..Default::default()
        });
    }
    crate::sources::import::make_distinct(out.shortcuts.iter_mut().map(|s| &mut s.id));
    let mut clients: Vec<(String, String)> = client_names.into_iter().collect();
    clients.sort();
    out.clients = clients
        .into_iter()
        .map(|(id, name)| Client {
            id,
            name: crate::catalog::rules::tidy_display(&name),
            color: None,
            notes: None,
            link: None,
            browser: None,
        })
        .collect();
    out
}

/// The last four digits of an account id.
fn tail4(account: &str) -> &str {
    &account[account.len().saturating_sub(4)..]
}

/// What a run changes compared with the previous layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum DiffRow {
    Appeared {
        id: String,
        account: String,
        name: String,
    },
    Changed {
        id: String,
        account: String,
        fields: Vec<String>,
    },
    Left {
        id: String,
        account: String,
    },
    /// Suspended or closing: left out of the layer.
    Flagged {
        account: String,
        name: String,
        status: String,
    },
}

/// The difference between the previous layer and a new proposal.
pub fn diff(previous: &Catalog, new: &Discovered) -> Vec<DiffRow> {
    let mut rows = Vec::new();
    let old: HashMap<&str, &Shortcut> = previous
        .shortcuts
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let account = |s: &Shortcut| s.account.clone().unwrap_or_default();
    for s in &new.shortcuts {
        match old.get(s.id.as_str()) {
            None => rows.push(DiffRow::Appeared {
                id: s.id.clone(),
                account: account(s),
                name: s.label.clone().unwrap_or_default(),
            }),
            Some(o) => {
                let fields = differing_fields(o, s);
                if !fields.is_empty() {
                    rows.push(DiffRow::Changed {
                        id: s.id.clone(),
                        account: account(s),
                        fields,
                    });
                }
            }
        }
    }
    let new_ids: BTreeSet<&str> = new.shortcuts.iter().map(|s| s.id.as_str()).collect();
    for s in &previous.shortcuts {
        if !new_ids.contains(s.id.as_str()) {
            rows.push(DiffRow::Left {
                id: s.id.clone(),
                account: account(s),
            });
        }
    }
    for f in &new.flagged {
        rows.push(DiffRow::Flagged {
            account: f.account.clone(),
            name: f.name.clone(),
            status: f.status.clone(),
        });
    }
    rows
}

/// The layer file for a discovery source.
pub fn layer_text(spec: &DiscoverySpec, discovered: &Discovered) -> String {
    let what = match &spec.identity {
        Some(identity) => {
            format!("Accounts and permission sets IAM Identity Center gives identity `{identity}`")
        }
        None => "Accounts of an AWS organization".to_string(),
    };
    let header = format!(
        "# {what}, found by `rolehop discover {}`.\n# Rewritten by every `rolehop discover {} --apply`: do not edit. To change an entry,\n# define the same id in your own catalog (it wins).\nschema_version = 1\n",
        spec.id, spec.id
    );
    let Ok(mut doc) = CatalogDoc::parse(&header) else {
        return header;
    };
    for c in &discovered.clients {
        let _ = doc.add_client(c, true);
    }
    for s in &discovered.shortcuts {
        let _ = doc.add_shortcut(s, true);
    }
    doc.to_text()
}
