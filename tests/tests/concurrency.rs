//! Concurrency and crashes: many writers at once lose no update; writers and importers killed
//! with SIGKILL at arbitrary points never leave a catalog that does not parse, nor temp files
//! once the next save has run. (Issue 10; figures in RELIABILITY.md.)
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolehop_tests::seed::client;
use std::process::{Child, Stdio};

use rolehop_tests::env::TestEnv;

fn spawn(env: &TestEnv, args: &[&str]) -> Child {
    env.spawn_cmd()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn clients(env: &TestEnv) -> Vec<String> {
    let out = env.ok(&["list", "--json"]);
    assert!(
        serde_json::from_str::<serde_json::Value>(&out).is_ok(),
        "{out}"
    );
    let text = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
    let catalog: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    catalog
        .get("client")
        .and_then(|c| c.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|c| c.get("id").and_then(|i| i.as_str()).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn temp_files(env: &TestEnv) -> Vec<String> {
    std::fs::read_dir(env.config_dir())
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn fifty_concurrent_writers_lose_no_update() {
    let env = TestEnv::bare();
    env.seed(&[client("first", "First")]);
    let names: Vec<String> = (0..50).map(|i| format!("c{i:02}")).collect();
    let children: Vec<Child> = names
        .iter()
        .map(|n| spawn(&env, &["add", "client", n, "--name", n]))
        .collect();
    for mut child in children {
        let status = child.wait().unwrap();
        assert!(status.success());
    }
    let mut have = clients(&env);
    have.sort();
    let mut want: Vec<String> = names.clone();
    want.push("first".into());
    want.sort();
    assert_eq!(have, want, "every writer's client is there");
    assert!(temp_files(&env).is_empty(), "{:?}", temp_files(&env));
}

/// A writer killed exactly mid-save (its temp file written and synced, the rename not done:
/// the debug build's `ROLEHOP_TEST_HOLD_SAVE` seam stops it there and says so): the catalog is
/// the previous one, whole; the temp file it left is there until the next save removes it.
#[test]
fn a_writer_killed_mid_save_leaves_the_previous_catalog_whole() {
    let env = TestEnv::bare();
    env.seed(&[client("first", "First")]);
    let before = std::fs::read_to_string(env.catalog_path()).unwrap();
    let marker = env.root().join("holding");
    let mut writer = env
        .spawn_cmd()
        .args(["add", "client", "killed", "--name", "Killed"])
        .env("ROLEHOP_TEST_HOLD_SAVE", &marker)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    rolehop_tests::wait_for(
        "the writer to reach the middle of its save",
        std::time::Duration::from_secs(60),
        || marker.exists(),
    );
    let pid = writer.id();
    let temps = temp_files(&env);
    assert!(
        temps.iter().any(|t| t.contains(&pid.to_string())),
        "its temp file is there: {temps:?}"
    );
    writer.kill().unwrap();
    let status = writer.wait().unwrap();
    assert!(!status.success(), "killed, not finished");
    std::fs::remove_file(&marker).unwrap();
    assert_eq!(
        std::fs::read_to_string(env.catalog_path()).unwrap(),
        before,
        "the catalog is the previous one, whole"
    );
    assert!(!clients(&env).contains(&"killed".to_string()));
    env.seed(&[client("next", "Next")]);
    assert!(temp_files(&env).is_empty(), "{:?}", temp_files(&env));
    assert!(clients(&env).contains(&"next".to_string()));
}

#[test]
fn writers_and_importers_killed_at_any_point_leave_a_catalog_that_parses() {
    let env = TestEnv::bare();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(
        env.catalog_path(),
        "schema_version = 1\n\n[[identity]]\nid = \"alice\"\naccount = \"111111111111\"\n",
    )
    .unwrap();
    let esr = env.root().join("esr.ini");
    let mut text = String::new();
    for i in 0..200 {
        text.push_str(&format!(
            "[client{i}-prod]\nrole_arn = arn:aws:iam::{:012}:role/Admin\n\n",
            300_000_000_000u64 + i
        ));
    }
    std::fs::write(&esr, text).unwrap();
    let esr = esr.display().to_string();
    let mut survived: Vec<String> = Vec::new();
    // A bounded loop; each round kills a writer and an importer after a different delay, so
    // the kills land before, during and after their saves.
    for round in 0..24u64 {
        let name = format!("k{round:02}");
        let mut writer = spawn(&env, &["add", "client", &name, "--name", &name]);
        let mut importer = spawn(&env, &["import", "switch-roles", &esr, "--apply"]);
        std::thread::sleep(std::time::Duration::from_millis(round * 7 % 120));
        let _ = writer.kill();
        let _ = importer.kill();
        if writer.wait().is_ok_and(|s| s.success()) {
            survived.push(name);
        }
        let _ = importer.wait();
        // The catalog parses after every kill.
        let (out, ok) = {
            let o = env.cmd().args(["list", "--json"]).output().unwrap();
            (
                String::from_utf8_lossy(&o.stderr).into_owned(),
                o.status.success(),
            )
        };
        assert!(ok, "round {round}: the catalog does not load: {out}");
    }
    // The next save removes what killed writers left behind.
    env.seed(&[client("last", "Last")]);
    assert!(temp_files(&env).is_empty(), "{:?}", temp_files(&env));
    let have = clients(&env);
    for name in &survived {
        assert!(have.contains(name), "{name} finished but is gone");
    }
    eprintln!(
        "{} of 24 writers finished before their kill; catalog has {} clients",
        survived.len(),
        have.len()
    );
}
