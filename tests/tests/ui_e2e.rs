//! The windows end to end, through tauri-driver + WebKitGTK's WebKitWebDriver, with the real
//! binary, a Secret Service, moto behind the recording STS proxy, the federation stand-in, a
//! tray host on D-Bus and Chromium under Xvfb:
//! - the setup wizard stores keys that `secret-tool` then finds, and the first client and
//!   shortcut it adds are in the catalog;
//! - a shortcut added in settings appears in the tray menu; the switcher finds it by part of
//!   its account id and Enter opens it in its own Chromium profile;
//! - a wrong MFA code shows the right message, and the right one proceeds to the console.
//!
//! Screenshots of each window go to `$CARGO_TARGET_DIR/rolehop-screenshots/`.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolehop_tests::seed::{client, shortcut};
use std::path::PathBuf;
use std::time::Duration;

use rolehop_tests::env::{TestEnv, rolehop_bin};
use rolehop_tests::eventually;
use rolehop_tests::tray::{Watcher, click, layout, tray_menu};
use rolehop_tests::webdriver::{Driver, Session};

const WAIT: Duration = Duration::from_secs(30);

/// One app under WebDriver at a time: each drives a WebKit webview (and one a Chromium) on a
/// 2-core CI machine, and starved webviews time out.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}
const ENTER: &str = "\u{E007}";

fn screenshots() -> PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join("rolehop-screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// A screenshot of a window as the screen shows it (WebDriver's own screenshots of WebKitGTK
/// windows can lag behind the page).
fn shot(env: &TestEnv, title: &str, name: &str) {
    // WebKit can show a blank window for a moment under load: wait until the window shows
    // more than one colour (a blank PNG of one colour is a few hundred bytes).
    let path = screenshots().join(name);
    let drawn = (0..30).any(|_| {
        std::thread::sleep(Duration::from_millis(300));
        env.display().screenshot_window(title, &path)
            && std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) > 2_000
    });
    assert!(
        env.display().has_window_titled(title),
        "no window `{title}` to take {name} of"
    );
    if !drawn {
        eprintln!("note: {name} may show a window WebKit had not drawn yet");
    }
}

/// The IPC part of the leak scan: every answer the app's windows got during the run (read from
/// a Settings window) holds none of the run's secrets, and there were answers to scan.
fn no_secret_in_ipc_answers(env: &TestEnv, session: &Session) {
    env.ok(&["show", "settings"]);
    session.switch_to_title("Rolehop settings", WAIT);
    let answers = session.ipc_answers();
    assert!(
        answers
            .iter()
            .any(|(cmd, _, _)| !cmd.starts_with("plugin:")),
        "no IPC answer was recorded: {answers:?}"
    );
    let needles = env.known_secrets();
    for (cmd, outcome, value) in &answers {
        for (i, n) in needles.iter().enumerate() {
            assert!(
                !value.contains(n.as_str()),
                "secret #{i} in an {outcome} to {cmd}"
            );
        }
    }
    eprintln!("IPC answers scanned: {}", answers.len());
}

fn fill(session: &Session, form: &str, fields: &[(&str, &str)]) {
    for (name, value) in fields {
        session.set_value(&format!("{form} [name=\"{name}\"]"), value);
    }
}

#[test]
fn the_setup_wizard_stores_keys_in_the_keychain_and_adds_the_first_shortcut() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    let (key, secret) = env.moto().create_user("111111111111", "alice");
    let _watcher = Watcher::start(&env.secrets().address, &env.display().name);
    let driver = Driver::start(&env.vars());
    // First run (no identity yet): the wizard opens by itself.
    let session = driver.session(&rolehop_bin(), &[]);
    session.wait_find("#identity-form", WAIT);
    assert_eq!(session.title(), "Set up Rolehop");
    // Checked as typed, before any save: a short account id is named on its field (with an
    // example to type, not the catalog file's quoting), and the problem goes once it is fixed.
    let account = session.wait_find("#identity-form [name=\"account\"]", WAIT);
    session.type_into(&account, "12345");
    let problem = session.wait_find("#identity-form [data-field=\"account\"] .problem", WAIT);
    let said = eventually("the account's problem as typed", WAIT, || {
        Some(session.text(&problem)).filter(|t| !t.is_empty())
    });
    assert!(
        said.contains("not an AWS account id") && said.contains("(for example: 012345678901)"),
        "{said}"
    );
    fill(
        &session,
        "#identity-form",
        &[
            ("identity", "alice"),
            ("account", "111111111111"),
            ("accessKeyId", &key),
            ("mfaSerial", "arn:aws:iam::111111111111:mfa/alice"),
        ],
    );
    eventually("the account's problem gone once fixed", WAIT, || {
        session.text(&problem).is_empty().then_some(())
    });
    // A secret with one character wrong: AWS (here the STS proxy, which checks signatures as
    // AWS does) refuses it, the wizard says so, and nothing is stored.
    let secret_field = session.wait_find("[name=\"secretAccessKey\"]", WAIT);
    let wrong = format!(
        "{}{}",
        &secret[..secret.len() - 1],
        // One character changed, whatever the last one was.
        if secret.ends_with('x') { 'y' } else { 'x' }
    );
    session.type_into(&secret_field, &wrong);
    session.click(&session.wait_find("#save-identity", WAIT));
    let text = session.wait_text("SignatureDoesNotMatch", WAIT);
    assert!(!text.contains(&wrong), "the secret is never shown back");
    assert_eq!(env.secrets().lookup("identity/alice/keys"), None);
    // AWS answered faster than the as-you-type check that leaving the secret field started:
    // that check never wipes AWS's answer, nor does a later one. Followed by events: a local
    // problem put on the region field shows the check ran; AWS's answer is still there.
    session.set_value("[name=\"region\"]", "mars-1");
    session.wait_find(".field[data-field=\"region\"].invalid", WAIT);
    let text = session.wait_text("SignatureDoesNotMatch", WAIT);
    assert!(
        text.contains("SignatureDoesNotMatch"),
        "a local check wiped AWS's answer"
    );
    session.set_value("[name=\"region\"]", "");
    // The secret is typed key by key, as a person would.
    session.set_value("[name=\"secretAccessKey\"]", "");
    let secret_field = session.wait_find("[name=\"secretAccessKey\"]", WAIT);
    session.type_into(&secret_field, &secret);
    shot(&env, "Set up Rolehop", "wizard-identity.png");
    session.click(&session.wait_find("#save-identity", WAIT));
    let text = session.wait_text("AWS confirmed the key", WAIT);
    assert!(
        text.contains("arn:aws:iam::111111111111:user/alice"),
        "{text}"
    );
    assert!(!text.contains(&secret), "the secret is never shown back");

    // What the wizard stored, as another program sees it.
    let stored = env
        .secrets()
        .lookup("identity/alice/keys")
        .unwrap_or_else(|| panic!("secret-tool finds no keys for alice"));
    assert!(
        stored.contains(&key) && stored.contains(&secret),
        "{stored}"
    );
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
    assert!(!catalog.contains(&secret), "no secret in the catalog");

    // The client step: step 2 of 4; the id follows the name as it is typed, and the first
    // click on Next goes on.
    let steps = session.script(
        "return document.querySelector('.steps').getAttribute('aria-label')",
        serde_json::json!([]),
    );
    assert_eq!(steps, serde_json::json!("Step 2 of 4: Client"));
    // Next with nothing filled in: the empty fields say so, on themselves, and the cursor
    // goes to the first.
    session.click(&session.wait_find("#save-client", WAIT));
    session.wait_text("Required.", WAIT);
    let focused = session.script("return document.activeElement.name", serde_json::json!([]));
    assert_eq!(focused, serde_json::json!("name"), "the name comes first");
    let name = session.wait_find("#client-form [name=\"name\"]", WAIT);
    session.type_into(&name, "Acme Corp");
    let id = session.script(
        "return document.querySelector('#client-form [name=\"id\"]').value",
        serde_json::json!([]),
    );
    assert_eq!(id, serde_json::json!("acme-corp"));
    fill(&session, "#client-form", &[("color", "#d13212")]);
    shot(&env, "Set up Rolehop", "wizard-client.png");
    session.click(&session.wait_find("#save-client", WAIT));
    session.wait_find("#shortcut-form", WAIT);
    // Back to the client, and Next again: the same client, not a second one.
    session.click(&session.wait_find("#back", WAIT));
    session.wait_find("#client-form", WAIT);
    session.click(&session.wait_find("#save-client", WAIT));
    session.wait_find("#shortcut-form", WAIT);
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
    assert_eq!(
        catalog.matches("id = \"acme-corp\"").count(),
        1,
        "{catalog}"
    );
    fill(
        &session,
        "#shortcut-form",
        &[
            ("id", "acme-prod"),
            ("account", "222222222222"),
            ("role", "Admin"),
        ],
    );
    shot(&env, "Set up Rolehop", "wizard-shortcut.png");
    session.click(&session.wait_find("#save-shortcut", WAIT));
    session.wait_text("Rolehop lives in the tray", WAIT);
    session.wait_find("#open-now", WAIT);
    shot(&env, "Set up Rolehop", "wizard-ready.png");
    let list = env.ok(&["list", "--json"]);
    assert!(
        list.contains("acme-prod") && list.contains("222222222222"),
        "{list}"
    );
    // The secret typed into the wizard came back in no IPC answer and reached no file.
    no_secret_in_ipc_answers(&env, &session);
    env.assert_no_leaks(&[]);
}

/// Import from day one (issue 26): the wizard finds the `~/.aws/config` a person has kept for
/// years (aws-vault's shape: the base profile names only its MFA device, the keys are
/// elsewhere), offers it on the client step, previews it with Settings' table, and imports the
/// ticked rows onto the identity the wizard just set up; a proposed prod tag can be unticked.
#[test]
fn the_wizard_offers_the_aws_config_it_finds_and_imports_it_after_a_preview() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    let (key, secret) = env.moto().create_user("111111111111", "alice");
    std::fs::create_dir_all(env.home().join(".aws")).unwrap();
    std::fs::write(
        env.home().join(".aws/config"),
        "[profile home]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n\n\
[profile hooli-prod]\nsource_profile = home\nrole_arn = arn:aws:iam::222222222222:role/Admin\n\n\
[profile hooli-live]\nsource_profile = home\nrole_arn = arn:aws:iam::444444444444:role/Admin\n\n\
[profile hooli-staging]\nsource_profile = home\nrole_arn = arn:aws:iam::333333333333:role/Admin\n",
    )
    .unwrap();
    let driver = Driver::start(&env.vars());
    let session = driver.session(&rolehop_bin(), &[]);
    session.wait_find("#identity-form", WAIT);
    fill(
        &session,
        "#identity-form",
        &[
            ("identity", "alice"),
            ("account", "111111111111"),
            ("accessKeyId", &key),
        ],
    );
    let secret_field = session.wait_find("[name=\"secretAccessKey\"]", WAIT);
    session.type_into(&secret_field, &secret);
    session.click(&session.wait_find("#save-identity", WAIT));
    session.wait_text("AWS confirmed the key", WAIT);

    // The client step offers the file it found, with what it holds.
    let offer = session.wait_find("#import-offers button[data-found]", WAIT);
    let said = session.text(&offer);
    assert_eq!(said, "AWS config: 3 shortcuts");
    shot(&env, "Set up Rolehop", "wizard-import-offer.png");
    session.click(&offer);
    session.wait_find("#import-rows tr[data-key=\"shortcut:hooli-prod\"]", WAIT);
    let steps = session.script(
        "return document.querySelector('.steps').getAttribute('aria-label')",
        serde_json::json!([]),
    );
    assert_eq!(steps, serde_json::json!("Step 2 of 3: Import"));
    // The keyless base profile is the identity just set up (same account).
    session.wait_text("is your identity “alice” (same account)", WAIT);
    // hooli-live says production too; this person knows better and unticks the tag.
    session.click(&session.wait_find(
        "#import-rows tr[data-key=\"shortcut:hooli-live\"] input.proposed-tag",
        WAIT,
    ));
    shot(&env, "Set up Rolehop", "wizard-import-preview.png");
    session.click(&session.wait_find("#import-apply", WAIT));
    session.wait_find("#imported", WAIT);
    session.wait_text("Imported 4 entries.", WAIT);
    shot(&env, "Set up Rolehop", "wizard-import-ready.png");

    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    let row = |id: &str| {
        list.as_array()
            .and_then(|a| a.iter().find(|s| s["id"] == id))
            .cloned()
            .unwrap_or_else(|| panic!("no {id} in {list}"))
    };
    assert_eq!(row("hooli-prod")["production"], true, "{list}");
    assert_eq!(row("hooli-live")["production"], false, "{list}");
    assert_eq!(row("hooli-staging")["identity"], "alice", "{list}");
    assert_eq!(row("hooli-staging")["client_name"], "Hooli", "{list}");
    no_secret_in_ipc_answers(&env, &session);
    env.assert_no_leaks(&[]);
}

#[test]
fn a_shortcut_added_in_settings_reaches_the_tray_and_the_switcher_opens_it_in_chromium() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    env.seed_alice(&[]);
    env.seed(&[client("acme", "Acme Corp").color("#1d8102").replace()]);
    let bus = env.secrets().address.clone();
    let _watcher = Watcher::start(&bus, &env.display().name);
    // No shortened clipboard clear: the default 45 s is what is tested (a 3 s clear raced the
    // test's own read of the clipboard on a busy machine).
    let vars = env.vars();
    let driver = Driver::start(&vars);
    let session = driver.session(&rolehop_bin(), &["show", "settings"]);
    session.click(&session.wait_find("#add-shortcut", WAIT));
    session.wait_find("#shortcut-form", WAIT);
    fill(
        &session,
        "#shortcut-form",
        &[("id", "acme-dev"), ("account", "33333"), ("role", "Admin")],
    );
    // Inline validation from the core's validator, before anything is saved.
    let problem = session.wait_text("is not an AWS account id", WAIT);
    assert!(problem.contains("12 digits"), "{problem}");
    // Add anyway: refused, and the cursor goes to the field to fix (the form's first invalid).
    session.click(&session.wait_find("#save-shortcut", WAIT));
    eventually("the invalid account focused", WAIT, || {
        (session.script("return document.activeElement.name", serde_json::json!([]))
            == serde_json::json!("account"))
        .then_some(())
    });
    fill(
        &session,
        "#shortcut-form",
        &[("account", "333333333333"), ("label", "Dev")],
    );
    // The live check clears the account's problem: wait for that, so the layout is settled
    // (a line of text going away moves the buttons) before clicking.
    eventually("the form to check clean", WAIT, || {
        let invalid = session.script(
            "return document.querySelectorAll('#shortcut-form .field.invalid').length",
            serde_json::json!([]),
        );
        (invalid == serde_json::json!(0)).then_some(())
    });
    shot(&env, "Rolehop settings", "settings-shortcut.png");
    // Settings saves while twenty CLI writers save too: every write lands.
    let writers: Vec<std::process::Child> = (0..20)
        .map(|n| {
            env.spawn_cmd()
                .args([
                    "add",
                    "client",
                    &format!("w{n:02}"),
                    "--name",
                    &format!("W{n}"),
                ])
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    session.click(&session.wait_find("#save-shortcut", WAIT));
    for mut w in writers {
        assert!(w.wait().is_ok_and(|s| s.success()), "a CLI writer failed");
    }
    session.wait_text("Saved shortcut acme-dev", WAIT);
    session.wait_find("tr[data-id=\"acme-dev\"]", WAIT);
    let saved = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
    assert!(saved.contains("id = \"acme-dev\""), "{saved}");
    for n in 0..20 {
        assert!(
            saved.contains(&format!("id = \"w{n:02}\"")),
            "w{n:02} lost: {saved}"
        );
    }
    shot(&env, "Rolehop settings", "settings.png");
    // The saved-change banner belongs to its page: another page, and it is gone.
    let notice = || {
        session.script(
            "return document.getElementById('notice').textContent",
            serde_json::json!([]),
        )
    };
    assert!(
        notice()
            .as_str()
            .unwrap_or_default()
            .contains("Saved shortcut acme-dev"),
        "{}",
        notice()
    );
    session.click(&session.wait_find("#tab-clients", WAIT));
    eventually("the banner gone with its page", WAIT, || {
        (notice() == serde_json::json!("")).then_some(())
    });

    // Start at login: the checkbox writes (and removes) the desktop's autostart entry, which
    // starts the tray app.
    session.click(&session.wait_find("#tab-general", WAIT));
    session.click(&session.wait_find("[name=\"autostart\"]", WAIT));
    session.wait_text("Rolehop starts at login.", WAIT);
    let autostart = env.home().join(".config/autostart");
    let entry = eventually("the autostart entry", WAIT, || {
        std::fs::read_dir(&autostart)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "desktop"))
    });
    let text = std::fs::read_to_string(&entry).unwrap_or_default();
    assert!(text.contains("rolehop-tray"), "{text}");
    session.click(&session.wait_find("[name=\"autostart\"]", WAIT));
    session.wait_text("Rolehop no longer starts at login.", WAIT);
    assert!(!entry.exists(), "{} is still there", entry.display());

    // The tray menu has it, under the client's submenu.
    let (service, menu) = eventually("the tray", WAIT, || tray_menu(&bus));
    let labels = eventually("the new shortcut in the tray", WAIT, || {
        let l = layout(&bus, &service, &menu);
        l.iter()
            .any(|(_, t)| t == "Dev · 333333333333 · Admin")
            .then_some(l)
    });
    assert!(labels.iter().any(|(_, t)| t == "Acme Corp"), "{labels:?}");
    assert!(
        labels
            .iter()
            .any(|(_, t)| t == "Open switcher…  (Ctrl+Alt+Space)"),
        "{labels:?}"
    );

    // A second `rolehop show switcher` hands over to the running app and exits (a second app
    // would never exit: the command's limit catches that, and the window below is the
    // running app's).
    let out = env
        .cmd()
        .args(["show", "switcher"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    session.switch_to_title("Rolehop", WAIT);
    let query = session.wait_find("#query", WAIT);
    session.type_into(&query, "3333");
    session.wait_find("#results li[data-id=\"acme-dev\"]", WAIT);
    let shown = session.script(
        "return [...document.querySelectorAll('#results li')].map(li => li.dataset.id)",
        serde_json::json!([]),
    );
    assert_eq!(shown, serde_json::json!(["acme-dev"]));
    // The matched characters are marked in the row.
    let marked = session.script(
        "return [...document.querySelectorAll('#results li .account mark')].map(m => m.textContent).join('')",
        serde_json::json!([]),
    );
    assert_eq!(marked, serde_json::json!("3333"));
    shot(&env, "Rolehop", "switcher-marks.png");
    session.press(&[ENTER]);

    // Enter opened it in its own Chromium profile, signed in to account 333333333333.
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
    let login = eventually("the console sign-in", Duration::from_secs(60), || {
        standin.logins().into_iter().next()
    });
    assert_eq!(login.account, "333333333333");
    // (A profile of Rolehop's shared Chromium, the default layout.)
    let browser = env.data_dir().join("browsers/chromium");
    let profile = browser.join("shortcut-acme-dev");
    assert!(profile.is_dir(), "no profile at {}", profile.display());
    let flag = format!("--user-data-dir={}", browser.display());
    assert!(
        rolehop_tests::cmdlines().iter().any(|(_, c)| {
            rolehop_tests::scan::contains(c, flag.as_bytes())
                && rolehop_tests::scan::contains(c, b"--profile-directory=shortcut-acme-dev")
        }),
        "no Chromium runs with {flag} and the shortcut's profile"
    );

    // The global hotkey (a key press on the X display) opens the switcher again; Alt+Enter
    // puts the sign-in link on the clipboard, marked for no history, and it is cleared later.
    env.display().key("ctrl+alt+space");
    session.switch_to_title("Rolehop", WAIT);
    let query = session.wait_find("#query", WAIT);
    session.type_into(&query, "3333");
    session.wait_find("#results li[data-id=\"acme-dev\"]", WAIT);
    session.press(&["\u{E00A}", ENTER]); // Alt+Enter
    let xclip = |extra: &[&str]| {
        std::process::Command::new("xclip")
            .args(["-o", "-selection", "clipboard"])
            .args(extra)
            .env("DISPLAY", &env.display().name)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    };
    let link = eventually("the sign-in link on the clipboard", WAIT, || {
        let text = xclip(&[]);
        text.contains("SigninToken=").then_some(text)
    });
    assert!(link.contains("Action=login"), "{link}");
    let targets = xclip(&["-t", "TARGETS"]);
    assert!(
        targets.contains("x-kde-passwordManagerHint"),
        "not marked for clipboard managers: {targets}"
    );
    // It is cleared after the default 45 s, as the app says when it copies it; the rest of
    // this test runs meanwhile, and the clear is checked at its end.
    let said = String::from_utf8_lossy(&env.app_logs()).into_owned();
    assert!(
        said.contains("the sign-in link is on the clipboard for 45 s"),
        "{}",
        said.lines()
            .filter(|l| l.contains("clipboard"))
            .collect::<Vec<_>>()
            .join("\n")
    );

    // A new hotkey, recorded in Settings by pressing it: the tray's item says it, and it is
    // the one that opens the switcher.
    env.ok(&["show", "settings"]);
    session.switch_to_title("Rolehop settings", WAIT);
    session.click(&session.wait_find("#tab-general", WAIT));
    session.click(&session.wait_find("#hotkey-form [name=\"hotkey\"]", WAIT));
    session.press(&["\u{E009}", "\u{E008}", "k"]); // Ctrl+Shift+K
    let recorded = session.script(
        "return document.querySelector('#hotkey-form [name=\"hotkey\"]').value",
        serde_json::json!([]),
    );
    assert_eq!(recorded, serde_json::json!("Ctrl+Shift+K"));
    session.click(&session.wait_find("#use-hotkey", WAIT));
    session.wait_text("The switcher opens with Ctrl+Shift+K.", WAIT);
    eventually("the tray item with the new hotkey", WAIT, || {
        layout(&bus, &service, &menu)
            .iter()
            .any(|(_, t)| t == "Open switcher…  (Ctrl+Shift+K)")
            .then_some(())
    });
    let switcher_open = || {
        session.windows().into_iter().find(|handle| {
            session.switch_to(handle);
            session.find("#query").is_some()
        })
    };
    assert!(switcher_open().is_none(), "the switcher is already open");
    env.display().key("ctrl+shift+k");
    // (The notice window is titled "Rolehop" too: the switcher is the one with a query field.)
    eventually("the switcher opened by the new hotkey", WAIT, switcher_open);
    // The sign-in link copied earlier is gone from the clipboard by itself (45 s after it was
    // copied; the bound only catches a clear that never comes).
    eventually(
        "the link cleared from the clipboard",
        Duration::from_secs(120),
        || (!xclip(&[]).contains("SigninToken=")).then_some(()),
    );
    assert!(
        String::from_utf8_lossy(&env.app_logs())
            .contains("cleared the sign-in link from the clipboard")
    );
    // Nothing the run handled reached a file, the app's log, an IPC answer or a command line.
    no_secret_in_ipc_answers(&env, &session);
    env.assert_no_leaks(&[]);
}

#[test]
fn a_wrong_mfa_code_is_named_as_such_and_the_right_one_opens_the_console() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    env.seed_alice(&["--mfa-serial", "arn:aws:iam::111111111111:mfa/alice"]);
    env.use_curl_browser(None);
    let proxy = env.proxy.as_ref().unwrap_or_else(|| panic!("proxy"));
    proxy.registry.refuse_mfa_code("111111");

    let _watcher = Watcher::start(&env.secrets().address, &env.display().name);
    let driver = Driver::start(&env.vars());
    let session = driver.session(&rolehop_bin(), &["show", "switcher"]);
    let query = session.wait_find("#query", WAIT);
    session.type_into(&query, "acme-prod");
    session.wait_find("#results li[data-id=\"acme-prod\"]", WAIT);
    session.press(&[ENTER]);

    session.switch_to_title("Rolehop: MFA code", WAIT);
    let why = session.wait_text("needs a code", WAIT);
    assert!(why.contains("Identity alice needs a code"), "{why}");
    let code = session.wait_find("#code", WAIT);
    session.type_into(&code, "111111");
    let text = session.wait_text("AWS refused that code", WAIT);
    assert!(text.contains("alice"), "{text}");
    shot(&env, "Rolehop: MFA code", "mfa-wrong-code.png");
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
    assert!(standin.logins().is_empty());

    let code = session.wait_find("#code", WAIT);
    session.type_into(&code, "222222");
    let login = eventually("the console sign-in", Duration::from_secs(60), || {
        standin.logins().into_iter().next()
    });
    assert_eq!(login.account, "222222222222");
    assert_eq!(proxy.registry.count("GetSessionToken"), 2);
    // Nothing the run handled reached a file, the app's log, an IPC answer or a command line.
    no_secret_in_ipc_answers(&env, &session);
    env.assert_no_leaks(&[]);
}

#[test]
fn five_opens_at_once_through_the_tray_ask_for_one_mfa_code() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    env.seed_alice(&["--mfa-serial", "arn:aws:iam::111111111111:mfa/alice"]);
    let mut ids = vec!["acme-prod".to_string()];
    for n in 3..=6 {
        let id = format!("acme-{n}");
        env.ok(&[
            "add",
            "shortcut",
            &id,
            "--client",
            "acme",
            "--account",
            &format!("{n}{n}{n}{n}{n}{n}{n}{n}{n}{n}{n}{n}"),
            "--role",
            "Admin",
        ]);
        ids.push(id);
    }
    env.use_curl_browser(None);
    let proxy = env.proxy.as_ref().unwrap_or_else(|| panic!("proxy"));
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));

    let _watcher = Watcher::start(&env.secrets().address, &env.display().name);
    let driver = Driver::start(&env.vars());
    let session = driver.session(&rolehop_bin(), &["show", "switcher"]);
    session.wait_find("#query", WAIT);
    // `rolehop open a b c d e` is handed to the running tray: five flows at once.
    let mut args = vec!["open".to_string()];
    args.extend(ids.iter().cloned());
    let out = env.cmd().args(&args).output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Handed to the running Rolehop tray app"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    session.switch_to_title("Rolehop: MFA code", WAIT);
    let code = session.wait_find("#code", WAIT);
    session.type_into(&code, "123456");
    // A second prompt would hold its flow until a code came: all five sign in on one code.
    eventually("five console sign-ins", Duration::from_secs(90), || {
        (standin.logins().len() >= 5).then_some(())
    });
    let mut accounts: Vec<String> = standin.logins().into_iter().map(|l| l.account).collect();
    accounts.sort();
    assert_eq!(
        accounts,
        [
            "222222222222",
            "333333333333",
            "444444444444",
            "555555555555",
            "666666666666"
        ]
    );
    assert_eq!(proxy.registry.count("GetSessionToken"), 1);
    assert_eq!(proxy.registry.count("AssumeRole"), 5);
    // The one prompt closes once its flow is done, and none follows it.
    eventually("the MFA window to close", WAIT, || {
        (!env.display().has_window_titled("Rolehop: MFA code")).then_some(())
    });
    // Nothing the run handled reached a file, the app's log, an IPC answer or a command line.
    no_secret_in_ipc_answers(&env, &session);
    env.assert_no_leaks(&[]);
}

#[test]
fn shift_enter_opens_the_built_in_console_window_with_its_own_cookies() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    env.seed_alice(&[]);
    env.seed(&[shortcut("acme-dev", "acme", "333333333333", "Admin").label("Dev")]);
    let bus = env.secrets().address.clone();
    let _watcher = Watcher::start(&bus, &env.display().name);
    let driver = Driver::start(&env.vars());
    let session = driver.session(&rolehop_bin(), &["show", "switcher"]);
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
    for (n, (id, account, title)) in [
        (
            "acme-prod",
            "222222222222",
            "Acme Corp – acme-prod (222222222222)",
        ),
        ("acme-dev", "333333333333", "Acme Corp – Dev (333333333333)"),
    ]
    .into_iter()
    .enumerate()
    {
        if n > 0 {
            env.ok(&["show", "switcher"]);
        }
        session.switch_to_title("Rolehop", WAIT);
        let query = session.wait_find("#query", WAIT);
        if n == 0 {
            // The app's own windows run no inline script (CSP `default-src 'self'`): an
            // inline event handler stays inert.
            let inline = session.script_async(
                "const done = arguments[arguments.length - 1];\
                 const img = document.createElement('img');\
                 img.setAttribute('onerror', 'window.__rolehopInline = true');\
                 img.addEventListener('error', () => setTimeout(() => done(window.__rolehopInline === true ? 'ran' : 'blocked'), 50));\
                 img.src = 'data:,x';\
                 document.body.appendChild(img);",
                serde_json::json!([]),
            );
            assert_eq!(inline, serde_json::json!("blocked"), "an inline script ran");
        }
        session.type_into(&query, id);
        session.wait_find(&format!("#results li[data-id=\"{id}\"]"), WAIT);
        session.press(&["\u{E008}", ENTER]); // Shift+Enter
        eventually("the console sign-in", Duration::from_secs(60), || {
            standin
                .logins()
                .iter()
                .any(|l| l.account == account)
                .then_some(())
        });
        eventually("the console window", WAIT, || {
            env.display().has_window_titled(title).then_some(())
        });
        let cookies = env.data_dir().join("consoles").join(id);
        assert!(cookies.is_dir(), "no data directory {}", cookies.display());
        // The page carries the client's colour: its banner in the bottom-left corner.
        let catalog: rolehop_core::catalog::Catalog =
            toml::from_str(&std::fs::read_to_string(env.catalog_path()).unwrap_or_default())
                .unwrap();
        let colors = rolehop_core::catalog::colors::client_colors(&catalog);
        let want = rolehop_core::catalog::colors::parse_hex(&colors["acme"])
            .unwrap_or_else(|| panic!("acme's colour"));
        eventually("the client's colour on the page", WAIT, || {
            let g = env.display().window_titled(title)?;
            let px = env
                .display()
                .pixels(g.x, g.y + g.height.saturating_sub(30), 260, 28);
            let close = px
                .iter()
                .filter(|p| (0..3).all(|i| (i32::from(p[i]) - i32::from(want[i])).abs() < 24))
                .count();
            (close > 500).then_some(())
        });
        if n == 0 {
            shot(&env, title, "builtin-console.png");
            // The console page (AWS's, here the stand-in's) can call no command of the app:
            // no capability names console windows. The page itself tries and reports.
            let probes = eventually("the console page's IPC probe", WAIT, || {
                let p = standin.ipc_probes();
                (!p.is_empty()).then_some(p)
            });
            for probe in &probes {
                assert!(
                    probe == "no ipc" || probe.starts_with("refused"),
                    "a console page invoked a command: {probe}"
                );
            }
            eprintln!("console page IPC probes: {probes:?}");
        }
    }
    // Two accounts side by side, apart: no console page was requested with both accounts'
    // sign-in cookies, as it would be if the two windows shared a cookie jar.
    let visits = eventually("console pages", WAIT, || {
        let v = standin.console_visits();
        (v.len() >= 2).then_some(v)
    });
    for (_, cookie) in &visits {
        assert!(cookie.matches("standin_acct_").count() <= 1, "{visits:?}");
    }
    // No browser was started for them: the built-in kind is the app's own window.
    let profiles = env.data_dir().join("profiles");
    assert!(!profiles.join("acme-prod").exists() && !profiles.join("acme-dev").exists());
    // "Sign out" under the session in the tray's Active sessions: the built-in console window
    // closes, its cookies go with its data directory, its cached credentials are dropped; the
    // other account's window stays.
    let (service, menu) = eventually("the tray", WAIT, || tray_menu(&bus));
    let sign_out = eventually("both sessions in the tray menu", WAIT, || {
        let l = layout(&bus, &service, &menu);
        let at = l
            .iter()
            .position(|(_, t)| t.starts_with("Acme Corp – acme-prod (") && t.contains("left"))?;
        l[at..]
            .iter()
            .find(|(_, t)| t == "Sign out")
            .map(|(id, _)| *id)
    });
    assert!(click(&bus, &service, &menu, sign_out));
    let prod_title = "Acme Corp – acme-prod (222222222222)";
    eventually("the console window closed", WAIT, || {
        (!env.display().has_window_titled(prod_title)).then_some(())
    });
    let prod_cookies = env.data_dir().join("consoles/acme-prod");
    eventually("its cookies removed", WAIT, || {
        (!prod_cookies.exists()).then_some(())
    });
    assert_eq!(env.secrets().lookup("shortcut/acme-prod/role"), None);
    assert!(env.data_dir().join("consoles/acme-dev").is_dir());
    // The console window keeps no disk cache: nothing it loaded (the sign-in redirect
    // included) is recorded under its data directory, only its cookies.
    let mut cached = Vec::new();
    let mut stack = vec![env.data_dir().join("consoles/acme-dev")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.components().any(|c| c.as_os_str() == "Records") {
                cached.push(path);
            }
        }
    }
    assert!(
        cached.is_empty(),
        "the console cached pages on disk: {cached:?}"
    );
    assert!(
        env.display()
            .has_window_titled("Acme Corp – Dev (333333333333)")
    );
    // Opened again while its window is open and its session holds (issue 26): the window
    // comes forward as it is, its page kept, with no new sign-in.
    let logins = standin.logins().len();
    env.ok(&["show", "switcher"]);
    session.switch_to_title("Rolehop", WAIT);
    let query = session.wait_find("#query", WAIT);
    session.type_into(&query, "acme-dev");
    session.wait_find("#results li[data-id=\"acme-dev\"]", WAIT);
    session.press(&["\u{E008}", ENTER]); // Shift+Enter
    eventually("the console window in front", WAIT, || {
        env.display()
            .focused_title()
            .starts_with("Acme Corp – Dev (333333333333)")
            .then_some(())
    });
    assert_eq!(standin.logins().len(), logins, "signed in again");
    // Nothing the run handled reached a file, the app's log, an IPC answer or a command line.
    no_secret_in_ipc_answers(&env, &session);
    env.assert_no_leaks(&[]);
}

#[test]
fn the_import_page_shows_sources_and_imports_the_ticked_rows_into_the_tray() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    env.seed_alice(&[]);
    let team = env.root().join("team");
    std::fs::create_dir_all(&team).unwrap();
    std::fs::write(
        team.join("catalog.toml"),
        "schema_version = 1\n[[client]]\nid = \"globex\"\nname = \"Globex\"\n[[shortcut]]\nid = \"globex-prod\"\nclient = \"globex\"\nlabel = \"Team prod\"\naccount = \"444444444444\"\nrole = \"ReadOnly\"\n",
    )
    .unwrap();
    let bus = env.secrets().address.clone();
    let _watcher = Watcher::start(&bus, &env.display().name);
    let driver = Driver::start(&env.vars());
    let session = driver.session(&rolehop_bin(), &["show", "settings"]);

    // The team's catalog is added on Team sources: a location that is not https is refused on
    // its field as it is typed, a folder is taken.
    session.click(&session.wait_find("#tab-sources", WAIT));
    session.wait_text("No team sources yet", WAIT);
    let name = session.wait_find("#layer-form [name=\"id\"]", WAIT);
    session.type_into(&name, "team");
    let location = session.wait_find("#layer-form [name=\"location\"]", WAIT);
    session.type_into(&location, "http://wiki.example.com/catalog.toml");
    let problem = session.wait_find("#layer-form [data-field=\"location\"] .problem", WAIT);
    eventually("the location's problem", WAIT, || {
        (!session.text(&problem).is_empty()).then_some(())
    });
    session.set_value("#layer-form [name=\"location\"]", "");
    session.type_into(&location, &team.display().to_string());
    session.click(&session.wait_find("#add-layer", WAIT));
    session.wait_text("Added the team catalog team", WAIT);
    let row = session.wait_find("[data-source=\"layer-team\"]", WAIT);
    assert!(
        session.text(&row).contains("entries, read-only"),
        "{}",
        session.text(&row)
    );
    shot(&env, "Rolehop settings", "settings-sources.png");
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap();
    assert!(
        catalog.contains("[[layer]]") && catalog.contains("id = \"team\""),
        "{catalog}"
    );

    // The team's shortcut is listed, read-only.
    session.click(&session.wait_find("#tab-shortcuts", WAIT));
    let row = session.wait_find("tr[data-id=\"globex-prod\"]", WAIT);
    assert!(session.text(&row).contains("from team (read-only)"));

    session.click(&session.wait_find("#tab-import", WAIT));
    session.set_value("#import-form [name=\"format\"]", "switch-roles");
    session.set_value(
        "#import-form [name=\"text\"]",
        "[initech-prod]\nrole_arn = arn:aws:iam::555555555555:role/Admin\ncolor = 8a2be2\n\n[initech-dev]\naws_account_id = 666666666666\nrole_name = Dev\n\n[nothing]\nregion = us-east-1\n",
    );
    session.click(&session.wait_find("#import-preview", WAIT));
    session.wait_find("#import-rows tr[data-key=\"shortcut:initech-dev\"]", WAIT);
    session.wait_text("nothing:9", WAIT);
    session.click(&session.wait_find(
        "#import-rows tr[data-key=\"shortcut:initech-dev\"] input",
        WAIT,
    ));
    // (The screenshot waits for a drawn window itself.)
    shot(&env, "Rolehop settings", "settings-import.png");
    session.click(&session.wait_find("#import-apply", WAIT));
    session.wait_text("Imported 2 entries", WAIT);

    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
    assert!(catalog.contains("id = \"initech-prod\""), "{catalog}");
    assert!(!catalog.contains("initech-dev"), "unticked: {catalog}");
    assert!(
        !catalog.contains("globex"),
        "the team layer is never written: {catalog}"
    );

    let (service, menu) = eventually("the tray", WAIT, || tray_menu(&bus));
    let labels = eventually("the imported shortcut in the tray", WAIT, || {
        let l = layout(&bus, &service, &menu);
        l.iter()
            .any(|(_, t)| t.contains("555555555555"))
            .then_some(l)
    });
    assert!(
        labels.iter().any(|(_, t)| t.contains("Team prod")),
        "the team's shortcut is in the menu too: {labels:?}"
    );

    // Switch-role links pasted from a wiki page: the client comes from the heading.
    session.set_value("#import-form [name=\"format\"]", "links");
    session.set_value("#import-form [name=\"path\"]", "");
    session.set_value(
        "#import-form [name=\"text\"]",
        "## Hooli\n\n- [Hooli Prod](https://signin.aws.amazon.com/switchrole?roleName=Admin&account=999999999999&displayName=Hooli%20Prod)\n",
    );
    session.click(&session.wait_find("#import-preview", WAIT));
    session.wait_find(
        "#import-rows tr[data-key=\"shortcut:hooli-prod\"] input",
        WAIT,
    );
    session.wait_text("heading “Hooli”", WAIT);
    shot(&env, "Rolehop settings", "settings-import-links.png");
    session.click(&session.wait_find("#import-apply", WAIT));
    // (With one identity, the links' shortcuts use it.)
    let catalog = eventually("the linked shortcut in the catalog", WAIT, || {
        std::fs::read_to_string(env.catalog_path())
            .ok()
            .filter(|c| c.contains("hooli-prod"))
    });
    assert!(catalog.contains("account = \"999999999999\""), "{catalog}");

    // An AWS config whose key profile names no account: with the checkbox, its keys move into
    // the keychain (AWS says whose they are) and its shortcuts come with it.
    let (key, secret) = env.moto().create_user("777777777777", "bob");
    let config = env.root().join("aws-config");
    env.write_own_secret_file(
        &config,
        &format!("[profile bob]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n\n[profile umbrella-prod]\nrole_arn = arn:aws:iam::888888888888:role/Admin\nsource_profile = bob\n"),
    );
    session.set_value("#import-form [name=\"format\"]", "aws-config");
    session.set_value(
        "#import-form [name=\"path\"]",
        &config.display().to_string(),
    );
    session.click(&session.wait_find("#import-form [name=\"moveKeys\"]", WAIT));
    session.click(&session.wait_find("#import-preview", WAIT));
    session.wait_find("#import-rows tr[data-key=\"identity:bob\"] input", WAIT);
    session.wait_find(
        "#import-rows tr[data-key=\"shortcut:umbrella-prod\"] input",
        WAIT,
    );
    // The notice of the first import says the same words: wait for the catalog instead.
    session.click(&session.wait_find("#import-apply", WAIT));
    eventually("the imported shortcut in the catalog", WAIT, || {
        std::fs::read_to_string(env.catalog_path())
            .ok()
            .filter(|c| c.contains("umbrella-prod"))
    });
    let stored = env
        .secrets()
        .lookup("identity/bob/keys")
        .unwrap_or_default();
    assert!(
        stored.contains(&key) && stored.contains(&secret),
        "{stored:?}"
    );
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
    assert!(
        catalog.contains("account = \"777777777777\"")
            && catalog.contains("id = \"umbrella-prod\""),
        "{catalog}"
    );
    assert!(
        !catalog.contains(&secret) && !catalog.contains(&key),
        "{catalog}"
    );

    // Removing the team catalog asks on its row, drops it from the personal catalog (and its
    // shortcut from the menu), and leaves the team's files alone.
    session.click(&session.wait_find("#tab-sources", WAIT));
    session.click(&session.wait_find("[data-remove=\"layer-team\"]", WAIT));
    session.wait_text("its files are not touched", WAIT);
    session.click(&session.wait_find("[data-confirm=\"layer-team\"]", WAIT));
    session.wait_text("Removed the team catalog team.", WAIT);
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
    assert!(!catalog.contains("[[layer]]"), "{catalog}");
    assert!(team.join("catalog.toml").is_file());
    eventually("the team's shortcut gone from the tray", WAIT, || {
        (!layout(&bus, &service, &menu)
            .iter()
            .any(|(_, t)| t.contains("Team prod")))
        .then_some(())
    });
}

#[test]
fn a_discovery_source_runs_from_settings_and_its_accounts_reach_the_tray() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    env.seed_alice(&[]);
    env.seed_org_reader("555555555555");
    let org = env
        .moto()
        .build_org("555555555555", &["Acme Corp", "Beta"], 6, |i| {
            format!("member-{i}")
        });
    env.ok(&["discover", "add", "org", "--via", "org-mgmt"]);
    let bus = env.secrets().address.clone();
    let _watcher = Watcher::start(&bus, &env.display().name);
    let driver = Driver::start(&env.vars());
    let session = driver.session(&rolehop_bin(), &["show", "settings"]);

    session.click(&session.wait_find("#tab-sources", WAIT));
    session.wait_text("not discovered yet", WAIT);
    session.click(&session.wait_find("[data-discovery=\"org\"]", WAIT));
    session.wait_text("7 accounts → 6 shortcuts in 3 clients.", WAIT);
    session.click(&session.wait_find("#discovery-save", WAIT));
    session.wait_text("Saved org: 6 shortcuts in 3 clients", WAIT);
    // The list is drawn again when the layers reload: the row is looked up afresh each time.
    eventually("the organization's accounts listed", WAIT, || {
        session
            .script(
                "const r = document.querySelector('[data-source=\"discovery-org\"]'); return r ? r.textContent : '';",
                serde_json::json!([]),
            )
            .as_str()
            .is_some_and(|t| t.contains("entries, read-only"))
            .then_some(())
    });

    let (member, _) = &org.accounts[0];
    let (service, menu) = eventually("the tray", WAIT, || tray_menu(&bus));
    eventually("a discovered account in the tray", WAIT, || {
        layout(&bus, &service, &menu)
            .iter()
            .any(|(_, t)| t.contains(member.as_str()))
            .then_some(())
    });
}

/// A switch-role link pasted from a knowledge base into the switcher lists the shortcut it
/// names and Enter opens it; a link no shortcut opens says how to add one; Settings' "Copy
/// link" puts the shortcut's `rolehop://` link on the clipboard.
#[test]
fn a_pasted_switch_role_link_opens_its_shortcut_and_settings_copies_links() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_desktop();
    env.seed_alice(&[]);
    env.seed(&[shortcut("acme-audit", "acme", "333333333333", "team/ReadOnly").label("Audit")]);
    env.use_curl_browser(None);
    let bus = env.secrets().address.clone();
    let _watcher = Watcher::start(&bus, &env.display().name);
    let driver = Driver::start(&env.vars());
    let session = driver.session(&rolehop_bin(), &["show", "switcher"]);
    let query = session.wait_find("#query", WAIT);
    session.type_into(
        &query,
        "https://eu-west-1.signin.aws.amazon.com/switchrole?account=333333333333&roleName=team%2FReadOnly&displayName=Acme%20Audit",
    );
    session.wait_text("The link opens this shortcut.", WAIT);
    let shown = session.script(
        "return [...document.querySelectorAll('#results li')].map(li => li.dataset.id)",
        serde_json::json!([]),
    );
    assert_eq!(shown, serde_json::json!(["acme-audit"]));
    shot(&env, "Rolehop", "switcher-link.png");
    session.press(&[ENTER]);
    // A pasted link came from outside: the confirmation window shows what it opens, and
    // nothing is signed in until Enter there (once the window is armed).
    let standin = env.standin.as_ref().unwrap();
    session.switch_to_title("Rolehop: open this link?", WAIT);
    session.wait_find("body[data-armed=\"true\"]", WAIT);
    let account = session.script(
        "return document.getElementById('account').textContent",
        serde_json::json!([]),
    );
    assert_eq!(account, serde_json::json!("333333333333"));
    let from = session.script(
        "return document.getElementById('from').textContent",
        serde_json::json!([]),
    );
    assert!(from.to_string().contains("A pasted link"), "{from}");
    shot(&env, "Rolehop: open this link?", "confirm-pasted-link.png");
    assert!(
        standin.logins().is_empty(),
        "nothing signed in before the answer"
    );
    session.press(&[ENTER]);
    let login = eventually("the console sign-in", Duration::from_secs(60), || {
        standin.logins().into_iter().next()
    });
    assert_eq!(login.account, "333333333333");

    // A link no shortcut opens: "Add this shortcut…", and Enter takes it to Settings' form,
    // filled from the link, with its new client; nothing is saved before Add.
    env.ok(&["show", "switcher"]);
    session.switch_to_title("Rolehop", WAIT);
    let query = session.wait_find("#query", WAIT);
    let unknown = "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=777777777777&displayName=Initech%20Prod&color=00aa55";
    session.type_into(&query, unknown);
    session.wait_text("No shortcut opens account 777777777777", WAIT);
    session.wait_find("#add-from-link", WAIT);
    shot(&env, "Rolehop", "switcher-link-unknown.png");
    session.press(&[ENTER]);
    session.switch_to_title("Rolehop settings", WAIT);
    session.wait_find("#from-link", WAIT);
    let filled = session.script(
        "const f = document.getElementById('shortcut-form'); const v = (n) => f.querySelector(`[name=\"${n}\"]`).value; return [v('id'), v('client'), v('account'), v('role'), v('label'), v('tags'), v('newClientName')]",
        serde_json::json!([]),
    );
    assert_eq!(
        filled,
        serde_json::json!([
            "initech-prod",
            "initech",
            "777777777777",
            "Admin",
            "Initech Prod",
            "prod",
            "Initech"
        ])
    );
    assert!(
        !std::fs::read_to_string(env.catalog_path())
            .unwrap_or_default()
            .contains("initech"),
        "nothing saved before Add"
    );
    shot(&env, "Rolehop settings", "settings-add-from-link.png");
    session.click(&session.wait_find("#save-shortcut", WAIT));
    session.wait_text("Added shortcut initech-prod from the link", WAIT);
    let list: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    let initech = list
        .as_array()
        .and_then(|a| a.iter().find(|s| s["id"] == "initech-prod"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            initech["client_name"].as_str(),
            initech["account"].as_str(),
            initech["production"].as_bool()
        ),
        (Some("Initech"), Some("777777777777"), Some(true)),
        "{list}"
    );
    // The link now names the new shortcut.
    env.ok(&["show", "switcher"]);
    session.switch_to_title("Rolehop", WAIT);
    let query = session.wait_find("#query", WAIT);
    session.type_into(&query, unknown);
    session.wait_find("#results li[data-id=\"initech-prod\"]", WAIT);
    session.press(&["\u{E00C}"]); // Escape

    // Settings → Shortcuts → "Copy link".
    env.ok(&["show", "settings"]);
    session.switch_to_title("Rolehop settings", WAIT);
    session.click(&session.wait_find("tr[data-id=\"acme-audit\"] button.copy-link", WAIT));
    session.wait_text("Copied rolehop://open/acme-audit", WAIT);
    let clip = eventually("the link on the clipboard", WAIT, || {
        let out = std::process::Command::new("xclip")
            .args(["-o", "-selection", "clipboard"])
            .env("DISPLAY", &env.display().name)
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        (text == "rolehop://open/acme-audit").then_some(text)
    });
    assert_eq!(clip, "rolehop://open/acme-audit");
    shot(&env, "Rolehop settings", "settings-copy-link.png");
    env.assert_no_leaks(&[]);
}

/// The commands each window's capability lists, and every command any window may call
/// (`allow-mfa-ask` is `mfa_ask`), read from `src-tauri/capabilities/`.
fn capabilities() -> (
    std::collections::BTreeMap<String, Vec<String>>,
    std::collections::BTreeSet<String>,
) {
    let dir =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/capabilities");
    let mut by_window = std::collections::BTreeMap::new();
    let mut all = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(entry.path()).unwrap()).unwrap();
        let commands: Vec<String> = json["permissions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                p.as_str()?
                    .strip_prefix("allow-")
                    .map(|c| c.replace('-', "_"))
            })
            .collect();
        all.extend(commands.iter().cloned());
        for window in json["windows"].as_array().into_iter().flatten() {
            by_window
                .entry(window.as_str().unwrap_or_default().to_string())
                .or_insert_with(Vec::new)
                .extend(commands.iter().cloned());
        }
    }
    (by_window, all)
}

/// Each window may call only its own commands, at run time and not only by name: from the
/// Settings window, the switcher and the wizard, every command of another window is called
/// through the app's IPC and must be refused by Tauri's capability check (nothing is called
/// that the window is allowed: those have their own tests).
#[test]
fn each_window_is_refused_every_command_it_is_not_given() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    env.seed_alice(&[]);
    let driver = Driver::start(&env.vars());
    let session = driver.session(&rolehop_bin(), &["show", "settings"]);
    let (by_window, all) = capabilities();
    assert!(all.len() >= 30, "{all:?}");
    let mut refused = 0;
    for (window, title) in [
        ("settings", "Rolehop settings"),
        ("switcher", "Rolehop"),
        ("setup", "Set up Rolehop"),
    ] {
        env.ok(&["show", window]);
        session.switch_to_title(title, WAIT);
        let own = by_window.get(window).cloned().unwrap_or_default();
        assert!(!own.is_empty(), "{window} has a capability");
        for command in all.iter().filter(|c| !own.contains(c)) {
            let answer = session.script_async(
                "const done = arguments[arguments.length - 1];
                 window.__TAURI_INTERNALS__.invoke(arguments[0], {})
                   .then(() => done('called'), e => done('refused: ' + String(e)));",
                serde_json::json!([command]),
            );
            let answer = answer.as_str().unwrap_or_default().to_string();
            assert!(
                answer.starts_with("refused:") && answer.contains("not allowed"),
                "{window} may call {command}: {answer}"
            );
            refused += 1;
        }
    }
    eprintln!("{refused} calls of other windows' commands refused");
}

/// A console page pasted into the switcher (issue 28): it names no account, so every shortcut
/// is offered; the one chosen opens through the confirmation window, on that page.
#[test]
fn a_pasted_console_page_opens_in_the_chosen_shortcuts_console_on_its_page() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_desktop();
    env.seed_alice(&[]);
    env.seed(&[shortcut("acme-audit", "acme", "333333333333", "team/ReadOnly").label("Audit")]);
    env.use_curl_browser(None);
    let bus = env.secrets().address.clone();
    let _watcher = Watcher::start(&bus, &env.display().name);
    let driver = Driver::start(&env.vars());
    let session = driver.session(&rolehop_bin(), &["show", "switcher"]);
    let query = session.wait_find("#query", WAIT);
    let page = "https://console.aws.amazon.com/s3/buckets/logs?region=eu-west-1";
    session.type_into(&query, page);
    session.wait_text("The link names no account", WAIT);
    let shown = session.script(
        "return [...document.querySelectorAll('#results li')].map(li => li.dataset.id)",
        serde_json::json!([]),
    );
    assert_eq!(shown, serde_json::json!(["acme-prod", "acme-audit"]));
    session.press(&["\u{E015}"]); // ArrowDown
    session.press(&[ENTER]);
    let standin = env.standin.as_ref().unwrap();
    session.switch_to_title("Rolehop: open this link?", WAIT);
    session.wait_find("body[data-armed=\"true\"]", WAIT);
    let account = session.script(
        "return document.getElementById('account').textContent",
        serde_json::json!([]),
    );
    assert_eq!(account, serde_json::json!("333333333333"));
    assert!(
        standin.logins().is_empty(),
        "nothing signed in before the answer"
    );
    session.press(&[ENTER]);
    let login = eventually("the console sign-in", Duration::from_secs(60), || {
        standin.logins().into_iter().next()
    });
    assert_eq!(login.account, "333333333333");
    assert_eq!(login.destination, page);
    env.assert_no_leaks(&[]);
}
