//! Which browser a shortcut opens in. Chosen per shortcut, else per client, else the catalog's
//! default, else the first one found.

use std::fmt;

use super::BrowserError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BrowserKind {
    Chromium,
    Chrome,
    Brave,
    Edge,
    Vivaldi,
    Firefox,
    /// Firefox with the "Granted" containers add-on, through `ext+granted-containers:`.
    FirefoxContainer,
    /// Rolehop's own console window (a Tauri webview with its own data directory per
    /// shortcut and no IPC), shown by the tray app.
    Builtin,
    /// A command template with `{url}` and `{profile}`.
    Custom,
    /// The system default browser: explicit, and not isolated.
    Default,
}

impl BrowserKind {
    pub const ALL: [BrowserKind; 10] = [
        Self::Chromium,
        Self::Chrome,
        Self::Brave,
        Self::Edge,
        Self::Vivaldi,
        Self::Firefox,
        Self::FirefoxContainer,
        Self::Builtin,
        Self::Custom,
        Self::Default,
    ];

    /// The kinds detection looks for, in order of preference for the default choice.
    pub const DETECTABLE: [BrowserKind; 6] = [
        Self::Chromium,
        Self::Chrome,
        Self::Brave,
        Self::Edge,
        Self::Vivaldi,
        Self::Firefox,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Chromium => "chromium",
            Self::Chrome => "chrome",
            Self::Brave => "brave",
            Self::Edge => "edge",
            Self::Vivaldi => "vivaldi",
            Self::Firefox => "firefox",
            Self::FirefoxContainer => "firefox-container",
            Self::Builtin => "builtin",
            Self::Custom => "custom",
            Self::Default => "default",
        }
    }

    pub fn parse(value: &str) -> Result<Self, BrowserError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == value.trim())
            .ok_or_else(|| BrowserError::UnknownKind {
                value: value.to_string(),
            })
    }

    pub fn is_chromium_family(self) -> bool {
        matches!(
            self,
            Self::Chromium | Self::Chrome | Self::Brave | Self::Edge | Self::Vivaldi
        )
    }

    /// Whether each shortcut gets its own profile (everything but the system default).
    pub fn is_isolated(self) -> bool {
        !matches!(self, Self::Default)
    }

    /// The installed browser this kind runs on.
    pub fn engine(self) -> Self {
        match self {
            Self::FirefoxContainer => Self::Firefox,
            other => other,
        }
    }
}

impl fmt::Display for BrowserKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in BrowserKind::ALL {
            assert_eq!(BrowserKind::parse(kind.as_str()).ok(), Some(kind));
        }
        assert!(BrowserKind::parse("netscape").is_err());
        assert!(BrowserKind::Brave.is_chromium_family());
        assert!(!BrowserKind::Default.is_isolated());
        assert_eq!(BrowserKind::FirefoxContainer.engine(), BrowserKind::Firefox);
    }
}
