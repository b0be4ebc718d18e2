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
