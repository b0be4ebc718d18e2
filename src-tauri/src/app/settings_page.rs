//! Where Settings opens when something else sends the person there: the Import page (the
//! empty tray menu, the empty switcher), a new shortcut's form (the empty tray menu), or the
//! form filled from a pasted switch-role link no shortcut opens (the switcher's "Add this
//! shortcut…"). The request waits here until the Settings page takes it: a new window takes it
//! when it loads, an open one when the `settings-page` event tells it to. Nothing is saved on
//! the way: the form shows what the link proposes and the person adds it (or not).

use std::sync::Mutex;

use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use super::ipc::SettingsPage;
use super::notify;
use super::windows::AppWindow;

/// The event the open Settings window takes its page from (`settings-page`; typed in
/// `ui/src/bindings.ts` as `events.settingsPage`): the page waits in [`PendingPage`].
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type, tauri_specta::Event)]
#[tauri_specta(event_name = "settings-page")]
pub struct SettingsPageWaiting;

/// The page Settings has not taken yet (the last request wins).
#[derive(Debug, Default)]
pub struct PendingPage(Mutex<Option<SettingsPage>>);

impl PendingPage {
    pub fn take(&self) -> Option<SettingsPage> {
        self.0.lock().ok().and_then(|mut p| p.take())
    }

    fn set(&self, page: SettingsPage) {
        if let Ok(mut p) = self.0.lock() {
            *p = Some(page);
        }
    }
}

/// Shows Settings at `page`: opens the window (it takes the page as it loads), or brings the
/// open one forward and tells it.
pub fn open<R: Runtime>(app: &AppHandle<R>, page: SettingsPage) {
    if let Some(pending) = app.try_state::<PendingPage>() {
        pending.set(page);
    }
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || {
        let open = handle
            .get_webview_window(AppWindow::Settings.label())
            .is_some();
        notify::show_window(&handle, AppWindow::Settings);
        if open {
            let _ = SettingsPageWaiting.emit_to(&handle, AppWindow::Settings.label());
        }
    });
}
