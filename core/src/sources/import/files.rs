//! Finding and reading the AWS CLI's files for an import, the way the AWS CLI finds them:
//! `AWS_CONFIG_FILE` or `~/.aws/config`, and `AWS_SHARED_CREDENTIALS_FILE` or
//! `~/.aws/credentials` (<https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html#cli-configure-files-where>).
//! Shared by `rolehop import` and the settings window's import page.

use std::path::{Path, PathBuf};

use super::ImportError;
use super::aws_config::Input;
use crate::base::secret::Secret;

fn home_file(env: &str, default: &str) -> Option<PathBuf> {
    std::env::var_os(env)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().join(default)))
}

/// Where the AWS CLI reads its config file.
pub fn default_config() -> Option<PathBuf> {
    home_file("AWS_CONFIG_FILE", ".aws/config")
}

/// Where the AWS CLI reads its credentials file.
pub fn default_credentials() -> Option<PathBuf> {
    home_file("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials")
}

fn read(path: &Path) -> Result<String, ImportError> {
    crate::base::files::read_capped(path, crate::base::files::IMPORT_MAX_BYTES, false).map_err(
        |e| ImportError::Read {
            path: path.display().to_string(),
            message: e.to_string(),
        },
    )
}

/// The texts of an AWS config file and the credentials file next to it. The credentials text
/// holds access keys: it is a [`Secret`]; `Debug` shows only the file names.
#[derive(Clone)]
pub struct AwsConfigFiles {
    pub config_name: String,
    pub config: String,
    pub credentials_name: String,
    pub credentials: Option<Secret>,
}

impl std::fmt::Debug for AwsConfigFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsConfigFiles")
            .field("config_name", &self.config_name)
            .field("credentials_name", &self.credentials_name)
            .finish_non_exhaustive()
    }
}

impl AwsConfigFiles {
    /// Reads the named files, or the AWS CLI's defaults. The default credentials file may be
    /// missing; a named one must exist.
    pub fn read(config: Option<&Path>, credentials: Option<&Path>) -> Result<Self, ImportError> {
        let config_path = config
            .map(Path::to_path_buf)
            .or_else(default_config)
            .ok_or_else(|| ImportError::Read {
                path: "~/.aws/config".into(),
                message: "no home directory: name the file".into(),
            })?;
        let credentials_path = match credentials {
            Some(p) => Some(p.to_path_buf()),
            None => default_credentials().filter(|p| p.exists()),
        };
        Ok(Self {
            config: read(&config_path)?,
            config_name: config_path.display().to_string(),
            credentials: credentials_path
                .as_deref()
                .map(read)
                .transpose()?
                .map(Secret::new),
            credentials_name: credentials_path
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        })
    }

    pub fn input(&self) -> Input<'_> {
        Input {
            config: &self.config,
            config_name: &self.config_name,
            credentials: self.credentials.as_ref().map(Secret::expose),
            credentials_name: &self.credentials_name,
        }
    }
}
