//! Opening consoles: choosing each shortcut's browser, handing the sign-in to it through a
//! private hand-off, and what a front end with windows adds (the built-in console window and
//! the clipboard, behind [`ConsoleHost`]). Used by `rolehop open`, the tray and the switcher.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Engine, SigninUrl};
use crate::base::credentials::now_unix;
use crate::base::secret::Secret;
use crate::broker::{Broker, MfaPrompt, Sts};
use crate::browser::detect::{Found, Os};
use crate::browser::handoff::{self, Handoff};
use crate::browser::mark::WindowMark;
use crate::browser::placement::{Area, Placement, placement};
use crate::browser::plan::{self, PlanInput};
use crate::browser::{BrowserError, BrowserKind, ProcessLauncher, profile};
use crate::catalog::Catalog;
use crate::catalog::resolve::ResolvedShortcut;
use crate::error::Error;
use crate::federation::SigninClient;
use crate::link::target::{Resolved, Target};
use crate::live::journal;
use crate::vault::Keychain;

/// How a front end asked to open a console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenAs {
    /// In the browser the shortcut is set to (which may be the built-in window).
    Browser,
    /// In the front end's built-in console window.
    Builtin,
    /// As a sign-in link on the clipboard.
    CopyLink,
}

/// Where a console goes when the flow starts no browser itself: a front end's built-in console
/// window, and its clipboard. Only a front end with windows has one (the tray); errors it
/// returns are reported like the flow's own.
pub trait ConsoleHost {
    /// Shows the sign-in in the built-in console window.
    fn show(&self, signin: SigninUrl) -> Result<(), Error>;
    /// Puts the sign-in link on the clipboard (and says so).
    fn copy(&self, signin: SigninUrl) -> Result<(), Error>;
}

/// How to open a console in a browser.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// `--browser`: overrides the shortcut's, client's and catalog's choice.
    pub browser: Option<BrowserKind>,
    pub new_window: bool,
}

/// The browser side of the machine: what is installed and how to start it.
pub struct Browsers<'a, L: ProcessLauncher> {
    pub found: &'a [Found],
    pub data_dir: &'a Path,
    pub os: Os,
    pub is_root: bool,
    pub launcher: &'a L,
    /// How long to wait for the browser to take the hand-off.
    pub handoff_wait: Duration,
    /// The work area of the screen new console windows open on (the tray knows it; `None`:
    /// [`Area::ASSUMED`]).
    pub work_area: Option<Area>,
    /// The `rolehop` program a Chromium-family console's extension starts as its channel's
    /// host ([`crate::browser::channel`]); `None`: no channel (consoles still open).
    pub console_host: Option<PathBuf>,
}

/// A console that was opened.
#[derive(Debug)]
pub struct Opened {
    pub shortcut: ResolvedShortcut,
    pub kind: BrowserKind,
    pub program: String,
    pub profile: Option<PathBuf>,
    pub created_profile: bool,
    pub notices: Vec<String>,
    /// When the browser process was being started (for timing).
    pub launched_at: std::time::Instant,
    /// The console was live: its window and tab were brought forward, no sign-in was made.
    pub focused: bool,
}

/// The browser a shortcut opens in: `--browser`, else the shortcut's, the client's, the
/// catalog's, else the first one found. Returns the installed browser it runs on, if needed.
pub fn choose_browser<'f>(
    catalog: &Catalog,
    shortcut_id: &str,
    override_kind: Option<BrowserKind>,
    found: &'f [Found],
) -> Result<(BrowserKind, Option<&'f Found>), Error> {
    let shortcut = catalog.shortcut(shortcut_id);
    let configured = shortcut
        .and_then(|s| s.browser.clone())
        .or_else(|| {
            shortcut
                .and_then(|s| catalog.client(&s.client))
                .and_then(|c| c.browser.clone())
        })
        .or_else(|| catalog.browser.clone());
    let kind = match (override_kind, configured) {
        (Some(kind), _) => kind,
        (None, Some(text)) => BrowserKind::parse(&text).map_err(BrowserError::from)?,
        (None, None) => found
            .first()
            .map(|f| f.kind)
            .ok_or(BrowserError::NoneFound)?,
    };
    if kind == BrowserKind::Custom && catalog.browser_command.is_none() {
        return Err(BrowserError::NoCustomCommand.into());
    }
    if matches!(
        kind,
        BrowserKind::Custom | BrowserKind::Default | BrowserKind::Builtin
    ) {
        return Ok((kind, None));
    }
    let engine = kind.engine();
    match found.iter().find(|f| f.kind == engine) {
        Some(f) => Ok((kind, Some(f))),
        None => Err(BrowserError::Missing {
            kind: kind.as_str().to_string(),
            found: if found.is_empty() {
                " (no supported browser was found at all)".to_string()
            } else {
                format!(
                    " (found: {})",
                    found
                        .iter()
                        .map(|f| f.kind.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
        }
        .into()),
    }
}

impl<K: Keychain, S: Sts, C: SigninClient, M: MfaPrompt> Engine<'_, K, S, C, M> {
    /// Opens the console of each shortcut in its own browser profile, in parallel, sharing one
    /// broker so that `daily` shortcuts of one identity ask for MFA at most once.
    pub async fn open_many<L: ProcessLauncher>(
        &self,
        targets: &[Target],
        options: &OpenOptions,
        browsers: &Browsers<'_, L>,
    ) -> Vec<Result<Opened, Error>> {
        let broker = self.broker();
        let opens = targets
            .iter()
            .map(|target| self.open_with(&broker, target, options, browsers));
        let mut results = futures_util::future::join_all(opens).await;
        // Notices are shared by the broker; give them to the first success.
        let notices = broker.take_notices();
        if let Some(Ok(first)) = results.iter_mut().find(|r| r.is_ok()) {
            first.notices.extend(notices);
        }
        results
    }

    /// Opens one console (landing where `target` says) the way a front end asked: in the
    /// browser its shortcut is set to (or the built-in window, when that is its choice), in
    /// the built-in window, or as a copied sign-in link. `target` was resolved by the front
    /// end from the catalog it read ([`Target::resolve`]); the browser is chosen once, here; `host` is the
    /// front end's window and clipboard. Returns what the person should know.
    pub async fn open_as<L: ProcessLauncher, H: ConsoleHost>(
        &self,
        target: &Resolved,
        how: OpenAs,
        browsers: &Browsers<'_, L>,
        host: &H,
    ) -> Result<Vec<String>, Error> {
        let shortcut = target.shortcut.clone();
        let broker = self.broker();
        let kind = match how {
            OpenAs::CopyLink => None,
            OpenAs::Builtin => Some((BrowserKind::Builtin, None)),
            OpenAs::Browser => Some(choose_browser(
                self.catalog,
                &shortcut.id,
                None,
                browsers.found,
            )?),
        };
        let mut notices = match kind {
            Some((BrowserKind::Builtin, _)) | None => {
                let signin = self.signin_with(&broker, &shortcut).await?;
                crate::base::usage::Usage::record(browsers.data_dir, &shortcut.id, now_unix());
                if kind.is_some() {
                    journal::record(
                        browsers.data_dir,
                        &journal::Entry::of(&shortcut, journal::Event::Opened, now_unix()),
                    );
                    host.show(signin)?;
                } else {
                    host.copy(signin)?;
                }
                Vec::new()
            }
            Some((kind, found)) => {
                // The landing is in `shortcut` already.
                let options = OpenOptions::default();
                self.open_chosen(
                    &broker,
                    shortcut,
                    kind,
                    found,
                    &options,
                    browsers,
                    target.asked_page(),
                )
                .await?
                .notices
            }
        };
        notices.extend(broker.take_notices());
        Ok(notices)
    }

    async fn open_with<L: ProcessLauncher>(
        &self,
        broker: &Broker<'_, K, S, M>,
        target: &Target,
        options: &OpenOptions,
        browsers: &Browsers<'_, L>,
    ) -> Result<Opened, Error> {
        let resolved = target.resolve(self.catalog)?;
        let asked_page = resolved.asked_page();
        let shortcut = resolved.shortcut;
        // Everything that can fail without AWS is checked before an MFA code is spent.
        let (kind, found) =
            choose_browser(self.catalog, &shortcut.id, options.browser, browsers.found)?;
        if kind == BrowserKind::Builtin {
            // Only the tray app can show a window (through `open_as` and its console host).
            return Err(BrowserError::BuiltinNeedsApp {
                shortcut: shortcut.id.clone(),
            }
            .into());
        }
        self.open_chosen(broker, shortcut, kind, found, options, browsers, asked_page)
            .await
    }

    /// Opens a resolved shortcut in the browser chosen for it; `asked_page`: a link asked for
    /// a page of its own.
    #[allow(clippy::too_many_arguments)]
    async fn open_chosen<L: ProcessLauncher>(
        &self,
        broker: &Broker<'_, K, S, M>,
        shortcut: ResolvedShortcut,
        kind: BrowserKind,
        found: Option<&Found>,
        options: &OpenOptions,
        browsers: &Browsers<'_, L>,
        asked_page: bool,
    ) -> Result<Opened, Error> {
        let layout = self.catalog.profile_layout.unwrap_or_default();
        let place = profile::place(browsers.data_dir, &shortcut.id, kind, layout)?;
        let isolated = kind.is_isolated() && kind != BrowserKind::FirefoxContainer;
        // A console already open, and signed in for a while yet, is brought forward instead
        // of signing in again in a new tab (a link's own page still opens as asked).
        if isolated
            && kind.is_chromium_family()
            && !asked_page
            && !options.new_window
            && self.signed_in_for(&shortcut.id) > LIVE_ENOUGH_SECS
            && crate::live::registry::focus(browsers.data_dir, &shortcut.id)
        {
            crate::base::usage::Usage::record(browsers.data_dir, &shortcut.id, now_unix());
            return Ok(Opened {
                shortcut,
                kind,
                program: String::new(),
                profile: Some(place.dir),
                created_profile: false,
                notices: Vec::new(),
                launched_at: std::time::Instant::now(),
                focused: true,
            });
        }
        let signin = self.signin_with(broker, &shortcut).await?;
        let mark = WindowMark::of(&shortcut);
        // A new window opens off the ones already open, and off those this process is
        // starting right now (`rolehop open a b`, quick clicks): their browsers have not made
        // their profile locks yet.
        let starting = Starting::enter(browsers.data_dir);
        let position = placement(
            profile::open_count(browsers.data_dir) + starting.before,
            browsers.work_area.unwrap_or(Area::ASSUMED),
        );
        let created_profile = if isolated {
            profile::prepare_place(
                &place,
                &shortcut.id,
                &mark,
                kind,
                now_unix(),
                position,
                url::Url::parse(signin.url.expose())
                    .ok()
                    .map(|u| u.origin().ascii_serialization())
                    .as_deref(),
            )?
        } else {
            false
        };
        if isolated
            && kind.is_chromium_family()
            && let Some(host) = &browsers.console_host
        {
            // The channel is a convenience: a console opens without it.
            if let Err(e) =
                profile::write_host_manifest(browsers.data_dir, &place.user_data_dir, kind, host)
            {
                tracing::warn!("{}: no channel to the console: {e}", shortcut.id);
            }
        }
        let cleanup = |e: Error| {
            if created_profile {
                let _ = profile::remove_place(&place);
            }
            e
        };
        // The hand-off page goes where only this user can read it: the shortcut's profile
        // (which a sandboxed browser may read), or Rolehop's own hand-off folder.
        let page_dir = if isolated {
            place.dir.clone()
        } else {
            browsers.data_dir.join("handoff")
        };
        let handoff =
            Handoff::serve(signin.url, handoff::TTL, &page_dir).map_err(|e| cleanup(e.into()))?;
        let handoff_url: Secret = if kind == BrowserKind::FirefoxContainer {
            handoff.loopback_url().clone()
        } else if kind.is_chromium_family() && isolated {
            // The page-mark script learns this profile's shortcut (and, in a shared browser,
            // its mark) from the hand-off page's fragment (not a secret: it is the window
            // title and the shortcut's id).
            Secret::new(format!(
                "{}{}",
                handoff.url().expose(),
                crate::browser::mark::mark_fragment(&mark, &shortcut.id)
            ))
        } else {
            handoff.url().clone()
        };
        let plan = ConsoleBrowser {
            catalog: self.catalog,
            shortcut_id: &shortcut.id,
            mark: &mark,
            kind,
            found,
            place: &place,
            new_window: options.new_window,
            position,
        }
        .plan(handoff_url.expose(), browsers)
        .map_err(|e| cleanup(e.into()))?;
        if plan.args.iter().any(|a| a == "--no-sandbox") {
            tracing::info!(
                "running as root: added --no-sandbox, without which Chromium refuses to start"
            );
        }
        tracing::debug!(shortcut = %shortcut.id, program = %plan.program, kind = %kind, "starting the browser");
        // The program's own part ends here; what follows is the browser starting.
        let launched_at = std::time::Instant::now();
        // Watched until the browser takes the hand-off or exits: a failing browser is named
        // as such on a busy machine too.
        browsers
            .launcher
            .launch_watched(&plan, &|| handoff.consumed(), browsers.handoff_wait)
            .map_err(|e| cleanup(e.into()))?;
        if !handoff.wait(browsers.handoff_wait).await {
            return Err(cleanup(
                BrowserError::HandoffTimeout {
                    program: plan.program.clone(),
                    secs: browsers.handoff_wait.as_secs(),
                }
                .into(),
            ));
        }
        crate::base::usage::Usage::record(browsers.data_dir, &shortcut.id, now_unix());
        journal::record(
            browsers.data_dir,
            &journal::Entry::of(&shortcut, journal::Event::Opened, now_unix()),
        );
        // A live console of this shortcut now has new credentials: its renewal follows them.
        if isolated && kind.is_chromium_family() {
            let _ = crate::live::registry::ask(browsers.data_dir, &shortcut.id, "signed-in");
        }
        let mut notices = signin.notices;
        if !kind.is_isolated() {
            notices.push(format!(
                "{}: opened in the system default browser, which is not isolated: it holds one AWS console session at a time",
                shortcut.id
            ));
        }
        Ok(Opened {
            shortcut,
            kind,
            program: plan.program,
            profile: isolated.then_some(place.dir),
            created_profile,
            notices,
            launched_at,
            focused: false,
        })
    }

    /// Seconds left of `shortcut`'s cached console credentials (made for its current
    /// definition); 0 when there are none.
    fn signed_in_for(&self, shortcut: &str) -> i64 {
        crate::launch::sessions::ends_at(self.vault, self.catalog, shortcut)
            .map_or(0, |end| end - now_unix())
    }
}

/// A live console is brought forward only while its sign-in lasts this much longer; closer to
/// the end an open signs in again (the tab reuse then renews the console's own tab).
const LIVE_ENOUGH_SECS: i64 = 60;

/// Browser launches under way in this process, per data directory, so that opens started
/// together get distinct window places.
static STARTING: std::sync::Mutex<Vec<(PathBuf, usize)>> = std::sync::Mutex::new(Vec::new());

/// One launch under way, counted in [`STARTING`] until dropped.
struct Starting {
    data_dir: PathBuf,
    /// How many were under way before this one.
    before: usize,
}

impl Starting {
    fn enter(data_dir: &Path) -> Self {
        let mut all = STARTING.lock().unwrap_or_else(|p| p.into_inner());
        let before = match all.iter_mut().find(|(d, _)| d == data_dir) {
            Some((_, n)) => {
                *n += 1;
                *n - 1
            }
            None => {
                all.push((data_dir.to_path_buf(), 1));
                0
            }
        };
        Self {
            data_dir: data_dir.to_path_buf(),
            before,
        }
    }
}

impl Drop for Starting {
    fn drop(&mut self) {
        let mut all = STARTING.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, n)) = all.iter_mut().find(|(d, _)| *d == self.data_dir) {
            *n = n.saturating_sub(1);
        }
        all.retain(|(_, n)| *n > 0);
    }
}

/// The browser of one shortcut's console, as every start of it gets it: an open, a sign-out,
/// whatever starts it next. One function builds the arguments, so the shared Chromium started
/// by `rolehop signout` carries the page-mark and sign-in cache-guard extension, the window
/// title and the colour exactly as one started by an open (it did not, and consoles opened in
/// it later had no mark and no guard).
pub(crate) struct ConsoleBrowser<'a> {
    pub catalog: &'a Catalog,
    pub shortcut_id: &'a str,
    pub mark: &'a WindowMark,
    pub kind: BrowserKind,
    pub found: Option<&'a Found>,
    pub place: &'a profile::ProfilePlace,
    pub new_window: bool,
    /// Where a window with no place of its own opens.
    pub position: Placement,
}

impl ConsoleBrowser<'_> {
    /// The command that starts (or reaches) this browser on `url`.
    pub(crate) fn plan<L: ProcessLauncher>(
        &self,
        url: &str,
        browsers: &Browsers<'_, L>,
    ) -> Result<plan::LaunchPlan, crate::browser::BrowserError> {
        let profile_text = self.place.user_data_dir.display().to_string();
        let extension = self.place.user_data_dir.join(profile::CHROMIUM_MARK_DIR);
        let extension_text = extension.display().to_string();
        let chromium = self.kind.is_chromium_family();
        plan::plan(&PlanInput {
            kind: self.kind,
            found: self.found,
            profile_dir: &profile_text,
            profile_directory: self.place.profile_directory.as_deref(),
            url,
            os: browsers.os,
            is_root: browsers.is_root,
            new_window: self.new_window,
            shortcut_id: self.shortcut_id,
            title: &self.mark.name,
            color: Some(&self.mark.color),
            custom_template: self.catalog.browser_command.as_deref(),
            window_title: chromium.then_some(self.mark.title.as_str()),
            position: chromium.then_some(self.position.position()),
            size: chromium.then_some((self.position.width, self.position.height)),
            extension_dir: (chromium && extension.is_dir()).then_some(extension_text.as_str()),
        })
    }
}
