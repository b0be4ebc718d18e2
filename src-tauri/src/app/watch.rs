//! Rebuilds the tray menu when the catalog file changes on disk (an edit by hand, or by
//! `rolehop add` in a terminal), or a layer file does: discovery results, cached team URLs, and
//! the team files and directories the catalog names (those known when the app starts); and
//! when a console goes live or closes (`<data dir>/live`); and, at most once a minute, when
//! the day's journal grows ("Today").

use rolehop_core::sources::layers::LayerDirs;
use std::sync::Mutex;

use notify::event::ModifyKind;
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use rolehop_core::base::paths::Paths;
use tauri::{AppHandle, Manager, Runtime};

/// How long after a journal entry the menu's "Today" follows (entries in between join it).
const JOURNAL_FOLLOW: std::time::Duration = std::time::Duration::from_secs(60);

/// Keeps the watcher alive as long as the app (held, never read).
struct CatalogWatcher {
    _watcher: Mutex<RecommendedWatcher>,
}

/// Why the menu cannot follow the files (the app still runs; the menu follows its own edits).
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error(transparent)]
    NoHome(#[from] rolehop_core::base::paths::NoHome),
    #[error("cannot create {path}: {source}")]
    Folder {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot watch the catalog's files: {0}")]
    Watch(#[from] notify::Error),
}

fn folder(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> WatchError + '_ {
    move |source| WatchError::Folder {
        path: path.to_path_buf(),
        source,
    }
}

pub fn start<R: Runtime>(app: &AppHandle<R>) -> Result<(), WatchError> {
    let paths = Paths::from_env()?;
    std::fs::create_dir_all(&paths.config_dir).map_err(folder(&paths.config_dir))?;
    let catalog_name = paths.catalog_file().file_name().map(|n| n.to_os_string());
    let dirs = LayerDirs::of(&paths);
    for dir in [&dirs.discovered_dir, &dirs.cache_dir] {
        std::fs::create_dir_all(dir).map_err(folder(dir))?;
    }
    let catalog = rolehop_core::catalog::CatalogStore::from_paths(&paths)
        .load()
        .unwrap_or_default();
    let layer_dirs: Vec<_> = rolehop_core::sources::layers::layer_dirs_of(&catalog, &dirs)
        .into_iter()
        .filter(|d| d.is_dir())
        .collect();
    let watched_layers = layer_dirs.clone();
    // Consoles going live or closing (their channel hosts' announcements) and the live-console
    // settings change "Active sessions" and "Today".
    let live_dir = rolehop_core::live::registry::live_dir(&paths.data_dir);
    rolehop_core::base::files::create_private_dir(&live_dir).map_err(folder(&live_dir))?;
    let watched_live = live_dir.clone();
    // The journal (its "Today" in the menu): followed at most once a minute, since a console
    // writes to it at every change of focus.
    let journal = rolehop_core::live::journal::file(&paths.data_dir);
    let journal_pending = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
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
        let is_catalog =
            |p: &std::path::PathBuf| p.file_name().map(|n| n.to_os_string()) == catalog_name;
        let is_layer = |p: &std::path::PathBuf| {
            p.extension().is_some_and(|e| e == "toml")
                && p.parent()
                    .is_some_and(|d| watched_layers.iter().any(|w| w == d))
        };
        let is_live = |p: &std::path::PathBuf| {
            p.extension().is_some_and(|e| e == "json") && p.parent() == Some(watched_live.as_path())
        };
        if changed
            && event
                .paths
                .iter()
                .any(|p| is_catalog(p) || is_layer(p) || is_live(p))
        {
            let h = handle.clone();
            let _ = handle.run_on_main_thread(move || super::tray::rebuild(&h));
        } else if changed
            && event.paths.contains(&journal)
            && !journal_pending.swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            let (h, pending) = (handle.clone(), journal_pending.clone());
            std::thread::spawn(move || {
                std::thread::sleep(JOURNAL_FOLLOW);
                pending.store(false, std::sync::atomic::Ordering::SeqCst);
                let main = h.clone();
                let _ = h.run_on_main_thread(move || super::tray::rebuild(&main));
            });
        }
    })?;
    watcher.watch(&paths.config_dir, RecursiveMode::NonRecursive)?;
    for dir in [&live_dir, &paths.data_dir] {
        if let Err(e) = watcher.watch(dir, RecursiveMode::NonRecursive) {
            tracing::warn!("cannot watch {}: {e}", dir.display());
        }
    }
    for dir in &layer_dirs {
        if let Err(e) = watcher.watch(dir, RecursiveMode::NonRecursive) {
            tracing::warn!("cannot watch {}: {e}", dir.display());
        }
    }
    app.manage(CatalogWatcher {
        _watcher: Mutex::new(watcher),
    });
    Ok(())
}
