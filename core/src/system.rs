//! The real seams wired together, once, for every front end: the CLI's subcommands, the tray,
//! the switcher and the windows all build their [`Engine`] and [`Browsers`] here. The OS
//! keychain, AWS STS, the HTTPS sign-in client, the role-limit file, the browsers found on this
//! machine and the process launcher are chosen in this one place; only the MFA prompt differs
//! per front end (a terminal, a fixed `--mfa-code`, the tray's window), so it is a parameter.
//! Tests wire fakes into [`Engine`] directly and never come through here.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::base::paths::Paths;
use crate::broker::limits::RoleLimits;
use crate::broker::{AwsSts, MfaPrompt};
use crate::browser::SystemLauncher;
use crate::browser::detect::{Found, HostView, Os, detect};
use crate::browser::launcher::running_as_root;
use crate::catalog::{Catalog, CatalogStore};
use crate::error::Error;
use crate::federation::HttpSigninClient;
use crate::launch::{Browsers, Engine};
use crate::sources::layers::{LayerDirs, Layered, load_layered_from};
use crate::vault::{OsKeychain, Vault};

/// How long an open waits for the browser to take the sign-in hand-off.
pub const HANDOFF_WAIT: Duration = Duration::from_secs(45);

/// Where this person's Rolehop lives: the directories and the catalog file in them.
pub struct Workspace {
    pub paths: Paths,
    pub store: CatalogStore,
}

impl Workspace {
    /// The directories from the environment (`ROLEHOP_CONFIG_DIR`, `ROLEHOP_DATA_DIR`) or the
    /// platform's defaults.
    /// The directories from the environment, refused unless they are this user's own
    /// ([`crate::base::trust`]).
    pub fn from_env() -> Result<Self, Error> {
        let ws = Self::from_env_unchecked()?;
        crate::base::trust::check_dir(&ws.paths.config_dir, crate::base::trust::DirKind::Config)?;
        crate::base::trust::check_dir(&ws.paths.data_dir, crate::base::trust::DirKind::Data)?;
        Ok(ws)
    }

    /// The directories without the ownership check: only for `rolehop doctor`, which reports
    /// what [`crate::base::trust::check_dir`] says instead of refusing.
    pub fn from_env_unchecked() -> Result<Self, Error> {
        let paths = Paths::from_env()?;
        let store = CatalogStore::from_paths(&paths);
        Ok(Self { paths, store })
    }

    /// What the person works with: the personal catalog with its team layers merged under it.
    pub fn catalog(&self) -> Result<Catalog, Error> {
        Ok(self.layered()?.catalog)
    }

    /// The merged catalog with the origin of every entry, layer problems and conflicts.
    pub fn layered(&self) -> Result<Layered, Error> {
        Ok(load_layered_from(&self.store, &LayerDirs::of(&self.paths))?)
    }

    /// Only the personal file (what edits and imports change).
    pub fn personal(&self) -> Result<Catalog, Error> {
        Ok(self.store.load()?)
    }

    /// What AWS told us about roles' maximum session durations.
    pub fn limits(&self) -> RoleLimits {
        RoleLimits::load(self.paths.role_limits_file())
    }
}

/// The real seams, owned, so a front end can lend them to the core's [`Engine`].
pub struct System<M: MfaPrompt> {
    pub catalog: Catalog,
    pub vault: Vault<OsKeychain>,
    pub sts: AwsSts,
    pub signin: HttpSigninClient,
    pub mfa: M,
    pub limits: RoleLimits,
}

impl<M: MfaPrompt> System<M> {
    /// The seams for `catalog` (the merged one, as [`Workspace::catalog`] loads it), asking
    /// for MFA codes through `mfa`.
    pub fn new(workspace: &Workspace, catalog: Catalog, mfa: M) -> Result<Self, Error> {
        // Another Rolehop process getting the same identity's session is waited for.
        crate::broker::gate::Gates::global().use_lock_dir(workspace.paths.data_dir.join("locks"));
        Ok(Self {
            catalog,
            vault: Vault::new(OsKeychain),
            sts: AwsSts::new(),
            signin: HttpSigninClient::new()?,
            mfa,
            limits: workspace.limits(),
        })
    }

    pub fn engine(&self) -> Engine<'_, OsKeychain, AwsSts, HttpSigninClient, M> {
        Engine {
            catalog: &self.catalog,
            vault: &self.vault,
            sts: &self.sts,
            signin: &self.signin,
            mfa: &self.mfa,
            limits: &self.limits,
        }
    }
}

/// The browsers installed on this machine.
pub fn found_browsers() -> Vec<Found> {
    detect(&HostView::current())
}

/// This machine's browser side: what is installed, and the real process launcher.
pub fn browsers<'a>(found: &'a [Found], data_dir: &'a Path) -> Browsers<'a, SystemLauncher> {
    Browsers {
        found,
        data_dir,
        os: Os::current(),
        is_root: running_as_root(),
        launcher: &SystemLauncher,
        handoff_wait: HANDOFF_WAIT,
        work_area: None,
        console_host: console_host(),
    }
}

/// The `rolehop` program next to this one (this one, when it is `rolehop`): what a console's
/// extension starts as its channel's host. `None` when there is none (a test binary).
pub fn console_host() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let name = format!("rolehop{}", std::env::consts::EXE_SUFFIX);
    if exe.file_name().is_some_and(|n| n == name.as_str()) {
        return Some(exe);
    }
    Some(exe.parent()?.join(&name)).filter(|p| p.is_file())
}

/// The launcher every front end starts browsers with.
pub static LAUNCHER: SystemLauncher = SystemLauncher;

/// Where this machine shows an IAM Identity Center sign-in page: `kind` (`--browser`), else
/// the catalog's default browser, else the first one found, in the identity's own Rolehop
/// profile; the built-in console window is a front end's, so its sign-in opens in the system
/// browser. `tell` says to the person what is going on.
pub fn sign_in_page<'a>(
    workspace: &Workspace,
    catalog: &Catalog,
    kind: Option<crate::browser::BrowserKind>,
    tell: Box<dyn Fn(&str) + Send + Sync + 'a>,
) -> Result<crate::sso::page::BrowserPage<'a, SystemLauncher>, Error> {
    use crate::browser::{BrowserError, BrowserKind};
    let found = found_browsers();
    let kind = match (kind, &catalog.browser) {
        (Some(kind), _) => kind,
        (None, Some(text)) => BrowserKind::parse(text).map_err(BrowserError::from)?,
        (None, None) => found
            .first()
            .map(|f| f.kind)
            .unwrap_or(BrowserKind::Default),
    };
    let kind = if kind == BrowserKind::Builtin {
        BrowserKind::Default
    } else {
        kind
    };
    let engine = kind.engine();
    let found_one = found.into_iter().find(|f| f.kind == engine);
    if found_one.is_none() && !matches!(kind, BrowserKind::Default | BrowserKind::Custom) {
        return Err(BrowserError::Missing {
            kind: kind.as_str().to_string(),
            found: String::new(),
        }
        .into());
    }
    Ok(crate::sso::page::BrowserPage {
        kind,
        found: found_one,
        custom_template: catalog.browser_command.clone(),
        data_dir: workspace.paths.data_dir.clone(),
        os: Os::current(),
        is_root: running_as_root(),
        launcher: &LAUNCHER,
        tell,
    })
}

/// Runs the async core on a single-threaded runtime: a front end's work is a few sequential
/// HTTPS calls, and the tray runs each on its own thread.
pub fn block_on<F: std::future::Future>(future: F) -> Result<F::Output, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    Ok(runtime.block_on(future))
}

/// After a change that may have edited the catalog (or a layer): drops cached role
/// credentials made for a shortcut that is gone or now means something else. Never fails the
/// caller: a keychain that cannot be reached now is checked again at the next open (where a
/// mismatch is a miss anyway).
pub fn follow_catalog() {
    let Ok(workspace) = Workspace::from_env() else {
        return;
    };
    let Ok(catalog) = workspace.catalog() else {
        return;
    };
    match crate::launch::sessions::follow_catalog(&Vault::new(OsKeychain), &catalog) {
        Ok(dropped) if !dropped.is_empty() => tracing::info!(
            "dropped cached credentials that no longer match their shortcut: {}",
            dropped.join(", ")
        ),
        Ok(_) => {}
        Err(e) => tracing::debug!("cannot check cached credentials against the catalog: {e}"),
    }
}
