//! Always the right account: cached role credentials follow every edit of a shortcut, and STS
//! is called in the identity's region whatever the console region. Real parts: moto behind the
//! recording STS proxy, gnome-keyring's Secret Service, the federation stand-in, the `rolehop`
//! CLI.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolehop_tests::env::TestEnv;
use rolehop_tests::http::agent;
use rolehop_tests::seed::{client, shortcut};

const HOME_ACCOUNT: &str = "111111111111";
const MFA: &str = "arn:aws:iam::111111111111:mfa/alice";

fn setup(env: &TestEnv) {
    let (key, secret) = env.moto().create_user(HOME_ACCOUNT, "alice");
    env.setup(
        "alice",
        HOME_ACCOUNT,
        &key,
        &secret,
        &["--mfa-serial", MFA, "--region", "eu-west-1"],
    );
    env.seed(&[client("acme", "Acme Corp")]);
}

/// Follows a sign-in URL the way a browser would; returns the account the stand-in signed in.
fn signed_into(env: &TestEnv, shortcut: &str, extra: &[&str]) -> String {
    let mut args = vec!["url", shortcut];
    args.extend_from_slice(extra);
    let url = env.ok(&args);
    let response = agent()
        .get(url.trim())
        .call()
        .unwrap_or_else(|e| panic!("login: {e}"));
    assert_eq!(response.status().as_u16(), 302);
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
    standin
        .logins()
        .pop()
        .unwrap_or_else(|| panic!("no login"))
        .account
}

fn cached_role(env: &TestEnv, shortcut: &str) -> Option<String> {
    env.secrets().lookup(&format!("shortcut/{shortcut}/role"))
}

#[test]
fn an_edited_shortcut_signs_into_its_new_account_whatever_edited_it() {
    let env = TestEnv::full();
    setup(&env);
    let proxy = env.proxy.as_ref().unwrap_or_else(|| panic!("proxy"));
    env.seed(&[shortcut("acme-prod", "acme", "222222222222", "Admin")]);
    assert_eq!(
        signed_into(&env, "acme-prod", &["--mfa-code", "123456"]),
        "222222222222"
    );
    assert!(cached_role(&env, "acme-prod").is_some());

    // The CLI replaces the shortcut: the old credentials go at once, the next open signs
    // into the new account.
    env.seed(&[shortcut("acme-prod", "acme", "777777777777", "Admin").replace()]);
    assert_eq!(
        cached_role(&env, "acme-prod"),
        None,
        "dropped by the edit itself"
    );
    assert_eq!(signed_into(&env, "acme-prod", &[]), "777777777777");

    // The file is changed by something else (Settings, an import, a hand edit): the cached
    // credentials no longer match and are not used.
    let path = env.catalog_path();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, text.replace("777777777777", "888888888888")).unwrap();
    assert_eq!(signed_into(&env, "acme-prod", &[]), "888888888888");

    // An external id is part of what the credentials were made for.
    env.seed(&[shortcut("acme-prod", "acme", "888888888888", "Admin")
        .replace()
        .with(&["--external-id", "acme-9f2c"])]);
    assert_eq!(signed_into(&env, "acme-prod", &[]), "888888888888");
    let last = proxy
        .registry
        .all_issued()
        .into_iter()
        .rfind(|i| i.action == "AssumeRole")
        .unwrap_or_else(|| panic!("no AssumeRole"));
    assert_eq!(
        last.params.get("ExternalId").map(String::as_str),
        Some("acme-9f2c")
    );

    // A team layer's shortcut changes account when the team's file changes.
    let team = env.root().join("team");
    std::fs::create_dir_all(&team).unwrap();
    let layer = |account: &str| {
        format!(
            "schema_version = 1\n[[client]]\nid = \"globex\"\nname = \"Globex\"\n[[shortcut]]\nid = \"globex-prod\"\nclient = \"globex\"\naccount = \"{account}\"\nrole = \"Admin\"\n"
        )
    };
    std::fs::write(team.join("team.toml"), layer("333333333333")).unwrap();
    env.ok(&[
        "layers",
        "add",
        "team",
        "--path",
        &team.display().to_string(),
    ]);
    assert_eq!(signed_into(&env, "globex-prod", &[]), "333333333333");
    std::fs::write(team.join("team.toml"), layer("444444444444")).unwrap();
    assert_eq!(signed_into(&env, "globex-prod", &[]), "444444444444");

    // Removing a shortcut drops its credentials; one MFA code served the whole day.
    env.ok(&["remove", "shortcut", "acme-prod"]);
    assert_eq!(cached_role(&env, "acme-prod"), None);
    assert_eq!(proxy.registry.count("GetSessionToken"), 1);
    // signout and forget keep working on what is cached now.
    env.ok(&["signout", "globex-prod"]);
    assert_eq!(cached_role(&env, "globex-prod"), None);
    env.ok(&["forget"]);
    assert_eq!(env.secrets().lookup("index/roles"), None);
}

#[test]
fn sts_is_called_in_the_identitys_region_and_the_console_opens_in_the_shortcuts() {
    let env = TestEnv::full();
    setup(&env);
    let proxy = env.proxy.as_ref().unwrap_or_else(|| panic!("proxy"));
    env.seed(&[
        shortcut("acme-cape", "acme", "222222222222", "Admin").with(&["--region", "af-south-1"])
    ]);
    let url = env.ok(&["url", "acme-cape", "--mfa-code", "123456"]);
    let issued = proxy.registry.all_issued();
    assert_eq!(issued.len(), 2, "GetSessionToken and AssumeRole");
    for call in &issued {
        assert_eq!(
            call.region, "eu-west-1",
            "{} signed for {}",
            call.action, call.region
        );
    }
    // The console region only shapes the destination.
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
    let _ = agent().get(url.trim()).call();
    let login = standin.logins().pop().unwrap_or_else(|| panic!("no login"));
    assert!(
        login.destination.contains("af-south-1"),
        "{}",
        login.destination
    );
}

#[test]
fn an_import_that_replaces_a_shortcut_is_followed_by_the_next_open() {
    let env = TestEnv::full();
    setup(&env);
    env.seed(&[shortcut("acme-prod", "acme", "222222222222", "Admin")]);
    assert_eq!(
        signed_into(&env, "acme-prod", &["--mfa-code", "123456"]),
        "222222222222"
    );
    // The team's Extend Switch Roles configuration says acme-prod is another account now.
    let file = env.root().join("switch-roles.ini");
    std::fs::write(
        &file,
        "[acme-prod]\naws_account_id = 999999999999\nrole_name = Admin\n",
    )
    .unwrap();
    let preview = env.ok(&["import", "switch-roles", &file.display().to_string()]);
    assert!(preview.contains("999999999999"), "{preview}");
    env.ok(&[
        "import",
        "switch-roles",
        &file.display().to_string(),
        "--apply",
        "--replace",
    ]);
    assert_eq!(
        cached_role(&env, "acme-prod"),
        None,
        "dropped by the import"
    );
    assert_eq!(signed_into(&env, "acme-prod", &[]), "999999999999");
}
