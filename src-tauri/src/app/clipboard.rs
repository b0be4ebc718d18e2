//! The sign-in link on the clipboard (Alt+Enter in the switcher, "Copy sign-in link"). The link
//! is a bearer secret for up to 15 minutes, so it is handled like a password manager handles
//! one:
//! - it is offered with the hint clipboard managers honour to keep a secret out of their
//!   history (`x-kde-passwordManagerHint: secret` on Linux, the concealed/transient types on
//!   macOS, `ExcludeClipboardContentFromMonitorProcessing` on Windows; arboard's
//!   `exclude_from_history`);
//! - after [`clear_after`] it is cleared, but only if the clipboard still holds this link:
//!   whatever the person copied since is never touched.
//!
//! One `arboard::Clipboard` lives as long as the app: on X11 the app serves the clipboard's
//! content itself, and dropping the last handle would offer it to a clipboard manager.

use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long the link stays; `ROLEHOP_CLIPBOARD_CLEAR_SECS` shortens it for tests.
pub fn clear_after() -> Duration {
    clear_after_from(
        std::env::var("ROLEHOP_CLIPBOARD_CLEAR_SECS")
            .ok()
            .as_deref(),
    )
}

fn clear_after_from(value: Option<&str>) -> Duration {
    value
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .map_or(Duration::from_secs(45), Duration::from_secs)
}

/// Whether a clear should happen: only when the clipboard still holds what was put there.
pub fn still_ours(now: Option<&str>, ours: &str) -> bool {
    now == Some(ours)
}

#[derive(Debug, thiserror::Error)]
#[error("cannot use the clipboard: {0}")]
pub struct ClipboardError(#[from] arboard::Error);

#[derive(Clone, Default)]
pub struct SecretClipboard {
    board: Arc<Mutex<Option<arboard::Clipboard>>>,
}

impl SecretClipboard {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut arboard::Clipboard) -> Result<T, arboard::Error>,
    ) -> Result<T, ClipboardError> {
        let mut guard = self.board.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            *guard = Some(arboard::Clipboard::new()?);
        }
        match guard.as_mut() {
            Some(board) => Ok(f(board)?),
            None => Err(ClipboardError(arboard::Error::ClipboardNotSupported)),
        }
    }

    /// Puts text that is not secret on the clipboard (a shortcut's `rolehop://` link), as any
    /// copy does: it stays, and clipboard managers may keep it.
    pub fn copy_plain(&self, text: &str) -> Result<(), ClipboardError> {
        let text = text.to_string();
        self.with(|board| board.set_text(text))
    }

    /// Puts `secret` on the clipboard, marked for no history, and clears it after
    /// [`clear_after`] if it is still there.
    pub fn copy_secret(&self, secret: &rolehop_core::Secret) -> Result<(), ClipboardError> {
        let text = secret.expose().to_string();
        self.with(|board| {
            let set = board.set();
            #[cfg(target_os = "linux")]
            let set = arboard::SetExtLinux::exclude_from_history(set);
            #[cfg(target_os = "macos")]
            let set = arboard::SetExtApple::exclude_from_history(set);
            #[cfg(windows)]
            let set = arboard::SetExtWindows::exclude_from_history(set);
            set.text(text.clone())
        })?;
        let me = self.clone();
        let wait = clear_after();
        tracing::info!(
            "the sign-in link is on the clipboard for {} s, then cleared if it is still there",
            wait.as_secs()
        );
        let _ = std::thread::Builder::new()
            .name("rolehop-clipboard".into())
            .spawn(move || {
                std::thread::sleep(wait);
                let _ = me.with(|board| {
                    let now = board.get_text().ok();
                    if still_ours(now.as_deref(), &text) {
                        board.clear()?;
                        tracing::info!("cleared the sign-in link from the clipboard");
                    }
                    Ok(())
                });
            });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 45 s unless a test shortens it; a value that is not a number of seconds is ignored.
    #[test]
    fn the_link_stays_45_seconds_by_default() {
        for (value, want) in [(None, 45), (Some("5"), 5), (Some("0"), 45), (Some("x"), 45)] {
            assert_eq!(
                clear_after_from(value),
                Duration::from_secs(want),
                "{value:?}"
            );
        }
    }

    #[test]
    fn only_our_own_link_is_cleared() {
        assert!(still_ours(
            Some("https://x/?SigninToken=a"),
            "https://x/?SigninToken=a"
        ));
        assert!(!still_ours(
            Some("something else"),
            "https://x/?SigninToken=a"
        ));
        assert!(!still_ours(None, "https://x/?SigninToken=a"));
    }
}
