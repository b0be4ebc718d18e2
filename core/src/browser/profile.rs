//! Per-shortcut browser profiles: `<data dir>/profiles/<shortcut id>`, mode 0700, created on
//! first open and named after the shortcut ("Client - label") so the browser shows which
//! account a window is. A small `rolehop-profile.json` marker records the shortcut, the kind
//! and the last use, for `rolehop profiles`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::BrowserError;
use super::kind::BrowserKind;

pub const MARKER: &str = "rolehop-profile.json";

pub fn profiles_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("profiles")
}

pub fn profile_dir(data_dir: &Path, shortcut_id: &str) -> PathBuf {
    profiles_dir(data_dir).join(shortcut_id)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    pub shortcut: String,
    pub name: String,
    pub kind: String,
    /// Unix seconds.
    pub last_used: i64,
}

/// Firefox preferences that skip first-run pages and default-browser prompts.
const FIREFOX_PREFS: &str = r#"// Written by Rolehop for an isolated console profile.
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("startup.homepage_welcome_url", "");
user_pref("startup.homepage_welcome_url.additional", "");
user_pref("browser.startup.firstrunSkipsHomepage", true);
user_pref("trailhead.firstrun.didSeeAboutWelcome", true);
user_pref("datareporting.policy.dataSubmissionPolicyBypassNotification", true);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("browser.tabs.warnOnClose", false);
user_pref("browser.warnOnQuit", false);
// The sign-in passes through a one-time URL: keep it out of history and form data.
user_pref("places.history.enabled", false);
user_pref("browser.formfill.enable", false);
// Lets chrome/userChrome.css show the shortcut's name in the toolbar.
user_pref("toolkit.legacyUserProfileCustomizations.stylesheets", true);
"#;

/// A toolbar label naming the shortcut, as a CSS string (quotes and backslashes escaped).
pub fn firefox_label_css(name: &str) -> String {
    let escaped: String = name
        .chars()
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            '\n' | '\r' => vec![' '],
            c => vec![c],
        })
        .collect();
    format!(
        "/* Written by Rolehop: shows which account this window is. */\n#nav-bar::before {{ content: \"{escaped}\"; padding: 0 10px; font-weight: bold; align-self: center; }}\n"
    )
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BrowserError + '_ {
    move |source| BrowserError::Profile {
        path: path.to_path_buf(),
        source,
    }
}

fn create_private(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Creates (first open) or refreshes a profile. Returns whether it was created. A profile that
/// could not be prepared completely is removed again, so nothing half-made stays behind.
pub fn prepare(
    data_dir: &Path,
    shortcut_id: &str,
    name: &str,
    kind: BrowserKind,
    now: i64,
) -> Result<bool, BrowserError> {
    let dir = profile_dir(data_dir, shortcut_id);
    let created = !dir.exists();
    let result = (|| {
        create_private(&dir).map_err(io(&dir))?;
        if created {
            seed(&dir, name, kind)?;
        }
        touch(&dir, shortcut_id, name, kind, now)
    })();
    if result.is_err() && created {
        let _ = fs::remove_dir_all(&dir);
    }
    result.map(|()| created)
}

fn seed(dir: &Path, name: &str, kind: BrowserKind) -> Result<(), BrowserError> {
    if kind.is_chromium_family() {
        // The profile's display name lives in "Local State"; Chromium keeps a name it finds.
        let local_state = serde_json::json!({
            "profile": {"info_cache": {"Default": {"name": name, "is_using_default_name": false}}},
            "browser": {"has_seen_welcome_page": true}
        });
        let path = dir.join("Local State");
        fs::write(&path, local_state.to_string()).map_err(io(&path))?;
        let default = dir.join("Default");
        create_private(&default).map_err(io(&default))?;
        // No history: the sign-in passes through a one-time URL that should not be kept.
        let prefs = serde_json::json!({
            "profile": {"name": name},
            "browser": {"has_seen_welcome_page": true, "check_default_browser": false},
            "history": {"saving_disabled": true}
        });
        let path = default.join("Preferences");
        fs::write(&path, prefs.to_string()).map_err(io(&path))?;
    } else if kind.engine() == BrowserKind::Firefox {
        let path = dir.join("user.js");
        fs::write(&path, FIREFOX_PREFS).map_err(io(&path))?;
        // Firefox has no per-profile window name; a label in the toolbar says which account
        // a window is.
        let chrome = dir.join("chrome");
        create_private(&chrome).map_err(io(&chrome))?;
        let path = chrome.join("userChrome.css");
        fs::write(&path, firefox_label_css(name)).map_err(io(&path))?;
    }
    Ok(())
}

fn touch(
    dir: &Path,
    shortcut_id: &str,
    name: &str,
    kind: BrowserKind,
    now: i64,
) -> Result<(), BrowserError> {
    let marker = Marker {
        shortcut: shortcut_id.to_string(),
        name: name.to_string(),
        kind: kind.as_str().to_string(),
        last_used: now,
    };
    let path = dir.join(MARKER);
    let text = serde_json::to_string_pretty(&marker).unwrap_or_default();
    fs::write(&path, text).map_err(io(&path))
}

/// One profile on disk, for `rolehop profiles`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileInfo {
    pub shortcut: String,
    pub path: PathBuf,
    pub bytes: u64,
    pub last_used: Option<i64>,
    pub kind: Option<String>,
}

fn dir_size(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(entry.path()),
                Ok(t) if t.is_file() => total += entry.metadata().map(|m| m.len()).unwrap_or(0),
                _ => {}
            }
        }
    }
    total
}

/// Every profile directory, sorted by shortcut id.
pub fn list(data_dir: &Path) -> Vec<ProfileInfo> {
    let Ok(entries) = fs::read_dir(profiles_dir(data_dir)) else {
        return Vec::new();
    };
    let mut out: Vec<ProfileInfo> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| {
            let path = e.path();
            let marker: Option<Marker> = fs::read_to_string(path.join(MARKER))
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok());
            let modified = fs::metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .and_then(|d| i64::try_from(d.as_secs()).ok());
            ProfileInfo {
                shortcut: e.file_name().to_string_lossy().into_owned(),
                bytes: dir_size(&path),
                last_used: marker.as_ref().map(|m| m.last_used).or(modified),
                kind: marker.map(|m| m.kind),
                path,
            }
        })
        .collect();
    out.sort_by(|a, b| a.shortcut.cmp(&b.shortcut));
    out
}

/// Removes a shortcut's profile. Returns whether there was one.
pub fn remove(data_dir: &Path, shortcut_id: &str) -> Result<bool, BrowserError> {
    let dir = profile_dir(data_dir, shortcut_id);
    if !dir.exists() {
        return Ok(false);
    }
    fs::remove_dir_all(&dir).map_err(io(&dir))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_are_private_named_listed_and_removed() {
        let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            prepare(
                data.path(),
                "acme-prod",
                "Acme - Prod",
                BrowserKind::Chromium,
                100
            )
            .unwrap_or(false)
        );
        assert!(
            !prepare(
                data.path(),
                "acme-prod",
                "Acme - Prod",
                BrowserKind::Chromium,
                200
            )
            .unwrap_or(true)
        );
        prepare(
            data.path(),
            "beta",
            "Beta - Admin",
            BrowserKind::Firefox,
            150,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let dir = profile_dir(data.path(), "acme-prod");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&dir)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0);
            assert_eq!(mode, 0o700);
        }
        let local_state = fs::read_to_string(dir.join("Local State")).unwrap_or_default();
        assert!(local_state.contains("Acme - Prod"));
        let user_js = fs::read_to_string(profile_dir(data.path(), "beta").join("user.js"))
            .unwrap_or_default();
        assert!(user_js.contains("checkDefaultBrowser\", false"));
        let css =
            fs::read_to_string(profile_dir(data.path(), "beta").join("chrome/userChrome.css"))
                .unwrap_or_default();
        assert!(css.contains("content: \"Beta - Admin\""), "{css}");
        assert_eq!(
            firefox_label_css("a\"b\\c")
                .lines()
                .nth(1)
                .map(|l| l.contains(r#"content: "a\"b\\c""#)),
            Some(true)
        );
        let listed = list(data.path());
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].shortcut, "acme-prod");
        assert_eq!(listed[0].last_used, Some(200));
        assert!(listed[0].bytes > 0);
        assert!(remove(data.path(), "acme-prod").unwrap_or(false));
        assert!(!remove(data.path(), "acme-prod").unwrap_or(true));
    }

    #[cfg(unix)]
    #[test]
    fn an_unwritable_data_dir_leaves_nothing_behind() {
        use std::os::unix::fs::PermissionsExt;
        let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        // A file where the profiles directory should be.
        fs::write(data.path().join("profiles"), "").unwrap_or_else(|e| panic!("{e}"));
        let err = prepare(data.path(), "x", "X", BrowserKind::Chromium, 1).err();
        assert!(matches!(err, Some(BrowserError::Profile { .. })), "{err:?}");
        let _ = fs::set_permissions(data.path(), fs::Permissions::from_mode(0o700));
    }
}
