//! Signing a shortcut's console out: the partition's logout page in its own profile, then its
//! cached role credentials dropped.

use super::open::{Browsers, choose_browser};
use crate::browser::mark::WindowMark;
use crate::browser::plan::{self, PlanInput};
use crate::browser::{BrowserKind, ProcessLauncher, profile};
use crate::catalog::Catalog;
use crate::catalog::resolve::resolve;
use crate::error::Error;
use crate::vault::{Keychain, Vault};

/// What `sign_out` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedOut {
    /// The logout page was opened in the shortcut's profile.
    pub browser: Option<BrowserKind>,
    /// Cached role credentials were dropped.
    pub dropped_credentials: bool,
}

/// Ends a shortcut's console session: the partition's logout page in that shortcut's profile
/// (when it has one), then its cached role credentials are dropped.
pub fn sign_out<K: Keychain, L: ProcessLauncher>(
    catalog: &Catalog,
    vault: &Vault<K>,
    shortcut_id: &str,
    browsers: &Browsers<'_, L>,
) -> Result<SignedOut, Error> {
    let shortcut = resolve(catalog, shortcut_id)?;
    // The id is checked (it becomes a path) whatever browser it opens in.
    profile::profile_dir(browsers.data_dir, &shortcut.id)?;
    let mut browser = None;
    let chosen = choose_browser(catalog, &shortcut.id, None, browsers.found);
    let layout = catalog.profile_layout.unwrap_or_default();
    let place = match &chosen {
        Ok((kind, _)) => Some(profile::place(
            browsers.data_dir,
            &shortcut.id,
            *kind,
            layout,
        )?),
        Err(_) => None,
    };
    // With no profile there is no console session to end (and no browser needed for it).
    let has_profile = match &place {
        Some(p) => p.dir.exists(),
        None => profile::list(browsers.data_dir)
            .iter()
            .any(|p| p.shortcut == shortcut.id),
    };
    if let (true, Some(place)) = (has_profile, &place) {
        let (kind, installed) = chosen?;
        let logout = crate::federation::signin::logout_url(shortcut.partition)?;
        let dir_text = place.user_data_dir.display().to_string();
        let mark = WindowMark::of(&shortcut);
        let launch = plan::plan(&PlanInput {
            kind,
            found: installed,
            profile_dir: &dir_text,
            // In the shared browser: that profile only, the others stay signed in.
            profile_directory: place.profile_directory.as_deref(),
            url: &logout,
            os: browsers.os,
            is_root: browsers.is_root,
            new_window: false,
            shortcut_id: &shortcut.id,
            title: &mark.name,
            color: None,
            custom_template: catalog.browser_command.as_deref(),
            window_title: None,
            position: None,
            extension_dir: None,
        })?;
        browsers.launcher.launch(&launch)?;
        browser = Some(kind);
    } else if has_profile {
        chosen?;
    }
    let dropped_credentials = vault.drop_role(&shortcut.id)?;
    Ok(SignedOut {
        browser,
        dropped_credentials,
    })
}
