//! Links in the windows: a switch-role or `rolehop://` link pasted into the switcher
//! ([`read_link`], then [`open_link`]), and Settings' "Copy link" ([`copy_link`]). What a link
//! names is `rolehop_core::link::target`'s reading, the same as `rolehop open`'s.

use rolehop_core::catalog::Catalog;
use rolehop_core::catalog::resolve::resolve;
use rolehop_core::link::deep::Landing;
use rolehop_core::link::format::{LinkFormat, link};
use rolehop_core::link::target::{Named, Target, named};
use rolehop_core::system::Workspace;
use tauri::{AppHandle, Manager, Runtime};

use super::blocking;
use super::switcher::hit_views;
use crate::app::ipc::{IpcError, LinkMatch, OpenHow};

fn load() -> Result<(Workspace, Catalog), IpcError> {
    let ws = Workspace::from_env()?;
    let catalog = ws.catalog()?;
    Ok((ws, catalog))
}

/// What a pasted link names, for the switcher to list.
#[tauri::command]
#[specta::specta]
pub async fn read_link(text: String) -> Result<LinkMatch, IpcError> {
    blocking(move || {
        let (_, catalog) = load()?;
        let views = hit_views(&catalog);
        let hit = |id: &str| views.get(id).cloned();
        Ok(match named(&catalog, &text)? {
            Named::One(target) => LinkMatch {
                hits: hit(&target.shortcut).into_iter().collect(),
                note: match (&target.landing.destination, &target.landing.region) {
                    (None, None) => "The link opens this shortcut.".to_string(),
                    (d, r) => format!(
                        "The link opens this shortcut{}{}.",
                        d.as_ref().map(|d| format!(" at {d}")).unwrap_or_default(),
                        r.as_ref().map(|r| format!(" in {r}")).unwrap_or_default()
                    ),
                },
                add: Vec::new(),
            },
            Named::Several { link, shortcuts } => LinkMatch {
                note: format!(
                    "{} shortcuts open account {} as {}: choose one.",
                    shortcuts.len(),
                    link.account,
                    link.role
                ),
                hits: shortcuts.iter().filter_map(|s| hit(&s.id)).collect(),
                add: Vec::new(),
            },
            Named::Nothing { link, add } => LinkMatch {
                hits: Vec::new(),
                note: format!(
                    "No shortcut opens account {} as {} yet. To add one (or use Settings → Shortcuts):",
                    link.account, link.role
                ),
                add,
            },
        })
    })
    .await
}

/// Opens shortcut `id` as the pasted link `text` asks (where a `rolehop://` link lands), once
/// the person confirmed it in the confirmation window. The link is read again here: `id` must
/// be one it names.
#[tauri::command]
#[specta::specta]
pub async fn open_link<R: Runtime>(
    app: AppHandle<R>,
    text: String,
    id: String,
    how: OpenHow,
) -> Result<(), IpcError> {
    let (ws, shortcut, landing) = blocking(move || {
        let (ws, catalog) = load()?;
        let target = match named(&catalog, &text)? {
            Named::One(t) if t.shortcut == id => t,
            Named::Several { shortcuts, .. } if shortcuts.iter().any(|s| s.id == id) => {
                Target::plain(id)
            }
            _ => {
                return Err(IpcError::core(
                    rolehop_core::ErrorKind::NotFound,
                    format!("the link does not name shortcut `{id}`"),
                ));
            }
        };
        // Where it lands is checked now: a refused destination is the link's fault.
        let shortcut = target
            .landing
            .apply(resolve(&catalog, &target.shortcut).map_err(rolehop_core::Error::from)?)
            .map_err(rolehop_core::Error::from)?;
        Ok((ws, shortcut, target.landing))
    })
    .await?;
    // A pasted link came from outside: the confirmation window shows what it opens first.
    crate::app::confirm::ask(
        &app,
        &shortcut,
        landing,
        how,
        crate::app::confirm::LinkSource::Pasted,
        &ws.paths.config_dir,
    );
    Ok(())
}

/// Puts a shortcut's `rolehop://` link on the clipboard (it holds no secret) and returns it.
#[tauri::command]
#[specta::specta]
pub async fn copy_link<R: Runtime>(app: AppHandle<R>, id: String) -> Result<String, IpcError> {
    let text = blocking(move || {
        let (_, catalog) = load()?;
        let shortcut = resolve(&catalog, &id).map_err(rolehop_core::Error::from)?;
        Ok(link(&shortcut, &Landing::default(), LinkFormat::Rolehop))
    })
    .await?;
    app.state::<crate::app::clipboard::SecretClipboard>()
        .copy_plain(&text)
        .map_err(|e| IpcError::core(rolehop_core::ErrorKind::Io, e.to_string()))?;
    Ok(text)
}
