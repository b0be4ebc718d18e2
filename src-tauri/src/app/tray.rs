//! Renders the core's menu model into the tray menu, with ids that parse back into
//! `MenuItemId` (never matched by display text). After the first build, a change (an edit of
//! the catalog, an open, a session ending) is applied to the menu on screen with the core's
//! edit script (`menu::patch`): only the items that changed are built, removed or renamed;
//! the menu is built whole again only if a step does not fit what is on screen.

use rolehop_core::base::credentials::now_unix;
use rolehop_core::base::paths::Paths;
use rolehop_core::base::usage::Usage;
use rolehop_core::catalog::Catalog;
use rolehop_core::menu::patch;
use rolehop_core::menu::{self, MenuInput, MenuItemId, MenuNode};
use rolehop_core::vault::{OsKeychain, Vault};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};

use tauri::image::Image;
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};

pub use super::tray_render::Shown;
use super::tray_render::{Level, apply, render};

pub const TRAY_ID: &str = "rolehop";

/// The menu model for the current catalog, usage and sessions.
pub fn model(state: &TrayState, read: Option<Catalog>) -> Vec<MenuNode> {
    let Ok(paths) = Paths::from_env() else {
        return vec![
            MenuNode::Label("Rolehop cannot find its config directory".into()),
            quit(),
        ];
    };
    let loaded = match read {
        Some(catalog) => Ok(catalog),
        None => rolehop_core::sources::layers::load_layered(&paths).map(|l| l.catalog),
    };
    let catalog = match loaded {
        Ok(catalog) => catalog,
        Err(e) => {
            tracing::error!("{e}");
            let first = e.to_string().lines().next().unwrap_or_default().to_string();
            return vec![
                MenuNode::Label(format!("Catalog error: {first}")),
                MenuNode::Separator,
                quit(),
            ];
        }
    };
    let usage = Usage::load(&paths.data_dir);
    let now = now_unix();
    let vault = Vault::new(OsKeychain);
    // One pass over the cached credentials: drops those made for an old definition (this is
    // also what keeps the keychain in step with edits made while the app runs: Settings, the
    // CLI, a layer refresh) and lists the sessions left.
    // The consoles live in Rolehop's browser (their extension's channel), and since when.
    let live: std::collections::HashMap<String, i64> =
        rolehop_core::live::registry::list(&paths.data_dir)
            .into_iter()
            .map(|l| (l.shortcut, l.since))
            .collect();
    let sessions: Vec<_> = rolehop_core::launch::sessions::reconcile(&vault, &catalog, now)
        .map(|(_, active)| active)
        .unwrap_or_else(|e| {
            tracing::debug!("cannot check cached credentials against the catalog: {e}");
            Vec::new()
        })
        // Consoles that were opened (not credentials cached for a tool or a chain's parent).
        .into_iter()
        .filter(|s| {
            usage
                .last_used(&s.shortcut)
                .is_some_and(|at| now - at < SESSION_LOOKBACK_SECS)
        })
        .map(|mut s| {
            s.live_since = live.get(&s.shortcut).copied();
            s
        })
        .collect();
    let settings = rolehop_core::live::settings::LiveSettings::load(&paths.data_dir);
    state
        .renews_in_place
        .store(settings.renew_in_place, Ordering::Relaxed);
    let today = settings.journal.then(|| {
        let since =
            rolehop_core::live::journal::parse_since("today", chrono::Local::now()).unwrap_or(now);
        let entries = rolehop_core::live::journal::read(&paths.data_dir).unwrap_or_default();
        rolehop_core::live::journal::totals(&rolehop_core::live::journal::select(
            &entries,
            &rolehop_core::live::journal::Query {
                since,
                client: None,
            },
        ))
    });
    let next = sessions
        .iter()
        .flat_map(|s| [s.expires_at, s.expires_at - WARN_BEFORE_SECS])
        .filter(|at| *at > now)
        .min()
        .unwrap_or(0);
    state.next_expiry.store(next, Ordering::Relaxed);
    *state.sessions.lock().unwrap_or_else(|p| p.into_inner()) = sessions
        .iter()
        .map(|s| {
            (
                s.clone(),
                rolehop_core::browser::mark::display_name(&catalog, &s.shortcut),
            )
        })
        .collect();
    let hotkey = super::prefs::Prefs::load(&paths.config_dir).hotkey;
    menu::build(&MenuInput {
        catalog: &catalog,
        limits: menu::MenuLimits::DEFAULT,
        usage: &usage,
        sessions: &sessions,
        now,
        switcher_hotkey: &hotkey,
        recent_limit: 8,
        fixed_first: menu::fixed_first(),
        today: today.as_deref(),
    })
}

/// Consoles opened within this long count as open (a console lasts at most 12 hours).
const SESSION_LOOKBACK_SECS: i64 = 12 * 3600;

/// The shortcuts "Active sessions" lists now.
pub fn listed_sessions<R: Runtime>(app: &AppHandle<R>) -> Vec<String> {
    app.state::<TrayState>()
        .sessions
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .iter()
        .map(|(s, _)| s.shortcut.clone())
        .collect()
}

/// What the tray remembers between rebuilds (Tauri-managed state, one per app).
#[derive(Default)]
pub struct TrayState {
    /// The next moment the menu must change (a session ends, or is about to and is offered
    /// for renewal): unix seconds, 0 for none; set by [`model`].
    next_expiry: AtomicI64,
    /// The active sessions the menu lists, with their display names.
    sessions: Mutex<Vec<(menu::ActiveSession, String)>>,
    /// Sessions already offered for renewal (shortcut, end), so each is offered once.
    warned: Mutex<Vec<(String, i64)>>,
    /// Bumped by every rebuild, so only the newest expiry timer acts.
    generation: AtomicU64,
    /// Bumped by every rebuild request, so only the newest model is shown (models are made
    /// off the main thread and may arrive out of order).
    wanted: AtomicU64,
    /// One model at a time (each reconciles cached credentials with the catalog).
    making: Mutex<()>,
    /// Live consoles renew themselves in their tab (`LiveSettings::renew_in_place`): the
    /// tray then offers no Renew for them (their page says so if a renewal cannot be done).
    renews_in_place: AtomicBool,
}
/// How long before a console session ends Rolehop offers to renew it.
const WARN_BEFORE_SECS: i64 = 5 * 60;

/// Offers to renew each session that ends within [`WARN_BEFORE_SECS`] (once per session).
fn offer_renewals<R: Runtime>(app: &AppHandle<R>) {
    let now = now_unix();
    let state = app.state::<TrayState>();
    let sessions = state
        .sessions
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let mut warned = state.warned.lock().unwrap_or_else(|p| p.into_inner());
    warned.retain(|(_, end)| *end > now);
    let renews_in_place = state.renews_in_place.load(Ordering::Relaxed);
    for (session, name) in sessions {
        if renews_in_place && session.live_since.is_some() {
            continue;
        }
        let left = session.expires_at - now;
        let key = (session.shortcut.clone(), session.expires_at);
        if left > 0 && left <= WARN_BEFORE_SECS + 1 && !warned.contains(&key) {
            warned.push(key);
            super::notice::warning(
                app,
                &format!(
                    "{name}: the console session ends in {}",
                    menu::time_left(left).trim_end_matches(" left")
                ),
                "Renew signs the same window in again with fresh credentials (in daily mode without an MFA code while today's session lasts).",
                Some(session.shortcut.clone()),
            );
        }
    }
}
/// Rebuilds the menu once, when the first active session it lists expires, so "Active
/// sessions" never shows an expired one. One sleeping thread, not a periodic timer: the idle
/// app has no periodic wakeups.
fn schedule_expiry_rebuild<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<TrayState>();
    let generation = state.generation.fetch_add(1, Ordering::Relaxed) + 1;
    // A session already inside the warning time (the app just started) is offered now.
    offer_renewals(app);
    let at = state.next_expiry.load(Ordering::Relaxed);
    if at == 0 {
        return;
    }
    let wait = u64::try_from(at - now_unix()).unwrap_or(0) + 1;
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(wait));
        if app.state::<TrayState>().generation.load(Ordering::Relaxed) == generation {
            offer_renewals(&app);
            let handle = app.clone();
            let _ = app.run_on_main_thread(move || rebuild(&handle));
        }
    });
}

fn quit() -> MenuNode {
    MenuNode::Item {
        id: MenuItemId::Quit,
        text: "Quit".into(),
        accelerator: None,
        color: None,
    }
}

/// A client's dot icon.
/// What the menu shows until the catalog is read (a moment after start).
fn placeholder() -> Vec<MenuNode> {
    vec![
        MenuNode::Label("Loading shortcuts…".into()),
        MenuNode::Separator,
        quit(),
    ]
}

/// Creates the tray icon; `on_item` acts on a clicked item's id (the tray only renders, the
/// caller decides what an item does). The icon is registered with a placeholder menu and the
/// catalog is read off the main thread: reading, validating and checking cached credentials
/// against a large catalog takes tens of milliseconds the icon does not wait for.
pub fn create<R: Runtime>(
    app: &AppHandle<R>,
    on_item: fn(&AppHandle<R>, &str),
) -> tauri::Result<()> {
    let model = placeholder();
    let menu = render(app, &model)?;
    let icon = Image::from_bytes(include_bytes!("../../../icons/tray.png"))?;
    TrayIconBuilder::with_id(TRAY_ID)
        .icon(icon)
        .tooltip("Rolehop")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(move |app, event| on_item(app, event.id().as_ref()))
        .build(app)?;
    *app.state::<Shown<R>>()
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = Some((menu, model));
    rebuild(app);
    Ok(())
}

/// Brings the tray menu up to date (after a catalog change, an open, a sign-out): the model
/// is made on a thread of its own, then applied to the menu on screen on the main thread.
pub fn rebuild<R: Runtime>(app: &AppHandle<R>) {
    rebuild_from(app, None);
}

/// How many rebuilds were asked for so far: a caller that read the catalog notes it, and
/// hands its catalog to [`rebuild_from`] only if no rebuild was asked for since (the watcher
/// asks for one on every change of the catalog's files).
pub fn rebuilds_asked<R: Runtime>(app: &AppHandle<R>) -> u64 {
    app.state::<TrayState>().wanted.load(Ordering::Relaxed)
}

/// [`rebuild`] from a catalog its caller read already (an open's click): not read again.
pub fn rebuild_from<R: Runtime>(app: &AppHandle<R>, read: Option<Catalog>) {
    let wanted = app
        .state::<TrayState>()
        .wanted
        .fetch_add(1, Ordering::Relaxed)
        + 1;
    let app = app.clone();
    std::thread::spawn(move || {
        let new = {
            let state = app.state::<TrayState>();
            let _one = state.making.lock().unwrap_or_else(|p| p.into_inner());
            // A newer request came while this one waited: it will make the model.
            if state.wanted.load(Ordering::Relaxed) != wanted {
                return;
            }
            model(&state, read)
        };
        let handle = app.clone();
        let _ = app.run_on_main_thread(move || {
            if handle.state::<TrayState>().wanted.load(Ordering::Relaxed) == wanted {
                show(&handle, new);
            }
        });
    });
}

/// Shows a model: applied to the menu on screen; built whole only when a step does not fit.
fn show<R: Runtime>(app: &AppHandle<R>, new: Vec<MenuNode>) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let shown = app.state::<Shown<R>>();
    let mut shown = shown.0.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((menu, old)) = shown.as_mut() {
        let ops = patch::diff(old, &new);
        tracing::debug!(steps = ops.len(), "updating the tray menu");
        match apply(app, &Level::Top(menu), &ops) {
            Ok(()) => {
                *old = new;
                drop(shown);
                schedule_expiry_rebuild(app);
                return;
            }
            Err(e) => tracing::warn!("building the tray menu again: {e}"),
        }
    }
    match render(app, &new) {
        Ok(menu) => {
            if let Err(e) = tray.set_menu(Some(menu.clone())) {
                tracing::error!("cannot update the tray menu: {e}");
            }
            *shown = Some((menu, new));
            drop(shown);
            schedule_expiry_rebuild(app);
        }
        Err(e) => tracing::error!("cannot build the tray menu: {e}"),
    }
}
