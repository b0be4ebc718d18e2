//! The tray app with a catalog the size of a real MSP's (5,000 shortcuts in 200 clients, as an
//! organization's discovery easily gives): its menu stays bounded, a shortcut deep in the
//! catalog opens the right account from it, the rest is one step away in the switcher
//! ("All N in Client…", "More clients…"), and an edit shows up without a restart.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write;
use std::time::Duration;

use rolehop_tests::env::TestEnv;
use rolehop_tests::eventually;
use rolehop_tests::tray::{Watcher, click, layout, tray_menu};

fn account(c: usize, s: usize) -> String {
    format!("{:012}", 300_000_000_000u64 + (c * 25 + s) as u64)
}

#[test]
fn a_tray_of_5000_shortcuts_keeps_a_bounded_menu_opens_deep_shortcuts_and_follows_edits() {
    let env = TestEnv::full_with_desktop();
    env.seed_alice(&[]);
    env.use_curl_browser(None);
    let mut text = std::fs::read_to_string(env.catalog_path()).unwrap();
    for c in 0..200 {
        let _ = write!(text, "\n[[client]]\nid = \"c{c}\"\nname = \"Client {c}\"\n");
        for s in 0..25 {
            let _ = write!(
                text,
                "\n[[shortcut]]\nid = \"c{c}-s{s}\"\nclient = \"c{c}\"\naccount = \"{}\"\nrole = \"Admin\"\n{}",
                account(c, s),
                if (c, s) == (199, 24) {
                    "pinned = true\n"
                } else {
                    ""
                }
            );
        }
    }
    std::fs::write(env.catalog_path(), text).unwrap();
    assert!(env.ok(&["list", "--json"]).contains("c199-s24"));

    let bus = env.secrets().address.clone();
    let _watcher = Watcher::start(&bus, &env.display().name);
    let mut app = env.spawn_cmd().spawn().unwrap();
    let (service, menu) = eventually("the tray to register", Duration::from_secs(60), || {
        tray_menu(&bus)
    });
    // (The icon registers with "Loading shortcuts…"; the catalog follows a moment later.)
    let labels = eventually("the menu", Duration::from_secs(30), || {
        let l = layout(&bus, &service, &menu);
        l.iter()
            .any(|(_, t)| t.starts_with("More clients ("))
            .then_some(l)
    });
    assert!(
        labels.len() < 800,
        "{} menu items for 5,000 shortcuts",
        labels.len()
    );
    let texts: Vec<&str> = labels.iter().map(|(_, l)| l.as_str()).collect();
    assert!(
        texts.iter().any(|t| t.starts_with("More clients (")),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"All 25 in Client 5… (switcher)"),
        "{texts:?}"
    );

    // The pinned shortcut, deep in the catalog, opens its own account.
    let deep = format!("Client 199 — c199-s24 · {} · Admin", account(199, 24));
    let (id, _) = labels
        .iter()
        .find(|(_, l)| *l == deep)
        .cloned()
        .unwrap_or_else(|| panic!("no `{deep}` in {texts:?}"));
    assert!(click(&bus, &service, &menu, id));
    let standin = env.standin.as_ref().unwrap();
    eventually(
        "the deep shortcut's console",
        Duration::from_secs(60),
        || {
            standin
                .logins()
                .iter()
                .any(|l| l.account == account(199, 24))
                .then_some(())
        },
    );

    // An edit (a new pinned shortcut) reaches the menu without a restart.
    env.ok(&[
        "add",
        "shortcut",
        "fresh",
        "--client",
        "c0",
        "--account",
        "399999999999",
        "--role",
        "Admin",
        "--pinned",
    ]);
    eventually("the edit in the menu", Duration::from_secs(30), || {
        layout(&bus, &service, &menu)
            .iter()
            .any(|(_, t)| t == "Client 0 — fresh · 399999999999 · Admin")
            .then_some(())
    });
    // Applied to the menu on screen (a few steps), not by building its ~200 items again.
    let log = String::from_utf8_lossy(&env.app_logs()).into_owned();
    assert!(log.contains("updating the tray menu"), "{log}");
    assert!(!log.contains("building the tray menu again"), "{log}");

    // "All 25 in Client 5…" opens the switcher (with the client's name typed).
    // (Looked up right before the click: a rebuild renumbers the ids.)
    eventually(
        "a click on All 25 in Client 5",
        Duration::from_secs(30),
        || {
            let (all, _) = layout(&bus, &service, &menu)
                .into_iter()
                .find(|(_, l)| l == "All 25 in Client 5… (switcher)")?;
            click(&bus, &service, &menu, all).then_some(())
        },
    );
    eventually("the switcher", Duration::from_secs(30), || {
        env.display().has_window_titled("Rolehop").then_some(())
    });
    // Filtered to the client: the switcher searched for its name, and Client 5's 25 shortcuts
    // lead the list (Client 50…59 and 150…159 match "Client 5" too, further down).
    let searched = eventually(
        "the switcher to search for Client 5",
        Duration::from_secs(30),
        || {
            let log = String::from_utf8_lossy(&env.app_logs()).into_owned();
            log.lines()
                .rev()
                .find(|l| l.contains("switcher search \"Client 5\""))
                .map(str::to_string)
        },
    );
    assert!(
        searched.contains("clients in order: c5,") || searched.ends_with("clients in order: c5"),
        "{searched}"
    );
    let shots = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("../target"))
        .join("rolehop-screenshots");
    let _ = std::fs::create_dir_all(&shots);
    let path = shots.join("switcher-from-tray-overflow.png");
    eventually("the switcher drawn", Duration::from_secs(30), || {
        (env.display().screenshot(&path)
            && std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) > 5_000)
            .then_some(())
    });
    let _ = app.kill();
    let _ = app.wait();
}
