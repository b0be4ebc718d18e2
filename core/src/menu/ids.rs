//! Menu item ids: what a click does, as text the tray menu carries and parses back, never
//! matched by display text. `Display` and `FromStr` round-trip every id.

use std::fmt;
use std::str::FromStr;

/// Where in the menu a shortcut item sits (ids must be unique per item).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    Pinned,
    Recent,
    Client,
    Session,
}

impl Place {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pinned => "pinned",
            Self::Recent => "recent",
            Self::Client => "client",
            Self::Session => "session",
        }
    }
}

/// What a menu item does when clicked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MenuItemId {
    Open {
        shortcut: String,
        place: Place,
    },
    /// Signs the same profile in again with fresh credentials.
    Renew {
        shortcut: String,
    },
    SignOut {
        shortcut: String,
    },
    /// Opens the person's terminal emulator running `rolehop shell SHORTCUT` (from a client's
    /// "Open terminal in" submenu or an active session's).
    Terminal {
        shortcut: String,
        place: Place,
    },
    SignOutAll,
    OpenSwitcher,
    /// The switcher with a client's name already typed (`None`: every client): where a menu
    /// too long for the tray sends the shortcuts it leaves out.
    Find {
        client: Option<String>,
    },
    Settings,
    /// Settings on its Import page (an empty catalog's way to bring many shortcuts at once).
    Import,
    /// Settings with a new shortcut's form open (an empty catalog's way to add one by hand).
    AddShortcut,
    Quit,
}

impl fmt::Display for MenuItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Open { shortcut, place } => write!(f, "open/{}/{shortcut}", place.as_str()),
            Self::Renew { shortcut } => write!(f, "renew/{shortcut}"),
            Self::SignOut { shortcut } => write!(f, "signout/{shortcut}"),
            Self::Terminal { shortcut, place } => {
                write!(f, "terminal/{}/{shortcut}", place.as_str())
            }
            Self::SignOutAll => f.write_str("signout-all"),
            Self::OpenSwitcher => f.write_str("switcher"),
            Self::Find { client: None } => f.write_str("find"),
            Self::Find {
                client: Some(client),
            } => write!(f, "find/{client}"),
            Self::Settings => f.write_str("settings"),
            Self::Import => f.write_str("import"),
            Self::AddShortcut => f.write_str("add-shortcut"),
            Self::Quit => f.write_str("quit"),
        }
    }
}

/// A menu id that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a Rolehop menu item")]
pub struct UnknownMenuItem(pub String);

impl FromStr for MenuItemId {
    type Err = UnknownMenuItem;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownMenuItem(s.to_string());
        match s {
            "switcher" => return Ok(Self::OpenSwitcher),
            "settings" => return Ok(Self::Settings),
            "import" => return Ok(Self::Import),
            "add-shortcut" => return Ok(Self::AddShortcut),
            "quit" => return Ok(Self::Quit),
            "signout-all" => return Ok(Self::SignOutAll),
            "find" => return Ok(Self::Find { client: None }),
            _ => {}
        }
        if let Some(client) = s.strip_prefix("find/") {
            return (!client.is_empty())
                .then(|| Self::Find {
                    client: Some(client.to_string()),
                })
                .ok_or_else(unknown);
        }
        if let Some(shortcut) = s.strip_prefix("renew/") {
            return (!shortcut.is_empty())
                .then(|| Self::Renew {
                    shortcut: shortcut.to_string(),
                })
                .ok_or_else(unknown);
        }
        if let Some(rest) = s.strip_prefix("terminal/") {
            let (place, shortcut) = place_and_shortcut(rest).ok_or_else(unknown)?;
            return Ok(Self::Terminal { shortcut, place });
        }
        if let Some(shortcut) = s.strip_prefix("signout/") {
            return (!shortcut.is_empty())
                .then(|| Self::SignOut {
                    shortcut: shortcut.to_string(),
                })
                .ok_or_else(unknown);
        }
        let rest = s.strip_prefix("open/").ok_or_else(unknown)?;
        let (place, shortcut) = place_and_shortcut(rest).ok_or_else(unknown)?;
        Ok(Self::Open { shortcut, place })
    }
}

/// `<place>/<shortcut>`, the tail of an open's or a terminal's id.
fn place_and_shortcut(rest: &str) -> Option<(Place, String)> {
    let (place, shortcut) = rest.split_once('/')?;
    let place = [Place::Pinned, Place::Recent, Place::Client, Place::Session]
        .into_iter()
        .find(|p| p.as_str() == place)?;
    (!shortcut.is_empty()).then(|| (place, shortcut.to_string()))
}
