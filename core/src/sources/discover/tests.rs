// Discovery against a fake organization (pagination, progress, OU names asked once, failures
// with their hint) and the pure proposal and difference tables.

use std::cell::RefCell;
use std::collections::HashMap;

use super::*;
use crate::catalog::model::Catalog;

struct FakeOrg {
    accounts: Vec<AccountInfo>,
    parents: HashMap<String, Parent>,
    ous: HashMap<String, String>,
    tags: HashMap<String, Vec<(String, String)>>,
    calls: RefCell<Vec<String>>,
    fail: Option<&'static str>,
}

impl FakeOrg {
    fn new(n: usize) -> Self {
        let mut org = FakeOrg {
            accounts: Vec::new(),
            parents: HashMap::new(),
            ous: HashMap::from([
                ("ou-a".into(), "Acme Corp".into()),
                ("ou-b".into(), "Beta".into()),
            ]),
            tags: HashMap::new(),
            calls: RefCell::new(Vec::new()),
            fail: None,
        };
        for i in 0..n {
            let id = format!("{:012}", 200_000_000_000u64 + i as u64);
            org.accounts.push(AccountInfo {
                id: id.clone(),
                name: format!("account-{i:03}"),
                status: if i == 3 {
                    "SUSPENDED".into()
                } else {
                    "ACTIVE".into()
                },
            });
            let parent = match i % 3 {
                0 => Parent::Ou("ou-a".into()),
                1 => Parent::Ou("ou-b".into()),
                _ => Parent::Root,
            };
            org.parents.insert(id.clone(), parent);
            org.tags
                .insert(id, vec![("client".into(), format!("client {}", i % 2))]);
        }
        org
    }

    fn log(&self, call: String) {
        self.calls.borrow_mut().push(call);
    }

    fn calls_of(&self, prefix: &str) -> usize {
        self.calls
            .borrow()
            .iter()
            .filter(|c| c.starts_with(prefix))
            .count()
    }
}

impl Organizations for FakeOrg {
    async fn list_accounts(
        &self,
        next: Option<String>,
    ) -> Result<(Vec<AccountInfo>, Option<String>), DiscoverError> {
        self.log(format!("ListAccounts {next:?}"));
        if self.fail == Some("ListAccounts") {
            return Err(DiscoverError {
                operation: "ListAccounts",
                code: Some("AccessDeniedException".into()),
                message: "not allowed".into(),
            });
        }
        let start: usize = next.map(|n| n.parse().unwrap_or(0)).unwrap_or(0);
        let end = (start + 20).min(self.accounts.len());
        let token = (end < self.accounts.len()).then(|| end.to_string());
        Ok((self.accounts[start..end].to_vec(), token))
    }

    async fn list_parents(&self, account: &str) -> Result<Parent, DiscoverError> {
        self.log(format!("ListParents {account}"));
        Ok(self.parents.get(account).cloned().unwrap_or(Parent::Root))
    }

    async fn ou_name(&self, ou: &str) -> Result<String, DiscoverError> {
        self.log(format!("DescribeOrganizationalUnit {ou}"));
        Ok(self.ous.get(ou).cloned().unwrap_or_default())
    }

    async fn list_tags(&self, account: &str) -> Result<Vec<(String, String)>, DiscoverError> {
        self.log(format!("ListTagsForResource {account}"));
        Ok(self.tags.get(account).cloned().unwrap_or_default())
    }
}

fn spec(group_by: Option<&str>) -> DiscoverySpec {
    DiscoverySpec {
        id: "org".into(),
        via: "mgmt".into(),
        identity: None,
        role: None,
        group_by: group_by.map(str::to_string),
        region: Some("eu-west-1".into()),
    }
}

fn run<O: Organizations>(
    org: &O,
    spec: &DiscoverySpec,
) -> (Result<Vec<OrgAccount>, DiscoverError>, Vec<Progress>) {
    let seen = RefCell::new(Vec::new());
    let result = block_on(list(org, spec, &|p| seen.borrow_mut().push(p)));
    (result, seen.into_inner())
}

/// The fake answers at once; a current-thread runtime drives the concurrent per-account calls.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(future)
}

#[test]
fn every_page_is_read_with_progress_and_calls_stay_bounded() {
    let org = FakeOrg::new(55);
    let (accounts, progress) = run(&org, &spec(None));
    let accounts = accounts.unwrap();
    assert_eq!(accounts.len(), 55);
    assert_eq!(org.calls_of("ListAccounts"), 3, "20 + 20 + 15");
    assert_eq!(org.calls_of("ListParents"), 55);
    assert_eq!(org.calls_of("DescribeOrganizationalUnit"), 2, "once per OU");
    assert_eq!(
        org.calls_of("ListTagsForResource"),
        0,
        "only for tag grouping"
    );
    assert_eq!(
        progress[..3],
        [
            Progress::Listing {
                pages: 1,
                accounts: 20
            },
            Progress::Listing {
                pages: 2,
                accounts: 40
            },
            Progress::Listing {
                pages: 3,
                accounts: 55
            },
        ]
    );
    assert_eq!(
        progress.last(),
        Some(&Progress::Reading {
            done: 55,
            total: 55
        })
    );
    assert_eq!(accounts[0].ou.as_deref(), Some("Acme Corp"));
    assert_eq!(accounts[2].ou, None);

    let (_, _) = run(&org, &spec(Some("tag:client")));
    assert_eq!(org.calls_of("ListTagsForResource"), 55);
}

#[test]
fn failures_carry_the_operation_and_a_hint() {
    let mut org = FakeOrg::new(2);
    org.fail = Some("ListAccounts");
    let (result, _) = run(&org, &spec(None));
    let err = result.err().unwrap_or_else(|| panic!("no error"));
    assert_eq!(err.kind(), crate::ErrorKind::AccessDenied);
    let text = err.to_string();
    assert!(
        text.contains("ListAccounts") && text.contains("organizations:ListAccounts"),
        "{text}"
    );
}

fn account(
    id: &str,
    name: &str,
    status: &str,
    ou: Option<&str>,
    tags: &[(&str, &str)],
) -> OrgAccount {
    OrgAccount {
        id: id.into(),
        name: name.into(),
        status: status.into(),
        ou: ou.map(str::to_string),
        tags: tags
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

#[test]
fn accounts_become_shortcuts_grouped_as_asked() {
    let accounts = vec![
        account("111111111111", "Management", "ACTIVE", None, &[]),
        account(
            "222222222222",
            "Acme Prod",
            "ACTIVE",
            Some("Acme Corp"),
            &[("client", "Acme")],
        ),
        account("333333333333", "Acme Dev", "ACTIVE", Some("Acme Corp"), &[]),
        account("444444444444", "beta-prod", "SUSPENDED", Some("Beta"), &[]),
        account("555555555555", "Sandbox", "ACTIVE", None, &[]),
        account("666666666666", "Sandbox", "ACTIVE", None, &[]),
    ];
    let by_ou = propose(&spec(None), &accounts, Some("111111111111"));
    let rows: Vec<(&str, &str, &str)> = by_ou
        .shortcuts
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.client.as_str(),
                s.account.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("acme-dev", "acme-corp", "333333333333"),
            ("acme-prod", "acme-corp", "222222222222"),
            ("sandbox-5555", "org", "555555555555"),
            ("sandbox-6666", "org", "666666666666"),
        ]
    );
    let s = &by_ou.shortcuts[0];
    assert_eq!(
        (s.role.as_str(), s.via.as_deref(), s.region.as_deref()),
        (DEFAULT_ROLE, Some("mgmt"), Some("eu-west-1"))
    );
    assert_eq!(s.label.as_deref(), Some("Acme Dev"));
    assert_eq!(
        by_ou.flagged,
        [Flagged {
            account: "444444444444".into(),
            name: "beta-prod".into(),
            status: "SUSPENDED".into()
        }]
    );
    let names: Vec<(&str, &str)> = by_ou
        .clients
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(names, [("acme-corp", "Acme Corp"), ("org", "org")]);

    let by_tag = propose(&spec(Some("tag:client")), &accounts, Some("111111111111"));
    assert_eq!(
        by_tag
            .shortcuts
            .iter()
            .find(|s| s.id == "acme-prod")
            .map(|s| s.client.as_str()),
        Some("acme")
    );
    assert_eq!(
        by_tag
            .shortcuts
            .iter()
            .find(|s| s.id == "acme-dev")
            .map(|s| s.client.as_str()),
        Some("org")
    );

    let by_name = propose(&spec(Some("name:^(?P<client>[A-Za-z]+)")), &accounts, None);
    assert_eq!(
        by_name
            .shortcuts
            .iter()
            .find(|s| s.id == "management")
            .map(|s| s.client.as_str()),
        Some("management")
    );
    assert_eq!(
        by_name
            .shortcuts
            .iter()
            .find(|s| s.id == "acme-dev")
            .map(|s| s.client.as_str()),
        Some("acme")
    );
}

#[test]
fn a_refresh_says_what_appeared_changed_left_and_is_suspended() {
    let before = vec![
        account("222222222222", "Acme Prod", "ACTIVE", Some("Acme"), &[]),
        account("333333333333", "Acme Dev", "ACTIVE", Some("Acme"), &[]),
    ];
    let after = vec![
        account("222222222222", "Acme Prod", "ACTIVE", Some("Acme EU"), &[]),
        account("333333333333", "Acme Dev", "SUSPENDED", Some("Acme"), &[]),
        account("444444444444", "Acme QA", "ACTIVE", Some("Acme"), &[]),
    ];
    let old = propose(&spec(None), &before, None);
    let previous = Catalog {
        clients: old.clients.clone(),
        shortcuts: old.shortcuts.clone(),
        ..Catalog::default()
    };
    let new = propose(&spec(None), &after, None);
    let rows = diff(&previous, &new);
    assert_eq!(
        rows,
        [
            DiffRow::Changed {
                id: "acme-prod".into(),
                account: "222222222222".into(),
                fields: vec!["client".into()]
            },
            DiffRow::Appeared {
                id: "acme-qa".into(),
                account: "444444444444".into(),
                name: "Acme QA".into()
            },
            DiffRow::Left {
                id: "acme-dev".into(),
                account: "333333333333".into()
            },
            DiffRow::Flagged {
                account: "333333333333".into(),
                name: "Acme Dev".into(),
                status: "SUSPENDED".into()
            },
        ]
    );
    assert!(
        diff(
            &Catalog {
                clients: new.clients.clone(),
                shortcuts: new.shortcuts.clone(),
                ..Catalog::default()
            },
            &Discovered {
                flagged: Vec::new(),
                ..new.clone()
            }
        )
        .is_empty()
    );
}

#[test]
fn the_layer_text_reads_back_as_the_same_entries_and_passes_the_layer_rules() {
    let accounts = vec![
        account("222222222222", "Acme Prod", "ACTIVE", Some("Acme"), &[]),
        account("333333333333", "Acme Dev", "ACTIVE", None, &[]),
    ];
    let d = propose(&spec(None), &accounts, None);
    let text = layer_text(&spec(None), &d);
    let layer = crate::sources::layers::check::check("org.toml", &text)
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(layer.shortcuts, d.shortcuts);
    assert_eq!(layer.clients, d.clients);
}

/// Accounts whose names slug alike and whose ids end alike, and a name that is itself another
/// account's suffixed id: every account is a shortcut of its own (none lost to a repeated id),
/// and the ids are the same on every run.
#[test]
fn accounts_that_meet_on_one_id_stay_apart() {
    let accounts = vec![
        account("111122223333", "Prod", "ACTIVE", None, &[]),
        account("444455553333", "prod", "ACTIVE", None, &[]),
        account("777788889999", "PROD", "ACTIVE", None, &[]),
        account("555566667777", "prod-9999", "ACTIVE", None, &[]),
    ];
    let run = || propose(&spec(None), &accounts, None);
    let d = run();
    let mut ids: Vec<&str> = d.shortcuts.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(d.shortcuts.len(), 4, "{ids:?}");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert_eq!(run(), d);
    // The same in Identity Center discovery: two accounts of one name and last digits.
    let found = [
        sso::Assigned {
            account: crate::sso::api::SsoAccount {
                account_id: "111122223333".into(),
                name: "Prod".into(),
                email: None,
            },
            roles: vec!["Admin".into()],
        },
        sso::Assigned {
            account: crate::sso::api::SsoAccount {
                account_id: "444455553333".into(),
                name: "prod".into(),
                email: None,
            },
            roles: vec!["Admin".into()],
        },
    ];
    let d = sso::propose_sso(&spec(None), "work", &found);
    let ids: std::collections::HashSet<&str> = d.shortcuts.iter().map(|s| s.id.as_str()).collect();
    assert_eq!((d.shortcuts.len(), ids.len()), (2, 2), "{ids:?}");
}
