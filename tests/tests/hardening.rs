//! Hardening through the CLI: what a careful user or another local user could do with bad input
//! must neither delete, panic nor change what the catalog file is. (Issue 10.)
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolehop_tests::seed::client;
use std::path::Path;

use rolehop_tests::env::TestEnv;

const CATALOG: &str = r#"schema_version = 1

[[identity]]
id = "alice"
account = "111111111111"

[[client]]
id = "acme"
name = "Acme"

[[shortcut]]
id = "acme-prod"
client = "acme"
account = "222222222222"
role = "Admin"
"#;

fn write_catalog(env: &TestEnv, text: &str) {
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(env.catalog_path(), text).unwrap();
}

/// Runs rolehop: (exit code, stdout, stderr).
fn run(env: &TestEnv, args: &[&str]) -> (i32, String, String) {
    let out = env.cmd().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mkdir(path: &Path) {
    std::fs::create_dir_all(path).unwrap();
}

#[test]
fn profiles_clean_removes_only_rolehop_profiles() {
    let env = TestEnv::bare();
    write_catalog(&env, CATALOG);
    let data = env.data_dir();
    let sibling = env.root().join("sibling");
    let victim = env.root().join("victim");
    mkdir(&sibling.join("keep"));
    mkdir(&victim.join("keep"));
    mkdir(&data.join("profiles/stranger"));
    // Also in a shared browser's folder: a profile folder Rolehop did not mark.
    mkdir(&data.join("browsers/chromium/shortcut-stranger"));
    let ours = data.join("profiles/acme-prod");
    mkdir(&ours);
    std::fs::write(
        ours.join("rolehop-profile.json"),
        r#"{"shortcut":"acme-prod","name":"Acme","kind":"chromium","last_used":1}"#,
    )
    .unwrap();

    let victim_text = victim.display().to_string();
    for bad in [
        format!("--clean={victim_text}"),
        "--clean=..".to_string(),
        "--clean=".to_string(),
        "--clean=../../sibling".to_string(),
        "--clean=.".to_string(),
    ] {
        let (code, _, stderr) = run(&env, &["profiles", &bad]);
        assert_eq!(code, 2, "{bad}: {stderr}");
        assert!(stderr.contains("not a valid id"), "{bad}: {stderr}");
        assert!(!stderr.contains("Removed"), "{bad}: {stderr}");
    }
    // A folder Rolehop did not make is left alone, with the reason.
    let (code, _, stderr) = run(&env, &["profiles", "--clean", "stranger"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("not created by Rolehop"), "{stderr}");
    // `--unused` skips it too, and says so.
    let (code, _, stderr) = run(&env, &["profiles", "--unused"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Skipped"), "{stderr}");

    assert!(victim.join("keep").is_dir() && sibling.join("keep").is_dir());
    assert!(data.join("profiles/stranger").is_dir());
    assert!(data.join("browsers/chromium/shortcut-stranger").is_dir());
    assert!(env.catalog_path().is_file());
    // Rolehop's own profile goes.
    let (code, _, stderr) = run(&env, &["profiles", "--clean", "acme-prod"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("Removed the profile of `acme-prod`"),
        "{stderr}"
    );
    assert!(!ours.exists());
}

#[test]
fn cells_of_any_length_never_make_a_command_panic() {
    let env = TestEnv::bare();
    let long = "L".repeat(70_000);
    write_catalog(
        &env,
        &format!(
            "{CATALOG}label = \"{long}\"\n\n[[shortcut]]\nid = \"acme-esc\"\nclient = \"acme\"\naccount = \"333333333333\"\nrole = \"Admin\"\nlabel = \"a\\u001b[31mred\"\n"
        ),
    );
    let (code, stdout, stderr) = run(&env, &["list"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stdout.contains('…'), "long text is cut for display");
    assert!(stdout.lines().all(|l| l.chars().count() < 400));
    assert!(
        !stdout.contains('\x1b'),
        "no terminal escape reaches the terminal"
    );
    // `--json` keeps the whole text.
    let (code, json, _) = run(&env, &["list", "--json"]);
    assert_eq!(code, 0);
    assert!(json.contains(&long));

    // A Switch Roles import with such a name: previewed, applied, no panic.
    let fresh = TestEnv::bare();
    write_catalog(
        &fresh,
        "schema_version = 1\n\n[[identity]]\nid = \"alice\"\naccount = \"111111111111\"\n",
    );
    let esr = fresh.root().join("esr.ini");
    std::fs::write(
        &esr,
        format!(
            "[profile acme-{}]\nrole_arn = arn:aws:iam::222222222222:role/Admin\n",
            "x".repeat(70_000)
        ),
    )
    .unwrap();
    let esr = esr.display().to_string();
    for args in [
        vec!["import", "switch-roles", esr.as_str()],
        vec!["import", "switch-roles", esr.as_str(), "--apply"],
    ] {
        let (code, _, stderr) = run(&fresh, &args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(code == 0 || code == 1, "{args:?}: {code} {stderr}");
    }
}

#[test]
fn an_aws_config_import_blocks_bad_rows_and_applies_the_rest() {
    let env = TestEnv::bare();
    write_catalog(
        &env,
        "schema_version = 1\n\n[[identity]]\nid = \"alice\"\naccount = \"111111111111\"\nmfa_serial = \"arn:aws:iam::111111111111:mfa/alice\"\n",
    );
    let config = env.root().join("aws-config");
    std::fs::write(
        &config,
        "[default]\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n\n\
         [profile acme-prod]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = default\n\n\
         [profile acme-long]\nrole_arn = arn:aws:iam::222222222223:role/Admin\nsource_profile = default\nduration_seconds = 999999\n\n\
         [profile acme-mars]\nrole_arn = arn:aws:iam::222222222224:role/Admin\nsource_profile = default\nregion = mars-1\n\n\
         [profile acme-ext]\nrole_arn = arn:aws:iam::222222222225:role/Admin\nsource_profile = default\nexternal_id = a b c\n\n\
         [profile gov-prod]\nrole_arn = arn:aws-us-gov:iam::222222222226:role/Admin\nsource_profile = default\n",
    )
    .unwrap();
    let credentials = env.root().join("credentials");
    std::fs::write(
        &credentials,
        "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    )
    .unwrap();
    let (config, credentials) = (
        config.display().to_string(),
        credentials.display().to_string(),
    );
    let base = [
        "import",
        "aws-config",
        &config,
        "--credentials",
        &credentials,
    ];
    let (code, preview, stderr) = run(&env, &base);
    assert_eq!(code, 0, "{stderr}");
    for id in ["acme-long", "acme-mars", "acme-ext", "gov-prod"] {
        assert!(
            preview
                .lines()
                .any(|l| l.starts_with("blocked") && l.contains(id)),
            "{id} must be blocked:\n{preview}"
        );
    }
    assert!(
        preview
            .lines()
            .any(|l| l.starts_with("new") && l.contains("acme-prod")),
        "{preview}"
    );
    let mut apply = base.to_vec();
    apply.push("--apply");
    let (code, _, stderr) = run(&env, &apply);
    assert_eq!(code, 0, "the good row imports: {stderr}");
    let (_, list, _) = run(&env, &["list", "--json"]);
    assert!(
        list.contains("acme-prod") && !list.contains("acme-mars"),
        "{list}"
    );
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_catalogs_mode_and_symlink() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::bare();
    let dotfiles = env.root().join("dotfiles");
    mkdir(&dotfiles);
    mkdir(&env.config_dir());
    let real = dotfiles.join("rolehop.toml");
    std::fs::write(&real, CATALOG).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink(&real, env.catalog_path()).unwrap();
    // A writer killed mid-save left its temp file.
    let stale = env.config_dir().join(".catalog.toml.999999999.tmp");
    std::fs::write(&stale, "half").unwrap();
    let stale_at_target = dotfiles.join(".rolehop.toml.999999999.tmp");
    std::fs::write(&stale_at_target, "half").unwrap();

    env.seed(&[client("beta", "Beta")]);
    let link = std::fs::symlink_metadata(env.catalog_path()).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    let text = std::fs::read_to_string(&real).unwrap_or_default();
    assert!(
        text.contains("id = \"beta\""),
        "written through the link: {text}"
    );
    let mode = std::fs::metadata(&real)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    assert_eq!(mode, 0o600, "the mode stays");
    assert!(
        !stale_at_target.exists(),
        "stale temp files of dead writers go"
    );
    assert!(!stale.exists(), "also those beside the link");
    let leftovers: Vec<String> = std::fs::read_dir(&dotfiles)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A new catalog file is private.
    let fresh = TestEnv::bare();
    fresh.seed(&[client("beta", "Beta")]);
    let mode = std::fs::metadata(fresh.catalog_path())
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    assert_eq!(mode, 0o600);
}

/// Runs `args` as user `nobody` (the other local user of the attack): (success, output).
fn as_nobody(args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("setpriv: {e}"));
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn a_racing_local_user_gets_nothing_from_the_hand_off_and_the_browser_still_signs_in() {
    if !rolehop_core::browser::launcher::running_as_root() {
        rolehop_tests::skip("needs root to act as another user");
        return;
    }
    let env = TestEnv::full();
    env.seed_alice(&[]);
    let go = env.root().join("go");
    env.use_curl_browser(Some(&go));
    let open = env
        .spawn_cmd()
        .args(["open", "acme-prod"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();

    // The attacker reads every command line and finds what the browser was given.
    let started = std::time::Instant::now();
    let given = loop {
        let found = rolehop_tests::cmdlines().into_iter().find_map(|(_, c)| {
            String::from_utf8_lossy(&c)
                .split('\0')
                // This test's own browser (a browser another test left running is not it).
                .find(|a| {
                    a.contains("rolehop-handoff-") && a.contains(&env.root().display().to_string())
                })
                .map(str::to_string)
        });
        if let Some(url) = found {
            break url;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the browser never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(given.starts_with("file:///"), "{given}");
    assert!(
        !given.contains("127.0.0.1"),
        "no loopback secret on argv: {given}"
    );
    let page = given.trim_start_matches("file://").to_string();
    // The page cannot be read by another user: its own mode (0600) stops them, not only the
    // private test directory around it. Every directory from the test root down to the page
    // is opened for traversal (0711) while this is tried, so only the page's mode is left;
    // a 0644 file beside it shows that the other user could read what its mode allows.
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| {
        std::fs::metadata(p)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0)
    };
    assert_eq!(mode(std::path::Path::new(&page)), 0o600, "the page is 0600");
    let page_dir = std::path::Path::new(&page).parent().unwrap().to_path_buf();
    assert_eq!(mode(&page_dir), 0o700, "{} is 0700", page_dir.display());
    let mut opened: Vec<(std::path::PathBuf, u32)> = Vec::new();
    let mut dir = page_dir.clone();
    while dir.starts_with(env.root()) {
        opened.push((dir.clone(), mode(&dir)));
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o711)).unwrap();
        if dir == env.root() {
            break;
        }
        dir = dir.parent().unwrap().to_path_buf();
    }
    let control = page_dir.join("control.txt");
    std::fs::write(&control, "readable").unwrap();
    std::fs::set_permissions(&control, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (read_control, out) = as_nobody(&["cat", control.to_str().unwrap()]);
    let (read, page_out) = as_nobody(&["cat", &page]);
    let (fetched, fetch_out) = as_nobody(&["curl", "-s", "-f", &given]);
    std::fs::remove_file(&control).unwrap();
    for (dir, was) in opened {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(was)).unwrap();
    }
    assert!(
        read_control,
        "the other user could not even read a 0644 file: {out}"
    );
    assert!(!read, "another user read the hand-off page: {page_out}");
    assert!(
        !fetched,
        "another user fetched the hand-off page: {fetch_out}"
    );
    // ...and even with the page's secret (leaked some other way), the loopback server refuses
    // a connection that is not this user's.
    let text = std::fs::read_to_string(&page).unwrap_or_default();
    let loopback = text
        .split("url=")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default()
        .to_string();
    assert!(loopback.starts_with("http://127.0.0.1:"), "{text}");
    let (_, answer) = as_nobody(&["curl", "-s", "-i", &loopback]);
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(!answer.contains("SigninToken"), "{answer}");
    // A flood of idle connections from the other user costs the open neither a thread each
    // nor a read of the socket table each (2,137 of them made 1,400 threads before).
    let port = loopback
        .trim_start_matches("http://127.0.0.1:")
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let flood = format!(
        "import socket\nheld = []\nfor _ in range(2000):\n    try:\n        s = socket.create_connection(('127.0.0.1', {port}), timeout=2)\n        held.append(s)\n    except OSError:\n        pass\nprint(len(held), flush=True)\n"
    );
    let pid = open.id();
    let threads = move || {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("Threads:"))
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap_or(0)
    };
    let before = threads();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut most = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                most = most.max(threads());
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            most
        })
    };
    let (flooded, made) = as_nobody(&["/usr/bin/python3", "-c", &flood]);
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let most = sampler.join().unwrap_or(usize::MAX);
    assert!(flooded, "{made}");
    assert!(
        made.trim().parse::<usize>().unwrap_or(0) > 100,
        "the flood connected: {made}"
    );
    assert!(
        most < before + 16,
        "{most} threads during the flood ({before} before)"
    );
    // A request with a forged Host header is refused too.
    let (_, answer) = {
        let out = std::process::Command::new("curl")
            .args(["-s", "-i", "-H", "Host: attacker.example", &loopback])
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    assert!(answer.starts_with("HTTP/1.1 421"), "{answer}");

    // The browser goes ahead and signs in.
    std::fs::write(&go, "").unwrap();
    let out = open.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
    assert_eq!(standin.logins().len(), 1);
    assert!(
        !std::path::Path::new(&page).exists(),
        "the page is gone once used"
    );
}

/// A data dir another user could write (a shared place) is refused, with the reason, by every
/// command and by `doctor`; a folder planted in it as a symbolic link (to a folder of the
/// person's elsewhere) is refused too, and that folder is left as it was (before, `open`
/// made it 0700 and wrote a profile into it, and `doctor` said "ok data dir").
#[test]
fn a_data_dir_others_can_write_or_a_planted_link_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::bare();
    env.seed(&[client("acme", "Acme Corp")]);
    let data = env.data_dir();
    std::fs::create_dir_all(data.join("profiles")).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(
        data.join("profiles"),
        std::fs::Permissions::from_mode(0o700),
    )
    .unwrap();
    let (code, _, stderr) = run(&env, &["list"]);
    assert_eq!(code, 0, "{stderr}");

    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o777)).unwrap();
    let (code, _, stderr) = run(&env, &["list"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("can be written by other users"), "{stderr}");
    let (code, stdout, _) = run(&env, &["doctor"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("data dir") && l.contains("written by other users")),
        "{stdout}"
    );
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();

    let elsewhere = env.root().join("documents");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::os::unix::fs::symlink(&elsewhere, data.join("profiles/acme-prod")).unwrap();
    let (code, _, stderr) = run(&env, &["open", "acme-prod"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("symbolic link to a folder"), "{stderr}");
    let mode = std::fs::metadata(&elsewhere)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    assert_eq!(mode, 0o755, "the folder behind the link was not touched");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}
