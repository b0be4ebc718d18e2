//! Keychain errors that say which problem it is and how to fix it.

use crate::base::error_kind::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error(
        "no OS keychain is reachable ({detail}). On Linux start a Secret Service provider such as gnome-keyring or KeePassXC (with Secret Service integration enabled) in your desktop session, then run the command again; `rolehop doctor` checks it"
    )]
    Unavailable { detail: String },
    #[error(
        "the OS keychain is locked ({detail}); unlock it (log in to the desktop session, or open Passwords and Keys / KeePassXC and unlock the login collection) and run the command again"
    )]
    Locked { detail: String },
    #[error(
        "the OS keychain did not answer within {secs} s: it is waiting for an unlock prompt nobody answered, or its service is stuck. Unlock it, or restart the keychain service (gnome-keyring-daemon, KeePassXC), then run the command again"
    )]
    NoAnswer { secs: u64 },
    #[error(
        "the OS keychain refused access to Rolehop's entry `{entry}` ({detail}); allow access in the keychain's prompt or settings"
    )]
    Denied { entry: String, detail: String },
    #[error(
        "the keychain entry `{entry}` could not be used ({detail}); `rolehop forget` clears Rolehop's entries"
    )]
    Corrupt { entry: String, detail: String },
    #[error(
        "no keys are stored for identity `{identity}`; run `rolehop setup --identity {identity} …` to store them"
    )]
    KeysMissing { identity: String },
    #[error("the keychain failed on entry `{entry}`: {detail}")]
    Platform { entry: String, detail: String },
}

impl VaultError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Unavailable { .. } => ErrorKind::KeychainUnavailable,
            Self::Locked { .. } | Self::NoAnswer { .. } => ErrorKind::KeychainLocked,
            Self::Denied { .. } => ErrorKind::KeychainDenied,
            Self::KeysMissing { .. } => ErrorKind::KeysMissing,
            Self::Corrupt { .. } | Self::Platform { .. } => ErrorKind::Keychain,
        }
    }
}
