//! Settings' team sources: adding and removing team layers and discovery sources (checked as
//! typed by the save's own validation), running a discovery source and refreshing the URL
//! layers.

use rolehop_core::catalog::{DiscoverySpec, LayerSpec};
use rolehop_core::sources::layers::LayerDirs;
use tauri::{AppHandle, Runtime};

use super::forms::{as_fields, previewed};
use super::source_forms::layer_fields;
use super::{blocking, paths, rebuild_tray, store};
use crate::app::ipc::{
    DiscoverView, DiscoveryForm, FieldProblem, IpcError, LayerForm, LayerRefreshView,
};

/// What saving this layer would say, field by field (nothing is written).
#[tauri::command]
#[specta::specta]
pub async fn check_layer(form: LayerForm) -> Result<Vec<FieldProblem>, IpcError> {
    blocking(move || {
        let spec = LayerSpec::from(&form);
        previewed(
            |doc| doc.add_layer(&spec, false),
            |e| layer_fields(&spec.id, e),
        )
    })
    .await
}

/// Adds a team layer; a URL layer is fetched at once (how that went is the answer).
#[tauri::command]
#[specta::specta]
pub async fn save_layer<R: Runtime>(
    app: AppHandle<R>,
    form: LayerForm,
) -> Result<Vec<LayerRefreshView>, IpcError> {
    let spec = LayerSpec::from(&form);
    let is_url = spec.url.is_some();
    let id = spec.id.clone();
    blocking(move || {
        store()?
            .edit(|doc, _| doc.add_layer(&spec, false))
            .map_err(|e| layer_fields(&spec.id, e))
    })
    .await?;
    let fetched = if is_url {
        crate::app::sources::refresh_layers()
            .await?
            .into_iter()
            .filter(|r| r.layer == id)
            .collect()
    } else {
        Vec::new()
    };
    rebuild_tray(&app);
    Ok(fetched)
}

/// Removes a team layer from the personal catalog: its entries leave the menu; the team's
/// files are not touched.
#[tauri::command]
#[specta::specta]
pub async fn remove_layer<R: Runtime>(app: AppHandle<R>, id: String) -> Result<(), IpcError> {
    blocking(move || {
        store()?.edit(|doc, _| doc.remove_layer(&id))?;
        rebuild_tray(&app);
        Ok(())
    })
    .await
}

/// What saving this discovery source would say, field by field (nothing is written).
#[tauri::command]
#[specta::specta]
pub async fn check_discovery(form: DiscoveryForm) -> Result<Vec<FieldProblem>, IpcError> {
    blocking(move || {
        let spec = DiscoverySpec::from(&form);
        previewed(
            |doc| doc.add_discovery(&spec, false),
            |e| as_fields("discovery", &spec.id, e),
        )
    })
    .await
}

/// Adds a discovery source (it is run from its own button: nothing is read from AWS here).
#[tauri::command]
#[specta::specta]
pub async fn save_discovery(form: DiscoveryForm) -> Result<(), IpcError> {
    blocking(move || {
        let spec = DiscoverySpec::from(&form);
        store()?
            .edit(|doc, _| doc.add_discovery(&spec, false))
            .map_err(|e| as_fields("discovery", &spec.id, e))?;
        Ok(())
    })
    .await
}

/// Removes a discovery source and the layer of accounts it saved (only that file, which
/// Rolehop wrote).
#[tauri::command]
#[specta::specta]
pub async fn remove_discovery<R: Runtime>(app: AppHandle<R>, id: String) -> Result<(), IpcError> {
    blocking(move || {
        store()?.edit(|doc, _| doc.remove_discovery(&id))?;
        rolehop_core::sources::discover::remove_layer(
            &LayerDirs::of(&paths()?).discovered_dir,
            &id,
        )
        .map_err(|e| {
            IpcError::new(
                rolehop_core::ErrorKind::Io,
                format!("removed `{id}`, but not the accounts it had saved: {e}"),
            )
        })?;
        rebuild_tray(&app);
        Ok(())
    })
    .await
}

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
