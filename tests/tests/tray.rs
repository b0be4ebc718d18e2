//! The tray app end to end over D-Bus: its menu lists the catalog's clients and shortcuts,
//! clicking a shortcut opens its console (through the same flow as `rolehop open`), editing the
//! catalog changes the menu without a restart, and Quit exits with 0.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolehop_tests::seed::{client, shortcut};
use std::time::Duration;

use rolehop_tests::env::TestEnv;
use rolehop_tests::eventually;
use rolehop_tests::tray::{Watcher, click, layout, tray_menu};

/// One tray app at a time: each runs a display, a WebKit window or two and a tray host, and
/// five at once starve a 2-core machine (the XEmbed icon then docks too late).
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

/// The tray app of `env`, started with a StatusNotifierWatcher on its bus, once its menu is
/// registered there.
struct Tray {
    app: std::process::Child,
    /// Kept for the test's length: the watcher goes with it.
    _watcher: Watcher,
    bus: String,
    service: String,
    menu: String,
}

fn start_tray(env: &TestEnv) -> Tray {
    let bus = env.secrets().address.clone();
    let watcher = Watcher::start(&bus, &env.display().name);
    let app = env
        .spawn_cmd()
        .spawn()
        .unwrap_or_else(|e| panic!("start the tray app: {e}"));
    let (service, menu) = eventually("the tray to register", Duration::from_secs(30), || {
        tray_menu(&bus)
    });
    Tray {
        app,
        _watcher: watcher,
        bus,
        service,
        menu,
    }
}

#[test]
fn the_tray_menu_follows_the_catalog_opens_consoles_and_quits() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    env.seed_alice(&[]);
    // A "browser" that follows the hand-off to the console, like a real one.
    env.use_curl_browser(None);

    let Tray {
        mut app,
        _watcher,
        bus,
        service,
        menu,
    } = start_tray(&env);
    // The icon registers with "Loading shortcuts…"; the catalog follows a moment later.
    let labels = eventually("the menu", Duration::from_secs(30), || {
        let l = layout(&bus, &service, &menu);
        l.iter().any(|(_, t)| t == "Acme Corp").then_some(l)
    });
    let names: Vec<&str> = labels.iter().map(|(_, l)| l.as_str()).collect();
    assert!(names.contains(&"Acme Corp"), "{names:?}");
    assert!(
        names.contains(&"acme-prod · 222222222222 · Admin"),
        "{names:?}"
    );
    assert!(names.contains(&"Quit"), "{names:?}");
    // The idle tray holds no webview: no WebKit process runs under it (a window's webview,
    // made only when a window opens, would start one).
    let webkit: Vec<String> = rolehop_tests::cmdlines()
        .into_iter()
        .filter(|(pid, _)| parent_of(*pid) == Some(app.id()))
        .map(|(_, c)| String::from_utf8_lossy(&c).replace('\0', " "))
        .filter(|c| c.contains("WebKit"))
        .collect();
    assert!(webkit.is_empty(), "the idle tray runs {webkit:?}");

    // Clicking the shortcut opens its console, with no window of our own.
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
    let (id, _) = labels
        .iter()
        .find(|(_, l)| l == "acme-prod · 222222222222 · Admin")
        .cloned()
        .unwrap_or_else(|| panic!("no item"));
    assert!(click(&bus, &service, &menu, id));
    eventually("the console sign-in", Duration::from_secs(30), || {
        (!standin.logins().is_empty()).then_some(())
    });
    assert_eq!(standin.logins()[0].account, "222222222222");

    // The menu follows edits of the catalog file (here by the CLI), without a restart; the
    // opened shortcut now also shows under "Recently used" and "Active sessions".
    env.seed(&[shortcut("acme-stage", "acme", "333333333333", "ReadOnly").label("Staging")]);
    let labels = eventually(
        "the new shortcut in the menu",
        Duration::from_secs(15),
        || {
            let l = layout(&bus, &service, &menu);
            l.iter()
                .any(|(_, t)| t == "Staging · 333333333333 · ReadOnly")
                .then_some(l)
        },
    );
    assert!(
        labels.iter().any(|(_, t)| t == "Recently used"),
        "{labels:?}"
    );
    assert!(
        labels
            .iter()
            .any(|(_, t)| t.starts_with("Active sessions (1)")),
        "{labels:?}"
    );
    // "Today" sums the day's journal per client (issue 28): the open is in it.
    assert!(
        labels.iter().any(|(_, t)| t == "Acme Corp: 1 opened"),
        "{labels:?}"
    );
    // Fixed places (issue 26): on Linux the switcher, the sessions and Settings come first,
    // before anything that grows (recent shortcuts, clients): a growing "Recently used" never
    // moves "Settings…" under the pointer.
    let at = |prefix: &str| {
        labels
            .iter()
            .position(|(_, t)| t.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in {labels:?}"))
    };
    assert!(
        at("Open switcher") < at("Active sessions")
            && at("Active sessions") < at("Settings…")
            && at("Settings…") < at("Recently used")
            && Some(at("Recently used")) < labels.iter().position(|(_, t)| t == "Acme Corp"),
        "{labels:?}"
    );

    // `rolehop open` while the tray runs is served by the tray (which would ask for MFA in
    // its own window); the terminal says so.
    let out = env.cmd().args(["open", "acme-stage"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Handed to the running Rolehop tray app"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eventually("the handed-over sign-in", Duration::from_secs(30), || {
        standin
            .logins()
            .iter()
            .any(|l| l.account == "333333333333")
            .then_some(())
    });
    // An unknown id is still reported in the terminal.
    env.cmd().args(["open", "nope"]).assert().failure();

    // A second `rolehop` (no arguments) hands over to the running app, which shows Settings,
    // and exits.
    let second = env
        .cmd()
        .output()
        .unwrap_or_else(|e| panic!("second start: {e}"));
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    eventually(
        "Settings shown by the second start",
        Duration::from_secs(30),
        || {
            env.display()
                .has_window_titled("Rolehop settings")
                .then_some(())
        },
    );
    assert!(
        app.try_wait().ok().flatten().is_none(),
        "the first app still runs"
    );

    // Quit exits with 0. (A catalog edit can rebuild the menu more than once, which renumbers
    // its dbusmenu ids, so the id is looked up right before each click; the app may exit
    // before it answers the click, so the call's own result says nothing.)
    let status = eventually(
        "the app to exit after Quit",
        Duration::from_secs(20),
        || {
            let quit = layout(&bus, &service, &menu)
                .into_iter()
                .find(|(_, l)| l == "Quit")
                .map(|(id, _)| id);
            if let Some(id) = quit {
                let _ = click(&bus, &service, &menu, id);
            }
            std::thread::sleep(Duration::from_millis(500));
            app.try_wait().ok().flatten()
        },
    );
    assert!(status.success(), "{status:?}");
    // Nothing the run handled reached a file, the app's log or a command line.
    env.assert_no_leaks(&[]);
}

/// An empty catalog's menu (issue 26): the ways in, where the shortcuts will be, each with an
/// id of its own; "Import…" opens Settings (on its Import page).
#[test]
fn an_empty_tray_menu_offers_an_import_and_a_form() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    let (key, secret) = env.moto().create_user("111111111111", "alice");
    env.setup("alice", "111111111111", &key, &secret, &[]);
    let Tray {
        mut app,
        _watcher,
        bus,
        service,
        menu,
    } = start_tray(&env);
    let labels = eventually("the empty menu", Duration::from_secs(30), || {
        let l = layout(&bus, &service, &menu);
        l.iter().any(|(_, t)| t == "No shortcuts yet").then_some(l)
    });
    let import = "Import from ~/.aws/config, Extend Switch Roles or links…";
    let names: Vec<&str> = labels.iter().map(|(_, l)| l.as_str()).collect();
    assert!(
        names.contains(&import) && names.contains(&"Add a shortcut by hand…"),
        "{names:?}"
    );
    click_label(&bus, &service, &menu, import);
    eventually("Settings, sent to Import", Duration::from_secs(30), || {
        env.display()
            .has_window_titled("Rolehop settings")
            .then_some(())
    });
    let _ = app.kill();
    let _ = app.wait();
}

/// "Open terminal in" › a shortcut starts the terminal command set in Settings with
/// `rolehop shell SHORTCUT` (a recording fake terminal here, which also runs what it was
/// given, as a terminal would: the shell that starts is in the shortcut's account).
#[test]
fn open_terminal_starts_the_configured_terminal_with_the_marked_shell() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    env.seed_alice(&[]);
    let dir = env.root().join("terminal");
    std::fs::create_dir_all(&dir).unwrap();
    let fake = dir.join("fake-terminal");
    // Records its arguments, then runs the command after its own two (`--title Rolehop`) with
    // a shell script on stdin, as a person typing.
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> {d}/argv; done\nshift 2\nprintf 'echo \"$ROLEHOP_SHORTCUT $ROLEHOP_ACCOUNT\" > {d}/inside\\n' | SHELL=/bin/sh \"$@\" > {d}/out 2>&1\n",
            d = dir.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .args(["+x"])
        .arg(&fake)
        .status()
        .unwrap();
    std::fs::write(
        env.config_dir().join("settings.json"),
        serde_json::json!({ "terminal": format!("'{}' --title Rolehop {{command}}", fake.display()) })
            .to_string(),
    )
    .unwrap();
    let Tray {
        mut app,
        _watcher,
        bus,
        service,
        menu,
    } = start_tray(&env);
    let item = "acme-prod · 222222222222 · Admin";
    eventually(
        "Open terminal in › acme-prod, clicked",
        Duration::from_secs(30),
        || {
            let labels = layout(&bus, &service, &menu);
            let after = labels.iter().position(|(_, l)| l == "Open terminal in")?;
            let (id, _) = labels[after..].iter().find(|(_, l)| l == item)?;
            click(&bus, &service, &menu, *id).then_some(())
        },
    );
    let inside = dir.join("inside");
    let started = std::time::Instant::now();
    while !std::fs::read_to_string(&inside).is_ok_and(|t| t.ends_with('\n')) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no shell in the terminal: argv {:?}, its output {:?}, the app's log {}",
            std::fs::read_to_string(dir.join("argv")),
            std::fs::read_to_string(dir.join("out")),
            String::from_utf8_lossy(&env.app_logs())
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let argv = std::fs::read_to_string(dir.join("argv")).unwrap();
    let argv: Vec<&str> = argv.lines().collect();
    assert_eq!(
        argv,
        [
            "--title",
            "Rolehop",
            &rolehop_tests::env::rolehop_bin().display().to_string(),
            "shell",
            "acme-prod"
        ],
        "{argv:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&inside).unwrap().trim(),
        "acme-prod 222222222222",
        "{}",
        std::fs::read_to_string(dir.join("out")).unwrap_or_default()
    );
    let _ = app.kill();
    let _ = app.wait();
    env.assert_no_leaks(&[]);
}

/// The menu as a person sees it: the icon docked in a system tray (trayer, XEmbed; with no
/// StatusNotifierWatcher on the bus, libayatana-appindicator falls back to a tray icon), a
/// click, the menu on screen. The screenshot goes to
/// `$CARGO_TARGET_DIR/rolehop-screenshots/tray-menu.png`.
#[test]
fn the_tray_menu_shows_on_screen_in_a_system_tray() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    env.seed_alice(&[]);
    env.seed(&[client("acme", "Acme Corp").color("#d13212").replace()]);
    env.seed(&[client("globex", "Globex").color("#0073bb")]);
    env.seed(&[shortcut("globex-billing", "globex", "444444444444", "ReadOnly").label("Billing")]);
    env.seed(&[shortcut("acme-prod", "acme", "222222222222", "Admin")
        .label("Production")
        .pinned()
        .replace()]);
    let display = env.display();
    let new_panel = || start_trayer(&display.name, &env.secrets().address);
    // The panel is ready when it owns the system-tray selection, as `rolehop doctor` (the
    // app's own probe) sees it; its window shows earlier than that. A panel that never takes
    // the selection (seen on a loaded machine) is started again.
    let tray_ready = || {
        let out = env.cmd().arg("doctor").output().unwrap();
        String::from_utf8_lossy(&out.stdout).contains("XEmbed system tray runs")
            || String::from_utf8_lossy(&out.stderr).contains("XEmbed system tray runs")
    };
    let mut trayer = new_panel();
    let mut attempts = 1;
    loop {
        let since = std::time::Instant::now();
        while since.elapsed() < Duration::from_secs(20) && !tray_ready() {
            std::thread::sleep(Duration::from_millis(200));
        }
        if tray_ready() {
            break;
        }
        assert!(attempts < 3, "trayer never took the system-tray selection");
        let _ = trayer.kill();
        let _ = trayer.wait();
        trayer = new_panel();
        attempts += 1;
    }
    let before = eventually("trayer", Duration::from_secs(10), || {
        let n = display.visible_windows();
        (n > 0).then_some(n)
    });
    let mut app = env
        .spawn_cmd()
        .spawn()
        .unwrap_or_else(|e| panic!("start the tray app: {e}"));
    // The icon docks at the right end of the bar (the screen is 1600 px wide) as a new
    // window; clicking it pops up the menu, another one.
    // (An upper bound for a slow start; when it is reached, the app's state and log say why.)
    let started = std::time::Instant::now();
    while display.visible_windows() <= before {
        if started.elapsed() > Duration::from_secs(60) {
            let state = app.try_wait().map(|s| format!("{s:?}")).unwrap_or_default();
            let log = String::from_utf8_lossy(&env.app_logs()).into_owned();
            let tail: String = log
                .chars()
                .rev()
                .take(3000)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            panic!("the icon never docked in trayer (app exit status: {state}); app log:\n{tail}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // The icon is the right end of trayer's panel (wherever the panel is); the app may
    // rebuild its menu once just after start, closing a menu opened too early: the click is
    // repeated until the menu stays on screen.
    let (icon_x, icon_y) = display
        .first_of_class("trayer")
        .map(|g| (g.x + g.width.saturating_sub(13), g.y + g.height / 2))
        .unwrap_or((1587, 14));
    let docked_ids = display.visible_window_ids();
    let popup = eventually("the menu on screen", Duration::from_secs(30), || {
        display.click(icon_x, icon_y);
        // A click toggles the menu: give a slow machine time to show it before clicking again.
        let shown = std::time::Instant::now();
        while shown.elapsed() < Duration::from_secs(3) {
            let new: Vec<String> = display
                .visible_window_ids()
                .into_iter()
                .filter(|id| !docked_ids.contains(id))
                .collect();
            // The menu: a new window of a menu's size (not the icon or a tooltip), made by
            // the tray app itself.
            if let Some(g) = new
                .iter()
                .filter(|id| display.pid_of(id) == Some(app.id()))
                .filter_map(|id| display.geometry_of(id))
                .find(|g| g.width > 150 && g.height > 80)
            {
                return Some(g);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    });
    // It is Rolehop's menu with its items: painted with the catalog's clients, each row's
    // dot in its client's colour — Acme's red on two rows (the pinned shortcut and the client),
    // Globex's blue on one — seen in the pixels of the menu window.
    let near = |p: &[u8; 3], c: [u8; 3]| p.iter().zip(c).all(|(a, b)| a.abs_diff(b) <= 24);
    let rows_with = |area: &[[u8; 3]], width: usize, colour: [u8; 3]| {
        area.chunks(width)
            .map(|row| row.iter().any(|p| near(p, colour)))
            .collect::<Vec<bool>>()
            .windows(2)
            .filter(|w| !w[0] && w[1])
            .count()
    };
    eventually(
        "the menu painted with its items",
        Duration::from_secs(10),
        || {
            let (w, h) = (popup.width.max(1), popup.height.max(1));
            let area = display.pixels(popup.x, popup.y, w, h);
            let red = rows_with(&area, w as usize, [0xd1, 0x32, 0x12]);
            let blue = rows_with(&area, w as usize, [0x00, 0x73, 0xbb]);
            (red == 2 && blue == 1).then_some(())
        },
    );
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join("rolehop-screenshots");
    let _ = std::fs::create_dir_all(&dir);
    assert!(display.screenshot_region(&dir.join("tray-menu.png"), 1000, 0, 600, 260));
    // A client's submenu, opened as a person opens it (a click on its row, the lower of the
    // two red rows): its shortcuts, then "Open terminal in" with the same shortcuts.
    let (w, h) = (popup.width.max(1), popup.height.max(1));
    let area = display.pixels(popup.x, popup.y, w, h);
    let red_rows: Vec<u32> = area
        .chunks(w as usize)
        .enumerate()
        .filter(|(_, row)| row.iter().any(|p| near(p, [0xd1, 0x32, 0x12])))
        .map(|(y, _)| y as u32)
        .collect();
    let client_row = red_rows.last().copied().unwrap_or(0);
    let open_now = display.visible_window_ids();
    display.click(popup.x + w / 2, popup.y + client_row);
    eventually("the client's submenu", Duration::from_secs(10), || {
        display
            .visible_window_ids()
            .into_iter()
            .filter(|id| !open_now.contains(id))
            .find(|id| display.pid_of(id) == Some(app.id()))
    });
    assert!(display.screenshot_region(&dir.join("tray-menu-client.png"), 700, 0, 900, 320));
    display.key("Escape");
    display.key("Escape");
    let _ = app.kill();
    let _ = app.wait();
    let _ = trayer.kill();
    let _ = trayer.wait();
}

fn screenshot_dir() -> std::path::PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
        .join("rolehop-screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Clicks the menu entry with this label (looked up right before the click: a rebuild
/// renumbers the ids).
fn click_label(bus: &str, service: &str, menu: &str, label: &str) {
    // Looked up and clicked together, again if a rebuild took the id away in between (the
    // menu is rebuilt when sessions or the catalog change).
    eventually(
        &format!("a click on `{label}` in the menu"),
        Duration::from_secs(20),
        || {
            let id = layout(bus, service, menu)
                .into_iter()
                .find(|(_, l)| l == label || l.starts_with(label))
                .map(|(id, _)| id)?;
            click(bus, service, menu, id).then_some(())
        },
    );
}

/// Feedback for a working day, on a desktop with a window manager and no notification
/// service: a tray click shows "Opening …" in Rolehop's small window until the browser has
/// the sign-in, then the window goes; a failed open shows the error there; an active session
/// is renewed from its menu item without a new MFA session.
#[test]
fn opening_shows_progress_errors_show_in_rolehops_window_and_renew_signs_in_again() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_desktop();
    env.seed_alice(&[]);
    env.seed(&[shortcut("acme-short", "acme", "333333333333", "Admin")
        .label("Short")
        .with(&["--duration", "15m"])]);
    // A "browser" that starts when the test lets it (as a slow one would), then follows the
    // hand-off like a real one.
    let go = env.root().join("browser-may-start");
    env.use_curl_browser(Some(&go));
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
    let proxy = env.proxy.as_ref().unwrap_or_else(|| panic!("proxy"));
    let display = env.display();
    let Tray {
        mut app,
        _watcher,
        bus,
        service,
        menu,
    } = start_tray(&env);

    // A person is working in another window (here Rolehop's own Settings, focused): the
    // notice that comes up never takes the keyboard from it.
    env.ok(&["show", "settings"]);
    eventually(
        "Settings to have the focus",
        Duration::from_secs(30),
        || (display.focused_title() == "Rolehop settings").then_some(()),
    );

    // Progress: the small window says what is opening while the browser starts.
    click_label(&bus, &service, &menu, "Short · 333333333333 · Admin");
    eventually("the Opening… window", Duration::from_secs(20), || {
        display.has_window_titled("Rolehop").then_some(())
    });
    // In the bottom-right corner, as tall as its message.
    let mut seen = None;
    let placed = (0..100).find_map(|_| {
        seen = display.window_titled("Rolehop");
        let ok = seen.filter(|g| g.x > 800 && g.y > 400 && g.height < 170);
        if ok.is_none() {
            std::thread::sleep(Duration::from_millis(200));
        }
        ok
    });
    assert!(
        placed.is_some(),
        "the notice is not in its corner: {seen:?}"
    );
    // Its text is on screen (dark pixels of the title), then the shot.
    eventually("the Opening… text drawn", Duration::from_secs(20), || {
        let g = display.window_titled("Rolehop")?;
        let px = display.pixels(g.x, g.y, g.width, g.height);
        (px.iter().filter(|p| p.iter().all(|c| *c < 110)).count() > 40).then_some(())
    });
    assert!(display.screenshot(&screenshot_dir().join("notice-opening.png")));
    assert_eq!(
        display.focused_title(),
        "Rolehop settings",
        "the notice took the focus from the window the person works in"
    );
    std::fs::write(&go, "").unwrap();
    eventually("the console sign-in", Duration::from_secs(60), || {
        standin
            .logins()
            .iter()
            .any(|l| l.account == "333333333333")
            .then_some(())
    });
    eventually(
        "the Opening… window to go",
        Duration::from_secs(20),
        || (!display.has_window_titled("Rolehop")).then_some(()),
    );

    // Renew from "Active sessions": the same shortcut signs in again, from the day's session.
    let logins = standin.logins().len();
    let roles = proxy.registry.count("AssumeRole");
    click_label(&bus, &service, &menu, "Renew (sign in again)");
    eventually("the renewed sign-in", Duration::from_secs(60), || {
        (standin.logins().len() > logins).then_some(())
    });
    assert_eq!(
        standin.logins().last().map(|l| l.account.clone()),
        Some("333333333333".to_string())
    );
    assert_eq!(
        proxy.registry.count("AssumeRole"),
        roles + 1,
        "fresh credentials"
    );
    assert_eq!(
        proxy.registry.count("GetSessionToken"),
        1,
        "no new MFA session"
    );

    // A failure with no notification service: the error shows in Rolehop's window.
    env.ok(&["forget", "alice"]);
    click_label(&bus, &service, &menu, "acme-prod · 222222222222 · Admin");
    eventually("the error window", Duration::from_secs(20), || {
        display.has_window_titled("Rolehop").then_some(())
    });
    eventually("the error text drawn", Duration::from_secs(20), || {
        let g = display.window_titled("Rolehop")?;
        let px = display.pixels(g.x, g.y, g.width, g.height);
        // The error's red border and title.
        (px.iter()
            .filter(|[r, g, b]| *r > 150 && *g < 80 && *b < 80)
            .count()
            > 100)
            .then_some(())
    });
    assert!(display.screenshot_window("Rolehop", &screenshot_dir().join("notice-error.png")));
    // The notice takes the keyboard only when the person clicks into it; then Escape
    // dismisses the message and the window goes.
    let g = display
        .window_titled("Rolehop")
        .unwrap_or_else(|| panic!("the error window"));
    display.click(g.x + g.width / 2, g.y + 8);
    eventually(
        "the clicked notice to have the focus",
        Duration::from_secs(20),
        || (display.focused_title() == "Rolehop").then_some(()),
    );
    display.key("Escape");
    eventually(
        "Escape to dismiss the error",
        Duration::from_secs(20),
        || (!display.has_window_titled("Rolehop")).then_some(()),
    );
    let _ = app.kill();
    let _ = app.wait();
    // Nothing the run handled reached a file, the app's log or a command line.
    env.assert_no_leaks(&[]);
}

/// A console about to end is offered for renewal in Rolehop's window (no notification
/// service here), and Renew there signs the same shortcut in again from the day's session;
/// "Sign out all" then ends every listed session.
#[test]
fn a_console_about_to_end_is_offered_for_renewal_and_sign_out_all_ends_the_sessions() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_desktop();
    env.seed_alice(&[]);
    env.use_curl_browser(None);
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
    let proxy = env.proxy.as_ref().unwrap_or_else(|| panic!("proxy"));
    // Role credentials that end 5 min 20 s after they are issued: inside the warning time
    // (5 min) twenty seconds after the open.
    proxy.registry.shorten_roles(5 * 60 + 20);
    let display = env.display();
    let Tray {
        mut app,
        _watcher,
        bus,
        service,
        menu,
    } = start_tray(&env);
    click_label(&bus, &service, &menu, "acme-prod · 222222222222 · Admin");
    eventually("the console sign-in", Duration::from_secs(60), || {
        (!standin.logins().is_empty()).then_some(())
    });
    eventually(
        "the Opening… window to go",
        Duration::from_secs(30),
        || (!display.has_window_titled("Rolehop")).then_some(()),
    );
    // The offer: the notice window with its warning colour and the Renew button.
    let place = eventually("the renewal offer", Duration::from_secs(120), || {
        let g = display.window_titled("Rolehop")?;
        let px = display.pixels(g.x, g.y, g.width, g.height);
        let amber = px
            .iter()
            .filter(|[r, g, b]| *r > 200 && (140..=190).contains(g) && *b < 40)
            .count();
        (amber > 100).then_some(g)
    });
    assert!(display.screenshot_window("Rolehop", &screenshot_dir().join("notice-renew.png")));
    let logins = standin.logins().len();
    // Renew sits at the top right of the message, left of the close button.
    display.click(place.x + place.width - 80, place.y + 24);
    eventually("the renewed sign-in", Duration::from_secs(60), || {
        (standin.logins().len() > logins).then_some(())
    });
    assert_eq!(
        proxy.registry.count("GetSessionToken"),
        1,
        "no new MFA session"
    );

    click_label(&bus, &service, &menu, "Sign out all");
    eventually(
        "the session's credentials dropped",
        Duration::from_secs(30),
        || {
            env.secrets()
                .lookup("shortcut/acme-prod/role")
                .is_none()
                .then_some(())
        },
    );
    eventually("no active session listed", Duration::from_secs(30), || {
        layout(&bus, &service, &menu)
            .iter()
            .any(|(_, l)| l == "Active sessions (none)")
            .then_some(())
    });
    let _ = app.kill();
    let _ = app.wait();
    // Nothing the run handled reached a file, the app's log or a command line.
    env.assert_no_leaks(&[]);
}

/// With a notification service, a failed tray open is a desktop notification (and Rolehop's
/// own window goes); `rolehop doctor` says which services the desktop has.
#[test]
fn errors_go_to_the_notification_service_when_there_is_one_and_doctor_names_it() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_desktop();
    env.seed_alice(&[]);
    let bus = env.secrets().address.clone();
    let display = env.display();
    // No tray host, no notification service yet.
    let doctor = |env: &TestEnv| {
        let out = env
            .cmd()
            .env("DISPLAY", &display.name)
            .arg("doctor")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let report = doctor(&env);
    assert!(
        report.contains("warn  tray host: no tray host found"),
        "{report}"
    );
    assert!(
        report.contains("warn  notifications: no notification service"),
        "{report}"
    );
    let _watcher = Watcher::start(&bus, &display.name);
    let service = rolehop_tests::notifications::NotificationService::start(&bus);
    let report = doctor(&env);
    assert!(
        report.contains("ok    notifications: a notification service answers"),
        "{report}"
    );

    env.ok(&["forget", "alice"]);
    let mut app = env
        .spawn_cmd()
        .spawn()
        .unwrap_or_else(|e| panic!("start the tray app: {e}"));
    let (item, menu) = eventually("the tray to register", Duration::from_secs(30), || {
        tray_menu(&bus)
    });
    click_label(&bus, &item, &menu, "acme-prod · 222222222222 · Admin");
    let shown = eventually("the notification", Duration::from_secs(30), || {
        let s = service.shown();
        (!s.is_empty()).then_some(s)
    });
    assert!(
        shown[0]
            .0
            .contains("Rolehop cannot open Acme Corp – acme-prod"),
        "{shown:?}"
    );
    assert!(
        shown[0].1.contains("rolehop setup --identity alice"),
        "{shown:?}"
    );
    eventually("Rolehop's window to go", Duration::from_secs(20), || {
        (!display.has_window_titled("Rolehop")).then_some(())
    });
    let _ = app.kill();
    let _ = app.wait();
}

/// A console session that ends leaves "Active sessions" by itself: the menu is rebuilt at the
/// expiry, with no action and no catalog edit.
#[test]
fn an_expired_session_leaves_the_menu_by_itself() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    env.seed_alice(&[]);
    env.use_curl_browser(None);
    let proxy = env.proxy.as_ref().unwrap_or_else(|| panic!("proxy"));
    // Role credentials that end 90 s after they are issued: long enough that the open and the
    // menu's first rebuild are seen on a busy machine before the end (40 s was not).
    proxy.registry.shorten_roles(90);
    let Tray {
        mut app,
        _watcher,
        bus,
        service,
        menu,
    } = start_tray(&env);
    let item = eventually("the shortcut in the menu", Duration::from_secs(30), || {
        layout(&bus, &service, &menu)
            .into_iter()
            .find(|(_, l)| l == "acme-prod · 222222222222 · Admin")
            .map(|(id, _)| id)
    });
    assert!(click(&bus, &service, &menu, item));
    eventually("the session listed", Duration::from_secs(80), || {
        layout(&bus, &service, &menu)
            .iter()
            .any(|(_, l)| l.starts_with("Active sessions (1)"))
            .then_some(())
    });
    // Nothing else happens; the session ends and the menu follows.
    eventually(
        "the ended session gone from the menu",
        Duration::from_secs(180),
        || {
            layout(&bus, &service, &menu)
                .iter()
                .any(|(_, l)| l == "Active sessions (none)")
                .then_some(())
        },
    );
    let _ = app.kill();
    let _ = app.wait();
    env.assert_no_leaks(&[]);
}

/// A panel that starts after Rolehop (as at login, when autostart wins the race) still gets
/// the icon: the app notices the new tray host and shows its icon there.
#[test]
fn a_tray_host_that_starts_after_the_app_gets_the_icon() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_display();
    env.seed_alice(&[]);
    let display = env.display();
    let mut app = env.spawn_cmd().spawn().unwrap();
    // The app has looked for a tray host and found none.
    let started = std::time::Instant::now();
    while !String::from_utf8_lossy(&env.app_logs()).contains("no tray host found") {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the app never said it found no tray host: {}",
            String::from_utf8_lossy(&env.app_logs())
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut trayer = start_trayer(&display.name, &env.secrets().address);
    // The icon docks: the app says it saw the host, and the panel's icon is a second window
    // on the screen besides the panel itself.
    eventually(
        "the icon docked in the panel",
        Duration::from_secs(60),
        || {
            (String::from_utf8_lossy(&env.app_logs()).contains("a tray host appeared")
                && display.visible_windows() >= 2)
                .then_some(())
        },
    );
    let _ = app.kill();
    let _ = app.wait();
    let _ = trayer.kill();
    let _ = trayer.wait();
}

/// trayer, the XEmbed system tray panel the on-screen tests dock into, on `display`.
fn start_trayer(display: &str, bus: &str) -> std::process::Child {
    std::process::Command::new("trayer")
        .args([
            "--edge",
            "top",
            "--align",
            "right",
            "--widthtype",
            "request",
            "--height",
            "28",
            "--SetDockType",
            "true",
            "--transparent",
            "false",
            "--tint",
            "0x333333",
        ])
        .env("DISPLAY", display)
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start trayer ({e}); install the `trayer` package"))
}

/// In normal use (the icon docks, Settings opens and is closed with the window manager, the
/// switcher opens and is dismissed with Escape) the tray app writes no toolkit noise: GTK's
/// own `Gdk-CRITICAL **` / `Gtk-WARNING **` lines would read as Rolehop failing.
#[test]
fn the_tray_apps_stderr_stays_clean_when_windows_open_and_close() {
    let _serial = one_at_a_time();
    let env = TestEnv::full_with_desktop();
    env.seed_alice(&[]);
    let display = env.display();
    let mut trayer = start_trayer(&display.name, &env.secrets().address);
    let mut app = env.spawn_cmd().spawn().unwrap();
    // The icon is created (where GtkStatusIcon's known assertion fires) and docked.
    eventually("the icon docked", Duration::from_secs(60), || {
        let log = String::from_utf8_lossy(&env.app_logs()).into_owned();
        (log.contains("tray created") && display.visible_windows() >= 2).then_some(())
    });
    for (window, title, dismiss) in [
        ("settings", "Rolehop settings", "alt+F4"),
        ("switcher", "Rolehop", "Escape"),
        ("settings", "Rolehop settings", "alt+F4"),
    ] {
        env.cmd().args(["show", window]).assert().success();
        // Shown and given the keyboard by the window manager, then dismissed as a person would.
        eventually(
            &format!("{window} focused"),
            Duration::from_secs(60),
            || (display.has_window_titled(title) && display.focused_title() == title).then_some(()),
        );
        // The page may not listen for keys yet when its window first has the focus: the key is
        // pressed again until the window goes.
        eventually(&format!("{window} gone"), Duration::from_secs(60), || {
            display.key(dismiss);
            let pressed = std::time::Instant::now();
            while pressed.elapsed() < Duration::from_secs(3) {
                if !display.has_window_titled(title) {
                    return Some(());
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            None
        });
    }
    let _ = app.kill();
    let _ = app.wait();
    let _ = trayer.kill();
    let _ = trayer.wait();
    let log = String::from_utf8_lossy(&env.app_logs()).into_owned();
    // GLib's own format, or the app's log at warn level or above (where a toolkit message
    // that is not known to be harmless goes).
    let noise: Vec<&str> = log
        .lines()
        .filter(|l| {
            l.contains("-CRITICAL **")
                || l.contains("-WARNING **")
                || l.contains(" WARN ")
                || l.contains("ERROR ")
        })
        .collect();
    assert!(
        noise.is_empty(),
        "toolkit noise on the tray app's stderr:\n{}",
        noise.join("\n")
    );
}

/// A process's parent (Linux: field 4 of `/proc/<pid>/stat`, after the command in brackets).
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?
        .1
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
