//! The browser commands' failure paths and listings, without a display: each error says what
//! to do, and nothing half-made is left behind.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolehop_tests::env::TestEnv;
use rolehop_tests::seed::shortcut;

fn ready() -> TestEnv {
    let env = TestEnv::full();
    env.seed_alice(&[]);
    env
}

fn fails(env: &TestEnv, args: &[&str], code: i32) -> String {
    let out = env.cmd().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "rolehop {args:?}: {stderr}");
    stderr
}

#[test]
fn browser_choice_errors_are_clear_and_leave_nothing_behind() {
    let env = ready();
    let profiles = env.data_dir().join("profiles");
    let stderr = fails(&env, &["open", "acme-prod", "--browser", "netscape"], 2);
    assert!(stderr.contains("not a browser kind"), "{stderr}");
    let stderr = fails(&env, &["open", "acme-prod", "--browser", "vivaldi"], 1);
    assert!(
        stderr.contains("`vivaldi` is not installed") && stderr.contains("rolehop browsers"),
        "{stderr}"
    );
    let stderr = fails(&env, &["open", "acme-prod", "--browser", "custom"], 1);
    assert!(stderr.contains("browser_command"), "{stderr}");
    // No AWS call was spent on any of these.
    assert_eq!(
        env.proxy.as_ref().map(|p| p.registry.count("AssumeRole")),
        Some(0)
    );

    // A browser that exits at once: a clear error, and the new profile is removed again.
    std::fs::write(
        env.catalog_path(),
        std::fs::read_to_string(env.catalog_path())
            .unwrap_or_default()
            .replacen(
                "schema_version = 1",
                "schema_version = 1\nbrowser_command = \"sh -c 'exit 7' {url} {profile}\"",
                1,
            ),
    )
    .unwrap();
    let stderr = fails(&env, &["open", "acme-prod", "--browser", "custom"], 1);
    assert!(
        stderr.contains("exited at once") && stderr.contains("7"),
        "{stderr}"
    );
    assert!(
        !profiles.join("acme-prod").exists(),
        "a failed first open must not leave a profile"
    );
}

#[test]
fn an_unwritable_data_dir_is_reported() {
    let env = ready();
    std::fs::create_dir_all(env.data_dir()).unwrap();
    // Where either layout keeps its profiles is not a directory.
    std::fs::write(env.data_dir().join("profiles"), "not a directory").unwrap();
    std::fs::write(env.data_dir().join("browsers"), "not a directory").unwrap();
    for browser in ["chromium", "firefox"] {
        let stderr = fails(&env, &["open", "acme-prod", "--browser", browser], 1);
        assert!(
            stderr.contains("cannot prepare the browser profile")
                && stderr.contains("ROLEHOP_DATA_DIR"),
            "{browser}: {stderr}"
        );
    }
}

#[test]
fn a_custom_browser_gets_the_hand_off_not_the_sign_in_url() {
    let env = ready();
    // A "browser" that records its own arguments, reads the hand-off page it is given (as a
    // browser follows its refresh) and fetches where it leads, once.
    let record = env.root().join("custom-args.txt");
    let command = format!(
        "sh -c 'echo \"$@\" > {rec}; u=$(sed -n \"s/.*url=\\([^\\\"]*\\)\\\".*/\\1/p\" \"${{1#file://}}\" | head -n 1); echo \"$u\" > {rec}.loopback; curl -s -o /dev/null -w %{{http_code}} \"$u\" > {rec}.status' custom {{url}} {{profile}}",
        rec = record.display(),
    );
    let text = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
    std::fs::write(
        env.catalog_path(),
        text.replacen(
            "schema_version = 1",
            &format!("schema_version = 1\nbrowser_command = {command:?}"),
            1,
        ),
    )
    .unwrap();
    env.ok(&["open", "acme-prod", "--browser", "custom"]);
    let args = std::fs::read_to_string(&record).unwrap_or_default();
    // Its command line names a private page, not a URL that leads to a sign-in.
    assert!(args.starts_with("file:///"), "{args}");
    assert!(
        !args.contains("SigninToken")
            && !args.contains("federation")
            && !args.contains("127.0.0.1"),
        "{args}"
    );
    assert!(args.contains("/profiles/acme-prod"), "{args}");
    let status = std::fs::read_to_string(record.with_extension("txt.status")).unwrap_or_default();
    assert_eq!(status, "302");
    // The page is gone and the loopback URL is single-use, both once the command returned.
    let page = args.split_whitespace().next().unwrap_or_default();
    assert!(!std::path::Path::new(page.trim_start_matches("file://")).exists());
    let url = std::fs::read_to_string(record.with_extension("txt.loopback")).unwrap_or_default();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let again = std::process::Command::new("curl")
        .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", url.trim()])
        .output();
    let code = again
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    assert!(
        code == "000" || code == "410" || code == "404",
        "second use answered {code}"
    );

    // profiles: listed, then cleaned; --unused removes profiles of removed shortcuts.
    let list = env.ok(&["profiles"]);
    assert!(
        list.contains("acme-prod") && list.contains("custom"),
        "{list}"
    );
    env.seed(&[shortcut("acme-dev", "acme", "333333333333", "Dev")]);
    env.ok(&["open", "acme-dev", "--browser", "custom"]);
    env.ok(&["remove", "shortcut", "acme-dev"]);
    let out = env.cmd().args(["profiles", "--unused"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("Removed the profile of `acme-dev`"));
    assert!(env.data_dir().join("profiles/acme-prod").exists());
    env.ok(&["profiles", "--clean", "acme-prod"]);
    assert!(!env.data_dir().join("profiles/acme-prod").exists());
}

#[test]
fn browsers_lists_what_is_installed_and_sets_the_default() {
    let env = ready();
    let list = env.ok(&["browsers"]);
    assert!(
        list.contains("default") && list.contains("not isolated"),
        "{list}"
    );
    if !which("chromium") {
        rolehop_tests::skip("chromium is not installed");
    } else {
        assert!(list.contains("chromium"), "{list}");
        env.ok(&["browsers", "--default", "chromium"]);
        let catalog = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
        assert!(catalog.contains("browser = \"chromium\""), "{catalog}");
        assert!(env.ok(&["browsers"]).contains("* chromium"));
    }
    let stderr = fails(&env, &["browsers", "--default", "vivaldi"], 2);
    assert!(stderr.contains("not installed"), "{stderr}");
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
}
