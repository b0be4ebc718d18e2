//! Hardening through the CLI: what a careful user or another local user could do with bad input
//! must neither delete, panic nor change what the catalog file is. (Issue 10.)

use std::path::Path;

use rolehop_tests::env::TestEnv;

const CATALOG: &str = r#"schema_version = 1

[[identity]]
id = "alice"
account = "111111111111"

[[client]]
id = "acme"
name = "Acme"

[[shortcut]]
id = "acme-prod"
client = "acme"
account = "222222222222"
role = "Admin"
"#;

fn write_catalog(env: &TestEnv, text: &str) {
    std::fs::create_dir_all(env.config_dir()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(env.catalog_path(), text).unwrap_or_else(|e| panic!("{e}"));
}

/// Runs rolehop: (exit code, stdout, stderr).
fn run(env: &TestEnv, args: &[&str]) -> (i32, String, String) {
    let out = env
        .cmd()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mkdir(path: &Path) {
    std::fs::create_dir_all(path).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn profiles_clean_removes_only_rolehop_profiles() {
    let env = TestEnv::bare();
    write_catalog(&env, CATALOG);
    let data = env.data_dir();
    let sibling = env.root().join("sibling");
    let victim = env.root().join("victim");
    mkdir(&sibling.join("keep"));
    mkdir(&victim.join("keep"));
    mkdir(&data.join("profiles/stranger"));
    let ours = data.join("profiles/acme-prod");
    mkdir(&ours);
    std::fs::write(
        ours.join("rolehop-profile.json"),
        r#"{"shortcut":"acme-prod","name":"Acme","kind":"chromium","last_used":1}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));

    let victim_text = victim.display().to_string();
    for bad in [
        format!("--clean={victim_text}"),
        "--clean=..".to_string(),
        "--clean=".to_string(),
        "--clean=../../sibling".to_string(),
        "--clean=.".to_string(),
    ] {
        let (code, _, stderr) = run(&env, &["profiles", &bad]);
        assert_eq!(code, 2, "{bad}: {stderr}");
        assert!(stderr.contains("not a valid id"), "{bad}: {stderr}");
        assert!(!stderr.contains("Removed"), "{bad}: {stderr}");
    }
    // A folder Rolehop did not make is left alone, with the reason.
    let (code, _, stderr) = run(&env, &["profiles", "--clean", "stranger"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("not created by Rolehop"), "{stderr}");
    // `--unused` skips it too, and says so.
    let (code, _, stderr) = run(&env, &["profiles", "--unused"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Skipped"), "{stderr}");

    assert!(victim.join("keep").is_dir() && sibling.join("keep").is_dir());
    assert!(data.join("profiles/stranger").is_dir());
    assert!(env.catalog_path().is_file());
    // Rolehop's own profile goes.
    let (code, _, stderr) = run(&env, &["profiles", "--clean", "acme-prod"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("Removed the profile of `acme-prod`"),
        "{stderr}"
    );
    assert!(!ours.exists());
}

#[test]
fn cells_of_any_length_never_make_a_command_panic() {
    let env = TestEnv::bare();
    let long = "L".repeat(70_000);
    write_catalog(
        &env,
        &format!(
            "{CATALOG}label = \"{long}\"\n\n[[shortcut]]\nid = \"acme-esc\"\nclient = \"acme\"\naccount = \"333333333333\"\nrole = \"Admin\"\nlabel = \"a\\u001b[31mred\"\n"
        ),
    );
    let (code, stdout, stderr) = run(&env, &["list"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stdout.contains('…'), "long text is cut for display");
    assert!(stdout.lines().all(|l| l.chars().count() < 400));
    assert!(
        !stdout.contains('\x1b'),
        "no terminal escape reaches the terminal"
    );
    // `--json` keeps the whole text.
    let (code, json, _) = run(&env, &["list", "--json"]);
    assert_eq!(code, 0);
    assert!(json.contains(&long));

    // A Switch Roles import with such a name: previewed, applied, no panic.
    let fresh = TestEnv::bare();
    write_catalog(
        &fresh,
        "schema_version = 1\n\n[[identity]]\nid = \"alice\"\naccount = \"111111111111\"\n",
    );
    let esr = fresh.root().join("esr.ini");
    std::fs::write(
        &esr,
        format!(
            "[profile acme-{}]\nrole_arn = arn:aws:iam::222222222222:role/Admin\n",
            "x".repeat(70_000)
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let esr = esr.display().to_string();
    for args in [
        vec!["import", "switch-roles", esr.as_str()],
        vec!["import", "switch-roles", esr.as_str(), "--apply"],
    ] {
        let (code, _, stderr) = run(&fresh, &args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(code == 0 || code == 1, "{args:?}: {code} {stderr}");
    }
}

#[test]
fn an_aws_config_import_blocks_bad_rows_and_applies_the_rest() {
    let env = TestEnv::bare();
    write_catalog(
        &env,
        "schema_version = 1\n\n[[identity]]\nid = \"alice\"\naccount = \"111111111111\"\nmfa_serial = \"arn:aws:iam::111111111111:mfa/alice\"\n",
    );
    let config = env.root().join("aws-config");
    std::fs::write(
        &config,
        "[default]\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n\n\
         [profile acme-prod]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = default\n\n\
         [profile acme-long]\nrole_arn = arn:aws:iam::222222222223:role/Admin\nsource_profile = default\nduration_seconds = 999999\n\n\
         [profile acme-mars]\nrole_arn = arn:aws:iam::222222222224:role/Admin\nsource_profile = default\nregion = mars-1\n\n\
         [profile acme-ext]\nrole_arn = arn:aws:iam::222222222225:role/Admin\nsource_profile = default\nexternal_id = a b c\n\n\
         [profile gov-prod]\nrole_arn = arn:aws-us-gov:iam::222222222226:role/Admin\nsource_profile = default\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let credentials = env.root().join("credentials");
    std::fs::write(
        &credentials,
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (config, credentials) = (
        config.display().to_string(),
        credentials.display().to_string(),
    );
    let base = [
        "import",
        "aws-config",
        &config,
        "--credentials",
        &credentials,
    ];
    let (code, preview, stderr) = run(&env, &base);
    assert_eq!(code, 0, "{stderr}");
    for id in ["acme-long", "acme-mars", "acme-ext", "gov-prod"] {
        assert!(
            preview
                .lines()
                .any(|l| l.starts_with("blocked") && l.contains(id)),
            "{id} must be blocked:\n{preview}"
        );
    }
    assert!(
        preview
            .lines()
            .any(|l| l.starts_with("new") && l.contains("acme-prod")),
        "{preview}"
    );
    let mut apply = base.to_vec();
    apply.push("--apply");
    let (code, _, stderr) = run(&env, &apply);
    assert_eq!(code, 0, "the good row imports: {stderr}");
    let (_, list, _) = run(&env, &["list", "--json"]);
    assert!(
        list.contains("acme-prod") && !list.contains("acme-mars"),
        "{list}"
    );
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_catalogs_mode_and_symlink() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::bare();
    let dotfiles = env.root().join("dotfiles");
    mkdir(&dotfiles);
    mkdir(&env.config_dir());
    let real = dotfiles.join("rolehop.toml");
    std::fs::write(&real, CATALOG).unwrap_or_else(|e| panic!("{e}"));
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600))
        .unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(&real, env.catalog_path()).unwrap_or_else(|e| panic!("{e}"));
    // A writer killed mid-save left its temp file.
    let stale = env.config_dir().join(".catalog.toml.999999999.tmp");
    std::fs::write(&stale, "half").unwrap_or_else(|e| panic!("{e}"));
    let stale_at_target = dotfiles.join(".rolehop.toml.999999999.tmp");
    std::fs::write(&stale_at_target, "half").unwrap_or_else(|e| panic!("{e}"));

    env.ok(&["add", "client", "beta", "--name", "Beta"]);
    let link = std::fs::symlink_metadata(env.catalog_path()).unwrap_or_else(|e| panic!("{e}"));
    assert!(link.file_type().is_symlink(), "the link stays a link");
    let text = std::fs::read_to_string(&real).unwrap_or_default();
    assert!(
        text.contains("id = \"beta\""),
        "written through the link: {text}"
    );
    let mode = std::fs::metadata(&real)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    assert_eq!(mode, 0o600, "the mode stays");
    assert!(
        !stale_at_target.exists(),
        "stale temp files of dead writers go"
    );
    assert!(!stale.exists(), "also those beside the link");
    let leftovers: Vec<String> = std::fs::read_dir(&dotfiles)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A new catalog file is private.
    let fresh = TestEnv::bare();
    fresh.ok(&["add", "client", "beta", "--name", "Beta"]);
    let mode = std::fs::metadata(fresh.catalog_path())
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    assert_eq!(mode, 0o600);
}
