//! The browsers a catalog can name, and the syntax of a custom browser command: the words the
//! catalog's validation checks and the browser module acts on. A leaf, so the catalog does not
//! depend on the browser module (which depends on the catalog). Which browser a shortcut opens
//! in is chosen per shortcut, else per client, else the catalog's default, else the first found.

use std::fmt;

/// A value that names no browser kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{value}` is not a browser kind; use one of chromium, chrome, brave, edge, vivaldi, firefox, firefox-container, builtin, custom, default"
)]
pub struct UnknownBrowserKind {
    pub value: String,
}

/// Serialized as [`BrowserKind::as_str`] spells it (`firefox-container`), and exported to
/// the UI's TypeScript (which must name every kind: `ui/src/lib/entries.ts`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "ts", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
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

    pub fn parse(value: &str) -> Result<Self, UnknownBrowserKind> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == value.trim())
            .ok_or_else(|| UnknownBrowserKind {
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

/// How Chromium-family consoles are laid out on disk and in processes (`profile_layout` in
/// the catalog). Measured in BENCHMARKS.md: each additional console costs about half the
/// memory as a profile of one shared browser as it does as a browser of its own, so shared is
/// the default. Firefox always gets a profile (and a browser) per shortcut.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "ts", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ProfileLayout {
    /// One Rolehop-owned browser per Chromium-family kind (its own user-data-dir, never the
    /// person's everyday browser) with a profile directory per shortcut: another account adds
    /// a window, not a browser.
    #[default]
    Shared,
    /// A whole browser (its own user-data-dir) per shortcut: each has its own taskbar group.
    Separate,
}

impl ProfileLayout {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Shared => "shared",
            Self::Separate => "separate",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Shared, Self::Separate]
            .into_iter()
            .find(|l| l.as_str() == value.trim())
    }
}

/// Why a command line cannot be split into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    #[error("a single quote is not closed")]
    UnclosedSingleQuote,
    #[error("a double quote is not closed")]
    UnclosedDoubleQuote,
    #[error("it ends with a backslash")]
    TrailingBackslash,
}

/// Splits a command line into words like a POSIX shell would for plain words and quotes
/// (`'…'`, `"…"`, backslash escapes outside single quotes), without running a shell.
pub fn split_command(text: &str) -> Result<Vec<String>, SplitError> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => current.push(ch),
                        None => return Err(SplitError::UnclosedSingleQuote),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch) => current.push(ch),
                            None => return Err(SplitError::TrailingBackslash),
                        },
                        Some(ch) => current.push(ch),
                        None => return Err(SplitError::UnclosedDoubleQuote),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(ch) => current.push(ch),
                    None => return Err(SplitError::TrailingBackslash),
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                current.push(c);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
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

    /// JSON (the IPC) spells every kind as the catalog does.
    #[test]
    fn serde_spells_kinds_as_the_catalog_does() {
        for kind in BrowserKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(serde_json::from_str::<BrowserKind>(&json).unwrap(), kind);
        }
    }
}
