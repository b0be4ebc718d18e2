//! The windows end to end, through tauri-driver + WebKitGTK's WebKitWebDriver, with the real
//! binary, a Secret Service, moto behind the recording STS proxy, the federation stand-in, a
//! tray host on D-Bus and Chromium under Xvfb:
//! - the setup wizard stores keys that `secret-tool` then finds, and the first client and
//!   shortcut it adds are in the catalog;
//! - a shortcut added in settings appears in the tray menu; the switcher finds it by part of
//!   its account id and Enter opens it in its own Chromium profile;
//! - a wrong MFA code shows the right message, and the right one proceeds to the console.
//! Screenshots of each window go to `$CARGO_TARGET_DIR/rolehop-screenshots/`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rolehop_tests::env::{TestEnv, rolehop_bin};
use rolehop_tests::tray::{Watcher, layout, tray_menu};
use rolehop_tests::webdriver::{Driver, Session};

const WAIT: Duration = Duration::from_secs(30);
const ENTER: &str = "\u{E007}";

fn screenshots() -> PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join("rolehop-screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn eventually<T>(what: &str, timeout: Duration, mut check: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if let Some(v) = check() {
            return v;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for: {what}");
}

fn fill(session: &Session, form: &str, fields: &[(&str, &str)]) {
    for (name, value) in fields {
        session.set_value(&format!("{form} [name=\"{name}\"]"), value);
    }
}

#[test]
fn the_setup_wizard_stores_keys_in_the_keychain_and_adds_the_first_shortcut() {
    let env = TestEnv::full_with_display();
    let (key, secret) = env.moto().create_user("111111111111", "alice");
    let _watcher = Watcher::start(&env.secrets().address, &env.display().name);
    let driver = Driver::start(&env.vars());
    // First run (no identity yet): the wizard opens by itself.
    let session = driver.session(&rolehop_bin(), &[]);
    session.wait_find("#identity-form", WAIT);
    assert_eq!(session.title(), "Set up Rolehop");
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
    // The secret is typed key by key, as a person would.
    let secret_field = session.wait_find("[name=\"secretAccessKey\"]", WAIT);
    session.type_into(&secret_field, &secret);
    session.screenshot(&screenshots().join("wizard-identity.png"));
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

    fill(
        &session,
        "#client-form",
        &[("id", "acme"), ("name", "Acme Corp"), ("color", "#d13212")],
    );
    session.click(&session.wait_find("#save-client", WAIT));
    session.wait_find("#shortcut-form", WAIT);
    fill(
        &session,
        "#shortcut-form",
        &[
            ("id", "acme-prod"),
            ("account", "222222222222"),
            ("role", "Admin"),
        ],
    );
    session.screenshot(&screenshots().join("wizard-shortcut.png"));
    session.click(&session.wait_find("#save-shortcut", WAIT));
    session.wait_text("Rolehop lives in the tray", WAIT);
    let list = env.ok(&["list", "--json"]);
    assert!(
        list.contains("acme-prod") && list.contains("222222222222"),
        "{list}"
    );
}
