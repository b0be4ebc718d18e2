//! Where a shortcut's profile lives, in either [`ProfileLayout`]:
//!
//! - **separate** (Firefox always; Chromium when chosen): `<data>/profiles/<id>` is a whole
//!   browser's data directory (`--user-data-dir`, `-profile`), so each shortcut runs a
//!   browser of its own;
//! - **shared** (the Chromium family's default): `<data>/browsers/<kind>` is one Rolehop-owned
//!   browser's data directory (never the person's everyday browser) and each shortcut a
//!   profile directory in it, `shortcut-<id>` (`--profile-directory`), so another account
//!   adds a window to the running browser instead of a browser. Each profile keeps its own
//!   cookies, storage and cache; the prefix keeps a shortcut id from ever naming one of
//!   Chromium's own folders there (`hyphen-data`, `rolehop-mark`…).
//!
//! Chromium keeps no lock per profile, so whether a shared profile is loaded right now is
//! read from the running browser's open files (Linux); elsewhere a running browser is taken
//! to have every profile loaded, which only means fewer writes.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::{in_use, is_marked, profile_dir};
use crate::base::browser_kind::{BrowserKind, ProfileLayout};
use crate::browser::BrowserError;

/// The folder under the data directory holding the shared browsers, one per kind.
pub const SHARED_ROOT: &str = "browsers";
/// The prefix of a shortcut's profile directory inside a shared browser.
pub const SHARED_PREFIX: &str = "shortcut-";

/// One shortcut's profile in one browser kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfilePlace {
    /// What the browser gets as its data directory (`--user-data-dir`, `-profile`).
    pub user_data_dir: PathBuf,
    /// The profile directory inside a shared browser (`--profile-directory`).
    pub profile_directory: Option<String>,
    /// The shortcut's own folder (0700): its browser data, Rolehop's marker, the hand-off page.
    pub dir: PathBuf,
}

impl ProfilePlace {
    pub fn is_shared(&self) -> bool {
        self.profile_directory.is_some()
    }

    /// Whether a browser has this profile open now: its own browser runs (separate), or the
    /// shared browser runs with this profile loaded.
    pub fn is_open(&self, kind: BrowserKind) -> bool {
        if !in_use(&self.user_data_dir, kind) {
            return false;
        }
        !self.is_shared() || shared_profile_loaded(&self.user_data_dir, &self.dir)
    }
}

/// The shared browser's data directory of a Chromium-family kind.
pub fn shared_dir(data_dir: &Path, kind: BrowserKind) -> PathBuf {
    data_dir.join(SHARED_ROOT).join(kind.as_str())
}

/// Where `shortcut_id`'s profile is for `kind` in `layout`. The id is checked against the
/// catalog's id rule here (it becomes a path).
pub fn place(
    data_dir: &Path,
    shortcut_id: &str,
    kind: BrowserKind,
    layout: ProfileLayout,
) -> Result<ProfilePlace, BrowserError> {
    let separate = profile_dir(data_dir, shortcut_id)?;
    if kind.is_chromium_family() && layout == ProfileLayout::Shared {
        let user_data_dir = shared_dir(data_dir, kind);
        let name = format!("{SHARED_PREFIX}{shortcut_id}");
        Ok(ProfilePlace {
            dir: user_data_dir.join(&name),
            user_data_dir,
            profile_directory: Some(name),
        })
    } else {
        Ok(ProfilePlace {
            user_data_dir: separate.clone(),
            profile_directory: None,
            dir: separate,
        })
    }
}

/// Every shared profile folder that carries Rolehop's marker: (shortcut id, path).
pub(super) fn shared_profiles(data_dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(kinds) = fs::read_dir(data_dir.join(SHARED_ROOT)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for kind in kinds.flatten() {
        if !kind.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Ok(entries) = fs::read_dir(kind.path()) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(id) = name.strip_prefix(SHARED_PREFIX) else {
                continue;
            };
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) && is_marked(&path) {
                out.push((id.to_string(), path));
            }
        }
    }
    out
}

/// The profile folders (names under `user_data_dir`) the browser running on it has files open
/// in (Linux: the browser's pid is in its `SingletonLock`, its open files in
/// `/proc/<pid>/fd`); `None` where that cannot be read. Read once per question, however many
/// profiles the browser holds.
pub fn loaded_profiles(user_data_dir: &Path) -> Option<HashSet<String>> {
    let pid = fs::read_link(user_data_dir.join("SingletonLock"))
        .ok()
        .and_then(|t| {
            t.to_string_lossy()
                .rsplit('-')
                .next()
                .and_then(|p| p.parse::<u32>().ok())
        })?;
    let fds = fs::read_dir(format!("/proc/{pid}/fd")).ok()?;
    Some(
        fds.flatten()
            .filter_map(|fd| fs::read_link(fd.path()).ok())
            .filter_map(|target| {
                let rest = target.strip_prefix(user_data_dir).ok()?;
                let first = rest.components().next()?;
                Some(first.as_os_str().to_string_lossy().into_owned())
            })
            .collect(),
    )
}

/// Whether the browser running on `user_data_dir` has a file of `profile` open; where that
/// cannot be read, a running browser is taken to have it loaded.
pub fn shared_profile_loaded(user_data_dir: &Path, profile: &Path) -> bool {
    let name = profile
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    loaded_profiles(user_data_dir).is_none_or(|loaded| loaded.contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chromium_shares_firefox_does_not() {
        let data = Path::new("/d");
        let table = [
            (
                BrowserKind::Chromium,
                ProfileLayout::Shared,
                "/d/browsers/chromium",
                Some("shortcut-acme"),
                "/d/browsers/chromium/shortcut-acme",
            ),
            (
                BrowserKind::Brave,
                ProfileLayout::Shared,
                "/d/browsers/brave",
                Some("shortcut-acme"),
                "/d/browsers/brave/shortcut-acme",
            ),
            (
                BrowserKind::Chromium,
                ProfileLayout::Separate,
                "/d/profiles/acme",
                None,
                "/d/profiles/acme",
            ),
            (
                BrowserKind::Firefox,
                ProfileLayout::Shared,
                "/d/profiles/acme",
                None,
                "/d/profiles/acme",
            ),
            (
                BrowserKind::Custom,
                ProfileLayout::Shared,
                "/d/profiles/acme",
                None,
                "/d/profiles/acme",
            ),
        ];
        for (kind, layout, udd, directory, dir) in table {
            let p = place(data, "acme", kind, layout).unwrap();
            assert_eq!(p.user_data_dir, Path::new(udd), "{kind} {layout:?}");
            assert_eq!(p.profile_directory.as_deref(), directory);
            assert_eq!(p.dir, Path::new(dir));
            assert_eq!(p.is_shared(), directory.is_some());
        }
        // The id becomes a path: checked here too.
        for bad in ["..", "a/b", "", "Default"] {
            assert!(
                place(data, bad, BrowserKind::Chromium, ProfileLayout::Shared).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_shared_profile_is_open_only_while_its_browser_holds_its_files() {
        let data = tempfile::tempdir().unwrap();
        let p = place(
            data.path(),
            "acme",
            BrowserKind::Chromium,
            ProfileLayout::Shared,
        )
        .unwrap();
        fs::create_dir_all(&p.dir).unwrap();
        assert!(!p.is_open(BrowserKind::Chromium));
        // This test process stands in for the browser: its pid in the lock, a file of the
        // profile open.
        #[cfg(target_os = "linux")]
        {
            std::os::unix::fs::symlink(
                format!("host-{}", std::process::id()),
                p.user_data_dir.join("SingletonLock"),
            )
            .unwrap();
            assert!(!p.is_open(BrowserKind::Chromium), "running, but not loaded");
            let _held = fs::File::create(p.dir.join("Cookies")).unwrap();
            assert!(p.is_open(BrowserKind::Chromium));
            let other = place(
                data.path(),
                "beta",
                BrowserKind::Chromium,
                ProfileLayout::Shared,
            )
            .unwrap();
            assert!(!other.is_open(BrowserKind::Chromium));
            // The cascade counts the profiles the browser holds, reading its files once.
            assert_eq!(super::super::open_count(data.path()), 1);
            fs::create_dir_all(&other.dir).unwrap();
            let _also = fs::File::create(other.dir.join("Cookies")).unwrap();
            assert_eq!(super::super::open_count(data.path()), 2);
        }
    }
}
