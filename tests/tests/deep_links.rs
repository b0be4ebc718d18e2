//! `rolehop://` links end to end under the test desktop: the tray app registers itself as the
//! scheme's handler in the test's own XDG dirs, and `xdg-open` (xdg-utils, as a knowledge-base
//! page's link click reaches it) brings a link to the running tray, which signs that shortcut
//! into the console the link names; a link it cannot follow opens nothing and says why in a
//! notification. With no app running, the link starts it.
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
    let env = TestEnv::full_with_display();
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

    // A link with a destination signs the shortcut into that console.
    finishes(xdg_open(&env, "rolehop://open/acme-prod?destination=s3"));
    let login = eventually("the sign-in from the link", Duration::from_secs(60), || {
        standin.logins().into_iter().next()
    });
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
    for (n, (link, why)) in refused.iter().enumerate() {
        finishes(xdg_open(&env, link));
        let shown = eventually("the notification", Duration::from_secs(30), || {
            let s = notifications.shown();
            (s.len() > n).then_some(s)
        });
        let (title, body) = &shown[n];
        assert_eq!(title, "Rolehop cannot open this link", "{link}");
        assert!(body.contains(why), "{link}: {body}");
    }
    assert_eq!(standin.logins().len(), 1, "a refused link opened nothing");
    assert!(
        env.ok(&["list"]).contains("acme-prod"),
        "a link never removes anything"
    );

    // With no app running, a link starts it, and it follows the link.
    let _ = app.kill();
    let _ = app.wait();
    let mut started = xdg_open(
        &env,
        "rolehop://open/acme-prod?destination=iam&region=eu-west-1",
    );
    let login = eventually(
        "the sign-in from the link that started the app",
        Duration::from_secs(90),
        || standin.logins().into_iter().nth(1),
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
