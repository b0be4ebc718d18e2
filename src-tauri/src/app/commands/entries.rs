//! Adding, checking, replacing and removing catalog entries from the wizard and Settings: every
//! check runs the save's own validation on a trial edit, so what the form says is what the
//! save does.

use rolehop_core::ErrorKind;
use tauri::{AppHandle, Runtime};

use super::forms::{as_fields, field_list, previewed};
use super::{blocking, paths, rebuild_tray, store};
use crate::app::ipc::{ClientForm, EntryKind, FieldProblem, IpcError, ShortcutForm};
use rolehop_core::base::browser_kind::BrowserKind;
use rolehop_core::base::browser_kind::ProfileLayout;
use rolehop_core::catalog::model::{Client, Shortcut};

#[tauri::command]
#[specta::specta]
pub async fn check_client(form: ClientForm, replace: bool) -> Result<Vec<FieldProblem>, IpcError> {
    blocking(move || {
        let client = Client::from(&form);
        previewed(
            |doc| doc.add_client(&client, replace),
            |e| as_fields("client", &client.id, e),
        )
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn check_shortcut(
    form: ShortcutForm,
    replace: bool,
) -> Result<Vec<FieldProblem>, IpcError> {
    blocking(move || {
        let shortcut = match Shortcut::try_from(&form) {
            Ok(s) => s,
            Err(e) => return field_list(e),
        };
        previewed(
            |doc| doc.add_shortcut(&shortcut, replace),
            |e| as_fields("shortcut", &shortcut.id, e),
        )
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_client<R: Runtime>(
    app: AppHandle<R>,
    form: ClientForm,
    replace: bool,
) -> Result<(), IpcError> {
    blocking(move || {
        let client = Client::from(&form);
        store()?
            .edit(|doc, _| doc.add_client(&client, replace))
            .map_err(|e| as_fields("client", &client.id, e))?;
        rebuild_tray(&app);
        Ok(())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_shortcut<R: Runtime>(
    app: AppHandle<R>,
    form: ShortcutForm,
    replace: bool,
) -> Result<(), IpcError> {
    blocking(move || {
        let shortcut = Shortcut::try_from(&form)?;
        store()?
            .edit(|doc, _| doc.add_shortcut(&shortcut, replace))
            .map_err(|e| as_fields("shortcut", &shortcut.id, e))?;
        rebuild_tray(&app);
        Ok(())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_entry<R: Runtime>(
    app: AppHandle<R>,
    kind: EntryKind,
    id: String,
) -> Result<(), IpcError> {
    blocking(move || {
        let paths = paths()?;
        let layered = rolehop_core::sources::layers::load_layered(&paths)?;
        if layered.is_layered(kind, &id) {
            return Err(IpcError::new(
                ErrorKind::CatalogInvalid,
                format!(
                    "{kind} `{id}` comes from the read-only layer `{}`: change it there",
                    layered.origin(kind, &id)
                ),
            ));
        }
        store()?.edit(|doc, _| match kind {
            EntryKind::Shortcut => doc.remove_shortcut(&id),
            // The settings window asks first, and says the client's shortcuts go with it.
            EntryKind::Client => doc.remove_client(&id, true).map(|_| ()),
        })?;
        rebuild_tray(&app);
        Ok(())
    })
    .await
}

/// Chromium-family consoles as profiles of one shared browser or a browser each; applies from
/// the next open (a console already open stays where it is).
#[tauri::command]
#[specta::specta]
pub async fn set_profile_layout(layout: ProfileLayout) -> Result<(), IpcError> {
    blocking(move || {
        store()?.edit(|doc, _| doc.set_profile_layout(layout))?;
        Ok(())
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_default_browser<R: Runtime>(
    app: AppHandle<R>,
    kind: BrowserKind,
) -> Result<(), IpcError> {
    blocking(move || {
        store()?.edit(|doc, _| doc.set_default_browser(kind.as_str()))?;
        rebuild_tray(&app);
        Ok(())
    })
    .await
}
