//! Desktop notifications: how a tray click or a switcher Enter reports a failure, since no
//! window is open to show it. The text is the error's own message, which says what to do next.
//! It also goes to the log, so a desktop without a notification service loses nothing.

use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;

pub fn error<R: Runtime>(app: &AppHandle<R>, title: &str, message: &str) {
    tracing::error!("{title}: {message}");
    if let Err(e) = app
        .notification()
        .builder()
        .title(title)
        .body(message)
        .show()
    {
        tracing::warn!("no desktop notification ({e}); the error above is the message");
    }
}

pub fn info<R: Runtime>(app: &AppHandle<R>, title: &str, message: &str) {
    tracing::info!("{title}: {message}");
    let _ = app
        .notification()
        .builder()
        .title(title)
        .body(message)
        .show();
}
