//! `rolehop import` and `rolehop export` through the CLI against real parts: an AWS config +
//! credentials file as people have them, moto for GetCallerIdentity when keys move into the
//! keychain (gnome-keyring's Secret Service), and a credential_process round trip: the
//! exported AWS config gives the AWS SDK's contract output from the same keychain.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolehop_tests::env::TestEnv;
use rolehop_tests::seed::{client, shortcut};

const HOME_ACCOUNT: &str = "111111111111";

/// Whether the plan table has a row starting with these cells.
fn has_row(table: &str, cells: &[&str]) -> bool {
    table.lines().any(|l| {
        l.split_whitespace()
            .take(cells.len())
            .eq(cells.iter().copied())
    })
}

fn write(env: &TestEnv, name: &str, text: &str) -> String {
    let path = env.root().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn an_aws_config_imports_with_a_preview_keys_move_only_on_request_and_again_changes_nothing() {
    let env = TestEnv::full();
    let (key, secret) = env.moto().create_user(HOME_ACCOUNT, "jane");
    let config = write(
        &env,
        "aws-config",
        "[default]\nregion = eu-west-1\n\n[profile acme-prod]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = default\n\n[profile acme-dev]\nrole_arn = arn:aws:iam::333333333333:role/Dev\nsource_profile = default\n\n[profile globex-sso]\nsso_session = corp\nsso_account_id = 444444444444\nsso_role_name = Admin\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n",
    );
    let credentials = env.root().join("credentials");
    env.write_own_secret_file(
        &credentials,
        &format!("[default]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n"),
    );
    let credentials = credentials.display().to_string();
    let import = |extra: &[&str]| {
        let mut args = vec![
            "import",
            "aws-config",
            &config,
            "--credentials",
            &credentials,
        ];
        args.extend_from_slice(extra);
        env.ok(&args)
    };

    // Preview: nothing written; the account is unknown (no mfa_serial), the SSO profile is named.
    let preview = import(&[]);
    assert!(
        has_row(&preview, &["blocked", "identity", "default"]),
        "{preview}"
    );
    assert!(
        preview.contains("moving its keys into the keychain (`--keys`"),
        "{preview}"
    );
    // The Identity Center profile is a shortcut of an Identity Center identity, whose sign-in
    // comes later.
    assert!(
        has_row(
            &preview,
            &["new", "identity", "corp", "sso-session", "corp:16"]
        ) && has_row(
            &preview,
            &["new", "shortcut", "globex-sso", "globex-sso:12"]
        ) && preview.contains("rolehop login corp"),
        "{preview}"
    );
    assert!(
        preview.contains("--keys to move static keys into the keychain"),
        "{preview}"
    );
    assert!(!env.catalog_path().exists());

    // The preview with --keys shows what moving the keys unblocks; still nothing is written.
    let with_keys = import(&["--keys"]);
    assert!(
        has_row(&with_keys, &["new", "identity", "default"])
            && has_row(&with_keys, &["new", "shortcut", "acme-prod"]),
        "{with_keys}"
    );
    assert!(
        with_keys.contains("Run again with --apply --keys"),
        "{with_keys}"
    );
    // acme-prod's name says production: the prod tag is proposed, and the way to decline it said.
    assert!(
        with_keys.contains("Tagged prod because the name says production: acme-prod.")
            && with_keys.contains("--not-prod IDS"),
        "{with_keys}"
    );
    // A --not-prod naming a shortcut with no proposed tag is a mistake said, nothing written.
    let out = env
        .cmd()
        .args([
            "import",
            "aws-config",
            &config,
            "--credentials",
            &credentials,
        ])
        .args(["--not-prod", "acme-dev"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no `prod` tag for: acme-dev"),
        "{out:?}"
    );
    let declined = import(&["--keys", "--not-prod", "acme-prod"]);
    assert!(!declined.contains("Tagged prod"), "{declined}");
    assert!(!env.catalog_path().exists());
    assert!(env.secrets().lookup("identity/default/keys").is_none());

    // Apply with --keys: AWS says whose keys they are; they land in the keychain, not the catalog.
    let applied = import(&["--apply", "--keys", "--not-prod", "acme-prod"]);
    assert!(applied.contains("Added 6"), "{applied}");
    let stored = env
        .secrets()
        .lookup("identity/default/keys")
        .unwrap_or_default();
    assert!(
        stored.contains(&key) && stored.contains(&secret),
        "{stored:?}"
    );
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
    assert!(
        catalog.contains(&format!("account = \"{HOME_ACCOUNT}\"")),
        "{catalog}"
    );
    assert!(
        !catalog.contains(&secret) && !catalog.contains(&key),
        "{catalog}"
    );

    // Declined: acme-prod has no tag; and the import, run again, does not call that a difference.
    let listed = env.ok(&["list", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let acme = list
        .as_array()
        .and_then(|a| a.iter().find(|s| s["id"] == "acme-prod"))
        .cloned()
        .unwrap_or_default();
    assert!(
        acme["tags"].as_array().is_some_and(|t| t.is_empty()) && acme["production"] == false,
        "{listed}"
    );

    // Again: nothing changes, byte for byte.
    let before = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
    let again = import(&["--apply"]);
    assert!(again.contains("Nothing changed"), "{again}");
    assert_eq!(
        std::fs::read_to_string(env.catalog_path()).unwrap_or_default(),
        before
    );

    // The shortcuts work: credentials for acme-prod come from moto for account 222222222222.
    let creds: serde_json::Value =
        serde_json::from_str(&env.ok(&["credential-process", "acme-prod"])).unwrap();
    let (account, _) = env
        .moto()
        .caller_identity(
            creds["AccessKeyId"].as_str().unwrap_or_default(),
            creds["SessionToken"].as_str(),
        )
        .unwrap_or_else(|| panic!("{creds}"));
    assert_eq!(account, "222222222222");
}

#[test]
fn export_then_import_gives_the_same_catalog_and_json_says_so() {
    let env = TestEnv::full();
    env.seed_alice(&[]);
    env.seed(&[client("globex", "Globex").color("#00aa77")]);
    env.seed(&[
        shortcut("globex-audit", "globex", "444444444444", "audit/Auditor")
            .label("Audit")
            .with(&["--via", "acme-prod"]),
    ]);
    let original = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();

    for format in ["aws-config", "switch-roles"] {
        let exported = env.ok(&["export", format]);
        assert!(!exported.contains("aws_secret_access_key"), "{exported}");
        let file = write(&env, format, &exported);
        let plan = env.ok(&["import", format, &file, "--json"]);
        let plan: serde_json::Value = serde_json::from_str(&plan).unwrap();
        let rows = plan["rows"].as_array().cloned().unwrap_or_default();
        assert_eq!(rows.len(), 4, "{plan}");
        assert!(
            rows.iter().all(|r| r["change"]["status"] == "unchanged"),
            "{format}: {plan}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(env.catalog_path()).unwrap_or_default(),
        original
    );

    // Into an empty catalog with the same identity, the export brings back the same entries.
    let fresh = TestEnv::full();
    let (key, secret) = fresh.moto().create_user(HOME_ACCOUNT, "alice");
    fresh.setup("alice", HOME_ACCOUNT, &key, &secret, &[]);
    let file = write(&fresh, "exported", &env.ok(&["export", "switch-roles"]));
    fresh.ok(&["import", "switch-roles", &file, "--apply"]);
    let list = |e: &TestEnv| e.ok(&["list", "--json"]);
    let strip = |text: String| -> serde_json::Value {
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        for row in v.as_array_mut().into_iter().flatten() {
            row.as_object_mut().map(|o| o.remove("source_file"));
        }
        v
    };
    assert_eq!(strip(list(&fresh)), strip(list(&env)));
}

#[test]
fn import_errors_name_the_line_and_usage_mistakes_exit_2() {
    let env = TestEnv::bare();
    let broken = write(&env, "broken", "[profile a]\nregion = x\n[profile b\n");
    let out = env
        .cmd()
        .args(["import", "aws-config", &broken])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("{broken}:3:")), "{stderr}");

    let esr = write(
        &env,
        "esr",
        "[a]\nrole_arn = arn:aws:iam::123456789012:role/A\nnonsense\n",
    );
    let out = env
        .cmd()
        .args(["import", "switch-roles", &esr])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{esr}:3:")), "{stderr}");

    let out = env
        .cmd()
        .args([
            "import",
            "switch-roles",
            &esr,
            "--client-pattern",
            "^[a-z]+",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`client`"));

    // From stdin, as from the clipboard.
    let out = env
        .cmd()
        .args(["import", "switch-roles", "-"])
        .write_stdin(
            "[acme-prod]\nrole_arn = arn:aws:iam::222222222222:role/Admin\ncolor = d13212\n",
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Nobody is set up in this catalog yet: the preview says what is missing.
    assert!(
        has_row(&stdout, &["blocked", "shortcut", "acme-prod"])
            && stdout.contains("no identity yet"),
        "{stdout}"
    );
}

/// A wiki page as a knowledge base exports it: one heading per client, links HTML-escaped.
const WIKI_PAGE: &str = r#"<html><body>
<h1>Client accounts</h1>
<h2>Acme Corp</h2>
<p><a href="https://signin.aws.amazon.com/switchrole?roleName=Admin&amp;account=222222222222&amp;displayName=Acme%20Prod&amp;color=d13212">Acme Prod</a></p>
<p><a href="https://signin.aws.amazon.com/switchrole?roleName=ops/ReadOnly&amp;account=333333333333&amp;displayName=Acme%20Audit">Acme Audit</a></p>
<h2>Globex</h2>
<p><a href="https://signin.aws.amazon.com/switchrole?roleName=Admin&amp;account=globex-prod">Globex Prod (alias)</a></p>
</body></html>
"#;

#[test]
fn switch_role_links_in_a_wiki_page_import_with_a_preview_and_again_change_nothing() {
    let env = TestEnv::full();
    let (key, secret) = env.moto().create_user(HOME_ACCOUNT, "jane");
    env.setup("jane", HOME_ACCOUNT, &key, &secret, &[]);
    let page = write(&env, "clients.html", WIKI_PAGE);

    // Preview: nothing written; the alias link is listed with its line and reason.
    let preview = env.ok(&["import", "links", &page]);
    assert!(
        has_row(&preview, &["new", "shortcut", "acme-prod"]),
        "{preview}"
    );
    assert!(
        has_row(&preview, &["new", "shortcut", "acme-audit"]),
        "{preview}"
    );
    assert!(has_row(&preview, &["new", "client", "acme"]), "{preview}");
    assert!(preview.contains("heading “Acme Corp”"), "{preview}");
    assert!(
        preview.contains("alias") && preview.contains("alias):7"),
        "{preview}"
    );
    assert!(!env.ok(&["list"]).contains("acme-prod"));

    // Applied: the shortcuts open the accounts and roles the links name.
    env.ok(&["import", "links", &page, "--apply"]);
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap();
    assert!(catalog.contains("account = \"333333333333\""), "{catalog}");
    assert!(catalog.contains("role = \"ops/ReadOnly\""), "{catalog}");
    assert!(catalog.contains("color = \"#d13212\""), "{catalog}");
    assert!(env.ok(&["list"]).contains("acme-prod"));

    // Again, from stdin and as JSON: nothing new.
    let out = env
        .cmd()
        .args(["import", "links", "-", "--json"])
        .write_stdin(WIKI_PAGE)
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = json.to_string();
    assert!(!text.contains("\"new\""), "{text}");
    let again = env.ok(&["import", "links", &page, "--apply"]);
    assert!(again.contains("Nothing changed"), "{again}");
}

/// A catalog with one identity (no keys needed to preview or apply an import).
const ONE_IDENTITY: &str =
    "schema_version = 1\n\n[[identity]]\nid = \"me\"\naccount = \"111111111111\"\n";

/// Issue 23's wiki page: a heading "Beta" and two links both named `Prod` for two accounts.
/// The preview shows two new rows with distinct ids, `--apply --replace` writes both (the
/// count says so), both accounts are in the catalog, and importing again changes nothing.
#[test]
fn two_links_named_alike_import_as_two_shortcuts_and_none_is_lost() {
    let env = TestEnv::bare();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(env.catalog_path(), ONE_IDENTITY).unwrap();
    let page = write(
        &env,
        "beta.html",
        "<h2>Beta</h2>\n<ul>\n<li><a href=\"https://signin.aws.amazon.com/switchrole?account=111122223333&amp;roleName=Admin&amp;displayName=Prod\">Prod</a></li>\n<li><a href=\"https://signin.aws.amazon.com/switchrole?account=444455556666&amp;roleName=Admin&amp;displayName=Prod\">Prod</a></li>\n</ul>\n",
    );
    let preview = env.ok(&["import", "links", &page]);
    assert!(
        has_row(&preview, &["new", "shortcut", "beta-prod"]),
        "{preview}"
    );
    assert!(
        has_row(&preview, &["new", "shortcut", "beta-prod-2"]),
        "{preview}"
    );
    let applied = env.ok(&["import", "links", &page, "--apply", "--replace"]);
    eprintln!("{applied}");
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    let mut accounts: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["account"].as_str().unwrap_or_default().to_string())
        .collect();
    accounts.sort();
    assert_eq!(accounts, ["111122223333", "444455556666"], "{applied}");
    assert!(applied.contains("beta-prod-2"), "{applied}");
    let again = env.ok(&["import", "links", &page, "--apply"]);
    assert!(again.contains("Nothing changed"), "{again}");
}

/// Inputs with no end, or no writer: `import links /dev/zero` stops at the cap with a
/// message; a catalog that is a link to `/dev/zero`, or a named pipe, is refused at once (it
/// used to be read until memory ran out, or to block for ever).
#[cfg(unix)]
#[test]
fn endless_inputs_are_refused_with_a_message() {
    let env = TestEnv::bare();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(env.catalog_path(), ONE_IDENTITY).unwrap();
    let out = env
        .cmd()
        .args(["import", "links", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("larger than 64 MiB"), "{stderr}");
    let out = env
        .cmd()
        .args(["import", "aws-config", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("larger than 64 MiB"), "{stderr}");

    std::fs::remove_file(env.catalog_path()).unwrap();
    std::os::unix::fs::symlink("/dev/zero", env.catalog_path()).unwrap();
    let out = env
        .cmd()
        .args(["list"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");

    std::fs::remove_file(env.catalog_path()).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(env.catalog_path())
        .status()
        .unwrap();
    assert!(made.success());
    let out = env
        .cmd()
        .args(["add", "client", "beta", "--name", "Beta"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("named pipe"), "{stderr}");
}

/// Chains deeper than Rolehop's limit (10 hops) are refused at once with the reason, in the
/// catalog (`via`, 6,000 deep: `list` took 20 s) and in an AWS config (`source_profile`, 5,000
/// deep: over two minutes); the profiles within the limit import.
#[test]
fn chains_beyond_ten_hops_are_named_not_walked() {
    let env = TestEnv::bare();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    let mut catalog = format!(
        "{ONE_IDENTITY}\n[[client]]\nid = \"acme\"\nname = \"Acme\"\n\n[[shortcut]]\nid = \"hop0\"\nclient = \"acme\"\naccount = \"200000000000\"\nrole = \"Admin\"\n"
    );
    for i in 1..6_000 {
        catalog.push_str(&format!(
            "\n[[shortcut]]\nid = \"hop{i}\"\nclient = \"acme\"\naccount = \"{:012}\"\nrole = \"Admin\"\nvia = \"hop{}\"\n",
            200_000_000_000u64 + i,
            i - 1
        ));
    }
    std::fs::write(env.catalog_path(), &catalog).unwrap();
    let out = env
        .cmd()
        .args(["list"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr.contains("longer than 10 hops"), "{stderr}");
    assert!(
        stderr.contains("more"),
        "a long list is cut: {}",
        stderr.len()
    );
    assert!(
        stderr.lines().count() < 40,
        "{} lines",
        stderr.lines().count()
    );

    std::fs::write(env.catalog_path(), ONE_IDENTITY).unwrap();
    let mut config = String::from(
        "[profile base]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n",
    );
    for i in 0..5_000 {
        let source = if i == 0 {
            "base".to_string()
        } else {
            format!("hop{}", i - 1)
        };
        config.push_str(&format!(
            "[profile hop{i}]\nrole_arn = arn:aws:iam::{:012}:role/Admin\nsource_profile = {source}\n",
            200_000_000_000u64 + i
        ));
    }
    let file = write(&env, "aws-config-chain", &config);
    let out = env
        .cmd()
        .args(["import", "aws-config", &file, "--json"])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("longer than 10 roles"),
        "{}",
        &text[..text.len().min(2000)]
    );
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    eprintln!("{}", &text[..text.len().min(600)]);
    let _ = json;
}

/// A shared AWS config can name any program as `mfa_process`: the preview shows the command in
/// full, `--apply --keys` records it, and it does not run until the person allowed it (before,
/// the preview hid it and the next open ran it).
#[test]
fn an_imported_mfa_process_is_shown_and_never_runs_unconfirmed() {
    let env = TestEnv::full();
    let (key, secret) = env.moto().create_user(HOME_ACCOUNT, "jane");
    let ran = env.root().join("ran");
    let tool = env.root().join("fetch-code");
    std::fs::write(
        &tool,
        format!("#!/bin/sh\ntouch '{}'\necho 123456\n", ran.display()),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&tool, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let command = format!("{} --for jane", tool.display());
    let config = write(
        &env,
        "aws-config",
        &format!(
            "[profile jane]\nmfa_serial = arn:aws:iam::{HOME_ACCOUNT}:mfa/jane\nmfa_process = {command}\n\n[profile acme-prod]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = jane\n"
        ),
    );
    let credentials = env.root().join("credentials");
    env.write_own_secret_file(
        &credentials,
        &format!("[jane]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n"),
    );
    let credentials = credentials.display().to_string();
    let preview = env.ok(&[
        "import",
        "aws-config",
        &config,
        "--credentials",
        &credentials,
        "--keys",
    ]);
    assert!(
        preview.contains(&format!("records the MFA code command `{command}`")),
        "{preview}"
    );
    env.ok(&[
        "import",
        "aws-config",
        &config,
        "--credentials",
        &credentials,
        "--keys",
        "--apply",
    ]);
    let out = env
        .cmd()
        .args(["credential-process", "acme-prod"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&command) && stderr.contains("has not run before"),
        "{stderr}"
    );
    assert!(!ran.exists(), "the imported command never ran");
}
