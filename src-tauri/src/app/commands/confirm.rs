//! The confirmation window's commands: what the waiting link opens, and the person's answer.
//! Settings' switch for trusting links to non-production shortcuts is here too.

use tauri::{AppHandle, Runtime, State};

use crate::app::confirm::{self, Confirmations};
use crate::app::ipc::{IpcError, LinkConfirmView};
use crate::app::prefs::Prefs;

/// The link waiting for an answer (none when it was answered or dropped meanwhile).
#[tauri::command]
#[specta::specta]
pub async fn link_pending(
    confirmations: State<'_, Confirmations>,
) -> Result<Option<LinkConfirmView>, IpcError> {
    Ok(confirmations.pending())
}

/// Opens (`open`) or drops link `id`; the window closes either way. Returns whether that link
/// was still waiting.
#[tauri::command]
#[specta::specta]
pub async fn link_answer<R: Runtime>(
    app: AppHandle<R>,
    id: u32,
    open: bool,
) -> Result<bool, IpcError> {
    Ok(confirm::answer(&app, id, open))
}

/// Whether links to non-production shortcuts open without the confirmation window (a
/// production shortcut always asks).
#[tauri::command]
#[specta::specta]
pub async fn set_trust_links(trust: bool) -> Result<(), IpcError> {
    let config_dir = super::paths()?.config_dir;
    super::blocking(move || {
        let mut prefs = Prefs::load(&config_dir);
        prefs.trust_links = trust;
        prefs.save(&config_dir).map_err(|e| {
            IpcError::new(
                rolehop_core::ErrorKind::Io,
                format!("cannot save settings: {e}"),
            )
        })
    })
    .await
}
