//! MFA codes from a security key: an identity's `mfa_process` (here a fake `ykman`, a script
//! that hands out codes from a list and records how it was run) answers instead of a person,
//! through the real CLI, moto behind the recording STS proxy and the Secret Service. Each code
//! reaches AWS once; a failing key's own stderr is what the person reads; nothing is sent.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use std::time::Duration;

use rolehop_tests::env::{TestEnv, rolehop_bin};
use rolehop_tests::eventually;
use rolehop_tests::seed::{client, shortcut};
use rolehop_tests::tray::{Watcher, tray_menu};
use rolehop_tests::webdriver::Driver;

const WAIT: Duration = Duration::from_secs(30);

/// One app with windows at a time (a display, WebKit and a tray host each).
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

fn screenshots() -> PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join("rolehop-screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

const MFA: &str = "arn:aws:iam::111111111111:mfa/alice";
const ACCOUNT_NAME: &str = "Amazon Web Services:alice@111111111111";

/// A fake `ykman`: `oath accounts list` prints two accounts; `oath accounts code …` appends its
/// argv (one argument per line) to `runs.log`, waits for `dir/touched` when `gated` (a key
/// waiting for a touch), and prints the next code of `codes`; with `fail`, it prints the key's
/// error and exits 1.
fn fake_key(dir: &Path, codes: &[&str], fail: bool, gated: bool) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("codes"), codes.join("\n") + "\n").unwrap();
    let script = dir.join("ykman");
    let answer = if fail {
        "echo 'WARNING: PC/SC not available. Smart card (CCID) protocols will not function.' >&2\necho 'ERROR: Failed to connect to YubiKey.' >&2\nexit 1\n"
    } else {
        "n=$(wc -l < \"$D/runs.count\" 2>/dev/null || echo 0)\necho run >> \"$D/runs.count\"\nsed -n \"$((n + 1))p\" \"$D/codes\"\n"
    };
    // Bounded: a key nobody touches gives up, as a real one does.
    let wait = if gated {
        "i=0; while [ ! -e \"$D/touched\" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done\n"
    } else {
        ""
    };
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nD='{}'\nif [ \"$3\" = list ]; then printf '%s\\n' '{ACCOUNT_NAME}' 'GitHub:alice'; exit 0; fi\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> \"$D/runs.log\"\n{wait}{answer}",
            dir.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

fn fake_ykman(dir: &Path, codes: &[&str], fail: bool) -> PathBuf {
    fake_key(dir, codes, fail, false)
}

fn runs(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join("runs.count"))
        .map(|t| t.lines().count())
        .unwrap_or(0)
}

fn command_of(script: &Path) -> String {
    format!(
        "{} oath accounts code --single '{ACCOUNT_NAME}'",
        script.display()
    )
}

fn alice_with_key(env: &TestEnv, script: &Path) {
    let (key, secret) = env.moto().create_user("111111111111", "alice");
    let command = command_of(script);
    env.setup(
        "alice",
        "111111111111",
        &key,
        &secret,
        &["--mfa-serial", MFA, "--mfa-process", &command],
    );
    env.seed(&[client("acme", "Acme Corp")]);
    env.seed(&[shortcut("acme-prod", "acme", "222222222222", "Admin")]);
    env.seed(&[shortcut("acme-stage", "acme", "333333333333", "ReadOnly")]);
    env.seed(
        &[shortcut("acme-long", "acme", "444444444444", "Admin").with(&["--session", "long"])],
    );
}

#[test]
fn a_security_key_supplies_each_code_once_with_nobody_at_a_prompt() {
    let env = TestEnv::full();
    let dir = env.root().join("key");
    let script = fake_ykman(&dir, &["111111", "222222"], false);
    alice_with_key(&env, &script);
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap();
    assert!(
        catalog.contains(&format!("mfa_process = \"{}\"", command_of(&script))),
        "{catalog}"
    );

    // credential_process has no terminal: the key answers.
    let out = env
        .cmd()
        .args(["credential-process", "acme-prod"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("touch your security key"), "{stderr}");
    assert!(
        !stderr.contains("111111"),
        "the code is never printed: {stderr}"
    );
    assert_eq!(runs(&dir), 1);
    // The same day's session serves the next shortcut: the key is not asked again.
    env.ok(&["credential-process", "acme-stage"]);
    assert_eq!(runs(&dir), 1);
    // A `long` shortcut needs its own code: the next one.
    env.ok(&["credential-process", "acme-long"]);
    assert_eq!(runs(&dir), 2);

    let proxy = env.proxy.as_ref().unwrap();
    let codes: Vec<(String, Option<String>)> = proxy
        .registry
        .all_issued()
        .iter()
        .filter(|i| i.params.contains_key("TokenCode") || i.action == "GetSessionToken")
        .map(|i| (i.action.clone(), i.params.get("TokenCode").cloned()))
        .collect();
    assert_eq!(
        codes,
        [
            ("GetSessionToken".to_string(), Some("111111".to_string())),
            ("AssumeRole".to_string(), Some("222222".to_string())),
        ]
    );
    // Run without a shell: the quoted account name arrived as one argument.
    let argv = std::fs::read_to_string(dir.join("runs.log")).unwrap();
    assert_eq!(
        argv.lines().take(5).collect::<Vec<_>>(),
        ["oath", "accounts", "code", "--single", ACCOUNT_NAME]
    );
    // No code in any file Rolehop wrote or any log.
    env.assert_no_leaks(&env.app_logs());
}

#[test]
fn a_failing_key_says_what_the_key_said_and_nothing_reaches_aws() {
    let env = TestEnv::full();
    let dir = env.root().join("key");
    let script = fake_ykman(&dir, &[], true);
    alice_with_key(&env, &script);
    let out = env.cmd().args(["url", "acme-prod"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the MFA code command of identity `alice` gave no code")
            && stderr.contains("failed (exit status 1)")
            && stderr.contains("ERROR: Failed to connect to YubiKey."),
        "{stderr}"
    );
    let proxy = env.proxy.as_ref().unwrap();
    assert_eq!(proxy.registry.count("GetSessionToken"), 0);
    assert_eq!(proxy.registry.count("AssumeRole"), 0);

    // A key whose code AWS refuses: the message points at the command, not at typing.
    let fresh = fake_ykman(&env.root().join("key2"), &["999999"], false);
    proxy.registry.refuse_mfa_code("999999");
    let text = std::fs::read_to_string(env.catalog_path()).unwrap();
    std::fs::write(
        env.catalog_path(),
        text.replace(&command_of(&script), &command_of(&fresh)),
    )
    .unwrap();
    // The catalog now names a command the person never allowed: without a terminal it does
    // not run, and the message names it and where to allow it.
    let out = env.cmd().args(["url", "acme-prod"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&command_of(&fresh))
            && stderr.contains("has not run before")
            && stderr.contains("Settings"),
        "{stderr}"
    );
    assert_eq!(runs(&env.root().join("key2")), 0, "it did not run");
    // At a terminal Rolehop shows it and asks; "n" runs nothing.
    let (code, shown) = env.at_terminal(&["url", "acme-prod"], "n\n");
    assert_eq!(code, 1, "{shown}");
    assert!(
        shown.contains(&command_of(&fresh)) && shown.contains("[y/N]"),
        "{shown}"
    );
    assert_eq!(runs(&env.root().join("key2")), 0, "it did not run");
    // "y" runs it (and AWS refuses its code: the message points at the command).
    let (code, shown) = env.at_terminal(&["url", "acme-prod"], "y\n");
    assert_eq!(code, 1, "{shown}");
    assert!(
        shown.contains("AWS rejected the MFA code for identity `alice`")
            && shown.contains("The code came from"),
        "{shown}"
    );
    assert_eq!(runs(&env.root().join("key2")), 1);
    // Allowed once, it runs without asking (the fake key has no second code to give).
    let out = env.cmd().args(["url", "acme-prod"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("has not run before"), "{stderr}");
    assert_eq!(runs(&env.root().join("key2")), 2, "{stderr}");
}

#[test]
fn a_code_command_needs_an_mfa_device_and_must_split() {
    let env = TestEnv::with_keychain();
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
            "--mfa-process",
            "ykman oath accounts code",
            "--secret-stdin",
        ])
        .write_stdin("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--mfa-process: an MFA code command needs the MFA device"),
        "{stderr}"
    );
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
            "--mfa-serial",
            MFA,
            "--mfa-process",
            "ykman oath accounts code --single 'Amazon",
            "--secret-stdin",
        ])
        .write_stdin("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--mfa-process: a quote is not closed"),
        "{stderr}"
    );
    assert!(
        !env.catalog_path().exists()
            || !std::fs::read_to_string(env.catalog_path())
                .unwrap()
                .contains("mfa_process")
    );
}

/// The tray, as a person uses it: an open handed to the running app runs the key's command,
/// Rolehop's small window says "Touch your security key" while the key waits, and the console
/// opens once it is touched; the window then goes.
#[test]
fn the_tray_says_touch_your_key_while_the_key_waits() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_desktop();
    let dir = env.root().join("key");
    let script = fake_key(&dir, &["111111"], false, true);
    alice_with_key(&env, &script);
    env.use_curl_browser(None);
    let display = env.display();
    let standin = env.standin.as_ref().unwrap();
    let bus = env.secrets().address.clone();
    let _watcher = Watcher::start(&bus, &display.name);
    let mut app = env.spawn_cmd().spawn().unwrap();
    eventually("the tray to register", WAIT, || tray_menu(&bus));
    env.ok(&["open", "acme-prod"]);
    eventually("the key's command to run", WAIT, || {
        dir.join("runs.log").exists().then_some(())
    });
    eventually("the Touch your security key window", WAIT, || {
        display.has_window_titled("Rolehop").then_some(())
    });
    let logs = String::from_utf8_lossy(&env.app_logs()).into_owned();
    assert!(logs.contains("touch your security key"), "{logs}");
    eventually("its text drawn", WAIT, || {
        let g = display.window_titled("Rolehop")?;
        let px = display.pixels(g.x, g.y, g.width, g.height);
        (px.iter().filter(|p| p.iter().all(|c| *c < 110)).count() > 40).then_some(())
    });
    assert!(display.screenshot(&screenshots().join("notice-security-key.png")));
    assert!(
        standin.logins().is_empty(),
        "nothing opens before the touch"
    );
    std::fs::write(dir.join("touched"), "").unwrap();
    eventually("the console sign-in", Duration::from_secs(60), || {
        standin
            .logins()
            .iter()
            .any(|l| l.account == "222222222222")
            .then_some(())
    });
    eventually("the window to go", WAIT, || {
        (!display.has_window_titled("Rolehop")).then_some(())
    });
    assert_eq!(runs(&dir), 1);
    let _ = app.kill();
    let _ = app.wait();
    env.assert_no_leaks(&[]);
}

/// The wizard finds `ykman`, lists the key's accounts, and a click on one makes it the
/// identity's code command, saved with the identity.
#[test]
fn the_wizard_offers_the_yubikeys_accounts_and_saves_the_chosen_command() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_desktop();
    let dir = env.root().join("key");
    fake_ykman(&dir, &[], false);
    let (key, secret) = env.moto().create_user("111111111111", "alice");
    let _watcher = Watcher::start(&env.secrets().address, &env.display().name);
    // `ykman` is found on PATH, as the package installs it.
    let vars: Vec<(String, String)> = env
        .vars()
        .into_iter()
        .map(|(k, v)| {
            if k == "PATH" {
                (k, format!("{}:{v}", dir.display()))
            } else {
                (k, v)
            }
        })
        .collect();
    let driver = Driver::start(&vars);
    let session = driver.session(&rolehop_bin(), &[]);
    session.wait_find("#identity-form", WAIT);
    let open = session.script(
        "return document.getElementById('code-command').open",
        serde_json::json!([]),
    );
    assert_eq!(
        open,
        serde_json::json!(true),
        "found ykman: the section is open"
    );
    session.click(&session.wait_find("#yubikey-accounts", WAIT));
    let chip = session.wait_find("#yubikey-list .chip", WAIT);
    assert_eq!(session.text(&chip), ACCOUNT_NAME);
    session.click(&chip);
    let command = session.script(
        "return document.querySelector('[name=\"mfaProcess\"]').value",
        serde_json::json!([]),
    );
    let want = format!("ykman oath accounts code --single '{ACCOUNT_NAME}'");
    assert_eq!(command, serde_json::json!(want));
    for (name, value) in [
        ("identity", "alice"),
        ("account", "111111111111"),
        ("accessKeyId", key.as_str()),
        ("mfaSerial", MFA),
    ] {
        session.set_value(&format!("#identity-form [name=\"{name}\"]"), value);
    }
    let secret_field = session.wait_find("[name=\"secretAccessKey\"]", WAIT);
    session.type_into(&secret_field, &secret);
    // As the screen shows it, once WebKit has drawn it (a blank PNG is a few hundred bytes),
    // with the key's accounts in view.
    session.script(
        "document.getElementById('code-command').scrollIntoView({block: 'center'})",
        serde_json::json!([]),
    );
    let path = screenshots().join("wizard-yubikey.png");
    eventually("the wizard drawn for its screenshot", WAIT, || {
        (env.display().screenshot_window("Set up Rolehop", &path)
            && std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) > 2_000)
            .then_some(())
    });
    session.click(&session.wait_find("#save-identity", WAIT));
    session.wait_text("AWS confirmed the key", WAIT);
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap();
    assert!(
        catalog.contains(&format!("mfa_process = \"{want}\"")),
        "{catalog}"
    );
}
