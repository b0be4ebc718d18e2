//! Real browsers under Xvfb: every shortcut opens in its own profile, accounts stay side by
//! side, a second open joins the running browser, and the sign-in token never touches a
//! command line or a file outside the browser's own cookie store.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rolehop_tests::env::TestEnv;
use rolehop_tests::scan::{contains, files_containing};

fn eventually(what: &str, timeout: Duration, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("timed out waiting for: {what}");
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

fn side_by_side(kind: &str) {
    let env = TestEnv::full_with_display();
    let (key, secret) = env.moto().create_user("111111111111", "alice");
    env.setup(
        "alice",
        "111111111111",
        &key,
        &secret,
        &["--mfa-serial", "arn:aws:iam::111111111111:mfa/alice"],
    );
    env.ok(&[
        "add",
        "client",
        "acme",
        "--name",
        "Acme Corp",
        "--color",
        "#d13212",
    ]);
    env.ok(&["add", "client", "beta", "--name", "Beta GmbH"]);
    env.ok(&[
        "add",
        "shortcut",
        "acme-prod",
        "--client",
        "acme",
        "--account",
        "222222222222",
        "--role",
        "Admin",
        "--label",
        "Production",
    ]);
    env.ok(&[
        "add",
        "shortcut",
        "beta-prod",
        "--client",
        "beta",
        "--account",
        "333333333333",
        "--role",
        "Admin",
        "--label",
        "Production",
    ]);
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
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
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "open failed: {stderr}");
    if kind == "chromium" {
        assert!(
            stderr.contains("added --no-sandbox")
                || !rolehop_core::browser::launcher::running_as_root(),
            "{stderr}"
        );
    }
    let profile_a = env.data_dir().join("profiles/acme-prod");
    let profile_b = env.data_dir().join("profiles/beta-prod");
    eventually("both consoles loaded", Duration::from_secs(60), || {
        standin.console_visits().len() >= 2
    });
    eventually(
        "both windows titled with their own account",
        Duration::from_secs(30),
        || {
            display
                .titles("rolehop-acme-prod")
                .iter()
                .any(|t| t.contains("Console 222222222222"))
                && display
                    .titles("rolehop-beta-prod")
                    .iter()
                    .any(|t| t.contains("Console 333333333333"))
        },
    );
    // Two browsers, one per profile, running at the same time.
    let (mains_a, mains_b) = (browser_mains(&profile_a), browser_mains(&profile_b));
    assert_eq!(mains_a.len(), 1, "one browser on profile A: {mains_a:?}");
    assert_eq!(mains_b.len(), 1, "one browser on profile B: {mains_b:?}");
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

    // A screenshot of the two accounts side by side.
    display.place("rolehop-acme-prod", 0, 0, 800, 900);
    display.place("rolehop-beta-prod", 800, 0, 800, 900);
    std::thread::sleep(Duration::from_millis(800));
    let shot = screenshot_dir().join(format!("side-by-side-{kind}.png"));
    assert!(display.screenshot(&shot), "screenshot failed");
    eprintln!("screenshot: {}", shot.display());

    // Opening A again joins its running browser: a new tab, no second browser.
    let visits = standin.console_visits().len();
    env.ok(&["open", "acme-prod", "--browser", kind]);
    eventually("the new tab loaded", Duration::from_secs(30), || {
        standin.console_visits().len() > visits
    });
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        browser_mains(&profile_a),
        mains_a,
        "the second open must join the running browser"
    );
    assert_eq!(browser_mains(&profile_b), mains_b);

    // Sign out of A: its console session ends in its profile, B's stays.
    env.ok(&["signout", "acme-prod"]);
    eventually("logout page loaded", Duration::from_secs(30), || {
        standin.logouts() >= 1
    });
    assert_eq!(env.secrets().lookup("shortcut/acme-prod/role"), None);
    assert!(env.secrets().lookup("shortcut/beta-prod/role").is_some());

    // Profiles are listed with their size; after the run no file outside the browsers' cookie
    // stores holds a session token or a sign-in token.
    let list = env.ok(&["profiles"]);
    assert!(
        list.contains("acme-prod") && list.contains("beta-prod") && list.contains(kind),
        "{list}"
    );
    let cookie_store = |p: &Path| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        name.starts_with("Cookies") || name.starts_with("cookies.sqlite")
    };
    let hits = files_containing(env.root(), &secrets, &cookie_store);
    assert!(hits.is_empty(), "secrets found in files: {hits:?}");
}

#[test]
fn chromium_profiles_side_by_side() {
    side_by_side("chromium");
}

#[test]
fn firefox_profiles_side_by_side() {
    side_by_side("firefox");
}
