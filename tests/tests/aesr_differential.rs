//! Rolehop reads AWS Extend Switch Roles configurations as the extension's own parser does: a
//! corpus (`core/fixtures/aesr/*.ini`: comments after `#`/`;` anywhere, headers included,
//! CRLF and CR line ends, `Profile ` in any case, quotes, a second `=`, repeated names, base
//! accounts with their targets, GovCloud and China ARNs, and lines the extension refuses) is
//! read by the npm package `aesr-config`'s CLI (`parse-aesr-config`, installed by
//! `scripts/deps.sh --test` under `tests/aesr/`) and by Rolehop's importer, and the two must
//! agree: every profile the extension would list is a Rolehop shortcut with the same account,
//! role and region, or is listed as skipped with its reason (a role name in quotes is not a
//! role AWS knows); Rolehop proposes nothing the extension would not list; and a file the
//! extension's INI parser refuses, Rolehop refuses too, naming the line.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use rolehop_core::sources::import::{ClientNaming, switch_roles};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What `parse-aesr-config` says of a text: the profile set, or its error line.
fn aesr(cli: &Path, text: &str) -> Result<Value, String> {
    use std::io::Write;
    let mut child = std::process::Command::new("node")
        .arg(cli)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !stderr.trim().is_empty() {
        return Err(stderr.trim().to_string());
    }
    Ok(serde_json::from_str(stdout.trim()).expect("parse-aesr-config prints JSON"))
}

/// (name, account, role, region) of every profile the extension lists, as it resolves them
/// (a target takes its base's `target_role_name` and `target_region` when it has none).
fn listed(set: &Value) -> Vec<(String, String, String, String)> {
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let mut out = Vec::new();
    for single in set["singles"].as_array().into_iter().flatten() {
        out.push((
            s(single, "name"),
            s(single, "aws_account_id"),
            s(single, "role_name"),
            s(single, "region"),
        ));
    }
    for base in set["complexes"].as_array().into_iter().flatten() {
        if !s(base, "role_name").is_empty() {
            out.push((
                s(base, "name"),
                s(base, "aws_account_id"),
                s(base, "role_name"),
                s(base, "region"),
            ));
        }
        for t in base["targets"].as_array().into_iter().flatten() {
            let role = Some(s(t, "role_name"))
                .filter(|r| !r.is_empty())
                .unwrap_or_else(|| s(base, "target_role_name"));
            let region = Some(s(t, "region"))
                .filter(|r| !r.is_empty())
                .unwrap_or_else(|| s(base, "target_region"));
            out.push((s(t, "name"), s(t, "aws_account_id"), role, region));
        }
    }
    out.sort();
    out
}

#[test]
fn rolehop_reads_the_corpus_as_aesr_config_does() {
    let cli = root().join("tests/aesr/node_modules/aesr-config/bin/parse-aesr-config.js");
    if !cli.is_file() {
        rolehop_tests::skip("aesr-config is not installed (scripts/deps.sh --test installs it)");
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("core/fixtures/aesr"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ini"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the corpus is there: {files:?}");
    let (mut compared, mut refused) = (0, 0);
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(file).unwrap();
        let theirs = aesr(&cli, &text);
        let ours = switch_roles::import(&name, &text, &ClientNaming::default());
        match theirs {
            Err(e) if e.starts_with("IniParseError") => {
                // The extension refuses the file's syntax: so does Rolehop, naming a line.
                let err = ours.err().map(|e| e.to_string());
                assert!(
                    err.as_deref()
                        .is_some_and(|e| e.contains(&format!("{name}:"))),
                    "{name}: aesr-config says {e}, Rolehop read it: {err:?}"
                );
                refused += 1;
            }
            Err(e) => {
                // A file the extension refuses as a whole for one bad profile: Rolehop imports
                // the others and lists that one (one bad row never blocks the rest).
                let p = ours.unwrap_or_else(|err| panic!("{name}: {err} (aesr-config: {e})"));
                assert!(!p.skipped.is_empty(), "{name}: aesr-config says {e}");
            }
            Ok(set) => {
                let p =
                    ours.unwrap_or_else(|e| panic!("{name}: aesr-config reads it, Rolehop: {e}"));
                let mut proposed: Vec<(String, String, String, String)> = p
                    .shortcuts
                    .iter()
                    .map(|ps| {
                        let s = &ps.shortcut;
                        // Outside the commercial partition the role keeps its ARN.
                        let role = s
                            .role
                            .split_once(":role/")
                            .map_or(s.role.clone(), |(_, r)| r.to_string());
                        (
                            ps.origin.profile.clone(),
                            s.account.clone().unwrap_or_default(),
                            role,
                            s.region.clone().unwrap_or_default(),
                        )
                    })
                    .collect();
                proposed.sort();
                let skipped: Vec<&str> = p
                    .skipped
                    .iter()
                    .map(|s| s.origin.profile.as_str())
                    .collect();
                let theirs = listed(&set);
                for profile in &theirs {
                    let found = proposed.iter().position(|o| o == profile);
                    match found {
                        Some(i) => {
                            proposed.remove(i);
                        }
                        None => assert!(
                            skipped.contains(&profile.0.as_str()),
                            "{name}: the extension lists {profile:?}; Rolehop neither proposes it nor says why ({:#?}, skipped {:#?})",
                            p.shortcuts,
                            p.skipped
                        ),
                    }
                }
                assert!(
                    proposed.is_empty(),
                    "{name}: Rolehop proposes what the extension does not list: {proposed:?}"
                );
                compared += 1;
            }
        }
    }
    eprintln!("aesr differential: {compared} files compared, {refused} refused by both");
    assert!(
        compared >= 6 && refused >= 3,
        "{compared} compared, {refused} refused"
    );
}
