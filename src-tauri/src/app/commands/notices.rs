//! The notice window's commands: what it lists, dismissing one, fitting the window to its
//! content, and renewing the session a notice offers to renew.

use rolehop_core::ErrorKind;
use tauri::{AppHandle, Runtime, State};

use crate::app::windows;

use crate::app::ipc::{IpcError, NoticeView};

#[tauri::command]
#[specta::specta]
pub async fn notices(
    notices: State<'_, crate::app::notice::Notices>,
) -> Result<Vec<NoticeView>, IpcError> {
    Ok(notices.list())
}

#[tauri::command]
#[specta::specta]
pub async fn notice_dismiss<R: Runtime>(app: AppHandle<R>, id: u32) -> Result<(), IpcError> {
    crate::app::notice::dismiss(&app, id);
    Ok(())
}

/// The notice window's content height changed: the window takes that height.
#[tauri::command]
#[specta::specta]
pub async fn notice_fit<R: Runtime>(app: AppHandle<R>, height: f64) -> Result<(), IpcError> {
    let handle = app.clone();
    app.run_on_main_thread(move || windows::fit_notice(&handle, height))
        .map_err(|e| IpcError::internal(e.to_string()))
}

/// Renews the console a message offers to renew, and takes the message away.
#[tauri::command]
#[specta::specta]
pub async fn notice_renew<R: Runtime>(app: AppHandle<R>, id: u32) -> Result<(), IpcError> {
    let shortcut = crate::app::notice::dismiss(&app, id)
        .and_then(|n| n.renew)
        .ok_or_else(|| {
            IpcError::new(
                ErrorKind::NotFound,
                "that message offers nothing to renew any more",
            )
        })?;
    crate::app::actions::renew(&app, shortcut);
    Ok(())
}
