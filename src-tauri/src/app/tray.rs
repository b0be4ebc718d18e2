//! Renders the core's menu model into the tray menu, with ids that parse back into
//! `MenuItemId` (never matched by display text).

use rolehop_core::catalog::CatalogStore;
use rolehop_core::credentials::now_unix;
use rolehop_core::menu::{self, ActiveSession, MenuInput, MenuItemId, MenuNode};
use rolehop_core::paths::Paths;
use rolehop_core::usage::Usage;
use rolehop_core::vault::{OsKeychain, Vault};
use tauri::image::Image;
use tauri::menu::{IsMenuItem, Menu, MenuItem, MenuItemKind, PredefinedMenuItem, Submenu};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Runtime};

pub const TRAY_ID: &str = "rolehop";
pub const SWITCHER_HOTKEY: &str = if cfg!(target_os = "macos") {
    "Cmd+Option+Space"
} else {
    "Ctrl+Alt+Space"
};

/// Sessions are looked up only for shortcuts opened within this long (each lookup is a
/// keychain read).
const SESSION_LOOKBACK_SECS: i64 = 12 * 3600;

/// The menu model for the current catalog, usage and sessions.
pub fn model() -> Vec<MenuNode> {
    let Ok(paths) = Paths::from_env() else {
        return vec![
            MenuNode::Label("Rolehop cannot find its config directory".into()),
            quit(),
        ];
    };
    let catalog = match CatalogStore::from_paths(&paths).load() {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("{e}");
            let first = e.to_string().lines().next().unwrap_or_default().to_string();
            return vec![
                MenuNode::Label(format!("Catalog error: {first}")),
                MenuNode::Separator,
                quit(),
            ];
        }
    };
    let usage = Usage::load(&paths.data_dir);
    let now = now_unix();
    let vault = Vault::new(OsKeychain);
    let sessions: Vec<ActiveSession> = usage
        .last_used
        .iter()
        .filter(|(_, at)| now - **at < SESSION_LOOKBACK_SECS)
        .filter_map(|(id, _)| {
            let creds = vault.role(id).ok().flatten()?;
            Some(ActiveSession {
                shortcut: id.clone(),
                expires_at: creds.expires_at?,
            })
        })
        .collect();
    menu::build(&MenuInput {
        catalog: &catalog,
        usage: &usage,
        sessions: &sessions,
        now,
        switcher_hotkey: SWITCHER_HOTKEY,
        recent_limit: 8,
    })
}

fn quit() -> MenuNode {
    MenuNode::Item {
        id: MenuItemId::Quit,
        text: "Quit".into(),
        accelerator: None,
    }
}

fn kinds<R: Runtime>(
    app: &AppHandle<R>,
    nodes: &[MenuNode],
    counter: &mut usize,
) -> tauri::Result<Vec<MenuItemKind<R>>> {
    let mut out = Vec::new();
    for node in nodes {
        match node {
            // Their windows do not exist yet.
            MenuNode::Item {
                id: MenuItemId::Settings | MenuItemId::OpenSwitcher,
                ..
            } => {}
            MenuNode::Item { id, text, .. } => {
                out.push(MenuItemKind::MenuItem(MenuItem::with_id(
                    app,
                    id.to_string(),
                    text,
                    true,
                    None::<&str>,
                )?));
            }
            MenuNode::Label(text) => {
                *counter += 1;
                out.push(MenuItemKind::MenuItem(MenuItem::with_id(
                    app,
                    format!("label/{counter}"),
                    text,
                    false,
                    None::<&str>,
                )?));
            }
            MenuNode::Separator => out.push(MenuItemKind::Predefined(
                PredefinedMenuItem::separator(app)?,
            )),
            MenuNode::Submenu { text, children, .. } => {
                let items = kinds(app, children, counter)?;
                let refs: Vec<&dyn IsMenuItem<R>> =
                    items.iter().map(|i| i as &dyn IsMenuItem<R>).collect();
                *counter += 1;
                let enabled = !items.is_empty();
                out.push(MenuItemKind::Submenu(Submenu::with_id_and_items(
                    app,
                    format!("submenu/{counter}"),
                    text,
                    enabled,
                    &refs,
                )?));
            }
        }
    }
    Ok(out)
}

pub fn render<R: Runtime>(app: &AppHandle<R>, nodes: &[MenuNode]) -> tauri::Result<Menu<R>> {
    let mut counter = 0;
    let items = kinds(app, nodes, &mut counter)?;
    let refs: Vec<&dyn IsMenuItem<R>> = items.iter().map(|i| i as &dyn IsMenuItem<R>).collect();
    Menu::with_items(app, &refs)
}

pub fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let menu = render(app, &model())?;
    let icon = Image::from_bytes(include_bytes!("../../../icons/icon.png"))?;
    TrayIconBuilder::with_id(TRAY_ID)
        .icon(icon)
        .tooltip("Rolehop")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(|app, event| super::actions::on_menu_event(app, event.id().as_ref()))
        .build(app)?;
    Ok(())
}

/// Rebuilds the tray menu (after a catalog change, an open, a sign-out).
pub fn rebuild<R: Runtime>(app: &AppHandle<R>) {
    tracing::debug!("rebuilding the tray menu");
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    match render(app, &model()) {
        Ok(menu) => {
            if let Err(e) = tray.set_menu(Some(menu)) {
                tracing::error!("cannot update the tray menu: {e}");
            }
        }
        Err(e) => tracing::error!("cannot build the tray menu: {e}"),
    }
}
