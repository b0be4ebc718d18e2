//! The stable, machine-readable class of every error: what the CLI maps to exit codes and the
//! UI switches on (it crosses IPC as `kind`, and its TypeScript union is derived from this
//! enum). A leaf: each module's typed error names its kind here, and [`crate::error::Error`],
//! which wraps those errors, re-exports it, so no module and the wrapper import each other.

use serde::Serialize;

/// A stable, machine-readable class of error (crosses IPC as `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Config,
    CatalogParse,
    CatalogInvalid,
    NotFound,
    /// A `rolehop://` link that cannot be followed (malformed, or asking for what a link may
    /// not choose).
    InvalidLink,
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
    /// An identity's `mfa_process` (a security key) gave no code.
    MfaProcess,
    ExpiredSession,
    /// An IAM Identity Center identity needs a (new) sign-in in the browser.
    SsoSignIn,
    DurationTooLong,
    Throttled,
    Network,
    Aws,
    Signin,
    BrowserMissing,
    BrowserFailed,
}
