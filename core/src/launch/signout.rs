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
    let dir = profile::profile_dir(browsers.data_dir, &shortcut.id)?;
    let mut browser = None;
    if dir.exists() {
        let (kind, installed) = choose_browser(catalog, &shortcut.id, None, browsers.found)?;
        let logout = crate::federation::signin::logout_url(shortcut.partition)?;
        let dir_text = dir.display().to_string();
        let mark = WindowMark::of(&shortcut);
        let launch = plan::plan(&PlanInput {
            kind,
            found: installed,
            profile_dir: &dir_text,
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
    }
    let dropped_credentials = vault.drop_role(&shortcut.id)?;
    Ok(SignedOut {
        browser,
        dropped_credentials,
    })
}
