//! Every window a new user meets, as a person sees it: under Xvfb with a window manager
//! (openbox), on a normal 1280×800 screen and a small 1024×640 one, in the light and the dark
//! theme (GTK_THEME, which WebKit's `prefers-color-scheme` follows). Each wizard step, each
//! Settings page, a Settings form and the switcher are photographed into
//! `$CARGO_TARGET_DIR/rolehop-screenshots/screens/<size>-<theme>/`, and what a person would
//! trip over is checked on the way: every window fits on the screen, each wizard step's
//! primary button is on screen without scrolling, and the theme asked for is the one shown.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::Duration;

use rolehop_tests::env::{TestEnv, rolehop_bin};
use rolehop_tests::eventually;
use rolehop_tests::seed::{client, shortcut};
use rolehop_tests::tray::Watcher;
use rolehop_tests::webdriver::{Driver, Session};

const WAIT: Duration = Duration::from_secs(30);

/// One app under WebDriver at a time (each drives WebKit webviews on a 2-core machine).
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

struct Screen<'a> {
    env: &'a TestEnv,
    session: &'a Session,
    dir: PathBuf,
    width: u32,
    height: u32,
    dark: bool,
}

impl Screen<'_> {
    /// The window titled `title` fits the screen, shows the theme asked for, and is drawn;
    /// then the whole screen is saved as `<name>.png`.
    fn shot(&self, title: &str, name: &str) {
        let display = self.env.display();
        let g = eventually(&format!("`{title}` on screen for {name}"), WAIT, || {
            display.window_titled(title)
        });
        assert!(
            g.x + g.width <= self.width && g.y + g.height <= self.height,
            "{name}: `{title}` ({}x{} at {},{}) does not fit a {}x{} screen",
            g.width,
            g.height,
            g.x,
            g.y,
            self.width,
            self.height
        );
        let theme = self.session.script(
            "return matchMedia('(prefers-color-scheme: dark)').matches",
            serde_json::json!([]),
        );
        assert_eq!(
            theme,
            serde_json::json!(self.dark),
            "{name}: the theme shown"
        );
        // The page has painted what it holds now: two animation frames have passed since (a
        // step just shown is otherwise caught with the last step's picture on a busy machine).
        let painted = self.session.script_async(
            "const done = arguments[arguments.length - 1]; \
             requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done('painted'), 0)));",
            serde_json::json!([]),
        );
        assert_eq!(
            painted,
            serde_json::json!("painted"),
            "{name}: no frame painted"
        );
        // Drawn: the window's inside shows text (many colours), not the flat colour WebKit can
        // show for a while before it paints.
        eventually(&format!("{name} drawn"), Duration::from_secs(60), || {
            let inset = 16;
            let pixels = display.pixels(
                g.x + inset,
                g.y + inset,
                g.width.saturating_sub(2 * inset).max(1),
                g.height.saturating_sub(2 * inset).max(1),
            );
            let colours: std::collections::HashSet<[u8; 3]> = pixels.into_iter().collect();
            (colours.len() > 8).then_some(())
        });
        let path = self.dir.join(format!("{name}.png"));
        assert!(display.screenshot(&path), "cannot save {}", path.display());
        // The window alone too, for the README (scripts/screenshots.sh).
        let window = self.dir.join(format!("{name}-window.png"));
        assert!(display.screenshot_region(&window, g.x, g.y, g.width, g.height));
    }

    /// The primary button of the form `form` is on screen without scrolling.
    fn button_in_view(&self, button: &str) {
        let fits = self.session.script(
            "const b = document.querySelector(arguments[0]); if (!b) return 'missing'; \
             const r = b.getBoundingClientRect(); \
             return r.top >= 0 && r.bottom <= window.innerHeight ? 'yes' : `${r.top}-${r.bottom} of ${window.innerHeight}`;",
            serde_json::json!([button]),
        );
        assert_eq!(
            fits,
            serde_json::json!("yes"),
            "{button} is not on screen without scrolling ({}x{})",
            self.width,
            self.height
        );
    }
}

fn fill(session: &Session, form: &str, fields: &[(&str, &str)]) {
    for (name, value) in fields {
        session.set_value(&format!("{form} [name=\"{name}\"]"), value);
    }
}

fn screens(width: u32, height: u32, dark: bool) {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_desktop_sized(width, height);
    let (key, secret) = env.moto().create_user("111111111111", "alice");
    let mut vars = env.vars();
    if dark {
        vars.push(("GTK_THEME".into(), "Adwaita:dark".into()));
    }
    // An AWS config this person has kept for years (aws-vault's shape): the wizard offers it.
    std::fs::create_dir_all(env.home().join(".aws")).unwrap();
    std::fs::write(
        env.home().join(".aws/config"),
        "[profile home]\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n\n\
[profile hooli-prod]\nsource_profile = home\nrole_arn = arn:aws:iam::555555555555:role/Admin\n\n\
[profile hooli-staging]\nsource_profile = home\nrole_arn = arn:aws:iam::666666666666:role/Admin\n",
    )
    .unwrap();
    let _watcher = Watcher::start(&env.secrets().address, &env.display().name);
    let driver = Driver::start(&vars);
    let theme = if dark { "dark" } else { "light" };
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join(format!(
            "rolehop-screenshots/screens/{width}x{height}-{theme}"
        ));
    std::fs::create_dir_all(&dir).unwrap();

    // The wizard, as on a first run.
    let session = driver.session(&rolehop_bin(), &[]);
    let screen = Screen {
        env: &env,
        session: &session,
        dir,
        width,
        height,
        dark,
    };
    session.wait_find("#identity-form", WAIT);
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
    let secret_field = session.wait_find("[name=\"secretAccessKey\"]", WAIT);
    session.type_into(&secret_field, &secret);
    screen.button_in_view("#save-identity");
    screen.shot("Set up Rolehop", "wizard-1-identity");
    session.click(&session.wait_find("#save-identity", WAIT));
    session.wait_find("#client-form", WAIT);
    // The import path: the file found on this computer, previewed; then back, by hand.
    session.wait_find("#import-offers button[data-found]", WAIT);
    screen.shot("Set up Rolehop", "wizard-2-import-offer");
    session.click(&session.wait_find("#import-offers button[data-found]", WAIT));
    session.wait_find("#import-rows tr[data-key=\"shortcut:hooli-prod\"]", WAIT);
    screen.shot("Set up Rolehop", "wizard-2-import-preview");
    session.click(&session.wait_find("#back", WAIT));
    session.wait_find("#client-form", WAIT);
    let name = session.wait_find("#client-form [name=\"name\"]", WAIT);
    session.type_into(&name, "Acme Corp");
    fill(&session, "#client-form", &[("color", "red")]);
    screen.button_in_view("#save-client");
    screen.shot("Set up Rolehop", "wizard-2-client");
    session.click(&session.wait_find("#save-client", WAIT));
    session.wait_find("#shortcut-form", WAIT);
    fill(
        &session,
        "#shortcut-form",
        &[
            ("label", "Production"),
            ("account", "222222222222"),
            ("role", "Admin"),
        ],
    );
    screen.button_in_view("#save-shortcut");
    screen.shot("Set up Rolehop", "wizard-3-shortcut");
    session.click(&session.wait_find("#save-shortcut", WAIT));
    session.wait_find("#open-now", WAIT);
    screen.button_in_view("#open-now");
    screen.shot("Set up Rolehop", "wizard-4-ready");

    // A catalog with some history, for Settings and the switcher.
    env.seed(&[client("globex", "Globex").color("#0073bb")]);
    env.seed(&[shortcut("globex-billing", "globex", "444444444444", "ReadOnly").label("Billing")]);
    env.seed(&[shortcut("acme-dev", "acme-corp", "333333333333", "Developer").label("Dev")]);
    env.ok(&["show", "settings"]);
    session.switch_to_title("Rolehop settings", WAIT);
    for tab in [
        "shortcuts",
        "clients",
        "identities",
        "sources",
        "import",
        "general",
    ] {
        session.click(&session.wait_find(&format!("#tab-{tab}"), WAIT));
        session.wait_find(&format!("#tab-{tab}[aria-selected=\"true\"]"), WAIT);
        screen.shot("Rolehop settings", &format!("settings-{tab}"));
    }
    // General, further down (as a person scrolls to it): the terminal "Open terminal" starts.
    session.script(
        "document.querySelector('#general-terminal').scrollIntoView({block: 'center'});",
        serde_json::json!([]),
    );
    screen.button_in_view("#save-terminal");
    screen.shot("Rolehop settings", "settings-general-terminal");
    session.click(&session.wait_find("#tab-shortcuts", WAIT));
    session.click(&session.wait_find("#add-shortcut", WAIT));
    session.wait_find("#shortcut-form", WAIT);
    screen.shot("Rolehop settings", "settings-new-shortcut");

    // The switcher, with a query that matches parts of two rows.
    env.ok(&["show", "switcher"]);
    session.switch_to_title("Rolehop", WAIT);
    let query = session.wait_find("#query", WAIT);
    session.type_into(&query, "acme");
    session.wait_find("#results li mark", WAIT);
    screen.shot("Rolehop", "switcher");

    // A switch-role link no shortcut opens: "Add this shortcut…", then Settings' form filled
    // from it (left with Escape, nothing saved).
    session.set_value("#query", "");
    session.type_into(
        &query,
        "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=777777777777&displayName=Initech%20Prod&color=00aa55",
    );
    session.wait_find("#add-from-link", WAIT);
    screen.shot("Rolehop", "switcher-unknown-link");
    session.press(&["\u{E007}"]); // Enter
    session.switch_to_title("Rolehop settings", WAIT);
    session.wait_find("#from-link", WAIT);
    screen.button_in_view("#save-shortcut");
    screen.shot("Rolehop settings", "settings-add-from-link");
    session.press(&["\u{E00C}"]); // Escape: the form goes, nothing saved
    session.wait_find("#shortcut-list", WAIT);
    env.ok(&["show", "switcher"]);
    session.switch_to_title("Rolehop", WAIT);
    let query = session.wait_find("#query", WAIT);

    // A pasted link waits in the confirmation window.
    session.set_value("#query", "");
    session.type_into(&query, "rolehop://open/acme-dev?destination=s3");
    session.wait_text("The link opens this shortcut", WAIT);
    session.press(&["\u{E007}"]); // Enter
    session.switch_to_title("Rolehop: open this link?", WAIT);
    session.wait_find("body[data-armed=\"true\"]", WAIT);
    screen.shot("Rolehop: open this link?", "confirm-link");
    session.press(&["\u{E00C}"]); // Escape
}

#[test]
fn every_window_at_1280x800_light() {
    screens(1280, 800, false);
}

#[test]
fn every_window_at_1280x800_dark() {
    screens(1280, 800, true);
}

#[test]
fn every_window_at_1024x640_light() {
    screens(1024, 640, false);
}

#[test]
fn every_window_at_1024x640_dark() {
    screens(1024, 640, true);
}
