//! Rebuilds the tray menu when the catalog file changes on disk (an edit by hand, or by
//! `rolehop add` in a terminal).

use std::sync::Mutex;

use notify::event::ModifyKind;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use rolehop_core::paths::Paths;
use tauri::{AppHandle, Manager, Runtime};

/// Keeps the watcher alive as long as the app.
struct CatalogWatcher(#[allow(dead_code)] Mutex<RecommendedWatcher>);

pub fn start<R: Runtime>(app: &AppHandle<R>) -> Result<(), Box<dyn std::error::Error>> {
    let paths = Paths::from_env()?;
    std::fs::create_dir_all(&paths.config_dir)?;
    let catalog_name = paths.catalog_file().file_name().map(|n| n.to_os_string());
    let handle = app.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        // Only changes: reading the catalog (as every rebuild does) raises access events, and
        // reacting to those would rebuild forever.
        let changed = matches!(
            event.kind,
            EventKind::Create(_)
                | EventKind::Remove(_)
                | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
        );
        if changed
            && event
                .paths
                .iter()
                .any(|p| p.file_name().map(|n| n.to_os_string()) == catalog_name)
        {
            let h = handle.clone();
            let _ = handle.run_on_main_thread(move || super::tray::rebuild(&h));
        }
    })?;
    watcher.watch(&paths.config_dir, RecursiveMode::NonRecursive)?;
    app.manage(CatalogWatcher(Mutex::new(watcher)));
    Ok(())
}
