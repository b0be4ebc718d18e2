//! The CLI's error: the core's typed error, or a usage problem clap could not catch.

use rolehop_core::Error;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] Error),
    #[error("{0}")]
    Usage(String),
    #[error("some checks failed; the lines marked FAIL say what to fix")]
    ChecksFailed,
    #[error("{0}")]
    Failed(String),
    #[error("{action}: {source}")]
    Io {
        action: String,
        #[source]
        source: std::io::Error,
    },
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) => 2,
            Self::Core(_) | Self::Io { .. } | Self::ChecksFailed | Self::Failed(_) => 1,
        }
    }

    pub fn io(action: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            action: action.into(),
            source,
        }
    }
}

// Every part of the core's error converts with `?` (the one list is core's).
rolehop_core::from_core_errors!(CliError);
