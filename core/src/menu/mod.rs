//! The tray menu as data: a pure function from the catalog, recent use and active sessions to
//! a tree of items with typed ids. The Tauri shell renders it and maps clicks back through
//! [`MenuItemId`]'s `FromStr` (its `TryFrom<MenuId>`), never by matching display strings.
//!
//! Order: the fixed items ("Open switcher…" with its hotkey, "Active sessions" — time left;
//! open, renew, open terminal and sign out each; sign out all — and "Settings…") stay where the pointer
//! finds them: first where the menu opens downward from its icon (a top panel, the macOS menu
//! bar), last (above "Quit") where it opens upward (the Windows taskbar), so pinned and
//! recently used shortcuts growing never push them. Then pinned shortcuts, recently used
//! ones, one submenu per client in alphabetical order (with the client's colour for a dot
//! icon; its shortcuts, then — while the menu is whole — "Open terminal in" with the same
//! shortcuts, each starting the person's terminal with `rolehop shell`), and "Quit" last. Active sessions are listed by name, not by time left, so they do
//! not move as their time runs. Each shortcut reads
//! `name · account · role`, its name being its label, else its id (never the role twice), and
//! every item that stands for a shortcut carries its client's colour.
//!
//! The menu stays bounded whatever the catalog's size ([`MenuLimits`]): a GTK menu builds every
//! item up front (about 25 KB each), so 5,000 shortcuts would cost the idle tray over 100 MB.
//! Within the limits the menu is the whole catalog. Beyond them, the clients a person uses
//! (pinned or recently opened shortcuts) come first, each submenu shows its most used
//! shortcuts and ends with "All N in Client…", and the clients left out are behind "More
//! clients…": both open the switcher with the client's name typed, so every shortcut is in
//! the menu or one step away in the switcher.

mod dot;
mod ids;
pub mod patch;
mod today;
mod words;

pub use dot::{dot_rgba, rgb};
pub use ids::{MenuItemId, Place, UnknownMenuItem};
pub use words::{natural_cmp, time_ago, time_left};

use today::today;

use std::collections::{HashMap, HashSet};

use crate::base::usage::Usage;
use crate::catalog::Catalog;
use crate::catalog::resolve::Lookup;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuNode {
    Item {
        id: MenuItemId,
        text: String,
        accelerator: Option<String>,
        /// #rrggbb of the shortcut's client, for a dot icon.
        color: Option<String>,
    },
    /// A disabled line of text (a section title).
    Label(String),
    Submenu {
        text: String,
        /// #rrggbb, for the dot icon.
        color: Option<String>,
        children: Vec<MenuNode>,
    },
    Separator,
}

/// A console session that is still valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveSession {
    pub shortcut: String,
    pub expires_at: i64,
    /// Since when its console is live in Rolehop's browser (unix seconds), when it is: the
    /// menu says so, and its first item is "Go to window" (an open of a live console brings
    /// it forward).
    pub live_since: Option<i64>,
}

/// How much of the catalog the tray menu holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MenuLimits {
    /// A catalog with at most this many shortcuts (in client submenus) …
    pub shortcuts: usize,
    /// … and at most this many clients is shown whole.
    pub clients: usize,
    /// A larger one is cut to about this many shortcut items …
    pub cut_shortcuts: usize,
    /// … in this many client submenus: the size of an everyday menu, so the idle tray holds
    /// no more than it does for an everyday catalog.
    pub cut_clients: usize,
}

impl MenuLimits {
    /// An everyday catalog (a few hundred shortcuts) is shown whole; an MSP's is cut to an
    /// everyday menu's size (measured in BENCHMARKS.md).
    pub const DEFAULT: Self = Self {
        shortcuts: 400,
        clients: 60,
        cut_shortcuts: 150,
        cut_clients: 30,
    };
    /// Every client shows at least this many of its shortcuts when the menu is cut.
    pub const MIN_PER_CLIENT: usize = 3;
}

pub struct MenuInput<'a> {
    pub catalog: &'a Catalog,
    pub limits: MenuLimits,
    pub usage: &'a Usage,
    pub sessions: &'a [ActiveSession],
    pub now: i64,
    /// The switcher's hotkey, shown next to "Open switcher…".
    pub switcher_hotkey: &'a str,
    pub recent_limit: usize,
    /// Where the fixed items go: first (a menu that opens downward from its icon) or last,
    /// above Quit (one that opens upward, as from the Windows taskbar). See [`fixed_first`].
    pub fixed_first: bool,
    /// The day's journal per client, for "Today" (`None`: the journal is off).
    pub today: Option<&'a [crate::live::journal::ClientTotal]>,
}

/// Whether this platform's tray menu opens downward from its icon: the macOS menu bar and the
/// top panels of most Linux desktops do; the Windows taskbar's notification area opens upward.
pub const fn fixed_first() -> bool {
    !cfg!(windows)
}

/// A plain item without a colour.
fn item(id: MenuItemId, text: &str) -> MenuNode {
    MenuNode::Item {
        id,
        text: text.to_string(),
        accelerator: None,
        color: None,
    }
}

pub fn build(input: &MenuInput<'_>) -> Vec<MenuNode> {
    let menu = Menu::new(input);
    let fixed = [
        MenuNode::Item {
            id: MenuItemId::OpenSwitcher,
            text: "Open switcher…".into(),
            accelerator: Some(input.switcher_hotkey.to_string()),
            color: None,
        },
        menu.sessions(),
        today(input.today),
        item(MenuItemId::Settings, "Settings…"),
    ];
    let mut nodes = Vec::new();
    if input.fixed_first {
        nodes.extend(fixed);
        nodes.push(MenuNode::Separator);
        nodes.extend(menu.quick_access());
        nodes.extend(menu.clients());
        nodes.push(MenuNode::Separator);
    } else {
        nodes.extend(menu.quick_access());
        nodes.extend(menu.clients());
        nodes.push(MenuNode::Separator);
        nodes.extend(fixed);
        nodes.push(MenuNode::Separator);
    }
    nodes.push(item(MenuItemId::Quit, "Quit"));
    nodes
}

/// What every section of the menu reads: the input, resolved shortcuts, the known ids.
struct Menu<'a> {
    input: &'a MenuInput<'a>,
    lookup: Lookup<'a>,
    known: HashSet<&'a str>,
}

impl<'a> Menu<'a> {
    fn new(input: &'a MenuInput<'a>) -> Self {
        Self {
            input,
            lookup: Lookup::new(input.catalog),
            known: input
                .catalog
                .shortcuts
                .iter()
                .map(|s| s.id.as_str())
                .collect(),
        }
    }

    /// A shortcut as an item: `name · account · role`, after its client's name where the
    /// section mixes clients; `None` for one that does not resolve.
    fn shortcut_item(&self, id: &str, place: Place, with_client: bool) -> Option<MenuNode> {
        let r = self.lookup.resolve(id).ok()?;
        let text = format!("{} · {} · {}", r.label, r.account, r.role_name);
        Some(MenuNode::Item {
            id: MenuItemId::Open {
                shortcut: id.to_string(),
                place,
            },
            text: if with_client {
                format!("{} — {text}", r.client_name)
            } else {
                text
            },
            accelerator: None,
            color: Some(r.color),
        })
    }

    /// A shortcut's "Open terminal" item (in its client's "Open terminal in" submenu).
    fn terminal_item(&self, id: &str, place: Place) -> Option<MenuNode> {
        let r = self.lookup.resolve(id).ok()?;
        Some(MenuNode::Item {
            id: MenuItemId::Terminal {
                shortcut: id.to_string(),
                place,
            },
            text: format!("{} · {} · {}", r.label, r.account, r.role_name),
            accelerator: None,
            color: Some(r.color),
        })
    }

    /// Pinned shortcuts, then "Recently used" (not repeating pinned ones), each a flat list
    /// of items naming their client, closed by a separator when there is any.
    fn quick_access(&self) -> Vec<MenuNode> {
        let catalog = self.input.catalog;
        let pinned: Vec<&str> = catalog
            .shortcuts
            .iter()
            .filter(|s| s.pinned)
            .map(|s| s.id.as_str())
            .collect();
        let pinned_set: HashSet<&str> = pinned.iter().copied().collect();
        let recent: Vec<&str> = self
            .input
            .usage
            .recent(self.input.recent_limit + pinned.len())
            .into_iter()
            .filter(|id| self.known.contains(id) && !pinned_set.contains(id))
            .take(self.input.recent_limit)
            .collect();
        let mut nodes = Vec::new();
        for (label, ids, place) in [
            (None, &pinned, Place::Pinned),
            (Some("Recently used"), &recent, Place::Recent),
        ] {
            if ids.is_empty() {
                continue;
            }
            if !nodes.is_empty() {
                nodes.push(MenuNode::Separator);
            }
            nodes.extend(label.map(|l| MenuNode::Label(l.into())));
            nodes.extend(
                ids.iter()
                    .filter_map(|id| self.shortcut_item(id, place, true)),
            );
        }
        if !nodes.is_empty() {
            nodes.push(MenuNode::Separator);
        }
        nodes
    }

    /// One submenu per client with shortcuts, in alphabetical order; a hint when there are none.
    /// Beyond the [`MenuLimits`], the used clients and shortcuts first and the rest one step
    /// away in the switcher.
    fn clients(&self) -> Vec<MenuNode> {
        let catalog = self.input.catalog;
        let mut by_client: HashMap<&str, Vec<&str>> = HashMap::new();
        for s in &catalog.shortcuts {
            by_client
                .entry(s.client.as_str())
                .or_default()
                .push(s.id.as_str());
        }
        let mut groups: Vec<(&crate::catalog::Client, &Vec<&str>)> = catalog
            .clients
            .iter()
            .filter_map(|c| by_client.get(c.id.as_str()).map(|ids| (c, ids)))
            .filter(|(_, ids)| !ids.is_empty())
            .collect();
        // Alphabetical by name as a person reads it (case aside, numbers by value: "Client 2"
        // before "Client 10"), the id breaking ties: a client is where a person looks for
        // it, not where it was added.
        groups.sort_by(|(a, _), (b, _)| {
            natural_cmp(&a.name.to_lowercase(), &b.name.to_lowercase())
                .then_with(|| a.id.cmp(&b.id))
        });
        let total: usize = groups.iter().map(|(_, ids)| ids.len()).sum();
        let limits = self.input.limits;
        let whole = groups.len() <= limits.clients && total <= limits.shortcuts;
        // How recently each shortcut was opened (0 = most recent); pinned ones rank first.
        let rank: HashMap<&str, usize> = if whole {
            HashMap::new()
        } else {
            self.input
                .usage
                .recent(usize::MAX)
                .into_iter()
                .enumerate()
                .map(|(i, id)| (id, i + 1))
                .collect()
        };
        let pinned: HashSet<&str> = catalog
            .shortcuts
            .iter()
            .filter(|s| s.pinned)
            .map(|s| s.id.as_str())
            .collect();
        let score = |id: &str| -> usize {
            if pinned.contains(id) {
                0
            } else {
                rank.get(id).copied().unwrap_or(usize::MAX)
            }
        };
        let shown: Vec<&(&crate::catalog::Client, &Vec<&str>)> = if whole {
            groups.iter().collect()
        } else {
            // The clients used most recently stay; the menu keeps alphabetical order among them.
            let mut by_use: Vec<(usize, usize)> = groups
                .iter()
                .enumerate()
                .map(|(i, (_, ids))| {
                    (
                        ids.iter().map(|id| score(id)).min().unwrap_or(usize::MAX),
                        i,
                    )
                })
                .collect();
            by_use.sort();
            let mut keep: Vec<usize> = by_use
                .into_iter()
                .take(limits.cut_clients)
                .map(|(_, i)| i)
                .collect();
            keep.sort_unstable();
            keep.into_iter().filter_map(|i| groups.get(i)).collect()
        };
        let per_client = if whole {
            usize::MAX
        } else {
            (limits.cut_shortcuts / shown.len().max(1)).max(MenuLimits::MIN_PER_CLIENT)
        };
        let mut nodes: Vec<MenuNode> = shown
            .iter()
            .filter_map(|(client, ids)| {
                let mut chosen: Vec<&str> = ids.to_vec();
                if chosen.len() > per_client {
                    // The most used first, then catalog order (a stable sort keeps it).
                    chosen.sort_by_key(|id| score(id));
                    chosen.truncate(per_client);
                    // Shown in catalog order, as the full menu would.
                    let keep: HashSet<&str> = chosen.into_iter().collect();
                    chosen = ids.iter().copied().filter(|id| keep.contains(id)).collect();
                }
                let mut children: Vec<MenuNode> = chosen
                    .iter()
                    .filter_map(|id| self.shortcut_item(id, Place::Client, false))
                    .collect();
                if children.is_empty() {
                    return None;
                }
                // The same shortcuts as terminals: "Open terminal in" runs the marked shell. Only
                // in a whole menu: a cut one stays at an everyday menu's size, and the switcher
                // opens a terminal for every shortcut (Ctrl+T).
                if whole {
                    let terminals: Vec<MenuNode> = chosen
                        .iter()
                        .filter_map(|id| self.terminal_item(id, Place::Client))
                        .collect();
                    children.push(MenuNode::Separator);
                    children.push(MenuNode::Submenu {
                        text: "Open terminal in".into(),
                        color: None,
                        children: terminals,
                    });
                }
                if ids.len() > chosen.len() {
                    children.push(MenuNode::Separator);
                    children.push(item(
                        MenuItemId::Find {
                            client: Some(client.id.clone()),
                        },
                        &format!("All {} in {}… (switcher)", ids.len(), client.name),
                    ));
                }
                Some(MenuNode::Submenu {
                    text: client.name.clone(),
                    color: Some(self.lookup.client_color(&client.id)),
                    children,
                })
            })
            .collect();
        let hidden = groups.len() - shown.len();
        if hidden > 0 {
            nodes.push(item(
                MenuItemId::Find { client: None },
                &format!(
                    "More clients ({hidden}, {} shortcuts)… (switcher)",
                    total - shown.iter().map(|(_, ids)| ids.len()).sum::<usize>()
                ),
            ));
        }
        if catalog.shortcuts.is_empty() {
            // The two ways in, where the shortcuts will be: many at once from what the person
            // keeps already, or one by hand.
            nodes.push(MenuNode::Label("No shortcuts yet".into()));
            nodes.push(item(
                MenuItemId::Import,
                "Import from ~/.aws/config, Extend Switch Roles or links…",
            ));
            nodes.push(item(MenuItemId::AddShortcut, "Add a shortcut by hand…"));
        }
        nodes
    }

    /// "Active sessions": each console still signed in, by name, with its time left, Open,
    /// Renew and Sign out; and Sign out all.
    fn sessions(&self) -> MenuNode {
        let now = self.input.now;
        let sessions: Vec<&ActiveSession> = self
            .input
            .sessions
            .iter()
            .filter(|s| s.expires_at > now && self.known.contains(s.shortcut.as_str()))
            .collect();
        let mut titled: Vec<(String, Option<String>, &ActiveSession)> = sessions
            .iter()
            .map(|s| {
                let (title, color) = self
                    .lookup
                    .resolve(&s.shortcut)
                    .ok()
                    .map(|r| (format!("{} – {}", r.client_name, r.label), Some(r.color)))
                    .unwrap_or_else(|| (s.shortcut.clone(), None));
                (title, color, *s)
            })
            .collect();
        // By name (then id): a session stays in its place while its time runs down.
        titled.sort_by_cached_key(|(title, _, s)| (title.to_lowercase(), s.shortcut.clone()));
        let mut children: Vec<MenuNode> = titled
            .into_iter()
            .map(|(title, color, s)| {
                let shortcut = s.shortcut.clone();
                let (text, open) = match s.live_since {
                    Some(since) => (
                        format!(
                            "● {title} (open {}, {})",
                            time_ago(now - since),
                            time_left(s.expires_at - now)
                        ),
                        "Go to window",
                    ),
                    None => (
                        format!("{title} ({})", time_left(s.expires_at - now)),
                        "Open",
                    ),
                };
                MenuNode::Submenu {
                    text,
                    color,
                    children: vec![
                        item(
                            MenuItemId::Open {
                                shortcut: shortcut.clone(),
                                place: Place::Session,
                            },
                            open,
                        ),
                        item(
                            MenuItemId::Renew {
                                shortcut: shortcut.clone(),
                            },
                            "Renew (sign in again)",
                        ),
                        item(
                            MenuItemId::Terminal {
                                shortcut: shortcut.clone(),
                                place: Place::Session,
                            },
                            "Open terminal",
                        ),
                        item(MenuItemId::SignOut { shortcut }, "Sign out"),
                    ],
                }
            })
            .collect();
        let count = children.len();
        if count > 0 {
            children.push(MenuNode::Separator);
            children.push(item(MenuItemId::SignOutAll, "Sign out all"));
        }
        MenuNode::Submenu {
            text: if count == 0 {
                "Active sessions (none)".into()
            } else {
                format!("Active sessions ({count})")
            },
            color: None,
            children,
        }
    }
}

#[cfg(test)]
mod tests;
