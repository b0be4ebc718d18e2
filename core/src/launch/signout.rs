//! Signing a shortcut's console out: the partition's logout page in each of its profiles (the
//! browser each was made by, in the layout it is in), then its cached role credentials dropped.

use super::open::{Browsers, ConsoleBrowser};
use crate::base::browser_kind::ProfileLayout;
use crate::browser::mark::WindowMark;
use crate::browser::placement::{Area, placement};
use crate::browser::{BrowserKind, ProcessLauncher, profile};
use crate::catalog::Catalog;
use crate::catalog::resolve::resolve;
use crate::error::Error;
use crate::vault::{Keychain, Vault};

/// What `sign_out` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedOut {
    /// The browsers the logout page was opened in (one per profile the shortcut has).
    pub browsers: Vec<BrowserKind>,
    /// Profiles whose browser is no longer installed (their session ends with its cookies).
    pub skipped: Vec<BrowserKind>,
    /// Profiles whose logout page could not be opened, with why (the others still were, and
    /// the cached credentials were still dropped).
    pub failed: Vec<(BrowserKind, String)>,
    /// Cached role credentials were dropped.
    pub dropped_credentials: bool,
}

/// Ends a shortcut's console session: the partition's logout page in every profile the
/// shortcut has (a console may have been opened in a browser other than today's choice, or in
/// the other layout), then its cached role credentials are dropped. In a shared browser only
/// that profile signs out; the others stay signed in.
pub fn sign_out<K: Keychain, L: ProcessLauncher>(
    catalog: &Catalog,
    vault: &Vault<K>,
    shortcut_id: &str,
    browsers: &Browsers<'_, L>,
) -> Result<SignedOut, Error> {
    let shortcut = resolve(catalog, shortcut_id)?;
    let logout = crate::federation::signin::logout_url(shortcut.partition)?;
    let mark = WindowMark::of(&shortcut);
    let (mut opened, mut skipped, mut failed) = (Vec::new(), Vec::new(), Vec::new());
    for info in profile::list(browsers.data_dir)
        .into_iter()
        .filter(|p| p.shortcut == shortcut.id)
    {
        // The kind the profile was made for (its marker); a profile without one is skipped.
        let Some(kind) = info
            .kind
            .as_deref()
            .and_then(|k| BrowserKind::parse(k).ok())
        else {
            continue;
        };
        let found = browsers.found.iter().find(|f| f.kind == kind.engine());
        if found.is_none() && kind != BrowserKind::Custom {
            skipped.push(kind);
            continue;
        }
        let layout = if info.shared {
            ProfileLayout::Shared
        } else {
            ProfileLayout::Separate
        };
        // One profile that cannot be signed out does not keep the others signed in.
        let page = LogoutPage {
            catalog,
            shortcut_id: &shortcut.id,
            mark: &mark,
            url: &logout,
        };
        match page.open_in(browsers, kind, found, layout) {
            Ok(()) => opened.push(kind),
            Err(e) => failed.push((kind, e.to_string())),
        }
    }
    let dropped_credentials = vault.drop_role(&shortcut.id)?;
    if !opened.is_empty() || dropped_credentials {
        crate::live::journal::record(
            browsers.data_dir,
            &crate::live::journal::Entry::of(
                &shortcut,
                crate::live::journal::Event::SignedOut,
                crate::base::credentials::now_unix(),
            ),
        );
    }
    Ok(SignedOut {
        browsers: opened,
        skipped,
        failed,
        dropped_credentials,
    })
}

/// A shortcut's logout page, to open in each of its profiles.
struct LogoutPage<'a> {
    catalog: &'a Catalog,
    shortcut_id: &'a str,
    mark: &'a WindowMark,
    url: &'a str,
}

impl LogoutPage<'_> {
    /// Opens it in the shortcut's profile of `kind` in `layout`.
    fn open_in<L: ProcessLauncher>(
        &self,
        browsers: &Browsers<'_, L>,
        kind: BrowserKind,
        found: Option<&crate::browser::detect::Found>,
        layout: ProfileLayout,
    ) -> Result<(), Error> {
        let place = profile::place(browsers.data_dir, self.shortcut_id, kind, layout)?;
        // The same arguments as an open's (the mark and guard extension, the title, the
        // colour): this may be the start of the browser later consoles open in.
        let launch = ConsoleBrowser {
            catalog: self.catalog,
            shortcut_id: self.shortcut_id,
            mark: self.mark,
            kind,
            found,
            place: &place,
            new_window: false,
            position: placement(
                profile::open_count(browsers.data_dir),
                browsers.work_area.unwrap_or(Area::ASSUMED),
            ),
        }
        .plan(self.url, browsers)?;
        browsers.launcher.launch(&launch)?;
        Ok(())
    }
}
