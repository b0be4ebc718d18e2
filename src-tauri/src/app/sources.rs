//! The settings window's source actions: run an AWS Organizations discovery source (with the
//! MFA window when a code is needed, like any open) and save its layer, and refresh the team
//! URL layers. The work is `rolehop_core`'s discovery and layer fetching; the flow runs on its
//! own thread, because the MFA prompt blocks the thread that asks.

use rolehop_core::ErrorKind;
use rolehop_core::sources::discover::DiffRow;
use rolehop_core::sources::layers::LayerDirs;
use rolehop_core::sources::layers::fetch::{self, Refreshed};
use rolehop_core::use_cases::discovery;
use tauri::{AppHandle, Manager, Runtime};

use super::ipc::{
    DiscoverChange, DiscoverChangeView, DiscoverView, IpcError, LayerRefresh, LayerRefreshView,
};
use super::mfa::{MfaBridge, WindowPrompt};
use super::windows::{self, AppWindow};
use rolehop_core::system::{System, Workspace, block_on};

fn change_view(row: &DiffRow) -> DiscoverChangeView {
    let v = |change: DiscoverChange, id: Option<&String>, account: &str, detail: String| {
        DiscoverChangeView {
            change,
            id: id.cloned(),
            account: account.to_string(),
            detail,
        }
    };
    match row {
        DiffRow::Appeared { id, account, name } => {
            v(DiscoverChange::Appeared, Some(id), account, name.clone())
        }
        DiffRow::Changed {
            id,
            account,
            fields,
        } => v(
            DiscoverChange::Changed,
            Some(id),
            account,
            format!("changed: {}", fields.join(", ")),
        ),
        DiffRow::Left { id, account } => v(
            DiscoverChange::Left,
            Some(id),
            account,
            "left the organization".into(),
        ),
        DiffRow::Flagged {
            account,
            name,
            status,
        } => v(
            DiscoverChange::Flagged,
            None,
            account,
            format!("{name}: {status}, left out"),
        ),
    }
}

fn run_discovery<R: Runtime>(
    app: &AppHandle<R>,
    id: &str,
    apply: bool,
) -> Result<DiscoverView, IpcError> {
    let ctx = Workspace::from_env()?;
    let personal = ctx.personal()?;
    let spec = personal
        .discoveries
        .iter()
        .find(|d| d.id == id)
        .cloned()
        .ok_or_else(|| {
            IpcError::core(
                rolehop_core::ErrorKind::NotFound,
                format!("no discovery source `{id}`"),
            )
        })?;
    let prompt = WindowPrompt::new(app.clone());
    let parts = System::new(&ctx, ctx.catalog()?, prompt)?;
    let dir = LayerDirs::of(&ctx.paths).discovered_dir;
    let run = block_on(discovery::run(&parts.engine(), &spec, &dir, &|_| {}))??;
    if apply {
        discovery::write_layer(&run).map_err(|e| {
            IpcError::new(
                ErrorKind::Io,
                format!("cannot save the discovered accounts: {e}"),
            )
        })?;
    }
    Ok(DiscoverView {
        id: spec.id.clone(),
        accounts: u32::try_from(run.accounts).unwrap_or(u32::MAX),
        shortcuts: u32::try_from(run.discovered.shortcuts.len()).unwrap_or(u32::MAX),
        clients: u32::try_from(run.discovered.clients.len()).unwrap_or(u32::MAX),
        refresh: run.refresh,
        applied: apply,
        changes: run.diff.iter().map(change_view).collect(),
    })
}

/// Runs a discovery source; with `apply`, saves its layer (the tray follows).
pub async fn discover<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    apply: bool,
) -> Result<DiscoverView, IpcError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let worker = app.clone();
    std::thread::spawn(move || {
        let result = run_discovery(&worker, &id, apply);
        let asked = worker.try_state::<MfaBridge>().is_some_and(|bridge| {
            bridge
                .finish(result.as_ref().map(|_| ()).map_err(Clone::clone))
                .asked
        });
        let handle = worker.clone();
        let _ = worker.run_on_main_thread(move || {
            if asked {
                windows::close(&handle, AppWindow::Mfa);
            }
            if apply {
                super::tray::rebuild(&handle);
            }
        });
        let _ = tx.send(result);
    });
    rx.await.map_err(|_| {
        IpcError::new(
            ErrorKind::Io,
            "the discovery stopped unexpectedly".to_string(),
        )
    })?
}

/// Fetches every URL layer now (with its ETag); a failure keeps the cached copy.
pub async fn refresh_layers() -> Result<Vec<LayerRefreshView>, IpcError> {
    let ctx = Workspace::from_env()?;
    let personal = ctx.personal()?;
    let outcomes = fetch::refresh_all(&personal, &LayerDirs::of(&ctx.paths).cache_dir)
        .await
        .map_err(|e| {
            IpcError::new(
                ErrorKind::Network,
                format!("cannot start the HTTPS client: {e}"),
            )
        })?;
    Ok(outcomes
        .into_iter()
        .map(|(layer, outcome)| LayerRefreshView {
            layer,
            result: match outcome {
                Refreshed::Updated { .. } => LayerRefresh::Updated,
                Refreshed::Unchanged => LayerRefresh::Unchanged,
                Refreshed::Failed { .. } => LayerRefresh::Failed,
            },
            detail: outcome.describe(),
        })
        .collect())
}
