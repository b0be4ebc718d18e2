//! Settings' team sources: running a discovery source and refreshing the URL layers.

use tauri::{AppHandle, Runtime};

use crate::app::ipc::{DiscoverView, IpcError, LayerRefreshView};

/// Runs an AWS Organizations discovery source; `apply` saves the accounts as its layer.
#[tauri::command]
#[specta::specta]
pub async fn discover_run<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    apply: bool,
) -> Result<DiscoverView, IpcError> {
    crate::app::sources::discover(app, id, apply).await
}

/// Fetches the team URL layers now.
#[tauri::command]
#[specta::specta]
pub async fn refresh_layers() -> Result<Vec<LayerRefreshView>, IpcError> {
    crate::app::sources::refresh_layers().await
}
