//! When each shortcut was last opened: what the tray's "recently used" section and the
//! switcher's ordering come from. Not secret; a small JSON map in the data dir
//! (`usage.json`), written atomically. An unreadable file counts as empty (it only orders
//! menus).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Usage {
    /// Shortcut id -> Unix seconds of the last open.
    #[serde(default)]
    pub last_used: BTreeMap<String, i64>,
}

pub fn usage_file(data_dir: &Path) -> PathBuf {
    data_dir.join("usage.json")
}

impl Usage {
    pub fn load(data_dir: &Path) -> Self {
        std::fs::read_to_string(usage_file(data_dir))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    /// Records an open and saves; failures to save are logged, never fatal.
    pub fn record(data_dir: &Path, shortcut_id: &str, now: i64) {
        let mut usage = Self::load(data_dir);
        usage.last_used.insert(shortcut_id.to_string(), now);
        let path = usage_file(data_dir);
        // Atomic and private (0600, in a 0700 directory), as every file Rolehop writes.
        let saved = crate::base::files::write_atomic(
            &path,
            serde_json::to_string_pretty(&usage)
                .unwrap_or_default()
                .as_bytes(),
            false,
        );
        if let Err(e) = saved {
            tracing::warn!(
                "could not record the use of `{shortcut_id}` in {}: {e}",
                path.display()
            );
        }
    }

    pub fn last_used(&self, shortcut_id: &str) -> Option<i64> {
        self.last_used.get(shortcut_id).copied()
    }

    /// The most recently used shortcut ids, newest first.
    pub fn recent(&self, limit: usize) -> Vec<&str> {
        let mut all: Vec<(&str, i64)> = self
            .last_used
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        all.into_iter().take(limit).map(|(k, _)| k).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `usage.json` is private (0600) like every file Rolehop writes (it was created 0644).
    #[cfg(unix)]
    #[test]
    fn the_usage_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        Usage::record(dir.path(), "a", 10);
        let mode = std::fs::metadata(usage_file(dir.path()))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn records_and_orders_recent_use() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Usage::load(dir.path()), Usage::default());
        Usage::record(dir.path(), "a", 10);
        Usage::record(dir.path(), "b", 30);
        Usage::record(dir.path(), "c", 20);
        Usage::record(dir.path(), "a", 40);
        let usage = Usage::load(dir.path());
        assert_eq!(usage.recent(2), vec!["a", "b"]);
        assert_eq!(usage.last_used("c"), Some(20));
        std::fs::write(usage_file(dir.path()), "{broken").unwrap();
        assert_eq!(Usage::load(dir.path()), Usage::default());
    }
}
