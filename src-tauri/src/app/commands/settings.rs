//! Settings' commands: the whole view (catalog, layers, browsers, preferences), the login item,
//! the hotkey, and opening the other windows.

use rolehop_core::ErrorKind;
use rolehop_core::system::Workspace;
use rolehop_core::vault::{OsKeychain, Vault};
use std::path::PathBuf;
use tauri::{AppHandle, Runtime};
use tauri_plugin_autostart::ManagerExt as _;

use super::setup::browser_views;
use super::views::layered_entries;
use super::{blocking, paths};
use crate::app::ipc::*;
use crate::app::prefs::Prefs;
use crate::app::windows::AppWindow;

#[tauri::command]
#[specta::specta]
pub async fn settings_view<R: Runtime>(app: AppHandle<R>) -> Result<SettingsView, IpcError> {
    blocking(move || {
        let workspace = Workspace::from_env()?;
        let layered = workspace.layered()?;
        let catalog = &layered.catalog;
        let vault = Vault::new(OsKeychain);
        Ok(SettingsView {
            catalog_path: workspace.store.path().display().to_string(),
            identities: catalog
                .identities
                .iter()
                .map(|i| {
                    let ready = match i.portal() {
                        // Signed in: a token for this portal (its refresh is the broker's).
                        Some(portal) => {
                            matches!(vault.sso_token(&i.id), Ok(Some(t)) if t.portal == portal)
                        }
                        None => matches!(vault.base_keys(&i.id), Ok(Some(_))),
                    };
                    let confirmed = i
                        .mfa_process
                        .as_deref()
                        .is_some_and(|c| vault.mfa_process_confirmed(&i.id, c).unwrap_or(false));
                    IdentityView::of(i, ready, confirmed)
                })
                .collect(),
            clients: catalog.clients.iter().map(ClientForm::from).collect(),
            shortcuts: catalog.shortcuts.iter().map(ShortcutForm::from).collect(),
            default_browser: super::forms::browser_kind(catalog.browser.as_deref()),
            profile_layout: catalog.profile_layout.unwrap_or_default(),
            browsers: browser_views(),
            autostart: app.autolaunch().is_enabled().unwrap_or(false),
            hotkey: Prefs::load(&workspace.paths.config_dir).hotkey,
            trust_links: Prefs::load(&workspace.paths.config_dir).trust_links,
            terminal: super::terminal_view(&Prefs::load(&workspace.paths.config_dir)),
            live: (&rolehop_core::live::settings::LiveSettings::load(&workspace.paths.data_dir))
                .into(),
            layered: layered_entries(&layered),
            layers: layered.layers.iter().map(LayerView::from).collect(),
            conflicts: layered.conflicts.iter().map(ConflictView::from).collect(),
            layer_sources: catalog.layers.iter().map(LayerForm::from).collect(),
            discoveries: catalog
                .discoveries
                .iter()
                .map(DiscoveryForm::from)
                .collect(),
            has_url_layers: catalog.layers.iter().any(|l| l.url.is_some()),
        })
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_autostart<R: Runtime>(app: AppHandle<R>, enabled: bool) -> Result<bool, IpcError> {
    blocking(move || {
        let auto = app.autolaunch();
        let result = if enabled {
            auto.enable()
        } else {
            auto.disable()
        };
        result.map_err(|e| {
            IpcError::new(ErrorKind::Io, format!("cannot change the login item: {e}"))
        })?;
        auto.is_enabled()
            .map_err(|e| IpcError::new(ErrorKind::Io, format!("cannot read the login item: {e}")))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn set_hotkey<R: Runtime>(app: AppHandle<R>, hotkey: String) -> Result<(), IpcError> {
    let hotkey = hotkey.trim().to_string();
    crate::app::hotkey::parse(&hotkey).map_err(|e| {
        IpcError::fields(
            e.to_string(),
            vec![FieldProblem {
                field: "hotkey".into(),
                message: e.to_string(),
            }],
        )
    })?;
    let config_dir: PathBuf = paths()?.config_dir;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let handle = app.clone();
    let key = hotkey.clone();
    app.run_on_main_thread(move || {
        let _ = tx.send(crate::app::hotkey::register(&handle, &key));
    })
    .map_err(|e| IpcError::internal(e.to_string()))?;
    rx.await
        .map_err(|e| IpcError::internal(e.to_string()))?
        .map_err(|e| IpcError::new(ErrorKind::Config, e.to_string()))?;
    // The other preferences stay as they are.
    let mut prefs = Prefs::load(&config_dir);
    prefs.hotkey = hotkey;
    prefs
        .save(&config_dir)
        .map_err(|e| IpcError::new(ErrorKind::Io, format!("cannot save settings: {e}")))?;
    // The tray's "Open switcher…" item shows the hotkey.
    super::rebuild_tray(&app);
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn open_window<R: Runtime>(app: AppHandle<R>, which: String) -> Result<(), IpcError> {
    let window = AppWindow::from_label(&which)
        .filter(|w| matches!(w, AppWindow::Setup | AppWindow::Settings))
        .ok_or_else(|| IpcError::new(ErrorKind::NotFound, format!("no window `{which}`")))?;
    let handle = app.clone();
    app.run_on_main_thread(move || crate::app::notify::show_window(&handle, window))
        .map_err(|e| IpcError::internal(e.to_string()))
}

/// The person allows identity `identity` to run its `mfa_process` (the command as the catalog
/// holds it now, which Settings showed in full).
#[tauri::command]
#[specta::specta]
pub async fn confirm_mfa_process(identity: String, command: String) -> Result<(), IpcError> {
    blocking(move || {
        let workspace = Workspace::from_env()?;
        let catalog = workspace.catalog()?;
        let current = catalog
            .identity(&identity)
            .and_then(|i| i.mfa_process.clone())
            .ok_or_else(|| {
                IpcError::new(
                    ErrorKind::NotFound,
                    format!("identity `{identity}` runs no MFA code command"),
                )
            })?;
        // Only the command the person saw: it may have changed since the page was drawn.
        if current != command {
            return Err(IpcError::new(
                ErrorKind::Config,
                format!(
                    "identity `{identity}`'s command changed since this page showed it; look at it again"
                ),
            ));
        }
        Vault::new(OsKeychain)
            .confirm_mfa_process(&identity, &current)
            .map_err(|e| IpcError::from(rolehop_core::Error::from(e)))
    })
    .await
}
