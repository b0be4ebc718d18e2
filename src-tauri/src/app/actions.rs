//! What a tray click or a switcher Enter does. Opening and signing out run on a background
//! thread through the same core flow as the CLI (`core::launch`), so the tray never blocks; the
//! MFA window appears only when the flow asks for a code; failures become desktop
//! notifications with the reason and the fix.

use rolehop_core::ErrorKind;
use rolehop_core::browser::mark::WindowMark;
use rolehop_core::catalog::Catalog;
use rolehop_core::launch::{ConsoleHost, OpenAs, SigninUrl, sign_out};
use rolehop_core::link::target::{Named, Resolved, Target};
use rolehop_core::menu::{MenuItemId, Place};
use rolehop_core::vault::{OsKeychain, Vault};
use tauri::{AppHandle, Manager, Runtime};

use super::console;
use super::ipc::{IpcError, IpcErrorKind, OpenHow, SettingsPage};
use super::mfa::{MfaBridge, WindowPrompt};
use super::notice;
use super::notify;
use super::windows::{self, AppWindow};
use rolehop_core::system::{System, Workspace, block_on, browsers, found_browsers};

pub fn on_menu_event<R: Runtime>(app: &AppHandle<R>, id: &str) {
    match id.parse::<MenuItemId>() {
        Ok(MenuItemId::Quit) => app.exit(0),
        // "Open" on an active session: its console, where it is (the built-in window is
        // brought forward, not signed in again beside it).
        Ok(MenuItemId::Open {
            shortcut,
            place: Place::Session,
        }) if console_open(app, &shortcut) => focus_console(app, shortcut),
        Ok(MenuItemId::Open { shortcut, .. }) => open(app, shortcut, OpenHow::Browser),
        Ok(MenuItemId::Renew { shortcut }) => renew(app, shortcut),
        Ok(MenuItemId::SignOut { shortcut }) => signout(app, shortcut),
        Ok(MenuItemId::Terminal { shortcut, .. }) => super::terminal::open(app, shortcut),
        Ok(MenuItemId::SignOutAll) => signout_all(app),
        Ok(MenuItemId::OpenSwitcher) => notify::show_window(app, AppWindow::Switcher),
        Ok(MenuItemId::Find { client }) => find(app, client),
        Ok(MenuItemId::Settings) => notify::show_window(app, AppWindow::Settings),
        Ok(MenuItemId::Import) => super::settings_page::open(app, SettingsPage::Import),
        Ok(MenuItemId::AddShortcut) => super::settings_page::open(app, SettingsPage::AddShortcut),
        Err(e) => tracing::debug!("{e}"),
    }
}

/// What one click read: the workspace, the catalog (once), and the shortcut resolved in it
/// with its landing ([`Target::resolve`]). Handed along: to the confirmation of a link, to the
/// open, to the name the notices use and to the tray's rebuild after it.
pub struct Picked {
    pub ws: Workspace,
    pub catalog: Catalog,
    pub target: Resolved,
}

impl Picked {
    /// Reads the catalog once and resolves `target` in it.
    pub fn read(target: &Target) -> Result<Self, rolehop_core::Error> {
        let ws = Workspace::from_env()?;
        let catalog = ws.catalog()?;
        Self::of(ws, catalog, target)
    }

    /// Resolves `target` in a catalog its caller read.
    pub fn of(
        ws: Workspace,
        catalog: Catalog,
        target: &Target,
    ) -> Result<Self, rolehop_core::Error> {
        let target = target.resolve(&catalog)?;
        Ok(Self {
            ws,
            catalog,
            target,
        })
    }

    /// "Client – label", as windows, notices and the tray name it.
    fn name(&self) -> String {
        WindowMark::of(&self.target.shortcut).name
    }
}

/// Opens a shortcut in the background: in its browser, as a copied URL, or in the built-in
/// window.
pub fn open<R: Runtime>(app: &AppHandle<R>, shortcut: String, how: OpenHow) {
    match Picked::read(&Target::plain(shortcut.as_str())) {
        Ok(picked) => open_picked(app, picked, how),
        Err(e) => cannot_open(app, &shortcut, &IpcError::from(e).message),
    }
}

/// What `rolehop open ID|LINK` handed over to the running app names (the CLI checked it; a
/// link here is the person's own act, opened as the CLI would open it): read with the one
/// reading of what a person names ([`rolehop_core::link::target::named`]).
pub fn open_named<R: Runtime>(app: &AppHandle<R>, text: &str, how: OpenHow) {
    let picked = Workspace::from_env().and_then(|ws| {
        let catalog = ws.catalog()?;
        match rolehop_core::link::target::named(&catalog, text)? {
            Named::One(target) => Picked::of(ws, catalog, &target),
            // The CLI hands over ids and `rolehop://` links only, each naming one shortcut.
            _ => Err(rolehop_core::Error::Link(
                rolehop_core::link::deep::LinkError::Foreign {
                    shown: rolehop_core::link::deep::shown(text),
                },
            )),
        }
    });
    match picked {
        Ok(picked) => open_picked(app, picked, how),
        Err(e) => cannot_open(
            app,
            &rolehop_core::link::deep::shown(text),
            &IpcError::from(e).message,
        ),
    }
}

fn cannot_open<R: Runtime>(app: &AppHandle<R>, name: &str, why: &str) {
    tracing::warn!("cannot open {name}: {why}");
    notify::error(app, &format!("Rolehop cannot open {name}"), why);
}

/// Opens what a click picked (read and resolved once, by the caller).
pub fn open_picked<R: Runtime>(app: &AppHandle<R>, picked: Picked, how: OpenHow) {
    let shortcut = picked.target.shortcut.id.clone();
    // A built-in console window already open for this shortcut, whose session still holds:
    // brought forward as it is (its page kept), not signed in again.
    if how == OpenHow::Builtin
        && !picked.target.asked_page()
        && console_open(app, &shortcut)
        && super::tray::listed_sessions(app).contains(&shortcut)
    {
        focus_console(app, shortcut);
        return;
    }
    // An open can wait minutes for an MFA code: the catalog it read is handed to the menu's
    // rebuild only if nothing changed it meanwhile (no rebuild asked for since).
    let asked_before = super::tray::rebuilds_asked(app);
    let app = app.clone();
    std::thread::spawn(move || {
        let name = picked.name();
        // The person sees that something is happening until the browser has the sign-in.
        let progress = notice::progress(&app, &format!("Opening {name}…"));
        let (result, catalog) = run_open(&app, picked, how);
        let finished = app
            .try_state::<MfaBridge>()
            .map(|b| b.finish(result.clone()));
        let asked = finished.is_some_and(|f| f.asked);
        let handle = app.clone();
        let _ = app.run_on_main_thread(move || {
            // Only the flow that asked closes the MFA window: another may be asking now.
            if asked {
                windows::close(&handle, AppWindow::Mfa);
            }
            // The menu follows from the catalog this click read (an open does not change it),
            // unless a change came in while the open ran.
            let fresh = super::tray::rebuilds_asked(&handle) == asked_before;
            super::tray::rebuild_from(&handle, catalog.filter(|_| fresh));
        });
        match result {
            Err(e) if !finished.is_some_and(|f| f.cancelled) => {
                notify::error_after(
                    &app,
                    progress,
                    &format!("Rolehop cannot open {name}"),
                    &e.message,
                );
            }
            _ => notice::done(&app, progress),
        }
    });
}

/// The tray's built-in console window and clipboard, for the launch flow.
struct TrayConsole<'a, R: Runtime> {
    app: &'a AppHandle<R>,
    data_dir: &'a std::path::Path,
}

/// A shell failure as the launch flow reports it.
fn to_core(e: IpcError) -> rolehop_core::Error {
    let kind = match e.kind {
        IpcErrorKind::Core(kind) => kind,
        IpcErrorKind::Shell(_) => ErrorKind::Io,
    };
    rolehop_core::Error::Environment {
        kind,
        message: e.message,
    }
}

impl<R: Runtime> ConsoleHost for TrayConsole<'_, R> {
    fn show(&self, signin: SigninUrl) -> Result<(), rolehop_core::Error> {
        let (app, data_dir) = (self.app.clone(), self.data_dir.to_path_buf());
        let (tx, rx) = std::sync::mpsc::channel();
        // Windows are made on the main thread.
        self.app
            .run_on_main_thread(move || {
                let _ = tx.send(console::open(&app, &data_dir, &signin));
            })
            .map_err(|e| to_core(IpcError::internal(e.to_string())))?;
        rx.recv()
            .map_err(|e| to_core(IpcError::internal(e.to_string())))?
            .map_err(to_core)
    }

    fn copy(&self, signin: SigninUrl) -> Result<(), rolehop_core::Error> {
        self.app
            .state::<super::clipboard::SecretClipboard>()
            .copy_secret(&signin.url)
            .map_err(|e| to_core(IpcError::new(ErrorKind::Io, e.to_string())))?;
        notify::info(
            self.app,
            "Sign-in link copied",
            &format!(
                "The console sign-in link for {} is on the clipboard; it works once, for 15 minutes, and is cleared from the clipboard in {} s. Treat it like a password.",
                signin.shortcut.id,
                super::clipboard::clear_after().as_secs()
            ),
        );
        Ok(())
    }
}

/// Opens `picked` through the launch flow; gives the catalog back for the tray's rebuild
/// (`None` when the flow could not be set up).
fn run_open<R: Runtime>(
    app: &AppHandle<R>,
    picked: Picked,
    how: OpenHow,
) -> (Result<(), IpcError>, Option<Catalog>) {
    let Picked {
        ws,
        catalog,
        target,
    } = picked;
    let system = match System::new(&ws, catalog, WindowPrompt::new(app.clone())) {
        Ok(system) => system,
        Err(e) => return (Err(e.into()), None),
    };
    let result = open_in(app, &ws, &system, &target, how);
    (result, Some(system.catalog))
}

fn open_in<R: Runtime>(
    app: &AppHandle<R>,
    ws: &Workspace,
    system: &System<WindowPrompt<R>>,
    target: &Resolved,
    how: OpenHow,
) -> Result<(), IpcError> {
    let found = found_browsers();
    let mut env = browsers(&found, &ws.paths.data_dir);
    // New console windows are placed on the screen the person is looking at.
    env.work_area = windows::work_area(app);
    let host = TrayConsole {
        app,
        data_dir: &ws.paths.data_dir,
    };
    let how = match how {
        OpenHow::Browser => OpenAs::Browser,
        OpenHow::Builtin => OpenAs::Builtin,
        OpenHow::CopyUrl => OpenAs::CopyLink,
    };
    let notices = block_on(system.engine().open_as(target, how, &env, &host))??;
    tracing::info!("opened {}", target.shortcut.id);
    // What the person should know (a shorter session than asked for, a browser that is not
    // isolated).
    for notice in &notices {
        notify::warning(app, "Rolehop", notice);
    }
    Ok(())
}

/// Signs the shortcut's profile in again with fresh role credentials (a live console in its
/// tab, through its channel); otherwise the cached ones are dropped, so the open assumes the
/// role anew (in `daily` mode from the day's session, with no
/// MFA code) and mints a new sign-in token for the same profile.
pub fn renew<R: Runtime>(app: &AppHandle<R>, shortcut: String) {
    // A live console renews in its own tab, at its page (its channel's host asks this app for
    // an MFA code through `rolehop open` when one is needed).
    if let Ok(paths) = rolehop_core::base::paths::Paths::from_env()
        && rolehop_core::live::registry::ask(&paths.data_dir, &shortcut, "renew")
            .is_ok_and(|a| a == "ok")
    {
        tracing::info!("{shortcut}: renewing its live console in place");
        return;
    }
    if let Err(e) = Vault::new(OsKeychain).drop_role(&shortcut) {
        tracing::warn!("cannot drop the cached credentials of {shortcut}: {e}");
    }
    // Renewed where the console is: an open built-in window signs in again in place.
    let how = if console_open(app, &shortcut) {
        OpenHow::Builtin
    } else {
        OpenHow::Browser
    };
    open(app, shortcut, how);
}

/// Whether shortcut `shortcut`'s built-in console window is open.
fn console_open<R: Runtime>(app: &AppHandle<R>, shortcut: &str) -> bool {
    app.get_webview_window(&console::label(shortcut)).is_some()
}

/// Brings shortcut `shortcut`'s built-in console window forward (on the main thread).
fn focus_console<R: Runtime>(app: &AppHandle<R>, shortcut: String) {
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || {
        if let Some(window) = handle.get_webview_window(&console::label(&shortcut)) {
            windows::bring_forward(&window);
        }
    });
}

/// Signs every console "Active sessions" lists out.
fn signout_all<R: Runtime>(app: &AppHandle<R>) {
    for shortcut in super::tray::listed_sessions(app) {
        signout(app, shortcut);
    }
}

fn signout<R: Runtime>(app: &AppHandle<R>, shortcut: String) {
    let app = app.clone();
    std::thread::spawn(move || {
        // A built-in console window goes first, so its cookies can be removed after it.
        let (tx, rx) = std::sync::mpsc::channel();
        let handle = app.clone();
        let label = console::label(&shortcut);
        if app
            .run_on_main_thread(move || {
                console::close(&handle, &label);
                let _ = tx.send(());
            })
            .is_ok()
        {
            let _ = rx.recv_timeout(std::time::Duration::from_secs(5));
        }
        let result = (|| -> Result<(), IpcError> {
            let ctx = Workspace::from_env()?;
            let catalog = ctx.catalog()?;
            let found = found_browsers();
            let env = browsers(&found, &ctx.paths.data_dir);
            let done = sign_out(&catalog, &Vault::new(OsKeychain), &shortcut, &env)?;
            console::forget(&ctx.paths.data_dir, &shortcut).map_err(|e| {
                IpcError::new(
                    ErrorKind::Io,
                    format!("cannot remove the console's cookies: {e}"),
                )
            })?;
            // macOS keeps a built-in console's cookies in a data store, not the directory.
            #[cfg(target_os = "macos")]
            console::forget_store(&app, &shortcut).map_err(|e| {
                IpcError::new(
                    ErrorKind::Io,
                    format!("cannot remove the console's cookies: {e}"),
                )
            })?;
            // Every other profile was signed out; say which one was not.
            match done.failed.first() {
                Some((kind, why)) => Err(IpcError::new(
                    ErrorKind::BrowserFailed,
                    format!("the logout page did not open in the {kind} profile: {why}"),
                )),
                None => Ok(()),
            }
        })();
        let handle = app.clone();
        let _ = app.run_on_main_thread(move || super::tray::rebuild(&handle));
        if let Err(e) = result {
            notify::error(
                &app,
                &format!("Rolehop cannot sign out of {shortcut}"),
                &e.message,
            );
        }
    });
}

/// "All N in Client…" / "More clients…": the switcher with the client's name typed.
fn find<R: Runtime>(app: &AppHandle<R>, client: Option<String>) {
    let query = client
        .and_then(|id| {
            let catalog = Workspace::from_env().ok()?.catalog().ok()?;
            catalog.client(&id).map(|c| c.name.clone())
        })
        .unwrap_or_default();
    if let Err(e) = super::windows::show_switcher_with(app, &query) {
        notify::error(app, "Rolehop cannot open a window", &e.to_string());
    }
}
