//! The tray app: `rolehop` with no arguments (or `rolehop show WINDOW`). A tray icon whose menu
//! is the core's menu model (`rolehop_core::menu`), rebuilt when the catalog changes or a
//! session expires; a click runs the same open flow as `rolehop open` (`core::launch`) in the
//! background. Windows (switcher, setup wizard, settings, MFA prompt, built-in consoles) are
//! created when opened and destroyed when closed, so the idle app holds no webview.
//!
//! One instance per user: starting `rolehop` again hands its arguments to the running one
//! (tauri-plugin-single-instance), which shows the window asked for, opens what a handed-over
//! `rolehop open` names, or follows a `rolehop://` link (`deep_link.rs`).

mod actions;
mod bindings;
mod clipboard;
mod commands;
mod confirm;
mod console;
mod deep_link;
#[cfg(target_os = "linux")]
mod gtk_log;
mod hotkey;
pub mod ipc;
mod mfa;
mod notice;
mod notify;
mod prefs;
mod settings_page;
mod sources;
mod terminal;
mod tray;
mod tray_render;
mod watch;
mod windows;

use rolehop_core::sources::layers::LayerDirs;
use std::process::ExitCode;
use std::time::Instant;

use rolehop_core::base::paths::Paths;
use rolehop_core::catalog::CatalogStore;
use tauri::{AppHandle, Manager, RunEvent, Runtime};

pub use windows::AppWindow;

/// Whether there is a desktop session to put a tray in (GTK cannot start without one, and
/// would abort the process).
fn has_display() -> bool {
    if cfg!(any(target_os = "macos", windows)) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()))
}

/// The window a command line asks for: `rolehop show switcher|settings|setup`.
pub fn window_from_args(args: &[String]) -> Option<AppWindow> {
    match args {
        [_, show, which, ..] if show == "show" => AppWindow::from_label(which)
            .filter(|w| !matches!(w, AppWindow::Mfa | AppWindow::Notice | AppWindow::Confirm)),
        _ => None,
    }
}

/// The shortcuts of a handed-over `rolehop open ID…` (plain ids only; the CLI keeps any
/// other form for itself).
pub fn open_ids(args: &[String]) -> Option<(Vec<String>, ipc::OpenHow)> {
    let (ids, how) = match args {
        [_, open, flag, ids @ ..] if open == "open" && flag == "--builtin" => {
            (ids, ipc::OpenHow::Builtin)
        }
        [_, open, ids @ ..] if open == "open" => (ids, ipc::OpenHow::Browser),
        _ => return None,
    };
    (!ids.is_empty() && !ids.iter().any(|a| a.starts_with('-'))).then(|| (ids.to_vec(), how))
}

/// Fetches the team URL layers once at start (the cached copies are in use until then, and
/// remain so when offline); the watcher rebuilds the menu when a copy changes.
fn refresh_url_layers() {
    let Ok(paths) = Paths::from_env() else { return };
    let Ok(catalog) = CatalogStore::from_paths(&paths).load() else {
        return;
    };
    let cache_dir = LayerDirs::of(&paths).cache_dir;
    let outcomes = tauri::async_runtime::block_on(
        rolehop_core::sources::layers::fetch::refresh_all(&catalog, &cache_dir),
    );
    for (id, outcome) in outcomes.into_iter().flatten() {
        tracing::info!("layer {id}: {}", outcome.describe());
    }
}

/// First run: no identity yet, so the wizard opens by itself.
fn needs_setup() -> bool {
    Paths::from_env()
        .ok()
        .and_then(|p| CatalogStore::from_paths(&p).load().ok())
        .is_some_and(|c| c.identities.is_empty())
}

fn on_second_instance<R: Runtime>(app: &AppHandle<R>, args: Vec<String>) {
    // A `rolehop://` link the desktop handed to `rolehop-tray` (the scheme's handler).
    if let Some(link) = rolehop_core::link::deep::lone_link(&args) {
        deep_link::follow(app, link, ipc::OpenHow::Browser);
        return;
    }
    // `rolehop open ID|LINK…` handed over by the CLI (cli/tray_handoff.rs), which checked
    // them: a `rolehop://` link there carries where the console lands. The person's own act:
    // opened as the CLI would open it, without the confirmation a link from outside gets.
    if let Some((ids, how)) = open_ids(&args) {
        for id in ids {
            actions::open_named(app, &id, how);
        }
        return;
    }
    // A second `rolehop` with no window asked for brings up settings, the app's main window.
    let which = window_from_args(&args).unwrap_or(AppWindow::Settings);
    notify::show_window(app, which);
}

/// How long after start the file watcher and the hotkey are set up.
const DEFER_MS: u64 = 250;

/// How long Rolehop waits for a tray host that was not there at start (a panel that starts
/// after Rolehop at login), and how often it looks.
const TRAY_HOST_WAIT: std::time::Duration = std::time::Duration::from_secs(300);
const TRAY_HOST_POLL: std::time::Duration = std::time::Duration::from_millis(500);

/// What the desktop lacks goes to the log (off the start-up path: it asks D-Bus and X). With
/// no tray host yet, the icon is shown again once one appears: an icon made before any host
/// existed is not picked up by a host that starts later (a panel started after Rolehop at
/// login). Only in that state does the app wake up periodically, and at most for
/// [`TRAY_HOST_WAIT`].
fn follow_tray_host<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || {
        let desktop = rolehop_common::desktop::probe();
        if !desktop.notifications {
            tracing::info!("{}", rolehop_common::desktop::NOTIFICATIONS_ADVICE);
        }
        if desktop.sni_host || desktop.xembed_tray {
            return;
        }
        tracing::warn!("{}", rolehop_common::desktop::TRAY_HOST_ADVICE);
        let start = std::time::Instant::now();
        while start.elapsed() < TRAY_HOST_WAIT {
            std::thread::sleep(TRAY_HOST_POLL);
            if rolehop_common::desktop::sni_host() || rolehop_common::desktop::xembed_tray() {
                tracing::info!("a tray host appeared: showing the icon there");
                let handle = app.clone();
                let _ = app.run_on_main_thread(move || {
                    drop(handle.remove_tray_by_id(tray::TRAY_ID));
                    if let Err(e) = tray::create(&handle, actions::on_menu_event) {
                        tracing::error!("cannot show the tray icon: {e}");
                    }
                });
                return;
            }
        }
    });
}

/// Start-up timing, at `ROLEHOP_LOG=rolehop=debug` (tests/bench/tray_idle.sh reads the total):
/// `started` is when `main` began.
fn timing(started: Instant, step: &str) {
    tracing::debug!("timing: {step} at {} ms", started.elapsed().as_millis());
}

/// The login entry's plugin. macOS: a LaunchAgent in ~/Library/LaunchAgents, listed under
/// System Settings > General > Login Items ("Allow in the Background") and removable there;
/// the AppleScript login item would first ask for control of System Events. Windows: the
/// Run key of the user's registry; Linux: an XDG autostart entry.
fn autostart() -> tauri_plugin_autostart::Builder {
    let builder = tauri_plugin_autostart::Builder::new();
    #[cfg(target_os = "macos")]
    let builder = builder.macos_launcher(tauri_plugin_autostart::MacosLauncher::LaunchAgent);
    builder
}

/// Runs the tray app; `started` is when the process's `main` began (for start-up timing).
// `tauri::generate_context!` expands to an `eprintln!` of Tauri's own.
#[allow(clippy::disallowed_macros)]
pub fn run(show: Option<AppWindow>, link: Option<String>, started: Instant) -> ExitCode {
    rolehop_common::logging::init(0);
    #[cfg(target_os = "linux")]
    gtk_log::install();
    timing(started, "main");
    if !has_display() {
        say_err!(
            "error: the tray app needs a desktop session (DISPLAY or WAYLAND_DISPLAY is not set). \
             Start `rolehop` from your desktop, or use the CLI here: `rolehop --help`."
        );
        return ExitCode::from(1);
    }
    let builder = tauri::Builder::default()
        // First, so a second instance exits before it builds anything.
        .plugin(tauri_plugin_single_instance::init(|app, args, _cwd| {
            on_second_instance(app, args);
        }))
        .plugin(tauri_plugin_global_shortcut::Builder::new().build());
    #[cfg(feature = "notifications")]
    let builder = builder.plugin(tauri_plugin_notification::init());
    let ipc_builder = bindings::builder();
    let app = builder
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(autostart().build())
        .plugin(tauri_plugin_deep_link::init())
        .manage(mfa::MfaBridge::default())
        .manage(notice::Notices::default())
        .manage(confirm::Confirmations::default())
        .manage(commands::SwitcherCache::default())
        .manage(clipboard::SecretClipboard::default())
        .manage(settings_page::PendingPage::default())
        .manage(tray::TrayState::default())
        .manage(tray::Shown::<tauri::Wry>::default())
        .invoke_handler(ipc_builder.invoke_handler())
        .setup(move |app| {
            timing(started, "setup");
            // The typed events (`bindings::builder`'s list) can be emitted from here on.
            ipc_builder.mount_events(app);
            // A tray-only app on macOS: no Dock icon, no menu bar of its own (Info.plist's
            // LSUIElement says the same before the app runs).
            #[cfg(target_os = "macos")]
            app.set_activation_policy(tauri::ActivationPolicy::Accessory);
            tray::create(app.handle(), actions::on_menu_event)?;
            timing(started, "tray created");
            follow_tray_host(app.handle().clone());
            // The file watcher and the global hotkey are not needed to show the tray: they are
            // set up once the event loop runs, so the icon appears sooner.
            let handle = app.handle().clone();
            let deferred = app.handle().clone();
            std::thread::spawn(move || {
                // Let the event loop register the tray icon over D-Bus first.
                std::thread::sleep(std::time::Duration::from_millis(DEFER_MS));
                let _ = handle.run_on_main_thread(move || {
                    match watch::start(&deferred) {
                        // An edit made before the watcher began is not lost: one rebuild.
                        Ok(()) => tray::rebuild(&deferred),
                        Err(e) => tracing::warn!("the tray will not follow catalog edits: {e}"),
                    }
                    if let Ok(paths) = Paths::from_env() {
                        let hotkey = prefs::Prefs::load(&paths.config_dir).hotkey;
                        if let Err(e) = hotkey::register(&deferred, &hotkey) {
                            // Not fatal: the tray item and `rolehop show switcher` still work.
                            tracing::warn!("{e}");
                        }
                    }
                    timing(started, "watcher and hotkey");
                });
                refresh_url_layers();
            });
            deep_link::register(app.handle());
            // Started by a link (no app was running): follow it once the tray is up.
            if let Some(link) = &link {
                deep_link::follow(app.handle(), link, ipc::OpenHow::Browser);
            }
            let first =
                show.or_else(|| (link.is_none() && needs_setup()).then_some(AppWindow::Setup));
            if let Some(which) = first {
                notify::show_window(app.handle(), which);
            }
            Ok(())
        })
        .build(tauri::generate_context!());
    timing(started, "built");
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            say_err!(
                "error: cannot start the tray app: {e}. A desktop session (DISPLAY or WAYLAND_DISPLAY) and a system tray are needed; the CLI works without them (`rolehop --help`)."
            );
            return ExitCode::from(1);
        }
    };
    app.run(|app, event| match event {
        // Closing the last window keeps the app in the tray: only "Quit" ends it.
        RunEvent::ExitRequested {
            api, code: None, ..
        } => api.prevent_exit(),
        RunEvent::WindowEvent {
            label,
            event: tauri::WindowEvent::Destroyed,
            ..
        } if label == "mfa" => {
            // Closing the MFA window is a cancel.
            if let Some(bridge) = app.try_state::<mfa::MfaBridge>()
                && bridge.current().is_some()
            {
                bridge.submit(None);
            }
        }
        RunEvent::WindowEvent {
            label,
            event: tauri::WindowEvent::Destroyed,
            ..
        } if label == "confirm" => {
            // Closing the confirmation window drops the link.
            confirm::closed(app);
        }
        _ => {}
    });
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn show_names_a_window_and_nothing_else_does() {
        assert_eq!(
            window_from_args(&args(&["rolehop", "show", "switcher"])),
            Some(AppWindow::Switcher)
        );
        assert_eq!(
            window_from_args(&args(&["rolehop", "show", "settings"])),
            Some(AppWindow::Settings)
        );
        assert_eq!(window_from_args(&args(&["rolehop", "show", "mfa"])), None);
        assert_eq!(window_from_args(&args(&["rolehop"])), None);
        assert_eq!(window_from_args(&args(&["rolehop", "open", "x"])), None);
    }

    #[test]
    fn handed_over_opens_are_plain_ids_only() {
        assert_eq!(
            open_ids(&args(&["rolehop", "open", "a", "b"])),
            Some((
                vec!["a".to_string(), "b".to_string()],
                ipc::OpenHow::Browser
            ))
        );
        assert_eq!(
            open_ids(&args(&["rolehop", "open", "--builtin", "a"])),
            Some((vec!["a".to_string()], ipc::OpenHow::Builtin))
        );
        assert_eq!(open_ids(&args(&["rolehop", "open", "--builtin"])), None);
        assert_eq!(open_ids(&args(&["rolehop", "open"])), None);
        assert_eq!(open_ids(&args(&["rolehop", "open", "a", "--here"])), None);
        assert_eq!(open_ids(&args(&["rolehop", "show", "settings"])), None);
    }
}
