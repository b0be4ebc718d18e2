//! `rolehop://` links end to end under the test desktop: the tray app registers itself as the
//! scheme's handler in the test's own XDG dirs, and `xdg-open` (xdg-utils, as a knowledge-base
//! page's link click reaches it) brings a link to the running tray, which shows what the link
//! opens in its confirmation window and, once the person presses Enter there, signs that
//! shortcut into the console the link names; Esc drops it; a burst of links is cut; a link it
//! cannot follow opens nothing and says why in a notification. With no app running, the link
//! starts it.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::os::unix::process::CommandExt;
use std::time::Duration;

use rolehop_tests::env::TestEnv;
use rolehop_tests::eventually;
use rolehop_tests::notifications::NotificationService;
use rolehop_tests::tray::{Watcher, tray_menu};

/// `xdg-open LINK` as the desktop runs it, in the test's world (its HOME and XDG dirs), in a
/// process group of its own (it waits for the handler it starts).
fn xdg_open(env: &TestEnv, link: &str) -> std::process::Child {
    std::process::Command::new("xdg-open")
        .arg(link)
        .env_clear()
        .envs(env.vars())
        .env("ROLEHOP_LOG", "rolehop=debug,rolehop_core=debug")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run xdg-open ({e}); install xdg-utils"))
}

/// Waits for a handed-over `xdg-open` (the running app takes the link and the second
/// instance exits at once).
fn finishes(mut child: std::process::Child) {
    let status = eventually(
        "xdg-open to hand the link over",
        Duration::from_secs(60),
        || child.try_wait().ok().flatten(),
    );
    assert!(status.success(), "xdg-open: {status:?}");
}

fn kill_group(child: &mut std::process::Child) {
    let _ = std::process::Command::new("kill")
        .args(["-TERM", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.wait();
}

/// What xdg-mime answers for the scheme in the test's world.
fn handler(env: &TestEnv) -> String {
    let out = std::process::Command::new("xdg-mime")
        .args(["query", "default", "x-scheme-handler/rolehop"])
        .env_clear()
        .envs(env.vars())
        .output()
        .unwrap_or_else(|e| panic!("cannot run xdg-mime ({e}); install xdg-utils"));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn links_reach_the_running_tray_and_start_it_when_it_is_not() {
    let env = TestEnv::full_with_desktop();
    env.seed_alice(&[]);
    env.use_curl_browser(None);
    let bus = env.secrets().address.clone();
    let _watcher = Watcher::start(&bus, &env.display().name);
    let notifications = NotificationService::start(&bus);
    let standin = env.standin.as_ref().unwrap();

    let mut app = env.spawn_cmd().spawn().unwrap();
    eventually("the tray to register", Duration::from_secs(60), || {
        tray_menu(&bus)
    });
    // The app made itself the handler, in this world's own XDG data dir.
    eventually(
        "Rolehop as the rolehop:// handler",
        Duration::from_secs(60),
        || (handler(&env) == "rolehop-links.desktop").then_some(()),
    );
    let entry = std::fs::read_to_string(
        env.root()
            .join("home/.local/share/applications/rolehop-links.desktop"),
    )
    .unwrap();
    assert!(
        entry.contains("MimeType=x-scheme-handler/rolehop;"),
        "{entry}"
    );
    assert!(entry.contains("rolehop-tray %u"), "{entry}");
    let doctor = env.cmd().arg("doctor").output().unwrap();
    let report = String::from_utf8_lossy(&doctor.stdout);
    assert!(
        report.contains("ok    links: rolehop:// links open with Rolehop"),
        "{report}"
    );

    // A link with a destination waits for the person in the confirmation window; Enter,
    // once the window is armed, signs the shortcut into that console.
    let display = env.display();
    finishes(xdg_open(&env, "rolehop://open/acme-prod?destination=s3"));
    confirm_window(display, false);
    assert!(
        standin.logins().is_empty(),
        "nothing signed in before the answer"
    );
    display.key("Return");
    let login = eventually("the sign-in from the link", Duration::from_secs(60), || {
        standin.logins().into_iter().next()
    });
    eventually(
        "the confirmation window to go",
        Duration::from_secs(20),
        || (!display.has_window_titled(CONFIRM)).then_some(()),
    );
    assert_eq!(login.account, "222222222222");
    assert!(
        login
            .destination
            .starts_with("https://console.aws.amazon.com/s3/home"),
        "{login:?}"
    );

    // Links it cannot follow open nothing and say why.
    let refused = [
        ("rolehop://open/nope", "no shortcut `nope`"),
        (
            "rolehop://open/acme-prod?destination=https%3A%2F%2Fevil.example%2Fsteal",
            "leaves the AWS console",
        ),
        ("rolehop://open/acme-prod?browser=firefox", "sets `browser`"),
        (
            "rolehop://remove/acme-prod",
            "`remove` is not something a link can do",
        ),
    ];
    let refused = [
        refused[0],
        refused[1],
        (
            "rolehop://open/acme-prod?destination=%2Fcloudformation%2Fhome%23%2Fstacks%2Fquickcreate%3FtemplateURL%3Dhttps%3A%2F%2Fevil.example%2Ft.yaml%26stackName%3Dx",
            "acts on what the link carries",
        ),
        refused[2],
        refused[3],
        // A decoded id that is markup reaches the notification inert.
        ("rolehop://open/%3Cimg%20src%3Dx%3E", "‹img src=x›"),
    ];
    for (n, (link, why)) in refused.iter().enumerate() {
        finishes(xdg_open(&env, link));
        let shown = eventually("the notification", Duration::from_secs(30), || {
            let s = notifications.shown();
            (s.len() > n).then_some(s)
        });
        let (title, body) = &shown[n];
        assert_eq!(title, "Rolehop cannot open this link", "{link}");
        assert!(body.contains(why), "{link}: {body}");
        assert!(
            !body.contains('<') && body.chars().count() <= 400,
            "{link}: {body}"
        );
    }
    assert_eq!(standin.logins().len(), 1, "a refused link opened nothing");
    assert!(
        env.ok(&["list"]).contains("acme-prod"),
        "a link never removes anything"
    );
    assert!(!display.has_window_titled(CONFIRM));

    // A production shortcut says so in red; Esc drops the link.
    env.seed(&[
        rolehop_tests::seed::shortcut("acme-live", "acme", "333333333333", "Admin")
            .label("Live")
            .with(&["--tag", "prod"]),
    ]);
    finishes(xdg_open(&env, "rolehop://open/acme-live"));
    confirm_window(display, true);
    display.key("Escape");
    eventually("Esc to close the window", Duration::from_secs(20), || {
        (!display.has_window_titled(CONFIRM)).then_some(())
    });
    assert_eq!(standin.logins().len(), 1, "a dropped link opened nothing");

    // A burst of ten links: the first waits for an answer, the next are dropped while it
    // waits, and after three the rest are cut with one notice, not queued.
    // (The gate's span after the links above is over first: a fixed span is its rule.)
    std::thread::sleep(rolehop_core::link::gate::WINDOW);
    let before = notifications.shown().len();
    for _ in 0..10 {
        finishes(xdg_open(&env, "rolehop://open/acme-prod"));
    }
    let shown = eventually("the burst's notices", Duration::from_secs(30), || {
        let s = notifications.shown();
        s[before..]
            .iter()
            .any(|(t, _)| t == "Rolehop dropped links")
            .then_some(s)
    });
    let burst: Vec<&String> = shown[before..].iter().map(|(t, _)| t).collect();
    assert_eq!(
        burst
            .iter()
            .filter(|t| **t == "Rolehop dropped links")
            .count(),
        1,
        "{burst:?}"
    );
    assert_eq!(
        burst
            .iter()
            .filter(|t| **t == "Rolehop dropped a link")
            .count(),
        2,
        "{burst:?}"
    );
    confirm_window(display, false);
    display.key("Escape");
    eventually("Esc to close the window", Duration::from_secs(20), || {
        (!display.has_window_titled(CONFIRM)).then_some(())
    });
    assert_eq!(standin.logins().len(), 1, "the burst opened nothing");

    // Trusted links to non-production shortcuts (a setting) open at once; production ones
    // still ask.
    let settings = env.config_dir().join("settings.json");
    std::fs::write(&settings, "{\"trust_links\": true}\n").unwrap();
    // The burst window is over first (one link per ten seconds is well within the limit).
    std::thread::sleep(rolehop_core::link::gate::WINDOW);
    finishes(xdg_open(&env, "rolehop://open/acme-prod"));
    eventually(
        "the trusted link's sign-in",
        Duration::from_secs(60),
        || (standin.logins().len() == 2).then_some(()),
    );
    assert!(!display.has_window_titled(CONFIRM));
    finishes(xdg_open(&env, "rolehop://open/acme-live"));
    confirm_window(display, true);
    display.key("Escape");
    eventually("Esc to close the window", Duration::from_secs(20), || {
        (!display.has_window_titled(CONFIRM)).then_some(())
    });
    std::fs::remove_file(&settings).unwrap();

    // With no app running, a link starts it, and it follows the link.
    let _ = app.kill();
    let _ = app.wait();
    let mut started = xdg_open(
        &env,
        "rolehop://open/acme-prod?destination=iam&region=eu-west-1",
    );
    confirm_window(display, false);
    display.key("Return");
    let login = eventually(
        "the sign-in from the link that started the app",
        Duration::from_secs(90),
        || standin.logins().into_iter().nth(2),
    );
    assert!(
        login
            .destination
            .starts_with("https://console.aws.amazon.com/iam/home?region=eu-west-1"),
        "{login:?}"
    );
    kill_group(&mut started);
    env.assert_no_leaks(&[]);
}

/// The confirmation window's title.
const CONFIRM: &str = "Rolehop: open this link?";

/// Waits for the confirmation window with the focus, armed (its Open button drawn in full
/// colour: it is dimmed until an Enter may answer it), and with a red PRODUCTION line when
/// `production`; keeps a screenshot.
fn confirm_window(display: &rolehop_tests::display::Display, production: bool) {
    eventually("the confirmation window", Duration::from_secs(60), || {
        display.has_window_titled(CONFIRM).then_some(())
    });
    eventually(
        "the confirmation window to have the focus",
        Duration::from_secs(30),
        || (display.focused_title() == CONFIRM).then_some(()),
    );
    let pixels = || {
        let g = display.window_titled(CONFIRM)?;
        Some(display.pixels(g.x, g.y, g.width, g.height))
    };
    eventually(
        "the window armed (Open in full colour)",
        Duration::from_secs(30),
        || {
            let px = pixels()?;
            // The accent, #ec7211, undimmed.
            (px.iter()
                .filter(|[r, g, b]| *r > 220 && (100..=130).contains(g) && *b < 40)
                .count()
                > 200)
                .then_some(())
        },
    );
    let red = pixels()
        .unwrap_or_default()
        .iter()
        .filter(|[r, g, b]| *r > 180 && *g < 30 && *b < 30)
        .count();
    assert_eq!(
        red > 500,
        production,
        "the PRODUCTION line ({red} red pixels)"
    );
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join("rolehop-screenshots");
    let _ = std::fs::create_dir_all(&dir);
    let name = if production {
        "confirm-link-production.png"
    } else {
        "confirm-link.png"
    };
    assert!(display.screenshot_window(CONFIRM, &dir.join(name)));
}
