//! The IPC commands, one file per window: thin adapters from the windows to the core. Every
//! command is `async` and does its work on a blocking thread, so the main (GTK) thread stays
//! free for windows and the tray. Which window may call which command is set in
//! `capabilities/<window>.json`. No answer carries a secret; secrets only arrive (the wizard's
//! key, an MFA code). Form ↔ catalog conversion is in [`forms`].

mod confirm;
mod entries;
pub mod forms;
mod import;
mod links;
mod live;
mod mfa;
mod notices;
mod settings;
mod setup;
mod setup_sso;
mod source_forms;
mod sources;
mod switcher;
mod terminal;
mod views;

pub use confirm::*;
pub use entries::*;
pub use import::*;
pub use links::*;
pub use live::*;
pub use mfa::*;
pub use notices::*;
pub use settings::*;
pub use setup::*;
pub use setup_sso::*;
pub use sources::*;
pub use switcher::*;
pub use terminal::*;

use rolehop_core::base::paths::Paths;
use rolehop_core::catalog::CatalogStore;
use tauri::{AppHandle, Runtime};

use super::ipc::IpcError;

fn paths() -> Result<Paths, IpcError> {
    Ok(Paths::from_env()?)
}

fn store() -> Result<CatalogStore, IpcError> {
    Ok(CatalogStore::from_paths(&paths()?))
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| IpcError::internal(e.to_string()))?
}

fn rebuild_tray<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || crate::app::tray::rebuild(&handle));
}
