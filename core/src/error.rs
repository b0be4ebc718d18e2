//! The error every public function of the core returns, and the `kind` the CLI maps to exit
//! codes and the UI will switch on. Each module owns its typed error with fields (what, where,
//! what to do next); this wraps them so callers handle one type.

use serde::Serialize;

use crate::broker::BrokerError;
use crate::browser::BrowserError;
use crate::catalog::CatalogError;
use crate::federation::FederationError;
use crate::vault::VaultError;

/// A stable, machine-readable class of error (crosses IPC as `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Config,
    CatalogParse,
    CatalogInvalid,
    NotFound,
    Io,
    KeychainUnavailable,
    KeychainLocked,
    KeychainDenied,
    Keychain,
    KeysMissing,
    InvalidKeys,
    AccessDenied,
    MfaRequired,
    MfaRejected,
    MfaReused,
    ExpiredSession,
    DurationTooLong,
    Throttled,
    Network,
    Aws,
    Signin,
    BrowserMissing,
    BrowserFailed,
}

impl ErrorKind {
    /// Every kind, for the UI's generated `ErrorKind` type.
    pub const ALL: [ErrorKind; 23] = [
        Self::Config,
        Self::CatalogParse,
        Self::CatalogInvalid,
        Self::NotFound,
        Self::Io,
        Self::KeychainUnavailable,
        Self::KeychainLocked,
        Self::KeychainDenied,
        Self::Keychain,
        Self::KeysMissing,
        Self::InvalidKeys,
        Self::AccessDenied,
        Self::MfaRequired,
        Self::MfaRejected,
        Self::MfaReused,
        Self::ExpiredSession,
        Self::DurationTooLong,
        Self::Throttled,
        Self::Network,
        Self::Aws,
        Self::Signin,
        Self::BrowserMissing,
        Self::BrowserFailed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Config => "config",
            Self::CatalogParse => "catalog_parse",
            Self::CatalogInvalid => "catalog_invalid",
            Self::NotFound => "not_found",
            Self::Io => "io",
            Self::KeychainUnavailable => "keychain_unavailable",
            Self::KeychainLocked => "keychain_locked",
            Self::KeychainDenied => "keychain_denied",
            Self::Keychain => "keychain",
            Self::KeysMissing => "keys_missing",
            Self::InvalidKeys => "invalid_keys",
            Self::AccessDenied => "access_denied",
            Self::MfaRequired => "mfa_required",
            Self::MfaRejected => "mfa_rejected",
            Self::MfaReused => "mfa_reused",
            Self::ExpiredSession => "expired_session",
            Self::DurationTooLong => "duration_too_long",
            Self::Throttled => "throttled",
            Self::Network => "network",
            Self::Aws => "aws",
            Self::Signin => "signin",
            Self::BrowserMissing => "browser_missing",
            Self::BrowserFailed => "browser_failed",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Broker(#[from] BrokerError),
    #[error(transparent)]
    Federation(#[from] FederationError),
    #[error(transparent)]
    Browser(#[from] BrowserError),
    #[error(transparent)]
    Import(#[from] crate::sources::import::ImportError),
    #[error(transparent)]
    Discover(#[from] crate::sources::discover::DiscoverError),
    #[error("{message}")]
    Environment { kind: ErrorKind, message: String },
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Catalog(e) => e.kind(),
            Self::Vault(e) => e.kind(),
            Self::Broker(e) => e.kind(),
            Self::Federation(e) => e.kind(),
            Self::Browser(e) => e.kind(),
            Self::Import(e) => e.kind(),
            Self::Discover(e) => e.kind(),
            Self::Environment { kind, .. } => *kind,
        }
    }
}
