//! Where the Identity Center sign-in page opens: the person's browser of choice (the catalog's
//! default kind, or `--browser`), in a Rolehop profile of its own per identity
//! (`<data dir>/sso/<identity>`, mode 0700), so the portal remembers the person between
//! sign-ins and no console profile is touched; or, with kind `default`, the system browser.
//! The authorize URL reaches the browser as a console sign-in does (`browser::handoff`): the
//! command line names a private hand-off page, which forwards once through a loopback URL.
//! The URL holds no credential, but its `state`, PKCE challenge and callback port would tell
//! another local user (who can read every command line) how to race the callback.

use std::path::{Path, PathBuf};

use super::login::SignInPage;
use crate::browser::detect::{Found, Os};
use crate::browser::handoff::{self, Handoff};
use crate::browser::plan::{self, PlanInput};
use crate::browser::{BrowserError, BrowserKind, ProcessLauncher};

/// The browser half of a sign-in page; the front end adds how the person is told.
pub struct BrowserPage<'a, L: ProcessLauncher + Sync> {
    pub kind: BrowserKind,
    pub found: Option<Found>,
    pub custom_template: Option<String>,
    pub data_dir: PathBuf,
    pub os: Os,
    pub is_root: bool,
    pub launcher: &'a L,
    /// Tells the person something (the CLI: a line on stderr; the tray: its notice window).
    pub tell: Box<dyn Fn(&str) + Send + Sync + 'a>,
}

/// The profile a sign-in page opens in, checked by the id rule where it becomes a path.
pub fn sign_in_profile(data_dir: &Path, identity: &str) -> Result<PathBuf, BrowserError> {
    crate::catalog::rules::slug(identity).map_err(|e| BrowserError::NotAnId {
        id: identity.to_string(),
        reason: e.message,
    })?;
    Ok(data_dir.join("sso").join(identity))
}

/// Removes an identity's sign-in profile (`rolehop forget`): only a folder Rolehop made (it
/// carries Rolehop's marker). Returns whether there was one.
pub fn remove_sign_in_profile(data_dir: &Path, identity: &str) -> Result<bool, BrowserError> {
    crate::browser::profile::remove_marked(&sign_in_profile(data_dir, identity)?)
}

/// Every identity's sign-in profile Rolehop made (it carries the marker): (identity, folder,
/// size in bytes), sorted, for `rolehop profiles`.
pub fn sign_in_profiles(data_dir: &Path) -> Vec<(String, PathBuf, u64)> {
    let Ok(entries) = std::fs::read_dir(data_dir.join("sso")) else {
        return Vec::new();
    };
    let mut out: Vec<(String, PathBuf, u64)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| e.path().join(crate::browser::profile::MARKER).is_file())
        .map(|e| {
            let path = e.path();
            let bytes = crate::browser::profile::folder_size(&path);
            (e.file_name().to_string_lossy().into_owned(), path, bytes)
        })
        .collect();
    out.sort();
    out
}

impl<L: ProcessLauncher + Sync> BrowserPage<'_, L> {
    fn launch(&self, identity: &str, url: &str) -> Result<(), BrowserError> {
        let dir = sign_in_profile(&self.data_dir, identity)?;
        crate::base::files::create_private_dir(&dir).map_err(|source| BrowserError::Profile {
            path: dir.clone(),
            source,
        })?;
        // Rolehop's mark: `rolehop forget` removes only a folder that carries it.
        let marker = dir.join(crate::browser::profile::MARKER);
        if !marker.exists() {
            let text = serde_json::json!({ "sign_in": identity }).to_string();
            crate::base::files::write_atomic(&marker, text.as_bytes(), false).map_err(
                |source| BrowserError::Profile {
                    path: marker.clone(),
                    source,
                },
            )?;
        }
        // The hand-off page: in the profile a browser of Rolehop's own reads, or Rolehop's
        // hand-off folder for the system browser (as a console open does).
        let page_dir = if self.kind.is_isolated() {
            dir.clone()
        } else {
            self.data_dir.join("handoff")
        };
        let handoff = Handoff::serve(
            crate::base::secret::Secret::new(url.to_string()),
            handoff::TTL,
            &page_dir,
        )?;
        let page = handoff.url().expose().to_string();
        let profile = dir.display().to_string();
        let title = format!("Rolehop – IAM Identity Center sign-in ({identity})");
        let plan = plan::plan(&PlanInput {
            profile_directory: None,
            kind: self.kind,
            found: self.found.as_ref(),
            profile_dir: &profile,
            url: &page,
            os: self.os,
            is_root: self.is_root,
            new_window: false,
            shortcut_id: &format!("sso-{identity}"),
            title: &title,
            color: None,
            custom_template: self.custom_template.as_deref(),
            window_title: Some(&title),
            position: None,
            size: None,
            extension_dir: None,
        })?;
        self.launcher.launch(&plan)?;
        // Served until the browser took it or its time is over, while the sign-in goes on.
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            while !handoff.consumed() && started.elapsed() < handoff::TTL {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            drop(handoff);
        });
        Ok(())
    }
}

impl<L: ProcessLauncher + Sync> SignInPage for BrowserPage<'_, L> {
    fn open(&self, identity: &str, url: &str) -> bool {
        match self.launch(identity, url) {
            Ok(()) => {
                (self.tell)(&format!(
                    "Sign in to IAM Identity Center in the browser window that opened (identity `{identity}`); Rolehop continues once you allow access."
                ));
                true
            }
            Err(e) => {
                tracing::info!(identity, "cannot open the sign-in page: {e}");
                false
            }
        }
    }

    fn show_code(&self, identity: &str, url: &str, user_code: &str) {
        (self.tell)(&format!(
            "To sign in identity `{identity}` to IAM Identity Center, open {url} in any browser and confirm the code {user_code}."
        ));
        // Best effort: the page may open here too.
        let _ = self.launch(identity, url);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_marked_sign_in_profile_is_removed_and_ids_never_escape() {
        let data = tempfile::tempdir().unwrap();
        assert!(!remove_sign_in_profile(data.path(), "work").unwrap());
        let dir = sign_in_profile(data.path(), "work").unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        assert!(matches!(
            remove_sign_in_profile(data.path(), "work"),
            Err(BrowserError::NotOurs { .. })
        ));
        assert!(dir.exists(), "a folder without the mark stays");
        std::fs::write(dir.join(crate::browser::profile::MARKER), "{}").unwrap();
        assert!(remove_sign_in_profile(data.path(), "work").unwrap());
        assert!(!dir.exists());
        for bad in ["..", "", "a/b", "/etc"] {
            assert!(matches!(
                remove_sign_in_profile(data.path(), bad),
                Err(BrowserError::NotAnId { .. })
            ));
        }
    }
}
