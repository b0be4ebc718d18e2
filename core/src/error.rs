//! The error every public function of the core returns, and the `kind` the CLI maps to exit
//! codes and the UI will switch on. Each module owns its typed error with fields (what, where,
//! what to do next); this wraps them so callers handle one type.

use crate::broker::BrokerError;
use crate::browser::BrowserError;
use crate::catalog::CatalogError;
use crate::federation::FederationError;
use crate::vault::VaultError;

pub use crate::base::error_kind::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Broker(BrokerError),
    #[error(transparent)]
    Federation(#[from] FederationError),
    #[error(transparent)]
    Browser(#[from] BrowserError),
    #[error(transparent)]
    Import(#[from] crate::sources::import::ImportError),
    #[error(transparent)]
    Discover(#[from] crate::sources::discover::DiscoverError),
    #[error(transparent)]
    Paths(#[from] crate::base::paths::NoHome),
    #[error(transparent)]
    Untrusted(#[from] crate::base::trust::Untrusted),
    #[error(transparent)]
    Link(#[from] crate::link::deep::LinkError),
    #[error(transparent)]
    Exec(#[from] crate::exec::ExecError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("{message}")]
    Environment { kind: ErrorKind, message: String },
}

/// A broker error about the catalog or the keychain is that error itself, so callers see one
/// shape whoever met it.
impl From<BrokerError> for Error {
    fn from(e: BrokerError) -> Self {
        match e {
            BrokerError::Catalog(e) => Self::Catalog(e),
            BrokerError::Vault(e) => Self::Vault(e),
            other => Self::Broker(other),
        }
    }
}

impl From<crate::sso::SsoError> for Error {
    fn from(e: crate::sso::SsoError) -> Self {
        match e {
            crate::sso::SsoError::Vault(e) => Self::Vault(e),
            other => Self::Broker(BrokerError::Sso(other)),
        }
    }
}

impl From<crate::link::target::TargetError> for Error {
    fn from(e: crate::link::target::TargetError) -> Self {
        match e {
            crate::link::target::TargetError::Link(e) => Self::Link(e),
            crate::link::target::TargetError::Catalog(e) => Self::Catalog(e),
        }
    }
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
            Self::Paths(_) => ErrorKind::Config,
            Self::Untrusted(_) => ErrorKind::Config,
            Self::Link(_) => ErrorKind::InvalidLink,
            Self::Exec(e) => e.kind(),
            Self::Runtime(_) => ErrorKind::Io,
            Self::Environment { kind, .. } => *kind,
        }
    }
}

/// Lets a front end's own error type (the CLI's `CliError`, the tray's `IpcError`), which is
/// `From<Error>`, be made from each part of [`Error`] with `?`: the one list of those parts,
/// so a new one reaches every front end at once. `rolehop_core::from_core_errors!(CliError);`
#[macro_export]
macro_rules! from_core_errors {
    ($target:ty) => {
        $crate::from_core_errors!(@each $target;
            $crate::catalog::CatalogError,
            $crate::vault::VaultError,
            $crate::broker::BrokerError,
            $crate::federation::FederationError,
            $crate::browser::BrowserError,
            $crate::base::paths::NoHome,
            $crate::base::trust::Untrusted,
            $crate::link::target::TargetError,
            $crate::link::deep::LinkError,
            $crate::sso::SsoError,
            $crate::sources::import::ImportError,
            $crate::sources::discover::DiscoverError,
            $crate::exec::ExecError
        );
    };
    (@each $target:ty; $($part:ty),*) => {$(
        impl ::core::convert::From<$part> for $target {
            fn from(e: $part) -> Self {
                <$target>::from($crate::Error::from(e))
            }
        }
    )*};
}
