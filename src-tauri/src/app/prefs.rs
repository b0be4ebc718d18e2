//! The app's own preferences (not part of the catalog, which describes AWS, not this desktop):
//! the switcher hotkey, whether links to non-production shortcuts are trusted, and the
//! terminal "Open terminal" starts. Kept in `settings.json` next to the catalog. Autostart is not stored
//! here: the autostart plugin's login entry is the single source of truth.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub hotkey: String,
    /// Links to non-production shortcuts open without the confirmation window (`confirm.rs`).
    /// Off unless the person turns it on; production shortcuts always ask.
    pub trust_links: bool,
    /// The terminal command "Open terminal" runs (`{command}` stands for `rolehop shell ID`);
    /// `None`: this desktop's default (`rolehop_core::exec::emulator`).
    pub terminal: Option<String>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            hotkey: SWITCHER_HOTKEY.to_string(),
            trust_links: false,
            terminal: None,
        }
    }
}

pub fn file(config_dir: &Path) -> PathBuf {
    config_dir.join("settings.json")
}

impl Prefs {
    /// The saved preferences; defaults when there are none or the file cannot be read (the
    /// problem is logged, and the file is left for the person to fix).
    pub fn load(config_dir: &Path) -> Self {
        let path = file(config_dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
                tracing::warn!("{}: {e}; using default settings", path.display());
                Self::default()
            }),
            Err(_) => Self::default(),
        }
    }

    pub fn save(&self, config_dir: &Path) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        rolehop_core::base::files::write_atomic(&file(config_dir), (text + "\n").as_bytes(), false)
    }
}

/// The switcher's default global hotkey.
pub const SWITCHER_HOTKEY: &str = if cfg!(target_os = "macos") {
    "Cmd+Option+Space"
} else {
    "Ctrl+Alt+Space"
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_prefs_load_back_and_garbage_gives_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Prefs::load(dir.path()), Prefs::default());
        let p = Prefs {
            hotkey: "Ctrl+Shift+K".into(),
            trust_links: true,
            terminal: Some("xterm -e {command}".into()),
        };
        p.save(dir.path()).unwrap();
        assert_eq!(Prefs::load(dir.path()), p);
        std::fs::write(file(dir.path()), "{not json").unwrap();
        assert_eq!(Prefs::load(dir.path()), Prefs::default());
    }
}
