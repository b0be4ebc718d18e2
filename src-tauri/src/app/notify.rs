//! How the tray tells a person something when no window of its own is open: a desktop
//! notification where a notification service answers, else the notice window
//! ([`super::notice`]), so a desktop without one loses nothing. Everything also goes to the log.
//! Whether a service answers is asked once per message (one D-Bus call): a daemon started or
//! stopped while the tray runs is followed.

use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;

use super::notice;
use super::windows::{self, AppWindow};

/// Shows a window for the person (a tray item, the hotkey, a second `rolehop`); one that
/// cannot be created is reported like any other failure.
pub fn show_window<R: Runtime>(app: &AppHandle<R>, which: AppWindow) {
    if let Err(e) = windows::show(app, which) {
        error(app, "Rolehop cannot open a window", &e.to_string());
    }
}

fn desktop<R: Runtime>(app: &AppHandle<R>, title: &str, message: &str) -> bool {
    if !crate::desktop::notifications() {
        return false;
    }
    match app
        .notification()
        .builder()
        .title(title)
        .body(message)
        .show()
    {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!("no desktop notification ({e}); showing it in Rolehop's window");
            false
        }
    }
}

pub fn error<R: Runtime>(app: &AppHandle<R>, title: &str, message: &str) {
    tracing::error!("{title}: {message}");
    if !desktop(app, title, message) {
        notice::error(app, title, message);
    }
}

/// An error that ends work shown as progress in the notice window (`progress`): a desktop
/// notification where one answers (and the progress message goes), else the message becomes
/// the error in place.
pub fn error_after<R: Runtime>(
    app: &AppHandle<R>,
    progress: Option<u32>,
    title: &str,
    message: &str,
) {
    tracing::error!("{title}: {message}");
    if desktop(app, title, message) {
        notice::done(app, progress);
    } else {
        notice::failed(app, progress, title, message);
    }
}

pub fn warning<R: Runtime>(app: &AppHandle<R>, title: &str, message: &str) {
    tracing::warn!("{title}: {message}");
    if !desktop(app, title, message) {
        notice::warning(app, title, message, None);
    }
}

pub fn info<R: Runtime>(app: &AppHandle<R>, title: &str, message: &str) {
    tracing::info!("{title}: {message}");
    if !desktop(app, title, message) {
        notice::info(app, title, message);
    }
}
