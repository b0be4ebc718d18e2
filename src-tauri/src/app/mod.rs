//! The tray app: `rolehop` with no arguments. A tray icon whose menu is the core's menu model
//! (`rolehop_core::menu`), rebuilt when the catalog file changes; a click runs the same open
//! flow as `rolehop open` (`core::launch`), in the background, so no window appears.
//!
//! Not yet here (issue 4 continues): the switcher, settings, setup wizard and MFA windows
//! (menu items for them are left out until they exist), desktop notifications for errors
//! (errors go to the log on stderr), single instance and autostart.

mod actions;
mod tray;
mod watch;

use std::process::ExitCode;

use tauri::RunEvent;

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

pub fn run() -> ExitCode {
    crate::cli::init_logging(0);
    if !has_display() {
        eprintln!(
            "error: the tray app needs a desktop session (DISPLAY or WAYLAND_DISPLAY is not set). \
             Start `rolehop` from your desktop, or use the CLI here: `rolehop --help`."
        );
        return ExitCode::from(1);
    }
    let app = tauri::Builder::default()
        .setup(|app| {
            tray::create(app.handle())?;
            watch::start(app.handle())?;
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            eprintln!(
                "error: cannot start the tray app: {e}. A desktop session (DISPLAY or WAYLAND_DISPLAY) and a system tray are needed; the CLI works without them (`rolehop --help`)."
            );
            return ExitCode::from(1);
        }
    };
    app.run(|_, event| {
        // No window is open while the app idles in the tray: only "Quit" ends it.
        if let RunEvent::ExitRequested {
            api, code: None, ..
        } = event
        {
            api.prevent_exit();
        }
    });
    ExitCode::SUCCESS
}
