//! Links in the windows: a switch-role or `rolehop://` link pasted into the switcher
//! ([`read_link`], then [`open_link`]), and Settings' "Copy link" ([`copy_link`]). What a link
//! names is `rolehop_core::link::target`'s reading, the same as `rolehop open`'s.

use rolehop_core::catalog::Catalog;
use rolehop_core::catalog::resolve::resolve;
use rolehop_core::link::deep::Landing;
use rolehop_core::link::format::{LinkFormat, link};
use rolehop_core::link::target::{Named, named};
use rolehop_core::system::Workspace;
use tauri::{AppHandle, Manager, Runtime};

use super::blocking;
use super::switcher::hit_views;
use crate::app::actions::Picked;
use crate::app::ipc::{
    ClientForm, IpcError, LinkMatch, LinkProposalView, OpenHow, SettingsPage, ShortcutForm,
};

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
                can_add: false,
            },
            Named::Several { link, shortcuts } => LinkMatch {
                note: format!(
                    "{} shortcuts open {}{}: choose one.",
                    shortcuts.len(),
                    link.what(),
                    landing_words(&link.landing)
                ),
                hits: shortcuts.iter().filter_map(|s| hit(&s.id)).collect(),
                can_add: false,
            },
            Named::Nothing { link, .. } => LinkMatch {
                hits: Vec::new(),
                note: if link.switch_role.is_some() {
                    format!("No shortcut opens {} yet.", link.what())
                } else {
                    format!(
                        "No shortcut opens {} yet: add one in Settings, with the role you use there.",
                        link.what()
                    )
                },
                can_add: link.switch_role.is_some(),
            },
            // A console page that names no account: any shortcut's console may open it.
            Named::NoAccount { link } => LinkMatch {
                hits: catalog
                    .shortcuts
                    .iter()
                    .filter_map(|s| hit(&s.id))
                    .collect(),
                note: format!(
                    "The link names no account: choose the shortcut whose console opens it{}.",
                    landing_words(&link.landing)
                ),
                can_add: false,
            },
        })
    })
    .await
}

/// " at PAGE" for a link that lands on a page of its own.
fn landing_words(landing: &Landing) -> String {
    landing
        .destination
        .as_ref()
        .map(|d| format!(" at {}", rolehop_core::catalog::rules::shown_url(d)))
        .unwrap_or_default()
}

/// Opens shortcut `id` as the pasted link `text` asks (where a `rolehop://` link lands), once
/// the person confirmed it in the confirmation window. The window sends the text, not a
/// target: it is read here (`id` must be one it names), resolved once, and what the
/// confirmation shows is what opens.
#[tauri::command]
#[specta::specta]
pub async fn open_link<R: Runtime>(
    app: AppHandle<R>,
    text: String,
    id: String,
    how: OpenHow,
) -> Result<(), IpcError> {
    let picked = blocking(move || {
        let (ws, catalog) = load()?;
        let target = match named(&catalog, &text)? {
            Named::One(t) if t.shortcut == id => t,
            Named::Several { link, shortcuts } if shortcuts.iter().any(|s| s.id == id) => {
                link.target(id)
            }
            Named::NoAccount { link } if catalog.shortcut(&id).is_some() => link.target(id),
            _ => {
                return Err(IpcError::core(
                    rolehop_core::ErrorKind::NotFound,
                    format!("the link does not name shortcut `{id}`"),
                ));
            }
        };
        // Resolved once, where it lands checked now (a refused destination is the link's
        // fault): what the confirmation shows is what opens.
        Ok(Picked::of(ws, catalog, &target)?)
    })
    .await?;
    // A pasted link came from outside: the confirmation window shows what it opens first.
    crate::app::confirm::ask(&app, picked, how, crate::app::confirm::LinkSource::Pasted);
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

/// The new-shortcut form filled from switch-role link `text`, which no shortcut opens (read
/// again here: the catalog may have changed since the switcher read it). A link that names a
/// shortcut, or that cannot be read, says so.
#[tauri::command]
#[specta::specta]
pub async fn link_proposal(text: String) -> Result<LinkProposalView, IpcError> {
    blocking(move || {
        let (_, catalog) = load()?;
        let link = match named(&catalog, &text)? {
            Named::Nothing { link, .. } => link.switch_role.ok_or_else(|| {
                IpcError::new(
                    rolehop_core::ErrorKind::Config,
                    "the link names an account but no role: add the shortcut by hand, with the role you use there",
                )
            })?,
            Named::NoAccount { .. } => {
                return Err(IpcError::new(
                    rolehop_core::ErrorKind::Config,
                    "the link names no account: there is nothing to propose",
                ));
            }
            Named::One(target) => {
                return Err(IpcError::new(
                    rolehop_core::ErrorKind::Config,
                    format!("shortcut `{}` opens this link already", target.shortcut),
                ));
            }
            Named::Several { shortcuts, .. } => {
                return Err(IpcError::new(
                    rolehop_core::ErrorKind::Config,
                    format!(
                        "{} shortcuts open this link already: {}",
                        shortcuts.len(),
                        shortcuts
                            .iter()
                            .map(|s| s.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        };
        let p = rolehop_core::link::target::proposed(&catalog, &link);
        let client = match (&p.new_client, catalog.client(&p.client)) {
            (Some(new), _) => ClientForm {
                id: p.client.clone(),
                name: new.name.clone(),
                color: new.color.clone(),
                notes: None,
                link: None,
                browser: None,
            },
            (None, Some(c)) => ClientForm::from(c),
            (None, None) => {
                return Err(IpcError::internal(format!(
                    "client `{}` is neither new nor in the catalog",
                    p.client
                )));
            }
        };
        Ok(LinkProposalView {
            link: rolehop_core::link::deep::shown(&text),
            new_client: p.new_client.is_some(),
            shortcut: ShortcutForm {
                id: p.shortcut,
                client: p.client,
                label: p.label,
                account: Some(p.account),
                role: p.role,
                identity: p.identity,
                via: None,
                region: None,
                destination: None,
                session: None,
                duration: None,
                external_id: None,
                browser: None,
                pinned: false,
                tags: p.tags,
            },
            client,
            identity_needed: p.identity_needed,
        })
    })
    .await
}

/// Opens Settings at `page` (see `app::settings_page`).
#[tauri::command]
#[specta::specta]
pub async fn open_settings_page<R: Runtime>(
    app: AppHandle<R>,
    page: SettingsPage,
) -> Result<(), IpcError> {
    crate::app::settings_page::open(&app, page);
    Ok(())
}

/// The page Settings was sent to and has not shown yet, if any.
#[tauri::command]
#[specta::specta]
pub async fn settings_page_take<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Option<SettingsPage>, IpcError> {
    Ok(app
        .try_state::<crate::app::settings_page::PendingPage>()
        .and_then(|p| p.take()))
}
