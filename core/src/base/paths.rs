//! Where Rolehop keeps its files: the catalog in the config dir, profiles and non-secret caches
//! in the data dir. `ROLEHOP_CONFIG_DIR` and `ROLEHOP_DATA_DIR` override the platform defaults
//! (`directories::ProjectDirs`), which tests and portable installs rely on.

use std::path::PathBuf;

pub const CONFIG_DIR_ENV: &str = "ROLEHOP_CONFIG_DIR";
pub const DATA_DIR_ENV: &str = "ROLEHOP_DATA_DIR";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    /// Resolves the directories from the environment, falling back to the platform's.
    pub fn from_env() -> Result<Self, NoHome> {
        let env_dir = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let project = directories::ProjectDirs::from("", "", "rolehop");
        let config_dir = match env_dir(CONFIG_DIR_ENV) {
            Some(dir) => dir,
            None => project
                .as_ref()
                .map(|p| p.config_dir().to_path_buf())
                .ok_or_else(no_home)?,
        };
        let data_dir = match env_dir(DATA_DIR_ENV) {
            Some(dir) => dir,
            None => project
                .as_ref()
                .map(|p| p.data_dir().to_path_buf())
                .ok_or_else(no_home)?,
        };
        Ok(Self {
            config_dir,
            data_dir,
        })
    }

    pub fn catalog_file(&self) -> PathBuf {
        self.config_dir.join("catalog.toml")
    }

    /// Non-secret facts learned from AWS (for example a role's maximum session duration).
    pub fn role_limits_file(&self) -> PathBuf {
        self.data_dir.join("role-limits.json")
    }
}

/// No directory for Rolehop's files: neither the variables nor a home directory say where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "cannot find a home directory for Rolehop's files; set ROLEHOP_CONFIG_DIR and ROLEHOP_DATA_DIR"
)]
pub struct NoHome;

fn no_home() -> NoHome {
    NoHome
}
