//! What the browser commands share: the browsers found on this machine and the real launcher.

use std::time::Duration;

use rolehop_core::browser::detect::{Found, HostView, Os, detect};
use rolehop_core::browser::launcher::running_as_root;
use rolehop_core::browser::{BrowserKind, SystemLauncher};
use rolehop_core::launch::Browsers;

use super::CliError;

/// How long `open` waits for the browser to fetch the hand-off URL.
const HANDOFF_WAIT: Duration = Duration::from_secs(45);

pub fn found() -> Vec<Found> {
    detect(&HostView::current())
}

pub fn browsers<'a>(
    found: &'a [Found],
    data_dir: &'a std::path::Path,
) -> Browsers<'a, SystemLauncher> {
    Browsers {
        found,
        data_dir,
        os: Os::current(),
        is_root: running_as_root(),
        launcher: &SystemLauncher,
        handoff_wait: HANDOFF_WAIT,
    }
}

pub fn parse_kind(value: &str) -> Result<BrowserKind, CliError> {
    BrowserKind::parse(value).map_err(|e| CliError::Usage(format!("--browser: {e}")))
}
