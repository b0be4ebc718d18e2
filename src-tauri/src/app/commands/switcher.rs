//! The switcher's commands: search as you type (over an index kept while the catalog and its
//! layers are unchanged), open what Enter chose, and close the window.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::SystemTime;

use rolehop_core::base::usage::Usage;
use rolehop_core::catalog::{Catalog, CatalogStore};
use rolehop_core::sources::layers::{LayerDirs, load_layered_from};
use rolehop_core::switcher::SwitcherIndex;
use rolehop_core::system::Workspace;
use tauri::{AppHandle, Runtime, State, WebviewWindow};

use super::{blocking, paths};
use crate::app::ipc::{IpcError, OpenHow, SwitcherHit};

/// How many results the switcher shows.
const SWITCHER_LIMIT: usize = 50;

/// The switcher's index, kept while the catalog file is unchanged (each keystroke is a search).
#[derive(Default)]
pub struct SwitcherCache(Mutex<Option<CachedIndex>>);

struct CachedIndex {
    stamp: [(Option<SystemTime>, u64); 3],
    index: SwitcherIndex,
    /// Every shortcut as the switcher shows it, resolved once per catalog version: resolving
    /// per keystroke cost more than the search itself.
    views: HashMap<String, SwitcherHit>,
}

#[tauri::command]
#[specta::specta]
pub async fn search(
    query: String,
    cache: State<'_, SwitcherCache>,
) -> Result<Vec<SwitcherHit>, IpcError> {
    let paths = paths()?;
    let file = paths.catalog_file();
    // The catalog file and the directories layer files are renamed into (discovery results,
    // cached team URLs): any change there changes the stamp.
    let dirs = LayerDirs::of(&paths);
    let stamp = [
        file.as_path(),
        dirs.discovered_dir.as_path(),
        dirs.cache_dir.as_path(),
    ]
    .map(|p| {
        std::fs::metadata(p)
            .map(|m| (m.modified().ok(), m.len()))
            .unwrap_or((None, 0))
    });
    let mut guard = cache.0.lock().unwrap_or_else(|p| p.into_inner());
    if guard.as_ref().is_none_or(|c| c.stamp != stamp) {
        let catalog = load_layered_from(&CatalogStore::new(&file), &dirs)?.catalog;
        *guard = Some(CachedIndex {
            stamp,
            index: SwitcherIndex::new(&catalog),
            views: hit_views(&catalog),
        });
    }
    let Some(cached) = guard.as_ref() else {
        return Ok(Vec::new());
    };
    let usage = Usage::load(&paths.data_dir);
    let hits = cached.index.search(&query, SWITCHER_LIMIT, &usage);
    // The consoles open now: marked, and Enter brings their window forward.
    let live: HashMap<String, i64> = rolehop_core::live::registry::list(&paths.data_dir)
        .into_iter()
        .map(|l| (l.shortcut, l.since))
        .collect();
    let views: Vec<SwitcherHit> = hits
        .into_iter()
        .filter_map(|h| {
            let mut view = cached.views.get(&h.id).cloned()?;
            view.marks = h.marks;
            view.live_since = live.get(&h.id).and_then(|t| u32::try_from(*t).ok());
            Some(view)
        })
        .collect();
    // What the person sees, in short (no secret in a catalog): which clients the hits belong
    // to, in order, one name per run.
    let mut clients: Vec<&str> = Vec::new();
    for v in &views {
        if clients.last() != Some(&v.client.as_str()) {
            clients.push(&v.client);
        }
    }
    tracing::debug!(
        "switcher search {query:?}: {} hits; clients in order: {}",
        views.len(),
        clients.join(", ")
    );
    Ok(views)
}

pub(super) fn hit_views(catalog: &Catalog) -> HashMap<String, SwitcherHit> {
    let lookup = rolehop_core::catalog::resolve::Lookup::new(catalog);
    catalog
        .shortcuts
        .iter()
        .filter_map(|s| {
            let r = lookup.resolve(&s.id).ok()?;
            let hit = SwitcherHit {
                color: Some(r.color),
                id: r.id,
                client: r.client,
                client_name: r.client_name,
                label: r.label,
                account: r.account,
                role: r.role_name,
                tags: s.tags.clone(),
                pinned: r.pinned,
                live_since: None,
                marks: Default::default(),
            };
            Some((s.id.clone(), hit))
        })
        .collect()
}

#[tauri::command]
#[specta::specta]
pub async fn open_shortcut<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    how: OpenHow,
) -> Result<(), IpcError> {
    // Read and resolved once: an unknown id is answered at once, and the open, its notices
    // and the tray's rebuild go on from what was read here.
    let picked = blocking(move || {
        let workspace = Workspace::from_env()?;
        let catalog = workspace.catalog()?;
        Ok(crate::app::actions::Picked::of(
            workspace,
            catalog,
            &rolehop_core::link::target::Target::plain(id),
        )?)
    })
    .await?;
    crate::app::actions::open_picked(&app, picked, how);
    Ok(())
}

/// Closes the calling window (Escape in the switcher, Cancel, Done).
#[tauri::command]
#[specta::specta]
pub async fn dismiss<R: Runtime>(window: WebviewWindow<R>) -> Result<(), IpcError> {
    window
        .destroy()
        .map_err(|e| IpcError::internal(e.to_string()))
}
