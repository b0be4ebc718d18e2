//! What Rolehop learned about roles' maximum session durations (from "exceeds the
//! MaxSessionDuration" answers), so the next `long` session asks for the right length at once.
//! Not secret: a JSON map in the data dir.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

#[derive(Debug, Default)]
pub struct RoleLimits {
    file: Option<PathBuf>,
    max: Mutex<BTreeMap<String, u32>>,
}

impl RoleLimits {
    /// Limits kept only in memory.
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// Loads the limits file; an unreadable file counts as empty (it only saves retries).
    pub fn load(file: PathBuf) -> Self {
        let max = std::fs::read_to_string(&file)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        Self {
            file: Some(file),
            max: Mutex::new(max),
        }
    }

    pub fn get(&self, role_arn: &str) -> Option<u32> {
        self.max.lock().ok().and_then(|m| m.get(role_arn).copied())
    }

    pub fn learn(&self, role_arn: &str, max_secs: u32) {
        let Ok(mut map) = self.max.lock() else { return };
        map.insert(role_arn.to_string(), max_secs);
        if let Some(file) = &self.file
            && let (Some(dir), Ok(text)) = (file.parent(), serde_json::to_string_pretty(&*map))
        {
            let _ = std::fs::create_dir_all(dir);
            let tmp = file.with_extension("json.tmp");
            if std::fs::write(&tmp, text).is_ok() {
                let _ = std::fs::rename(&tmp, file);
            }
        }
    }
}
