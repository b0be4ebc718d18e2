//! The CLI's failure paths: each gives exit code 1 (2 for usage) and a message that says what
//! is wrong and what to do, and leaves nothing broken behind. AWS's own refusals (MFA, trust
//! policy, durations, expired tokens, throttling) come from the fault STS, in AWS's XML.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolehop_tests::env::TestEnv;
use rolehop_tests::fault::{Answer, FaultSts};
use rolehop_tests::seed::shortcut;

const CATALOG: &str = r#"# hand-written
schema_version = 1

[[identity]]
id = "alice"
account = "111111111111"
mfa_serial = "arn:aws:iam::111111111111:mfa/alice"

[[client]]
id = "acme"
name = "Acme Corp"

[[shortcut]]
id = "acme-prod"
client = "acme"
account = "222222222222"
role = "Admin"

[[shortcut]]
id = "acme-long"
client = "acme"
account = "333333333333"
role = "Admin"
session = "long"
"#;

fn write_catalog(env: &TestEnv, text: &str) {
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(env.catalog_path(), text).unwrap();
}

/// Runs rolehop, expects `code`, returns stderr.
fn fails(env: &TestEnv, args: &[&str], code: i32) -> String {
    let out = env.cmd().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "rolehop {args:?}: {stderr}");
    assert!(
        out.stdout.is_empty() || code == 1 && args.first() == Some(&"doctor"),
        "stdout on failure: {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}

#[test]
fn a_corrupt_catalog_is_reported_with_its_position_and_never_touched() {
    let env = TestEnv::bare();
    let broken = "schema_version = 1\n\n[[client]]\nid = \"acme\"\nname = \"Acme\n";
    write_catalog(&env, broken);
    for args in [
        &["list"][..],
        &["add", "client", "beta", "--name", "Beta"],
        &["url", "acme-prod"],
        &["remove", "client", "acme"],
    ] {
        let stderr = fails(&env, args, 1);
        assert!(stderr.contains("catalog.toml:5:"), "{args:?}: {stderr}");
        assert!(stderr.contains("left untouched"), "{stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(env.catalog_path()).unwrap_or_default(),
        broken
    );
    assert!(!env.catalog_path().with_extension("toml.bak").exists());

    // A key Rolehop does not know is an error with its line, not silently ignored.
    write_catalog(
        &env,
        "schema_version = 1\n[[client]]\nid = \"acme\"\nname = \"Acme\"\ncolour = \"#fff\"\n",
    );
    let stderr = fails(&env, &["list"], 1);
    assert!(
        stderr.contains("catalog.toml:5:") && stderr.contains("colour"),
        "{stderr}"
    );
    // A semantic error names file, line, column, key and an example.
    write_catalog(&env, &CATALOG.replace("\"222222222222\"", "\"22222\""));
    let stderr = fails(&env, &["list"], 1);
    assert!(
        stderr.contains("catalog.toml:16:1: shortcut[acme-prod].account"),
        "{stderr}"
    );
    assert!(
        stderr.contains("12 digits") && stderr.contains("for example"),
        "{stderr}"
    );
}

#[test]
fn catalog_edits_keep_comments_and_refuse_bad_input() {
    let env = TestEnv::bare();
    write_catalog(&env, CATALOG);
    env.seed(&[shortcut("acme-dev", "acme", "444444444444", "Dev").with(&["--duration", "45m"])]);
    let text = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
    assert!(text.starts_with("# hand-written\n"), "{text}");
    assert!(text.contains("duration = \"45m\""), "{text}");
    assert!(env.catalog_path().with_extension("toml.bak").exists());

    let stderr = fails(
        &env,
        &[
            "add",
            "shortcut",
            "acme-dev",
            "--client",
            "acme",
            "--account",
            "444444444444",
            "--role",
            "Dev",
        ],
        1,
    );
    assert!(
        stderr.contains("already exists") && stderr.contains("--replace"),
        "{stderr}"
    );
    let stderr = fails(
        &env,
        &[
            "add",
            "shortcut",
            "x",
            "--client",
            "ghost",
            "--account",
            "444444444444",
            "--role",
            "Dev",
        ],
        1,
    );
    assert!(
        stderr.contains("not saved") && stderr.contains("client `ghost` is not defined"),
        "{stderr}"
    );
    let stderr = fails(
        &env,
        &[
            "add",
            "shortcut",
            "x",
            "--client",
            "acme",
            "--account",
            "444444444444",
            "--role",
            "Dev",
            "--destination",
            "https://evil.example.com/",
        ],
        1,
    );
    assert!(stderr.contains("leaves the AWS console"), "{stderr}");
    let stderr = fails(&env, &["remove", "client", "acme"], 1);
    assert!(
        stderr.contains("still has shortcuts") && stderr.contains("--with-shortcuts"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(env.catalog_path()).unwrap_or_default(),
        text
    );

    env.ok(&["remove", "shortcut", "acme-dev"]);
    env.ok(&["remove", "client", "acme", "--with-shortcuts"]);
    let text = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
    assert!(
        !text.contains("acme") && text.starts_with("# hand-written\n"),
        "{text}"
    );
    let stderr = fails(&env, &["remove", "shortcut", "acme-prod"], 1);
    assert!(stderr.contains("no shortcut `acme-prod`"), "{stderr}");
}

#[test]
fn usage_errors_exit_with_2() {
    let env = TestEnv::bare();
    fails(&env, &["add", "shortcut", "x"], 2);
    fails(&env, &["url"], 2);
    fails(&env, &["open-sesame"], 2);
    let stderr = fails(
        &env,
        &[
            "setup",
            "--identity",
            "alice",
            "--account",
            "123",
            "--access-key-id",
            "AKIAIOSFODNN7EXAMPLE",
            "--secret-stdin",
        ],
        2,
    );
    assert!(
        stderr.contains("--account") && stderr.contains("12 digits"),
        "{stderr}"
    );
    let stderr = fails(
        &env,
        &[
            "add",
            "shortcut",
            "x",
            "--client",
            "acme",
            "--account",
            "222222222222",
            "--role",
            "A",
            "--duration",
            "soon",
        ],
        2,
    );
    assert!(stderr.contains("--duration"), "{stderr}");
    let out = env.cmd().args(["completions", "bash"]).output().unwrap();
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("credential-process")
    );
}

#[test]
fn an_unknown_shortcut_names_the_known_ones() {
    let env = TestEnv::bare();
    write_catalog(&env, CATALOG);
    let stderr = fails(&env, &["url", "acme-prd"], 1);
    assert!(
        stderr.contains("no shortcut `acme-prd`") && stderr.contains("acme-prod"),
        "{stderr}"
    );
    let stderr = fails(&env, &["credential-process", "nope"], 1);
    assert!(stderr.contains("no shortcut `nope`"), "{stderr}");
    // With an agency's catalog: the closest ids, not the whole catalog.
    let mut big = CATALOG.to_string();
    for n in 0..150 {
        big.push_str(&format!(
            "\n[[shortcut]]\nid = \"client{n:03}-prod\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\n"
        ));
    }
    write_catalog(&env, &big);
    let stderr = fails(&env, &["url", "client042-prdo"], 1);
    assert!(stderr.contains("did you mean `client042-prod`"), "{stderr}");
    assert!(!stderr.contains("client117-prod"), "{stderr}");
    assert!(stderr.len() < 400, "{stderr}");
    let stderr = fails(&env, &["url", "zzzzzz"], 1);
    assert!(
        stderr.contains("see `rolehop list` (152 known in all)"),
        "{stderr}"
    );
}

/// The CLI guides a new user: `--help` says what `rolehop` alone does, `show` without a
/// window lists the windows, `builtin` is among the browser kinds, and `doctor` ends with one
/// summary line.
#[test]
fn help_show_browsers_and_doctor_guide() {
    let env = TestEnv::bare();
    let help = env.ok(&["--help"]);
    assert!(
        help.contains("`rolehop` with no arguments starts the tray app"),
        "{help}"
    );
    let stderr = fails(&env, &["show"], 2);
    for window in ["switcher", "settings", "setup"] {
        assert!(stderr.contains(&format!("  {window}   ")), "{stderr}");
    }
    let open_help = env.ok(&["open", "--help"]);
    assert!(open_help.contains("builtin"), "{open_help}");
    assert!(env.ok(&["browsers"]).contains("builtin"));
    let stderr = fails(&env, &["open", "--browser", "builtin", "x"], 1);
    assert!(stderr.contains("no shortcut `x`"), "{stderr}");
    write_catalog(&env, CATALOG);
    let stderr = fails(&env, &["open", "--browser", "builtin", "acme-prod"], 2);
    assert!(stderr.contains("start the tray app"), "{stderr}");
    let out = env.cmd().arg("doctor").output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    let last = report.lines().last().unwrap_or_default();
    assert!(
        last.contains(" checks passed") && last.contains("Fix first: keychain:"),
        "{report}"
    );
    assert!(!report.contains("(s)"), "{report}");
}

#[test]
fn without_a_secret_service_every_keychain_step_says_how_to_fix_it() {
    let env = TestEnv::bare();
    let stderr = fails(
        &env,
        &[
            "setup",
            "--identity",
            "alice",
            "--account",
            "111111111111",
            "--access-key-id",
            "AKIAIOSFODNN7EXAMPLE",
            "--secret-stdin",
        ],
        1,
    );
    assert!(
        stderr.contains("no OS keychain is reachable") && stderr.contains("gnome-keyring"),
        "{stderr}"
    );
    assert!(
        !env.catalog_path().exists(),
        "setup must not record an identity it could not store"
    );
    write_catalog(&env, CATALOG);
    let stderr = fails(&env, &["url", "acme-prod", "--mfa-code", "123456"], 1);
    assert!(stderr.contains("no OS keychain is reachable"), "{stderr}");
    let out = env.cmd().arg("doctor").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("FAIL  keychain: no OS keychain is reachable"),
        "{report}"
    );
    assert!(report.contains("ok    catalog:"), "{report}");
}

#[test]
fn an_unreachable_sts_is_a_network_error_naming_the_fix() {
    let mut env = TestEnv::with_keychain();
    env.set_sts_endpoint(format!(
        "http://127.0.0.1:{}",
        rolehop_tests::moto::free_port()
    ));
    let out = env
        .cmd()
        .args([
            "setup",
            "--identity",
            "alice",
            "--account",
            "111111111111",
            "--access-key-id",
            "AKIAIOSFODNN7EXAMPLE",
            "--secret-stdin",
        ])
        .write_stdin("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot reach AWS STS") && stderr.contains("AWS_ENDPOINT_URL"),
        "{stderr}"
    );
    assert_eq!(env.secrets().lookup("identity/alice/keys"), None);
}

/// An env whose STS is the fault server, with alice's keys stored (verified by the fault STS).
fn faulty(
    rule: impl Fn(&rolehop_tests::fault::StsCall, usize) -> Answer + Send + Sync + 'static,
) -> (TestEnv, FaultSts) {
    rolehop_tests::fault::env_with(rule, CATALOG)
}

#[test]
fn rejected_keys_are_not_stored() {
    let fault = FaultSts::start(|_, _| {
        Answer::error(
            403,
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
        )
    });
    let mut env = TestEnv::with_keychain();
    env.set_sts_endpoint(fault.endpoint());
    let out = env
        .cmd()
        .args([
            "setup",
            "--identity",
            "alice",
            "--account",
            "111111111111",
            "--access-key-id",
            "AKIAIOSFODNN7EXAMPLE",
            "--secret-stdin",
        ])
        .write_stdin("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("rejected the access key AKIAIOSFODNN7EXAMPLE")
            && stderr.contains("rotated"),
        "{stderr}"
    );
    assert_eq!(env.secrets().lookup("identity/alice/keys"), None);
    // Keys of another account are refused too.
    let fault = FaultSts::start(|_, _| Answer::Ok);
    env.set_sts_endpoint(fault.endpoint());
    let out = env
        .cmd()
        .args([
            "setup",
            "--identity",
            "alice",
            "--account",
            "999999999999",
            "--access-key-id",
            "AKIAIOSFODNN7EXAMPLE",
            "--secret-stdin",
        ])
        .write_stdin("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("belong to account 111111111111"));
}

#[test]
fn a_wrong_mfa_code_says_so_and_the_right_one_proceeds() {
    let (env, fault) = faulty(|call, _| {
        match (
            call.action.as_str(),
            call.params.get("TokenCode").map(String::as_str),
        ) {
            ("GetSessionToken", Some("222222")) => Answer::Ok,
            ("GetSessionToken", _) => Answer::error(
                403,
                "AccessDenied",
                "MultiFactorAuthentication failed with invalid MFA one time pass code.",
            ),
            _ => Answer::Ok,
        }
    });
    let stderr = fails(&env, &["url", "acme-prod", "--mfa-code", "111111"], 1);
    assert!(
        stderr.contains("AWS rejected the MFA code for identity `alice`")
            && stderr.contains("clock"),
        "{stderr}"
    );
    // Not a code at all: a usage error (exit 2) in every command, and AWS never asked.
    for command in ["credential-process", "url", "open"] {
        let stderr = fails(&env, &[command, "acme-prod", "--mfa-code", "12345"], 2);
        assert!(
            stderr.contains("6 digits") && stderr.contains("nothing was sent to AWS"),
            "{stderr}"
        );
    }
    assert_eq!(fault.calls("GetSessionToken").len(), 1);
    env.ok(&["credential-process", "acme-prod", "--mfa-code", "222222"]);
    assert_eq!(fault.calls("GetSessionToken").len(), 2);
    assert_eq!(fault.calls("AssumeRole").len(), 1);
}

#[test]
fn access_denied_names_the_role_the_identity_and_what_to_check() {
    let (env, _fault) = faulty(|call, _| match call.action.as_str() {
        "AssumeRole" => Answer::error(
            403,
            "AccessDenied",
            "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Admin",
        ),
        _ => Answer::Ok,
    });
    let stderr = fails(
        &env,
        &["credential-process", "acme-prod", "--mfa-code", "123456"],
        1,
    );
    assert!(
        stderr.contains("denied identity `alice` the role arn:aws:iam::222222222222:role/Admin"),
        "{stderr}"
    );
    assert!(
        stderr.contains("trust policy") && stderr.contains("external id"),
        "{stderr}"
    );
}

#[test]
fn throttling_is_retried_with_backoff() {
    let (env, fault) = faulty(|call, n| match call.action.as_str() {
        "AssumeRole" if n < 2 => Answer::error(400, "Throttling", "Rate exceeded"),
        _ => Answer::Ok,
    });
    env.ok(&["credential-process", "acme-prod", "--mfa-code", "123456"]);
    assert_eq!(fault.calls("AssumeRole").len(), 3);

    let (env, fault) = faulty(|call, _| match call.action.as_str() {
        "AssumeRole" => Answer::error(400, "Throttling", "Rate exceeded"),
        _ => Answer::Ok,
    });
    let stderr = fails(
        &env,
        &["credential-process", "acme-prod", "--mfa-code", "123456"],
        1,
    );
    assert!(stderr.contains("throttling"), "{stderr}");
    assert_eq!(fault.calls("AssumeRole").len(), 4, "bounded: four attempts");
}

#[test]
fn a_duration_above_the_role_maximum_is_retried_at_the_largest_allowed_and_remembered() {
    let (env, fault) = faulty(|call, _| {
        let duration: u32 = call
            .params
            .get("DurationSeconds")
            .and_then(|d| d.parse().ok())
            .unwrap_or(0);
        match call.action.as_str() {
            "AssumeRole" if duration > 14_400 => Answer::error(
                400,
                "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
            ),
            _ => Answer::Ok,
        }
    });
    let out = env
        .cmd()
        .args(["credential-process", "acme-long", "--mfa-code", "123456"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("the session lasts 4h") && stderr.contains("duration = \"4h\""),
        "{stderr}"
    );
    let durations: Vec<String> = fault
        .calls("AssumeRole")
        .iter()
        .filter_map(|c| c.params.get("DurationSeconds").cloned())
        .collect();
    assert_eq!(durations, ["43200", "36000", "28800", "21600", "14400"]);
    assert!(
        fault
            .calls("AssumeRole")
            .iter()
            .all(|c| c.signer == "AKIAIOSFODNN7EXAMPLE" && c.params.contains_key("TokenCode"))
    );

    // Next time it asks for 4h at once (after the cached credentials are gone).
    env.secrets().clear("shortcut/acme-long/role");
    env.ok(&["credential-process", "acme-long", "--mfa-code", "654321"]);
    let last = fault
        .calls("AssumeRole")
        .pop()
        .and_then(|c| c.params.get("DurationSeconds").cloned());
    assert_eq!(last.as_deref(), Some("14400"));
    assert_eq!(fault.calls("AssumeRole").len(), 6);
}

#[test]
fn an_expired_daily_session_is_renewed_once_with_one_new_code() {
    let (env, fault) = faulty(|call, n| match call.action.as_str() {
        "AssumeRole" if n == 1 => Answer::error(
            403,
            "ExpiredToken",
            "The security token included in the request is expired",
        ),
        _ => Answer::Ok,
    });
    env.ok(&["credential-process", "acme-prod", "--mfa-code", "111111"]);
    env.secrets().clear("shortcut/acme-prod/role");
    env.ok(&["credential-process", "acme-prod", "--mfa-code", "222222"]);
    let sessions = fault.calls("GetSessionToken");
    assert_eq!(sessions.len(), 2);
    assert_eq!(
        sessions[1].params.get("TokenCode").map(String::as_str),
        Some("222222")
    );
    let roles = fault.calls("AssumeRole");
    assert_eq!(roles.len(), 3);
    assert_ne!(
        roles[1].security_token, roles[2].security_token,
        "retried with the new session"
    );
}

#[test]
fn setup_without_a_terminal_needs_secret_stdin_and_forget_checks_the_identity() {
    let env = TestEnv::with_keychain();
    let stderr = fails(
        &env,
        &[
            "setup",
            "--identity",
            "alice",
            "--account",
            "111111111111",
            "--access-key-id",
            "AKIAIOSFODNN7EXAMPLE",
        ],
        2,
    );
    assert!(stderr.contains("--secret-stdin"), "{stderr}");
    let stderr = fails(
        &env,
        &[
            "setup",
            "--identity",
            "alice",
            "--account",
            "111111111111",
            "--access-key-id",
            "ASIAIOSFODNN7EXAMPLE",
            "--secret-stdin",
        ],
        2,
    );
    assert!(stderr.contains("temporary"), "{stderr}");
    write_catalog(&env, CATALOG);
    let stderr = fails(&env, &["forget", "bob"], 1);
    assert!(
        stderr.contains("no identity `bob`") && stderr.contains("alice"),
        "{stderr}"
    );
    let out = env.cmd().arg("forget").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("held nothing"));
}

#[test]
fn the_tray_app_without_a_desktop_says_so_instead_of_crashing() {
    let env = TestEnv::bare();
    let out = env.cmd().output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("needs a desktop session") && stderr.contains("rolehop --help"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
