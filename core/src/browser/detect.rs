//! Browser detection as a pure function: from a view of the machine (OS, PATH, home, a few
//! environment variables, and "does this file exist") to the browsers found. The real view
//! comes from [`HostView::current`]; tests give fake file systems for all three OSes.
//!
//! Looked at, per kind: PATH names; the usual install paths (system-wide and per user, e.g.
//! `%LOCALAPPDATA%` on Windows and `~/Applications` on macOS); on Windows the `App Paths`
//! registry keys browsers register (per user, then per machine; see
//! <https://learn.microsoft.com/windows/win32/shell/app-registration>); snap (`/snap/bin`);
//! flatpak (system and user installations, run as `flatpak run --filesystem=<profile> <app-id>`).

use std::collections::HashMap;
use std::path::Path;

use super::BrowserKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Linux,
    MacOs,
    Windows,
}

impl Os {
    pub fn current() -> Self {
        if cfg!(target_os = "macos") {
            Self::MacOs
        } else if cfg!(windows) {
            Self::Windows
        } else {
            Self::Linux
        }
    }
}

/// How a found browser is started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Launcher {
    /// Run the program directly.
    Direct,
    /// `flatpak run --filesystem=<profile> <app_id> …` (the profile path must be allowed).
    Flatpak { app_id: String },
}

/// A browser that is installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: BrowserKind,
    pub program: String,
    pub launcher: Launcher,
    /// Where it was found: `PATH`, `install`, `App Paths`, `snap`, `flatpak`.
    pub source: &'static str,
}

/// What detection may look at.
pub struct HostView<'a> {
    pub os: Os,
    pub path_dirs: Vec<String>,
    pub home: String,
    pub env: HashMap<String, String>,
    /// Windows: the `App Paths` entries, executable name in lower case (`chrome.exe`) -> the
    /// key's default value as written there (quotes and `%VARIABLES%` resolved by
    /// [`app_path_value`]). Empty elsewhere.
    pub app_paths: HashMap<String, String>,
    pub exists: &'a dyn Fn(&str) -> bool,
}

/// An `App Paths` key's default value as a path: surrounding spaces and quotes gone,
/// `%VARIABLE%`s expanded from `env` (names compared without case, as Windows does); `None`
/// for an empty value or one naming a variable that is not set.
pub fn app_path_value(raw: &str, env: &HashMap<String, String>) -> Option<String> {
    let trimmed = raw.trim().trim_matches('"').trim();
    let mut out = String::new();
    let mut rest = trimmed;
    while let Some(start) = rest.find('%') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find('%')?;
        let name = &after[..end];
        let value = env
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())?;
        out.push_str(value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    (!out.is_empty()).then_some(out)
}

/// The `App Paths` entries of the browsers Rolehop knows, per user (HKCU) before per machine
/// (HKLM), resolved with [`app_path_value`].
#[cfg(windows)]
fn read_app_paths(env: &HashMap<String, String>) -> HashMap<String, String> {
    use winreg::RegKey;
    use winreg::enums::{HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE};
    const KEY: &str = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths";
    let mut found = HashMap::new();
    for hive in [HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER] {
        for name in KNOWN.iter().flat_map(|k| k.windows_names) {
            let value: Option<String> = RegKey::predef(hive)
                .open_subkey(format!("{KEY}\\{name}"))
                .and_then(|key| key.get_value(""))
                .ok();
            if let Some(path) = value.and_then(|v| app_path_value(&v, env)) {
                // HKCU is read last: a per-user registration wins.
                found.insert(name.to_ascii_lowercase(), path);
            }
        }
    }
    found
}

fn exists_on_disk(path: &str) -> bool {
    Path::new(path).is_file() || Path::new(path).is_dir()
}

impl HostView<'static> {
    /// The machine Rolehop runs on.
    pub fn current() -> Self {
        let path_dirs = std::env::var_os("PATH")
            .map(|p| {
                std::env::split_paths(&p)
                    .map(|d| d.display().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let env = [
            "LOCALAPPDATA",
            "ProgramFiles",
            "ProgramFiles(x86)",
            "ProgramW6432",
        ]
        .iter()
        .filter_map(|k| std::env::var(k).ok().map(|v| (k.to_string(), v)))
        .collect();
        #[cfg(windows)]
        let app_paths = {
            // App Paths values may name any variable (%SystemDrive%, %USERPROFILE%).
            let all: HashMap<String, String> = std::env::vars().collect();
            read_app_paths(&all)
        };
        #[cfg(not(windows))]
        let app_paths = HashMap::new();
        Self {
            os: Os::current(),
            path_dirs,
            home: std::env::var("HOME")
                .or_else(|_| std::env::var("USERPROFILE"))
                .unwrap_or_default(),
            env,
            app_paths,
            exists: &exists_on_disk,
        }
    }
}

struct Known {
    kind: BrowserKind,
    linux_names: &'static [&'static str],
    linux_paths: &'static [&'static str],
    snap: Option<&'static str>,
    flatpak: Option<&'static str>,
    /// (app bundle, binary inside Contents/MacOS)
    mac_app: (&'static str, &'static str),
    /// Relative to Program Files / LocalAppData.
    windows_paths: &'static [&'static str],
    windows_names: &'static [&'static str],
}

const KNOWN: &[Known] = &[
    Known {
        kind: BrowserKind::Chromium,
        linux_names: &["chromium", "chromium-browser"],
        linux_paths: &[
            "/usr/lib/chromium/chromium",
            "/usr/lib/chromium-browser/chromium-browser",
        ],
        snap: Some("/snap/bin/chromium"),
        flatpak: Some("org.chromium.Chromium"),
        mac_app: ("Chromium.app", "Chromium"),
        windows_paths: &["Chromium\\Application\\chrome.exe"],
        windows_names: &["chromium.exe"],
    },
    Known {
        kind: BrowserKind::Chrome,
        linux_names: &["google-chrome", "google-chrome-stable"],
        linux_paths: &["/opt/google/chrome/chrome"],
        snap: None,
        flatpak: Some("com.google.Chrome"),
        mac_app: ("Google Chrome.app", "Google Chrome"),
        windows_paths: &["Google\\Chrome\\Application\\chrome.exe"],
        windows_names: &["chrome.exe"],
    },
    Known {
        kind: BrowserKind::Brave,
        linux_names: &["brave-browser", "brave"],
        linux_paths: &["/opt/brave.com/brave/brave-browser"],
        snap: Some("/snap/bin/brave"),
        flatpak: Some("com.brave.Browser"),
        mac_app: ("Brave Browser.app", "Brave Browser"),
        windows_paths: &["BraveSoftware\\Brave-Browser\\Application\\brave.exe"],
        windows_names: &["brave.exe"],
    },
    Known {
        kind: BrowserKind::Edge,
        linux_names: &["microsoft-edge", "microsoft-edge-stable"],
        linux_paths: &["/opt/microsoft/msedge/msedge"],
        snap: None,
        flatpak: Some("com.microsoft.Edge"),
        mac_app: ("Microsoft Edge.app", "Microsoft Edge"),
        windows_paths: &["Microsoft\\Edge\\Application\\msedge.exe"],
        windows_names: &["msedge.exe"],
    },
    Known {
        kind: BrowserKind::Vivaldi,
        linux_names: &["vivaldi", "vivaldi-stable"],
        linux_paths: &["/opt/vivaldi/vivaldi"],
        snap: Some("/snap/bin/vivaldi"),
        flatpak: Some("com.vivaldi.Vivaldi"),
        mac_app: ("Vivaldi.app", "Vivaldi"),
        windows_paths: &["Vivaldi\\Application\\vivaldi.exe"],
        windows_names: &["vivaldi.exe"],
    },
    Known {
        kind: BrowserKind::Firefox,
        linux_names: &["firefox", "firefox-esr"],
        linux_paths: &[
            "/usr/lib/firefox/firefox",
            "/usr/lib/firefox-esr/firefox-esr",
            "/opt/firefox/firefox",
        ],
        snap: Some("/snap/bin/firefox"),
        flatpak: Some("org.mozilla.firefox"),
        mac_app: ("Firefox.app", "firefox"),
        windows_paths: &["Mozilla Firefox\\firefox.exe"],
        windows_names: &["firefox.exe"],
    },
];

fn join(os: Os, dir: &str, name: &str) -> String {
    let sep = if os == Os::Windows { '\\' } else { '/' };
    if dir.ends_with(sep) {
        format!("{dir}{name}")
    } else {
        format!("{dir}{sep}{name}")
    }
}

fn direct(kind: BrowserKind, program: String, source: &'static str) -> Found {
    Found {
        kind,
        program,
        launcher: Launcher::Direct,
        source,
    }
}

/// Finds one installation of `known`, best first: PATH, install paths, snap, flatpak.
fn find(view: &HostView<'_>, known: &Known) -> Option<Found> {
    let exists = view.exists;
    let on_path = |names: &[&str]| {
        names.iter().find_map(|name| {
            view.path_dirs
                .iter()
                .map(|dir| join(view.os, dir, name))
                .find(|p| exists(p))
        })
    };
    match view.os {
        Os::Linux => {
            if let Some(p) = on_path(known.linux_names) {
                return Some(direct(known.kind, p, "PATH"));
            }
            if let Some(p) = known.linux_paths.iter().find(|p| exists(p)) {
                return Some(direct(known.kind, p.to_string(), "install"));
            }
            if let Some(p) = known.snap.filter(|p| exists(p)) {
                return Some(direct(known.kind, p.to_string(), "snap"));
            }
            let app_id = known.flatpak?;
            let installed = [
                format!("/var/lib/flatpak/app/{app_id}/current"),
                format!("{}/.local/share/flatpak/app/{app_id}/current", view.home),
            ]
            .iter()
            .any(|p| exists(p));
            let flatpak = on_path(&["flatpak"])
                .or_else(|| Some("/usr/bin/flatpak".to_string()).filter(|p| exists(p)))?;
            installed.then(|| Found {
                kind: known.kind,
                program: flatpak,
                launcher: Launcher::Flatpak {
                    app_id: app_id.to_string(),
                },
                source: "flatpak",
            })
        }
        Os::MacOs => {
            let (app, bin) = known.mac_app;
            [
                "/Applications".to_string(),
                format!("{}/Applications", view.home),
            ]
            .iter()
            .map(|dir| format!("{dir}/{app}/Contents/MacOS/{bin}"))
            .find(|p| exists(p))
            .map(|p| direct(known.kind, p, "install"))
        }
        Os::Windows => {
            let roots = [
                "ProgramFiles",
                "ProgramW6432",
                "ProgramFiles(x86)",
                "LOCALAPPDATA",
            ];
            roots
                .iter()
                .filter_map(|k| view.env.get(*k))
                .flat_map(|root| {
                    known
                        .windows_paths
                        .iter()
                        .map(move |rel| join(Os::Windows, root, rel))
                })
                .find(|p| exists(p))
                .map(|p| direct(known.kind, p, "install"))
                .or_else(|| {
                    known
                        .windows_names
                        .iter()
                        .filter_map(|name| view.app_paths.get(&name.to_ascii_lowercase()))
                        .find(|p| exists(p))
                        .map(|p| direct(known.kind, p.clone(), "App Paths"))
                })
                .or_else(|| on_path(known.windows_names).map(|p| direct(known.kind, p, "PATH")))
        }
    }
}

/// Every detectable browser kind that is installed, in order of preference.
pub fn detect(view: &HostView<'_>) -> Vec<Found> {
    KNOWN.iter().filter_map(|k| find(view, k)).collect()
}

/// The system's "open a URL in the default browser" command.
pub fn default_opener(os: Os) -> (&'static str, &'static [&'static str]) {
    match os {
        Os::Linux => ("xdg-open", &[]),
        Os::MacOs => ("open", &[]),
        Os::Windows => ("rundll32", &["url.dll,FileProtocolHandler"]),
    }
}

#[cfg(test)]
#[path = "detect_tests.rs"]
mod tests;
