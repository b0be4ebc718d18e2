//! The tray menu on screen: the core's menu model rendered as Tauri menu items (ids that
//! parse back into `MenuItemId`, a client's colour as a dot icon), and the core's edit script
//! (`menu::patch`) applied to the menu on screen, so a change builds, removes or renames only
//! the items that changed. `tray.rs` decides when; this file only draws.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rolehop_core::menu::patch::{self, MenuOp};
use rolehop_core::menu::{self, MenuNode};
use tauri::image::Image;
use tauri::menu::{
    IconMenuItem, IsMenuItem, Menu, MenuItem, MenuItemKind, PredefinedMenuItem, Submenu,
};
use tauri::{AppHandle, Runtime};

/// Numbers the ids of labels and submenus (which have no id of their own), unique for the
/// life of the app so an inserted one never repeats one on screen.
static NODE_IDS: AtomicUsize = AtomicUsize::new(0);
/// Pixels of a client's dot icon.
const DOT_SIZE: u32 = 16;

fn dot(rgb: [u8; 3]) -> Image<'static> {
    Image::new_owned(menu::dot_rgba(rgb, DOT_SIZE), DOT_SIZE, DOT_SIZE)
}

pub(super) fn kinds<R: Runtime>(
    app: &AppHandle<R>,
    nodes: &[MenuNode],
) -> tauri::Result<Vec<MenuItemKind<R>>> {
    let mut out = Vec::new();
    for node in nodes {
        match node {
            MenuNode::Item {
                id,
                text,
                accelerator,
                color,
            } => {
                // The hotkey is shown in the text: an accelerator here would also become a
                // shortcut of the menu itself.
                let text = patch::item_text(text, accelerator.as_deref());
                match color.as_deref().and_then(menu::rgb) {
                    // A shortcut: its client's dot.
                    Some(rgb) => out.push(MenuItemKind::Icon(IconMenuItem::with_id(
                        app,
                        id.to_string(),
                        text,
                        true,
                        Some(dot(rgb)),
                        None::<&str>,
                    )?)),
                    None => out.push(MenuItemKind::MenuItem(MenuItem::with_id(
                        app,
                        id.to_string(),
                        text,
                        true,
                        None::<&str>,
                    )?)),
                }
            }
            MenuNode::Label(text) => {
                let n = NODE_IDS.fetch_add(1, Ordering::Relaxed);
                out.push(MenuItemKind::MenuItem(MenuItem::with_id(
                    app,
                    format!("label/{n}"),
                    text,
                    false,
                    None::<&str>,
                )?));
            }
            MenuNode::Separator => out.push(MenuItemKind::Predefined(
                PredefinedMenuItem::separator(app)?,
            )),
            MenuNode::Submenu {
                text,
                color,
                children,
            } => {
                let items = kinds(app, children)?;
                let refs: Vec<&dyn IsMenuItem<R>> =
                    items.iter().map(|i| i as &dyn IsMenuItem<R>).collect();
                let n = NODE_IDS.fetch_add(1, Ordering::Relaxed);
                let enabled = !items.is_empty();
                let icon = color.as_deref().and_then(menu::rgb).map(dot);
                let submenu =
                    Submenu::with_id_and_icon(app, format!("submenu/{n}"), text, enabled, icon)?;
                submenu.append_items(&refs)?;
                out.push(MenuItemKind::Submenu(submenu));
            }
        }
    }
    Ok(out)
}

pub fn render<R: Runtime>(app: &AppHandle<R>, nodes: &[MenuNode]) -> tauri::Result<Menu<R>> {
    let items = kinds(app, nodes)?;
    let refs: Vec<&dyn IsMenuItem<R>> = items.iter().map(|i| i as &dyn IsMenuItem<R>).collect();
    Menu::with_items(app, &refs)
}

/// The menu on screen and the model it shows, so the next change can be applied to it.
pub struct Shown<R: Runtime>(pub(super) Mutex<Option<(Menu<R>, Vec<MenuNode>)>>);

impl<R: Runtime> Default for Shown<R> {
    fn default() -> Self {
        Self(Mutex::new(None))
    }
}

/// A menu or a submenu: what an edit step acts on.
pub(super) enum Level<'a, R: Runtime> {
    Top(&'a Menu<R>),
    Sub(&'a Submenu<R>),
}

impl<R: Runtime> Level<'_, R> {
    fn items(&self) -> tauri::Result<Vec<MenuItemKind<R>>> {
        match self {
            Self::Top(m) => m.items(),
            Self::Sub(s) => s.items(),
        }
    }
    fn insert(&self, item: &dyn IsMenuItem<R>, at: usize) -> tauri::Result<()> {
        match self {
            Self::Top(m) => m.insert(item, at),
            Self::Sub(s) => s.insert(item, at),
        }
    }
    fn remove_at(&self, at: usize) -> tauri::Result<()> {
        match self {
            Self::Top(m) => m.remove_at(at).map(|_| ()),
            Self::Sub(s) => s.remove_at(at).map(|_| ()),
        }
    }
}

/// Why an edit step could not be applied (the menu is then built again).
#[derive(Debug, thiserror::Error)]
pub(super) enum PatchError {
    #[error(transparent)]
    Tauri(#[from] tauri::Error),
    #[error("the menu on screen has no {what} at {at}")]
    Mismatch { what: &'static str, at: usize },
}

pub(super) fn apply<R: Runtime>(
    app: &AppHandle<R>,
    level: &Level<'_, R>,
    ops: &[MenuOp],
) -> Result<(), PatchError> {
    for op in ops {
        match op {
            MenuOp::Remove { at } => level.remove_at(*at)?,
            MenuOp::Insert { at, node } => {
                for item in kinds(app, std::slice::from_ref(node))? {
                    level.insert(&item, *at)?;
                }
            }
            MenuOp::SetText { at, text } => match level.items()?.get(*at) {
                Some(MenuItemKind::MenuItem(i)) => i.set_text(text)?,
                Some(MenuItemKind::Icon(i)) => i.set_text(text)?,
                _ => {
                    return Err(PatchError::Mismatch {
                        what: "item",
                        at: *at,
                    });
                }
            },
            MenuOp::Descend { at, enabled, ops } => match level.items()?.get(*at) {
                Some(MenuItemKind::Submenu(s)) => {
                    apply(app, &Level::Sub(s), ops)?;
                    s.set_enabled(*enabled)?;
                }
                _ => {
                    return Err(PatchError::Mismatch {
                        what: "submenu",
                        at: *at,
                    });
                }
            },
        }
    }
    Ok(())
}
