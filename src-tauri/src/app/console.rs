//! The built-in browser kind: one Tauri window per shortcut, titled `Client – label (account)`
//! (the core's [`WindowMark`]; "PRODUCTION · " first for production), with a frame and a
//! banner in the client's colour (red for production) drawn on every page it shows,
//! whose webview keeps its cookies in its own data directory (`<data dir>/consoles/<id>`), so
//! two accounts stay apart exactly as two browser profiles would. No capability names these
//! windows, so the AWS console page can call no command of the app. The sign-in URL is loaded
//! in-process: it never reaches a command line.

use std::path::{Path, PathBuf};

use rolehop_core::browser::mark::{WindowMark, cascade_position, page_script};
use rolehop_core::launch::SigninUrl;
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

use super::ipc::IpcError;

/// Window labels allow letters, digits, `-`, `/`, `:` and `_`; shortcut ids may also hold `.`.
pub fn label(shortcut: &str) -> String {
    let safe: String = shortcut
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("console-{safe}")
}

pub fn data_dir(app_data: &Path, shortcut: &str) -> PathBuf {
    app_data.join("consoles").join(shortcut)
}

/// Opens (or re-points) the shortcut's console window at a fresh sign-in URL.
pub fn open<R: Runtime>(
    app: &AppHandle<R>,
    app_data: &Path,
    signin: &SigninUrl,
) -> Result<(), IpcError> {
    let s = &signin.shortcut;
    let url = url::Url::parse(signin.url.expose())
        .map_err(|_| IpcError::new("signin", "the sign-in endpoint returned an unusable URL"))?;
    let label = label(&s.id);
    let mark = WindowMark::of(s);
    if let Some(window) = app.get_webview_window(&label) {
        let _ = window.set_title(&mark.title);
        window
            .navigate(url)
            .map_err(|e| IpcError::new("browser_failed", e.to_string()))?;
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        return Ok(());
    }
    let dir = data_dir(app_data, &s.id);
    create_private_dir(&dir)
        .map_err(|e| IpcError::new("io", format!("cannot create {}: {e}", dir.display())))?;
    // Placed off the console windows already open.
    let open = app
        .webview_windows()
        .keys()
        .filter(|l| l.starts_with("console-"))
        .count();
    let (x, y) = cascade_position(open);
    WebviewWindowBuilder::new(app, &label, WebviewUrl::External(url))
        .title(&mark.title)
        // The page script draws the client's colour on every page of this window; it only
        // draws (the window has no IPC).
        .initialization_script(page_script(&mark))
        .position(f64::from(x), f64::from(y))
        .data_directory(dir)
        .inner_size(1280.0, 820.0)
        .focused(true)
        .build()
        .map(|_| ())
        .map_err(|e| {
            IpcError::new(
                "browser_failed",
                format!("cannot open the console window: {e}"),
            )
        })
}

/// Closes a shortcut's console window, if open.
pub fn close<R: Runtime>(app: &AppHandle<R>, label: &str) {
    if let Some(window) = app.get_webview_window(label) {
        let _ = window.destroy();
    }
}

/// Signing out of a built-in console: its cookies go with its data directory.
pub fn forget(app_data: &Path, shortcut: &str) -> std::io::Result<bool> {
    let dir = data_dir(app_data, shortcut);
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_valid_window_labels_and_distinct_per_shortcut() {
        assert_eq!(label("acme-prod"), "console-acme-prod");
        assert_eq!(label("acme.prod"), "console-acme_prod");
        assert_ne!(label("acme-prod"), label("acme-dev"));
    }
}
