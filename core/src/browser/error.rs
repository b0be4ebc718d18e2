//! Browser errors, each with the fix.

use std::path::PathBuf;

use crate::base::error_kind::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum BrowserError {
    #[error(
        "no supported browser was found (looked for Chromium, Chrome, Brave, Edge, Vivaldi and Firefox on PATH, in the usual install places, snap and flatpak); install one (e.g. `apt install chromium`) or set `browser = \"custom\"` with `browser_command`"
    )]
    NoneFound,
    #[error(
        "browser `{kind}` is not installed here{found}; install it, or pick another with --browser (see `rolehop browsers`)"
    )]
    Missing { kind: String, found: String },
    #[error(transparent)]
    UnknownKind(#[from] crate::base::browser_kind::UnknownBrowserKind),
    #[error(
        "browser kind `custom` needs `browser_command` in the catalog, a command with {{url}} (and usually {{profile}}), e.g. \"my-browser --profile {{profile}} {{url}}\""
    )]
    NoCustomCommand,
    #[error("the custom browser command `{template}` is not usable: {reason}")]
    BadCustomCommand { template: String, reason: String },
    #[error("cannot prepare the browser profile {}: {source}; check that the data dir is writable (ROLEHOP_DATA_DIR)", path.display())]
    Profile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot start {program}: {source}")]
    Spawn {
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{program} exited at once ({status}); run it by hand to see why, or pick another browser with --browser"
    )]
    ExitedAtOnce { program: String, status: String },
    #[error(
        "the browser did not open the sign-in link within {secs} s; nothing was signed in. Check that {program} starts, then try again"
    )]
    HandoffTimeout { program: String, secs: u64 },
    #[error(
        "`{shortcut}` opens in Rolehop's built-in console window, which the tray app shows: start `rolehop` (no arguments), then open it from the tray or the switcher, or pass --browser to use another browser here"
    )]
    BuiltinNeedsApp { shortcut: String },
    #[error("`{id}` cannot name a browser profile: {reason}")]
    NotAnId { id: String, reason: String },
    #[error(
        "{} was not created by Rolehop (it has no {marker} marker); it was left alone",
        path.display()
    )]
    NotOurs {
        path: PathBuf,
        /// The marker file's name (`profile::MARKER`; a field, so errors sit below profiles).
        marker: &'static str,
    },
    #[error(
        "the console of `{shortcut}` is open in Rolehop's shared browser ({}); close its windows, then try again",
        path.display()
    )]
    InUse { shortcut: String, path: PathBuf },
    #[error("cannot listen on 127.0.0.1 for the sign-in hand-off: {source}")]
    Handoff {
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the sign-in hand-off page {}: {source}; check that the data dir has room and is writable (ROLEHOP_DATA_DIR)", path.display())]
    HandoffPage {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl BrowserError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::NoneFound | Self::Missing { .. } => ErrorKind::BrowserMissing,
            Self::UnknownKind(_) | Self::NoCustomCommand | Self::BadCustomCommand { .. } => {
                ErrorKind::Config
            }
            Self::Profile { .. } | Self::NotOurs { .. } | Self::HandoffPage { .. } => ErrorKind::Io,
            Self::NotAnId { .. } => ErrorKind::Config,
            Self::BuiltinNeedsApp { .. } => ErrorKind::BrowserMissing,
            Self::Spawn { .. }
            | Self::ExitedAtOnce { .. }
            | Self::HandoffTimeout { .. }
            | Self::Handoff { .. }
            | Self::InUse { .. } => ErrorKind::BrowserFailed,
        }
    }
}
