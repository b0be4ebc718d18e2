//! The Windows CLI under Wine: `rolehop.exe` (built for x86_64-pc-windows-gnu by
//! scripts/windows.sh, which names it in `ROLEHOP_WINDOWS_EXE`) against the same moto server,
//! STS proxy and federation stand-in as the Linux suites, on loopback. Keys go into Windows
//! Credential Manager (the keyring crate's Windows store, which Wine implements) and are read
//! back; a role is assumed; a console sign-in URL is made; the catalog lives in `%APPDATA%`
//! (Wine's prefix), and then in a folder whose path has spaces and non-ASCII characters;
//! import and export work; and no secret is left in any file of the Wine prefix. What Wine
//! cannot stand in for (WebView2, the tray, real browsers) is in the README's platform table.
// The harness drives Linux parts (moto, the stand-ins, Wine): Linux only.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rolehop_tests::env::TestEnv;

/// The Windows binary and the Wine shim, or why this cannot run here.
fn windows_exe() -> Option<(PathBuf, PathBuf)> {
    let exe = PathBuf::from(std::env::var_os("ROLEHOP_WINDOWS_EXE")?);
    let shim = PathBuf::from(std::env::var_os("ROLEHOP_WINE_SHIM")?);
    (exe.is_file() && shim.is_file()).then_some((exe, shim))
}

struct Wine<'a> {
    env: &'a TestEnv,
    exe: PathBuf,
    prefix: PathBuf,
    /// `ROLEHOP_CONFIG_DIR` / `ROLEHOP_DATA_DIR` as Windows paths, when set.
    dirs: Option<(String, String)>,
}

impl Wine<'_> {
    /// `rolehop.exe ARGS` with `stdin`: the test world's AWS endpoints, Wine's own user dirs.
    fn run(&self, args: &[&str], stdin: &str) -> Output {
        let keep = ["AWS_ENDPOINT_URL", "ROLEHOP_FEDERATION_URL", "LANG"];
        let mut cmd = Command::new("/usr/lib/wine/wine64");
        cmd.arg(&self.exe)
            .args(args)
            .env_clear()
            .envs(
                self.env
                    .vars()
                    .into_iter()
                    .filter(|(k, _)| keep.contains(&k.as_str())),
            )
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.env.home())
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some((config, data)) = &self.dirs {
            cmd.env("ROLEHOP_CONFIG_DIR", config)
                .env("ROLEHOP_DATA_DIR", data);
        }
        let started = std::time::Instant::now();
        let mut child = cmd.spawn().unwrap_or_else(|e| panic!("wine64: {e}"));
        {
            use std::io::Write;
            let mut input = child.stdin.take().unwrap();
            let _ = input.write_all(stdin.as_bytes());
        }
        let out = child.wait_with_output().unwrap();
        eprintln!(
            "rolehop.exe {}: {:.1} s",
            args.first().unwrap_or(&""),
            started.elapsed().as_secs_f64()
        );
        out
    }

    /// `setup` of identity `alice` (111111111111), the secret on stdin: the key is checked
    /// with AWS (through the proxy) and stored in Credential Manager.
    fn setup_alice(&self, key: &str, secret: &str) {
        let out = self.run(
            &[
                "setup",
                "--identity",
                "alice",
                "--account",
                "111111111111",
                "--access-key-id",
                key,
                "--secret-stdin",
            ],
            &format!("{secret}\n"),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args, "");
        assert!(
            out.status.success(),
            "rolehop.exe {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// `Z:\…`: how a Windows program under Wine names a Unix path.
fn windows_path(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

#[test]
fn the_windows_cli_keeps_keys_in_credential_manager_and_signs_in_under_wine() {
    let Some((exe, shim)) = windows_exe() else {
        rolehop_tests::skip(
            "rolehop.exe is not built: scripts/windows.sh builds it and sets ROLEHOP_WINDOWS_EXE",
        );
        return;
    };
    let env = TestEnv::full();
    // The Wine prefix and the binary live beside the test's world, not in it: the prefix holds
    // Wine's own system files (hundreds of MB), read below without them; the world's own scan
    // at the end reads every byte it holds.
    let outside = tempfile::tempdir().unwrap();
    // The shim beside the binary (Wine 8 lacks bcryptprimitives.dll; see scripts/windows/).
    let dir = outside.path().join("win");
    std::fs::create_dir_all(&dir).unwrap();
    let exe_copy = dir.join("rolehop.exe");
    std::fs::copy(&exe, &exe_copy).unwrap();
    std::fs::copy(&shim, dir.join("bcryptprimitives.dll")).unwrap();
    let mut wine = Wine {
        env: &env,
        exe: exe_copy,
        prefix: outside.path().join("wine-prefix"),
        dirs: None,
    };
    // One Wine server for the whole test (persistent): each run then starts in about a second
    // instead of bringing Wine up again.
    let _ = Command::new("/usr/lib/wine/wineserver")
        .arg("-p")
        .env("WINEPREFIX", &wine.prefix)
        .status();
    let (key, secret) = env.moto().create_user("111111111111", "alice");

    // Set-up: the key is checked with AWS (through the proxy) and stored in Credential Manager.
    wine.setup_alice(&key, &secret);
    wine.ok(&["add", "client", "acme", "--name", "Acme Corp"]);
    wine.ok(&[
        "add",
        "shortcut",
        "acme-prod",
        "--client",
        "acme",
        "--account",
        "222222222222",
        "--role",
        "Admin",
    ]);
    // The catalog is in %APPDATA% (Wine's user folder), not in the Linux test dirs.
    let users = wine.prefix.join("drive_c/users");
    let catalog = walk(&users)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n == "catalog.toml"))
        .unwrap_or_else(|| panic!("no catalog.toml under {}", users.display()));
    assert!(
        catalog.display().to_string().contains("AppData"),
        "{}",
        catalog.display()
    );
    assert!(!env.catalog_path().exists());
    let list = wine.ok(&["list"]);
    assert!(
        list.contains("acme-prod") && list.contains("222222222222"),
        "{list}"
    );

    // Credentials for the role: the key read back from Credential Manager, the role assumed.
    let creds: serde_json::Value =
        serde_json::from_str(&wine.ok(&["credential-process", "acme-prod"])).unwrap();
    let (account, _) = env
        .moto()
        .caller_identity(
            creds["AccessKeyId"].as_str().unwrap_or_default(),
            creds["SessionToken"].as_str(),
        )
        .unwrap_or_else(|| panic!("{creds}"));
    assert_eq!(account, "222222222222");
    // A console sign-in URL through the federation stand-in.
    let url = wine.ok(&["url", "acme-prod"]);
    assert!(url.trim().contains("SigninToken="), "a sign-in URL");

    // Export and import round trip (a file on the Linux side, named as Windows names it).
    let exported = env.root().join("export.ini");
    wine.ok(&["export", "aws-config", "-o", &windows_path(&exported)]);
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(text.contains("[profile acme-prod]"), "{text}");
    let preview = wine.ok(&["import", "aws-config", &windows_path(&exported)]);
    assert!(preview.contains("acme-prod"), "{preview}");

    // A catalog folder whose path has spaces and non-ASCII characters.
    let odd = env.root().join("Données de Rolehop");
    std::fs::create_dir_all(&odd).unwrap();
    wine.dirs = Some((
        windows_path(&odd.join("config")),
        windows_path(&odd.join("data")),
    ));
    wine.setup_alice(&key, &secret);
    wine.ok(&["add", "client", "globex", "--name", "Globex Größe"]);
    let saved = std::fs::read_to_string(odd.join("config").join("catalog.toml")).unwrap();
    assert!(saved.contains("Globex Größe"), "{saved}");
    wine.ok(&[
        "add",
        "shortcut",
        "globex-dev",
        "--client",
        "globex",
        "--account",
        "333333333333",
        "--role",
        "Developer",
        "--label",
        "Développement",
    ]);
    let list = wine.ok(&["list"]);
    assert!(
        list.contains("globex-dev") && list.contains("Développement"),
        "{list}"
    );
    // `profiles --clean` takes a shortcut id, never a path, whichever way Windows writes one:
    // the folders those name are left alone.
    let victim = odd.join("victim");
    std::fs::create_dir_all(victim.join("inside")).unwrap();
    for path in [
        "..\\victim".to_string(),
        "../victim".to_string(),
        windows_path(&victim),
        "C:\\windows".to_string(),
        "globex-dev\\..\\..\\victim".to_string(),
        "\\\\?\\C:\\windows".to_string(),
    ] {
        let out = wine.run(&["profiles", "--clean", &path], "");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "--clean {path} was accepted");
        assert!(
            stderr.contains("--clean takes a shortcut id"),
            "{path}: {stderr}"
        );
    }
    assert!(
        victim.join("inside").is_dir(),
        "a refused --clean removed nothing"
    );
    wine.ok(&["profiles", "--clean", "globex-dev"]);
    let creds_there: serde_json::Value =
        serde_json::from_str(&wine.ok(&["credential-process", "globex-dev"])).unwrap();
    assert!(creds_there["AccessKeyId"].is_string(), "{creds_there}");

    // No secret in any file of the Wine prefix or the test's world (Credential Manager's
    // store is Wine's registry, where the key is by design: it is left out).
    let mut needles = vec![secret.clone()];
    needles.extend(
        ["SecretAccessKey", "SessionToken"]
            .iter()
            .filter_map(|k| creds[*k].as_str().map(str::to_string)),
    );
    // Wine's own system files (drive_c/windows, Program Files: hundreds of MB of stubs nothing
    // of Rolehop's writes to) are left out; the user folders, the rest of the prefix and the
    // test's world are read.
    let system = [
        wine.prefix.join("drive_c/windows"),
        wine.prefix.join("drive_c/Program Files"),
        wine.prefix.join("drive_c/Program Files (x86)"),
    ];
    let hits = rolehop_tests::scan::files_containing(outside.path(), &needles, &|p| {
        p.extension().is_some_and(|e| e == "reg")
            || system.iter().any(|s| p.starts_with(s))
            || p.extension().is_some_and(|e| e == "exe" || e == "dll")
    });
    assert!(hits.is_empty(), "secrets in files: {hits:?}");
    let _ = Command::new("/usr/lib/wine/wineserver")
        .arg("-k")
        .env("WINEPREFIX", &wine.prefix)
        .status();
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}
