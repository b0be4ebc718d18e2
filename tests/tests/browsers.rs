//! Real browsers under Xvfb: every shortcut opens in its own profile, accounts stay side by
//! side, a second open joins the running browser, and the sign-in token never touches a
//! command line or a file outside the browser's own cookie store. Chromium in both profile
//! layouts: profiles of one shared browser (the default) and a browser per shortcut.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolehop_tests::seed::{client, shortcut};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rolehop_tests::env::TestEnv;
use rolehop_tests::live::wait_live;
use rolehop_tests::scan::{contains, files_containing};

fn eventually(what: &str, timeout: Duration, check: impl FnMut() -> bool) {
    eventually_or(what, timeout, check, String::new);
}

/// As [`eventually`], and on timeout the panic says what `diagnose` found.
fn eventually_or(
    what: &str,
    timeout: Duration,
    mut check: impl FnMut() -> bool,
    diagnose: impl FnOnce() -> String,
) {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("timed out waiting for: {what}\n{}", diagnose());
}

/// Main browser processes (not helpers) whose command line names `profile`. (Chromium
/// rewrites its main process's command line into one space-separated string, so this matches
/// on the whole text.)
fn browser_mains(profile: &Path) -> Vec<u32> {
    let dir = profile.display().to_string();
    rolehop_tests::cmdlines()
        .into_iter()
        .filter(|(_, c)| {
            let text = String::from_utf8_lossy(c).replace('\0', " ");
            let names_profile = text.contains(&format!("--user-data-dir={dir} "))
                || text.contains(&format!("-profile {dir} "));
            let helper = text.contains("--type=")
                || text.contains("-contentproc")
                || text.contains("-isForBrowser");
            let program = text.split(' ').next().unwrap_or_default().to_string();
            names_profile && !helper && !program.ends_with("rolehop")
        })
        .map(|(pid, _)| pid)
        .collect()
}

/// How many history entries a browser profile holds (Chromium: rows of `urls` in `History`;
/// Firefox: rows of `moz_historyvisits` in `places.sqlite`), read with Python's sqlite3 from a
/// copy (the browser keeps the database open); `None` when the profile has no such database.
fn history_visits(profile: &Path, kind: &str) -> Option<u64> {
    let (file, query) = if kind == "firefox" {
        ("places.sqlite", "select count(*) from moz_historyvisits")
    } else {
        ("History", "select count(*) from urls")
    };
    let db = profile.join(file);
    if !db.is_file() {
        return None;
    }
    let copy = tempfile::tempdir().unwrap();
    for suffix in ["", "-wal", "-journal"] {
        let from = profile.join(format!("{file}{suffix}"));
        if from.is_file() {
            std::fs::copy(&from, copy.path().join(format!("{file}{suffix}"))).unwrap();
        }
    }
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])",
        ])
        .arg(copy.path().join(file))
        .arg(query)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "reading {}: {}",
        db.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    text.trim().parse().ok()
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            std::env::current_exe()
                .ok()
                .and_then(|e| {
                    e.parent()
                        .and_then(Path::parent)
                        .and_then(Path::parent)
                        .map(Path::to_path_buf)
                })
                .unwrap_or_else(|| PathBuf::from("target"))
        });
    let dir = target.join("rolehop-screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Hue in degrees and saturation (0..1) of a colour.
fn hue_sat(rgb: [u8; 3]) -> (f32, f32) {
    let [r, g, b] = rgb.map(|c| f32::from(c) / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let d = max - min;
    if d < 1e-6 {
        return (0.0, 0.0);
    }
    let h = if max == r {
        60.0 * (((g - b) / d).rem_euclid(6.0))
    } else if max == g {
        60.0 * ((b - r) / d + 2.0)
    } else {
        60.0 * ((r - g) / d + 4.0)
    };
    (h, d / max)
}

/// Share of pixels that are the colour's hue (within 12°) and clearly coloured.
fn share_of_hue(pixels: &[[u8; 3]], color: [u8; 3]) -> f32 {
    let (want, _) = hue_sat(color);
    let hits = pixels
        .iter()
        .filter(|p| {
            let (h, s) = hue_sat(**p);
            let diff = (h - want).abs();
            s > 0.35 && diff.min(360.0 - diff) < 12.0
        })
        .count();
    hits as f32 / pixels.len().max(1) as f32
}

/// Share of pixels that are the production mark's red (#c00000).
fn share_of_production_red(pixels: &[[u8; 3]]) -> f32 {
    let hits = pixels
        .iter()
        .filter(|[r, g, b]| (170..=215).contains(r) && *g < 30 && *b < 30)
        .count();
    hits as f32 / pixels.len().max(1) as f32
}

/// One browser suite at a time: two browsers each opening two windows starve a 2-core machine.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Where a shortcut's console windows are: a window class, and in a shared browser (one class
/// for all its consoles) the start of the title.
struct Windows<'a> {
    display: &'a rolehop_tests::display::Display,
    class: String,
    title: Option<&'a str>,
}

impl Windows<'_> {
    fn list(&self) -> Vec<(String, String, rolehop_tests::display::Geometry)> {
        self.display
            .windows_with_ids(&self.class)
            .into_iter()
            .filter(|(_, t, _)| self.title.is_none_or(|p| t.starts_with(p)))
            .collect()
    }

    fn titles(&self) -> Vec<String> {
        self.list().into_iter().map(|(_, t, _)| t).collect()
    }

    /// The browser window (the largest: bubbles and popups share its class).
    fn main(&self) -> (String, rolehop_tests::display::Geometry) {
        self.list()
            .into_iter()
            .map(|(id, _, g)| (id, g))
            .max_by_key(|(_, g)| g.width * g.height)
            .unwrap_or_else(|| panic!("no window of {} {:?}", self.class, self.title))
    }

    fn place(&self, x: u32, y: u32, w: u32, h: u32) {
        let (id, _) = self.main();
        self.display.place_window(&id, x, y, w, h);
    }
}

fn side_by_side(kind: &str, layout: &str) {
    let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let env = TestEnv::full_with_desktop();
    let (key, secret) = env.moto().create_user("111111111111", "alice");
    env.setup(
        "alice",
        "111111111111",
        &key,
        &secret,
        &["--mfa-serial", "arn:aws:iam::111111111111:mfa/alice"],
    );
    env.seed(&[client("acme", "Acme Corp").color("#2e8540")]);
    // Beta has no colour of its own: it gets a distinct one from the palette.
    env.seed(&[client("beta", "Beta GmbH")]);
    env.seed(&[shortcut("acme-prod", "acme", "222222222222", "Admin").label("Production")]);
    env.seed(&[shortcut("beta-prod", "beta", "333333333333", "Admin")
        .label("Production")
        .with(&["--tag", "prod"])]);
    let shared = kind != "firefox" && layout == "shared";
    if !shared && kind != "firefox" {
        let text = std::fs::read_to_string(env.catalog_path()).unwrap();
        std::fs::write(
            env.catalog_path(),
            format!("profile_layout = \"{layout}\"\n{text}"),
        )
        .unwrap();
    }
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
    // An endpoint that does not forbid caching its login redirect: the token must stay out
    // of the profiles all the same.
    standin.without_cache_headers();
    let catalog: rolehop_core::catalog::Catalog =
        toml::from_str(&std::fs::read_to_string(env.catalog_path()).unwrap_or_default()).unwrap();
    let colors = rolehop_core::catalog::colors::client_colors(&catalog);
    let color_of = |client: &str| {
        rolehop_core::catalog::colors::parse_hex(&colors[client])
            .unwrap_or_else(|| panic!("colour of {client}"))
    };
    let display = env.display();

    // Both at once, one MFA code (daily mode), each in its own profile.
    let out = env
        .cmd()
        .args([
            "-v",
            "open",
            "acme-prod",
            "beta-prod",
            "--browser",
            kind,
            "--mfa-code",
            "123456",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "open failed: {stderr}");
    if kind == "chromium" {
        assert!(
            stderr.contains("added --no-sandbox")
                || !rolehop_core::browser::launcher::running_as_root(),
            "{stderr}"
        );
    }
    // Each shortcut's profile, and the data directory its browser runs on.
    let (profile_a, profile_b, browser_a, browser_b) = if shared {
        let browser = env.data_dir().join("browsers").join(kind);
        (
            browser.join("shortcut-acme-prod"),
            browser.join("shortcut-beta-prod"),
            browser.clone(),
            browser,
        )
    } else {
        let (a, b) = (
            env.data_dir().join("profiles/acme-prod"),
            env.data_dir().join("profiles/beta-prod"),
        );
        (a.clone(), b.clone(), a, b)
    };
    // Each window's title names its client, label and account (production first).
    let title_a = "Acme Corp – Production (222222222222)";
    let title_b = "PRODUCTION · Beta GmbH – Production (333333333333)";
    let (windows_a, windows_b) = if shared {
        let class = format!("rolehop-{kind}");
        (
            Windows {
                display,
                class: class.clone(),
                title: Some(title_a),
            },
            Windows {
                display,
                class,
                title: Some(title_b),
            },
        )
    } else {
        (
            Windows {
                display,
                class: "rolehop-acme-prod".into(),
                title: None,
            },
            Windows {
                display,
                class: "rolehop-beta-prod".into(),
                title: None,
            },
        )
    };
    eventually_or(
        "both consoles loaded",
        Duration::from_secs(120),
        || standin.console_visits().len() >= 2,
        || {
            let shot = screenshot_dir().join(format!("consoles-not-loaded-{kind}.png"));
            let _ = display.screenshot(&shot);
            format!(
                "open's log:\n{stderr}\nlogins: {}, console visits: {}, refusals: {:?}\n\
                 windows: {:?} / {:?}\nbrowsers: {:?} / {:?}\nscreenshot: {shot:?}",
                standin.logins().len(),
                standin.console_visits().len(),
                standin.refusals(),
                windows_a.titles(),
                windows_b.titles(),
                browser_mains(&browser_a),
                browser_mains(&browser_b),
            )
        },
    );
    eventually(
        "both windows titled with their own account",
        Duration::from_secs(30),
        || {
            windows_a.titles().iter().any(|t| t.starts_with(title_a))
                && windows_b.titles().iter().any(|t| t.starts_with(title_b))
        },
    );
    let (geo_a, geo_b) = (windows_a.main().1, windows_b.main().1);
    assert_ne!(
        (geo_a.x, geo_a.y),
        (geo_b.x, geo_b.y),
        "the second window must not open exactly over the first"
    );
    // Each window's frame or toolbar is in its client's colour, not the other's (waited for
    // as pixels: a busy machine paints late).
    let (green, beta) = (color_of("acme"), color_of("beta"));
    let painted = |g: rolehop_tests::display::Geometry, rgb: [u8; 3]| {
        share_of_hue(
            &display.pixels(g.x, g.y, g.width.min(600), 40.min(g.height)),
            rgb,
        ) > 0.2
    };
    // (As opened, one window overlaps the other and the inactive one is drawn paler: the
    // colours are checked once they are side by side.)
    let placed = screenshot_dir().join(format!("as-opened-{kind}-{layout}.png"));
    assert!(display.screenshot(&placed), "screenshot failed");
    eprintln!("windows as opened: {placed:?} A at {geo_a:?}, B at {geo_b:?}");
    // Side by side, so each is seen whole (this is also the README's screenshot).
    windows_a.place(0, 0, 800, 900);
    windows_b.place(800, 0, 800, 900);
    // The production page's frame is drawn by Rolehop's extension once the page has loaded
    // (on a busy machine well after the window's own colours): waited for too.
    let left_edge =
        |g: rolehop_tests::display::Geometry| display.pixels(g.x, g.y + g.height / 2, 12, 80);
    eventually(
        "both windows placed and painted, the production page framed",
        Duration::from_secs(60),
        || {
            let (a, b) = (windows_a.main().1, windows_b.main().1);
            a.x < 50
                && b.x >= 750
                && painted(a, green)
                && painted(b, beta)
                && share_of_production_red(&left_edge(b)) > 0.15
        },
    );
    let (geo_a, geo_b) = (windows_a.main().1, windows_b.main().1);
    let placed = screenshot_dir().join(format!("placed-{kind}-{layout}.png"));
    assert!(display.screenshot(&placed), "screenshot failed");
    eprintln!("windows placed: {placed:?} A at {geo_a:?}, B at {geo_b:?}");
    let top = |g: rolehop_tests::display::Geometry| {
        display.pixels(g.x, g.y, g.width.min(600), 40.min(g.height))
    };
    let (top_a, top_b) = (top(geo_a), top(geo_b));
    assert!(
        share_of_hue(&top_a, green) > 0.2,
        "{kind}: Acme's window top is not its green"
    );
    assert!(
        share_of_hue(&top_b, beta) > 0.2,
        "{kind}: Beta's window top is not its colour {beta:?}"
    );
    assert!(share_of_hue(&top_a, beta) < 0.05 || share_of_hue(&top_b, green) < 0.05);
    // The production shortcut's page is framed in red; the other's is not.
    assert!(
        share_of_production_red(&left_edge(geo_b)) > 0.15,
        "{kind}: the production window has no red frame"
    );
    assert!(
        share_of_production_red(&left_edge(geo_a)) < 0.01,
        "{kind}: a non-production window carries the production mark"
    );
    // Two browsers, one per profile, running at the same time; or one shared browser holding
    // both profiles.
    let (mains_a, mains_b) = (browser_mains(&browser_a), browser_mains(&browser_b));
    assert_eq!(mains_a.len(), 1, "one browser on profile A: {mains_a:?}");
    assert_eq!(mains_b.len(), 1, "one browser on profile B: {mains_b:?}");
    if shared {
        let all: Vec<_> = rolehop_tests::cmdlines()
            .into_iter()
            .map(|(_, c)| String::from_utf8_lossy(&c).replace('\0', " "))
            .filter(|c| {
                c.contains("--user-data-dir=")
                    && !c.contains("--type=")
                    && c.contains(&env.data_dir().display().to_string())
            })
            .collect();
        assert_eq!(all.len(), 1, "one browser for both accounts: {all:?}");
    }
    // Separate cookie jars: each console request carried only its own account's cookie.
    for (login, cookies) in standin.console_visits() {
        let mine = standin
            .logins()
            .get(login.parse::<usize>().unwrap_or(1) - 1)
            .map(|l| l.account.clone())
            .unwrap_or_default();
        assert!(
            cookies.contains(&format!("standin_acct_{mine}=1")),
            "{cookies}"
        );
        let others = ["222222222222", "333333333333"]
            .into_iter()
            .filter(|a| *a != mine);
        for other in others {
            assert!(
                !cookies.contains(&format!("standin_acct_{other}")),
                "profile of {mine} holds {other}'s cookie: {cookies}"
            );
        }
    }

    // While the browsers run, no process's command line holds a sign-in or session secret.
    let proxy = env.proxy.as_ref().unwrap_or_else(|| panic!("proxy"));
    let mut secrets: Vec<String> = proxy
        .registry
        .all_issued()
        .into_iter()
        .flat_map(|i| [i.secret_access_key, i.session_token])
        .collect();
    secrets.push(secret.clone());
    let tokens = standin.signin_tokens();
    assert_eq!(tokens.len(), 2);
    secrets.extend(tokens.iter().cloned());
    for (pid, cmdline) in rolehop_tests::cmdlines() {
        for s in &secrets {
            assert!(
                !contains(&cmdline, s.as_bytes()),
                "process {pid} has a secret on its command line"
            );
        }
    }

    // While the browsers run, once the consoles have loaded, no file of either profile (but
    // the cookie stores) holds a sign-in token, though the endpoint sent no cache headers.
    let cookie_store = |p: &Path| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        name.starts_with("Cookies") || name.starts_with("cookies.sqlite")
    };
    let mut last = Vec::new();
    let clean = (0..150).any(|_| {
        last = files_containing(&env.data_dir(), &tokens, &cookie_store);
        last.is_empty() || {
            std::thread::sleep(Duration::from_millis(200));
            false
        }
    });
    assert!(clean, "{kind}: sign-in tokens in profile files: {last:?}");
    // Nor is any hand-off page left behind.
    for p in [&profile_a, &profile_b] {
        let pages: Vec<_> = std::fs::read_dir(p)
            .map(|r| {
                r.flatten()
                    .filter(|e| {
                        e.file_name()
                            .to_string_lossy()
                            .starts_with("rolehop-handoff-")
                    })
                    .map(|e| e.path())
                    .collect()
            })
            .unwrap_or_default();
        assert!(pages.is_empty(), "{pages:?}");
    }

    // A screenshot of the two accounts side by side.
    let shot = screenshot_dir().join(format!("side-by-side-{kind}-{layout}.png"));
    assert!(display.screenshot(&shot), "screenshot failed");
    eprintln!("screenshot: {}", shot.display());

    // Opening A again joins its running browser, no second browser; the new tab signs the
    // profile in again and closes once the console's tab has taken the new session (issue 26:
    // reopen and Renew do not pile up tabs).
    // The tabs A's console was shown in (its sign-in's `login=` tag on the stand-in's page).
    let a_tags: Vec<String> = standin
        .console_visits()
        .into_iter()
        .filter(|(_, cookies)| cookies.contains("standin_acct_222222222222=1"))
        .map(|(tag, _)| tag)
        .collect();
    if kind == "chromium" {
        // Chromium's consoles are live through their extension's channel (issue 28): an open
        // of A while it is signed in brings its window forward, with no sign-in and no tab.
        // Live once its extension has started the host, which a busy machine does a while
        // after the page showed.
        wait_live(&env, "acme-prod", Duration::from_secs(60));
        let logins = standin.logins().len();
        let visits = standin.console_visits().len();
        let out = env
            .cmd()
            .args(["open", "acme-prod", "--browser", kind])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && said.contains("brought its console to the front"),
            "{said}"
        );
        eventually("A's window in front", Duration::from_secs(30), || {
            display.focused_title().starts_with(title_a)
        });
        assert_eq!(standin.logins().len(), logins);
        assert_eq!(standin.console_visits().len(), visits);
        // A new sign-in (the tray's Renew drops the cached credentials the same way) goes
        // through a new tab that the tab reuse closes again.
        env.secrets().clear("shortcut/acme-prod/role");
    }
    let visits = standin.console_visits().len();
    env.ok(&["open", "acme-prod", "--browser", kind]);
    eventually("the new tab loaded", Duration::from_secs(30), || {
        standin.console_visits().len() > visits
    });
    {
        // The tab A's console was in reloads with the new session (only the extensions' tab
        // reuse does that, in Chromium and Firefox alike; the new tab then closes).
        eventually_or(
            "the console's own tab reloaded with the new session",
            Duration::from_secs(30),
            || {
                standin.console_visits()[visits..]
                    .iter()
                    .any(|(tag, cookies)| {
                        a_tags.contains(tag) && cookies.contains("standin_acct_222222222222=1")
                    })
            },
            || {
                format!(
                    "visits: {:?}, A's tabs: {a_tags:?}",
                    standin.console_visits()
                )
            },
        );
    }
    // The second invocation hands its URL to the running browser and exits; what must stay
    // is exactly the first browser (a second one would not go away).
    eventually(
        "the second open joins the running browser",
        Duration::from_secs(30),
        || browser_mains(&browser_a) == mains_a,
    );
    assert_eq!(browser_mains(&browser_b), mains_b);

    // Profiles keep no history: after the sign-ins, the consoles and a second tab, neither
    // profile's history database holds a visit (Chromium's `History` urls, Firefox's
    // `places.sqlite` visits), read from a copy while the browsers run.
    for p in [&profile_a, &profile_b] {
        let visits = history_visits(p, kind);
        eprintln!("{kind}: history entries in {}: {visits:?}", p.display());
        assert!(
            visits.is_none_or(|n| n == 0),
            "{kind}: {} keeps {visits:?} history entries",
            p.display()
        );
    }

    // Sign out of A: its console session ends in its profile, B's stays.
    env.ok(&["signout", "acme-prod"]);
    eventually("logout page loaded", Duration::from_secs(30), || {
        standin.logouts() >= 1
    });
    assert_eq!(
        browser_mains(&browser_a),
        mains_a,
        "the logout page went to the running browser"
    );
    assert_eq!(env.secrets().lookup("shortcut/acme-prod/role"), None);
    assert!(env.secrets().lookup("shortcut/beta-prod/role").is_some());
    // Only A's profile lost its console cookies: the console page visited again in each
    // profile (handed to the running browser, as a bookmark would be) finds B still signed in.
    let console = standin
        .federation_url()
        .replace("/federation", "/console?login=");
    let program = if kind == "firefox" {
        "firefox-esr"
    } else {
        "chromium"
    };
    let visit = |user_data_dir: &Path, profile: &Path, tag: &str| {
        let url = format!("{console}{tag}");
        let mut args: Vec<String> = if kind == "firefox" {
            vec![
                "-profile".into(),
                user_data_dir.display().to_string(),
                "-new-tab".into(),
            ]
        } else {
            let mut a = vec![format!("--user-data-dir={}", user_data_dir.display())];
            if shared {
                let name = profile
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                a.push(format!("--profile-directory={name}"));
            }
            if rolehop_core::browser::launcher::running_as_root() {
                a.push("--no-sandbox".into());
            }
            a
        };
        args.push(url);
        let status = std::process::Command::new(program)
            .args(&args)
            .envs(env.vars())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{program} {args:?}");
        eventually("the console visited again", Duration::from_secs(30), || {
            standin.console_visits().iter().any(|(l, _)| l == tag)
        });
        standin
            .console_visits()
            .into_iter()
            .find(|(l, _)| l == tag)
            .map(|(_, cookies)| cookies)
            .unwrap_or_default()
    };
    let after_a = visit(&browser_a, &profile_a, "again-a");
    let after_b = visit(&browser_b, &profile_b, "again-b");
    assert!(
        !after_a.contains("standin_acct_"),
        "A still signed in: {after_a}"
    );
    assert!(
        after_b.contains("standin_acct_333333333333=1"),
        "B signed out too: {after_b}"
    );

    // Profiles are listed with their size; after the run no file outside the browsers' cookie
    // stores holds a session token or a sign-in token.
    let list = env.ok(&["profiles"]);
    assert!(
        list.contains("acme-prod") && list.contains("beta-prod") && list.contains(kind),
        "{list}"
    );
    assert_eq!(list.contains("(shared)"), shared, "{list}");
    // A profile the running shared browser has loaded is not removed under it.
    if shared {
        let out = env
            .cmd()
            .args(["profiles", "--clean", "beta-prod"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && err.contains("close its windows"),
            "{err}"
        );
        assert!(profile_b.is_dir());
    }
    let hits = files_containing(env.root(), &secrets, &cookie_store);
    assert!(hits.is_empty(), "secrets found in files: {hits:?}");
    // Back to the default layout: the separate browsers' profiles are kept, and said to be
    // of the other layout.
    if kind == "chromium" && !shared {
        let text = std::fs::read_to_string(env.catalog_path()).unwrap();
        std::fs::write(
            env.catalog_path(),
            text.replacen("profile_layout = \"separate\"\n", "", 1),
        )
        .unwrap();
        let list = env.ok(&["profiles"]);
        assert!(
            list.contains("(other layout)")
                && list.contains("2 Chromium profile(s) of the other layout"),
            "{list}"
        );
    }
}

#[test]
fn chromium_shared_browser_profiles_side_by_side() {
    side_by_side("chromium", "shared");
}

#[test]
fn chromium_separate_browsers_side_by_side() {
    side_by_side("chromium", "separate");
}

#[test]
fn firefox_profiles_side_by_side() {
    side_by_side("firefox", "separate");
}
