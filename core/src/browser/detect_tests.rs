//! Tests of `detect.rs`.

use super::*;

fn view<'a>(
    os: Os,
    path: &[&str],
    env: &[(&str, &str)],
    exists: &'a dyn Fn(&str) -> bool,
) -> HostView<'a> {
    HostView {
        os,
        path_dirs: path.iter().map(|s| s.to_string()).collect(),
        home: if os == Os::Windows {
            "C:\\Users\\ann".into()
        } else if os == Os::MacOs {
            "/Users/ann".into()
        } else {
            "/home/ann".into()
        },
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        app_paths: HashMap::new(),
        exists,
    }
}

fn found(
    os: Os,
    files: &[&str],
    path: &[&str],
    env: &[(&str, &str)],
) -> Vec<(BrowserKind, String, &'static str, Launcher)> {
    let owned: Vec<String> = files.iter().map(|s| s.to_string()).collect();
    let exists = move |p: &str| owned.iter().any(|f| f == p);
    detect(&view(os, path, env, &exists))
        .into_iter()
        .map(|f| (f.kind, f.program, f.source, f.launcher))
        .collect()
}

#[test]
fn linux_path_install_snap_and_flatpak() {
    let got = found(
        Os::Linux,
        &[
            "/usr/bin/chromium",
            "/opt/google/chrome/chrome",
            "/snap/bin/firefox",
            "/usr/bin/flatpak",
            "/home/ann/.local/share/flatpak/app/com.brave.Browser/current",
        ],
        &["/usr/local/bin", "/usr/bin"],
        &[],
    );
    assert_eq!(
        got,
        vec![
            (
                BrowserKind::Chromium,
                "/usr/bin/chromium".into(),
                "PATH",
                Launcher::Direct
            ),
            (
                BrowserKind::Chrome,
                "/opt/google/chrome/chrome".into(),
                "install",
                Launcher::Direct
            ),
            (
                BrowserKind::Brave,
                "/usr/bin/flatpak".into(),
                "flatpak",
                Launcher::Flatpak {
                    app_id: "com.brave.Browser".into()
                }
            ),
            (
                BrowserKind::Firefox,
                "/snap/bin/firefox".into(),
                "snap",
                Launcher::Direct
            ),
        ]
    );
}

#[test]
fn linux_prefers_path_and_finds_firefox_esr() {
    let got = found(
        Os::Linux,
        &["/usr/bin/firefox-esr", "/usr/lib/firefox-esr/firefox-esr"],
        &["/usr/bin"],
        &[],
    );
    assert_eq!(
        got,
        vec![(
            BrowserKind::Firefox,
            "/usr/bin/firefox-esr".into(),
            "PATH",
            Launcher::Direct
        )]
    );
    assert_eq!(found(Os::Linux, &[], &["/usr/bin"], &[]), vec![]);
    // A flatpak app without the flatpak command is not usable.
    assert_eq!(
        found(
            Os::Linux,
            &["/var/lib/flatpak/app/org.mozilla.firefox/current"],
            &["/usr/bin"],
            &[]
        ),
        vec![]
    );
}

#[test]
fn macos_system_and_user_applications() {
    let got = found(
        Os::MacOs,
        &[
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "/Users/ann/Applications/Firefox.app/Contents/MacOS/firefox",
        ],
        &["/usr/bin"],
        &[],
    );
    assert_eq!(
        got,
        vec![
            (
                BrowserKind::Chrome,
                "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome".into(),
                "install",
                Launcher::Direct
            ),
            (
                BrowserKind::Firefox,
                "/Users/ann/Applications/Firefox.app/Contents/MacOS/firefox".into(),
                "install",
                Launcher::Direct
            ),
        ]
    );
}

#[test]
fn windows_program_files_per_user_and_path() {
    let env = [
        ("ProgramFiles", "C:\\Program Files"),
        ("ProgramFiles(x86)", "C:\\Program Files (x86)"),
        ("LOCALAPPDATA", "C:\\Users\\ann\\AppData\\Local"),
    ];
    let got = found(
        Os::Windows,
        &[
            "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
            "C:\\Users\\ann\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe",
            "C:\\Tools\\firefox.exe",
        ],
        &["C:\\Windows", "C:\\Tools"],
        &env,
    );
    assert_eq!(
        got,
        vec![
            (
                BrowserKind::Chrome,
                "C:\\Users\\ann\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe".into(),
                "install",
                Launcher::Direct
            ),
            (
                BrowserKind::Edge,
                "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe".into(),
                "install",
                Launcher::Direct
            ),
            (
                BrowserKind::Firefox,
                "C:\\Tools\\firefox.exe".into(),
                "PATH",
                Launcher::Direct
            ),
        ]
    );
}

#[test]
fn windows_app_paths_find_a_browser_installed_elsewhere() {
    let env: HashMap<String, String> = [
        ("ProgramFiles", "C:\\Program Files"),
        ("SystemDrive", "D:"),
        ("LOCALAPPDATA", "C:\\Users\\ann\\AppData\\Local"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    // As the keys hold them: quoted, with a variable, or plain.
    let mut view = view(Os::Windows, &["C:\\Windows"], &[], &|p: &str| {
        [
            "D:\\Apps\\Vivaldi\\vivaldi.exe",
            "E:\\Browsers\\Brave\\brave.exe",
            "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
        ]
        .contains(&p)
    });
    view.env = env.clone();
    for (name, raw) in [
        (
            "vivaldi.exe",
            "\"%SystemDrive%\\Apps\\Vivaldi\\vivaldi.exe\"",
        ),
        ("brave.exe", "E:\\Browsers\\Brave\\brave.exe"),
        // A stale key (the browser was removed) finds nothing.
        ("msedge.exe", "C:\\Gone\\msedge.exe"),
        // The install path wins over a key naming somewhere else.
        ("chrome.exe", "C:\\Elsewhere\\chrome.exe"),
    ] {
        if let Some(path) = app_path_value(raw, &env) {
            view.app_paths.insert(name.to_string(), path);
        }
    }
    let got: Vec<(BrowserKind, String, &str)> = detect(&view)
        .into_iter()
        .map(|f| (f.kind, f.program, f.source))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                BrowserKind::Chrome,
                "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe".into(),
                "install"
            ),
            (
                BrowserKind::Brave,
                "E:\\Browsers\\Brave\\brave.exe".into(),
                "App Paths"
            ),
            (
                BrowserKind::Vivaldi,
                "D:\\Apps\\Vivaldi\\vivaldi.exe".into(),
                "App Paths"
            ),
        ]
    );
}

#[test]
fn app_path_values_are_read_as_windows_writes_them() {
    let env: HashMap<String, String> = [("ProgramFiles", "C:\\Program Files")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let cases = [
        ("C:\\a\\b.exe", Some("C:\\a\\b.exe")),
        ("  \"C:\\a b\\b.exe\"  ", Some("C:\\a b\\b.exe")),
        ("%programfiles%\\x.exe", Some("C:\\Program Files\\x.exe")),
        ("%NOT_SET%\\x.exe", None),
        ("%unterminated\\x.exe", None),
        ("\"\"", None),
        ("", None),
    ];
    for (raw, want) in cases {
        assert_eq!(app_path_value(raw, &env).as_deref(), want, "{raw}");
    }
}

/// The real registry (under Wine in the test command, on the Windows runner in CI): a per-user
/// `App Paths` key is found, and removed again afterwards.
#[cfg(windows)]
#[test]
fn a_per_user_app_paths_key_is_read_from_the_registry() {
    use winreg::RegKey;
    use winreg::enums::HKEY_CURRENT_USER;
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("vivaldi.exe");
    std::fs::write(&exe, "").unwrap();
    let key_path = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths\\vivaldi.exe";
    let hkcu = RegKey::predef(HKEY_CURRENT_USER);
    let (key, _) = hkcu.create_subkey(key_path).unwrap();
    key.set_value("", &format!("\"{}\"", exe.display()))
        .unwrap();
    let view = HostView::current();
    let _ = hkcu.delete_subkey_all(key_path);
    assert_eq!(
        view.app_paths.get("vivaldi.exe").map(String::as_str),
        Some(exe.display().to_string().as_str())
    );
    let found = detect(&view)
        .into_iter()
        .find(|f| f.kind == BrowserKind::Vivaldi)
        .unwrap();
    // An installed Vivaldi (a runner with one) is found where it is installed instead.
    if found.source != "install" {
        assert_eq!(found.program, exe.display().to_string());
        assert_eq!(found.source, "App Paths");
    }
}
