//! AWS Organizations discovery through the CLI against moto's Organizations: an organization
//! of 60 accounts in several OUs (three ListAccounts pages), grouped into clients by OU and by
//! tag, opened through the management role (role chaining into each member account), and a
//! refresh that shows what appeared, changed, left or was suspended.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use rolehop_tests::env::TestEnv;

const MANAGEMENT: &str = "555555555555";

fn run(env: &TestEnv, args: &[&str]) -> (String, String) {
    let out = env.cmd().args(args).output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "rolehop {args:?}: {stderr}");
    (stdout, stderr)
}

#[test]
fn an_organization_becomes_a_layer_of_shortcuts_that_open_and_refreshes_show_changes() {
    let env = TestEnv::full();
    env.seed_alice(&[]);
    env.seed_org_reader(MANAGEMENT);
    let org = env
        .moto()
        .build_org(MANAGEMENT, &["Acme Corp", "Beta", "Gamma Labs"], 60, |i| {
            format!("client{}-env{i:02}", i % 4)
        });
    env.ok(&[
        "discover",
        "add",
        "org",
        "--via",
        "org-mgmt",
        "--region",
        "eu-west-1",
    ]);

    // Preview: every page is read (60 members + the management account), progress on stderr,
    // nothing written.
    let (preview, progress) = run(&env, &["discover", "org"]);
    assert!(
        preview.starts_with("org: 61 accounts -> 60 shortcuts in 4 clients"),
        "{preview}"
    );
    assert!(progress.contains("page 1, 20 accounts"), "{progress}");
    assert!(
        progress.contains("reading OUs and tags: 61/61"),
        "{progress}"
    );
    assert!(preview.contains("Nothing was written"), "{preview}");
    let listed = env.ok(&["list", "--json"]);
    assert!(!listed.contains("client0-env00"), "{listed}");

    // Apply: the accounts are shortcuts of a read-only layer, grouped by OU.
    run(&env, &["discover", "org", "--apply"]);
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    let rows = list.as_array().cloned().unwrap_or_default();
    let find = |id: &str| {
        rows.iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no {id} in {list}"))
    };
    let first = find("client0-env00");
    assert_eq!(first["source"], "discovery:org");
    assert_eq!(first["client_name"], "Acme Corp");
    assert_eq!(first["role"], "OrganizationAccountAccessRole");
    assert_eq!(first["via"], "org-mgmt");
    assert_eq!(
        find("client3-env03")["client"],
        "org",
        "root-level accounts"
    );
    assert_eq!(rows.len(), 2 + 60);

    // A discovered shortcut opens through the management role into its member account.
    let member = &org.accounts[5].0;
    let creds: serde_json::Value =
        serde_json::from_str(&env.ok(&["credential-process", &org.accounts[5].1])).unwrap();
    let (account, arn) = env
        .moto()
        .caller_identity(
            creds["AccessKeyId"].as_str().unwrap_or_default(),
            creds["SessionToken"].as_str(),
        )
        .unwrap_or_else(|| panic!("{creds}"));
    assert_eq!(&account, member);
    assert!(arn.contains("OrganizationAccountAccessRole"), "{arn}");

    // Refresh after changes in the organization.
    let m = env.moto();
    m.organizations(
        MANAGEMENT,
        "CloseAccount",
        json!({"AccountId": org.accounts[1].0}),
    );
    let (moved, _) = &org.accounts[2];
    m.organizations(
        MANAGEMENT,
        "MoveAccount",
        json!({"AccountId": moved, "SourceParentId": org.ous[2].0, "DestinationParentId": org.root}),
    );
    let created = m.organizations(
        MANAGEMENT,
        "CreateAccount",
        json!({"AccountName": "newcomer", "Email": "new@example.com"}),
    );
    let new_id = created["CreateAccountStatus"]["AccountId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (refresh, _) = run(&env, &["discover", "org"]);
    assert!(
        refresh.contains("+ newcomer") && refresh.contains(&new_id),
        "{refresh}"
    );
    assert!(
        refresh.contains("~ client2-env02") && refresh.contains("changed: client"),
        "{refresh}"
    );
    assert!(refresh.contains("- client1-env01"), "{refresh}");
    assert!(
        refresh.contains("SUSPENDED: left out") || refresh.contains("PENDING_CLOSURE: left out"),
        "{refresh}"
    );

    // Grouping by tag instead, and a source that is not allowed to read the organization.
    env.ok(&["discover", "remove", "org"]);
    env.ok(&[
        "discover",
        "add",
        "bytag",
        "--via",
        "org-mgmt",
        "--group-by",
        "tag:client",
    ]);
    let (json_out, _) = run(&env, &["discover", "bytag", "--apply", "--json"]);
    // Four tag values, and the untagged newcomer in the source's own client.
    assert!(json_out.contains("\"clients\": 5"), "{json_out}");
    let list = env.ok(&["list", "--json"]);
    assert!(list.contains("\"client\": \"client-0\""), "{list}");
    assert!(
        !list.contains("discovery:org"),
        "the removed source's layer is gone: {list}"
    );
}

#[test]
fn discovery_sources_are_checked_when_added() {
    let env = TestEnv::full();
    env.seed_alice(&[]);
    let out = env
        .cmd()
        .args(["discover", "add", "org", "--via", "nowhere"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("no shortcut `nowhere`"));
    let out = env
        .cmd()
        .args([
            "discover",
            "add",
            "org",
            "--via",
            "acme-prod",
            "--group-by",
            "colour",
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("use `ou`, `tag:<key>` or `name:<regex>`")
    );
    let out = env.cmd().args(["discover"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rolehop discover add"));
}
