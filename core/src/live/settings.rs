//! The person's choices about live consoles, kept in `<data dir>/live/settings.json` where
//! every part that acts on them reads it (the tray, the CLI, a console's channel host): whether
//! a console is renewed in place before its credentials end, and whether the day's journal is
//! kept, and for how long. Written by `rolehop journal --on|--off|--keep-days` and
//! `rolehop renewal on|off`, and by Settings in the tray.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How long journal entries are kept unless the person says otherwise.
pub const DEFAULT_KEEP_DAYS: u32 = 90;
/// The longest keep the settings take (ten years).
pub const MAX_KEEP_DAYS: u32 = 3650;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LiveSettings {
    /// Renew a daily-mode console in its tab, at its page, before its credentials end.
    pub renew_in_place: bool,
    /// Keep the journal of the day (local only).
    pub journal: bool,
    /// Days journal entries are kept.
    pub keep_days: u32,
}

impl Default for LiveSettings {
    fn default() -> Self {
        Self {
            renew_in_place: true,
            journal: true,
            keep_days: DEFAULT_KEEP_DAYS,
        }
    }
}

pub fn file(data_dir: &Path) -> PathBuf {
    super::registry::live_dir(data_dir).join("settings.json")
}

impl LiveSettings {
    /// The saved settings; the defaults when there are none or they cannot be read (a file
    /// that cannot be read is logged and left for the person to fix).
    pub fn load(data_dir: &Path) -> Self {
        let path = file(data_dir);
        match crate::base::files::read_capped(&path, 64 * 1024, true) {
            Ok(text) => serde_json::from_str::<Self>(&text)
                .map(Self::clamped)
                .unwrap_or_else(|e| {
                    tracing::warn!(
                        "{}: {e}; using the default live-console settings",
                        path.display()
                    );
                    Self::default()
                }),
            Err(_) => Self::default(),
        }
    }

    fn clamped(mut self) -> Self {
        self.keep_days = self.keep_days.clamp(1, MAX_KEEP_DAYS);
        self
    }

    pub fn save(&self, data_dir: &Path) -> std::io::Result<()> {
        let text =
            serde_json::to_string_pretty(&self.clone().clamped()).map_err(std::io::Error::other)?;
        crate::base::files::write_atomic(&file(data_dir), (text + "\n").as_bytes(), false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_default_on_and_keep_what_was_saved() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(LiveSettings::load(dir.path()), LiveSettings::default());
        let off = LiveSettings {
            renew_in_place: false,
            journal: false,
            keep_days: 0,
        };
        off.save(dir.path()).unwrap();
        let back = LiveSettings::load(dir.path());
        assert!(!back.renew_in_place && !back.journal);
        assert_eq!(back.keep_days, 1, "at least a day");
        std::fs::write(file(dir.path()), "{\"journal\": false}").unwrap();
        let partial = LiveSettings::load(dir.path());
        assert!(partial.renew_in_place && !partial.journal);
        std::fs::write(file(dir.path()), "not json").unwrap();
        assert_eq!(LiveSettings::load(dir.path()), LiveSettings::default());
    }
}
