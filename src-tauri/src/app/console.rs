//! The built-in browser kind: one Tauri window per shortcut, titled `Client – label (account)`
//! (the core's [`WindowMark`]; "PRODUCTION · " first for production), with a frame and a
//! banner in the client's colour (red for production) drawn on every page it shows,
//! whose webview keeps its cookies in its own data directory (`<data dir>/consoles/<id>`; on
//! macOS, where WKWebView has no data directory, in a website data store of its own, macOS 14
//! and later, see [`rolehop_core::browser::console_store`]), so two accounts stay apart
//! exactly as two browser profiles would. No capability names these
//! windows, so the AWS console page can call no command of the app. The sign-in URL is loaded
//! in-process: it never reaches a command line. Its webview keeps no disk cache (on Linux the
//! web context's cache model is set before the sign-in URL loads): the sign-in redirect and
//! what the console loads are never written to the data directory, only its cookies (a
//! `SigninToken` was found in WebKit's cache records otherwise).

use super::ipc::ShellErrorKind;
use rolehop_core::ErrorKind;
use std::path::{Path, PathBuf};

use rolehop_core::browser::mark::{WindowMark, page_script};
use rolehop_core::browser::placement::{Area, Placement, placement, remember, remembered};
use rolehop_core::launch::SigninUrl;
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

use super::ipc::IpcError;

/// Window labels allow letters, digits, `-`, `/`, `:` and `_`; shortcut ids may also hold `.`.
/// The mapping is one-to-one (`acme.prod` and `acme_prod` get different windows): `.` becomes
/// `:`, which no id holds, and anything else outside the label alphabet becomes `/` and its
/// code.
pub fn label(shortcut: &str) -> String {
    let mut out = String::from("console-");
    for c in shortcut.chars() {
        match c {
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => out.push(c),
            '.' => out.push(':'),
            c => out.push_str(&format!("/{:x}/", u32::from(c))),
        }
    }
    out
}

/// Room left for a window manager's title bar above a console's inner size (pixels).
const TITLE_BAR: u32 = 40;

/// The marker a built-in console's data directory carries: only such a directory is removed.
const MARKER: &str = "rolehop-console";

/// A shortcut's console data directory; the id is checked against the catalog's id rule here.
pub fn data_dir(app_data: &Path, shortcut: &str) -> Result<PathBuf, IpcError> {
    rolehop_core::catalog::rules::slug(shortcut)
        .map_err(|e| IpcError::new(ShellErrorKind::InvalidInput, e.message))?;
    Ok(app_data.join("consoles").join(shortcut))
}

/// Opens (or re-points) the shortcut's console window at a fresh sign-in URL.
pub fn open<R: Runtime>(
    app: &AppHandle<R>,
    app_data: &Path,
    signin: &SigninUrl,
) -> Result<(), IpcError> {
    let s = &signin.shortcut;
    let url = url::Url::parse(signin.url.expose()).map_err(|_| {
        IpcError::new(
            ErrorKind::Signin,
            "the sign-in endpoint returned an unusable URL",
        )
    })?;
    let label = label(&s.id);
    let mark = WindowMark::of(s);
    if let Some(window) = app.get_webview_window(&label) {
        let _ = window.set_title(&mark.title);
        window
            .navigate(url)
            .map_err(|e| IpcError::new(ErrorKind::BrowserFailed, e.to_string()))?;
        super::windows::bring_forward(&window);
        return Ok(());
    }
    #[cfg(target_os = "macos")]
    refuse_shared_store()?;
    let dir = data_dir(app_data, &s.id)?;
    rolehop_core::base::files::create_private_dir(&dir)
        .and_then(|()| std::fs::write(dir.join(MARKER), s.id.as_bytes()))
        .map_err(|e| {
            IpcError::new(
                ErrorKind::Io,
                format!("cannot create {}: {e}", dir.display()),
            )
        })?;
    // Where the person last left this shortcut's window, while that is on a screen; else
    // beside the console windows already open, on the screen the person looks at.
    let place_file = dir.join(PLACE);
    let (place, inner_height) = match std::fs::read_to_string(&place_file)
        .ok()
        .and_then(|t| remembered(&t, &super::windows::work_areas(app)))
    {
        Some(p) => (p, p.height),
        None => {
            let open = app
                .webview_windows()
                .keys()
                .filter(|l| l.starts_with("console-"))
                .count();
            let p = placement(
                open,
                super::windows::work_area(app).unwrap_or(Area::ASSUMED),
            );
            // The title bar is the window manager's, above the inner size.
            (p, p.height.saturating_sub(TITLE_BAR).max(400))
        }
    };
    // Created blank: the sign-in URL loads once the disk cache is off.
    let blank = url::Url::parse("about:blank")
        .map_err(|e| IpcError::new(ErrorKind::BrowserFailed, format!("about:blank: {e}")))?;
    let builder = WebviewWindowBuilder::new(app, &label, WebviewUrl::External(blank));
    #[cfg(target_os = "macos")]
    let builder = builder.data_store_identifier(
        rolehop_core::browser::console_store::store_identifier(&s.id),
    );
    builder
        .title(&mark.title)
        // The page script draws the client's colour on every page of this window; it only
        // draws (the window has no IPC).
        .initialization_script(page_script(
            &mark,
            &rolehop_core::browser::mark::MarkScope::new(Some(&url.origin().ascii_serialization())),
        ))
        .position(f64::from(place.x), f64::from(place.y))
        .data_directory(dir)
        .inner_size(f64::from(place.width), f64::from(inner_height))
        .focused(true)
        .build()
        .and_then(|window| {
            keep_place(&window, place_file);
            load_without_disk_cache(&window, url)
        })
        .map_err(|e| {
            IpcError::new(
                ErrorKind::BrowserFailed,
                format!("cannot open the console window: {e}"),
            )
        })
}

/// The file in a console's data directory that holds where its window was last left.
const PLACE: &str = "window-place";

/// Writes where the window is (its outer position, its inner size, logical pixels) to
/// `file` as it closes, for the next open of the same shortcut.
fn keep_place<R: Runtime>(window: &tauri::WebviewWindow<R>, file: PathBuf) {
    let w = window.clone();
    window.on_window_event(move |event| {
        if !matches!(event, tauri::WindowEvent::CloseRequested { .. }) {
            return;
        }
        let (Ok(position), Ok(size), Ok(scale)) =
            (w.outer_position(), w.inner_size(), w.scale_factor())
        else {
            return;
        };
        let (position, size) = (
            position.to_logical::<f64>(scale),
            size.to_logical::<f64>(scale),
        );
        let place = Placement {
            x: position.x.round() as i32,
            y: position.y.round() as i32,
            width: size.width.max(0.0).round() as u32,
            height: size.height.max(0.0).round() as u32,
        };
        if let Err(e) = std::fs::write(&file, remember(place)) {
            tracing::debug!("cannot keep the console window's place: {e}");
        }
    });
}

/// macOS before 14 has one website data store for every window: a built-in console there
/// would share its cookies with every other. Refused with what to do instead.
#[cfg(target_os = "macos")]
fn refuse_shared_store() -> Result<(), IpcError> {
    use rolehop_core::browser::console_store::{macos_keeps_consoles_apart, product_version};
    let plist = std::fs::read_to_string("/System/Library/CoreServices/SystemVersion.plist")
        .unwrap_or_default();
    let version = product_version(&plist).unwrap_or("unknown").to_string();
    if macos_keeps_consoles_apart(&version) {
        return Ok(());
    }
    Err(IpcError::new(
        ErrorKind::BrowserFailed,
        format!(
            "the built-in console keeps accounts apart only on macOS 14 or later (this Mac runs {version}); choose a browser for this shortcut in Settings"
        ),
    ))
}

/// Removes a shortcut's macOS website data store (its cookies) after its window closed. A
/// store that was never made is no error.
#[cfg(target_os = "macos")]
pub fn forget_store<R: Runtime>(app: &AppHandle<R>, shortcut: &str) -> std::io::Result<()> {
    let id = rolehop_core::browser::console_store::store_identifier(shortcut);
    let known = tauri::async_runtime::block_on(app.fetch_data_store_identifiers())
        .map_err(std::io::Error::other)?;
    if !known.contains(&id) {
        return Ok(());
    }
    tauri::async_runtime::block_on(app.remove_data_store(id)).map_err(std::io::Error::other)
}

/// Loads `url` in a console window once its web context keeps no disk cache (WebKitGTK's
/// "document viewer" cache model: no memory or disk cache for pages; cookies are not a cache
/// and stay). Elsewhere the URL is loaded as is.
fn load_without_disk_cache<R: Runtime>(
    window: &tauri::WebviewWindow<R>,
    url: url::Url,
) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    {
        window.with_webview(move |webview| {
            use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
            let view = webview.inner();
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
            view.load_uri(url.as_str());
        })
    }
    #[cfg(not(target_os = "linux"))]
    {
        window.navigate(url)
    }
}

/// Closes a shortcut's console window, if open.
pub fn close<R: Runtime>(app: &AppHandle<R>, label: &str) {
    if let Some(window) = app.get_webview_window(label) {
        let _ = window.destroy();
    }
}

/// Signing out of a built-in console: its cookies go with its data directory. Only a real
/// directory that carries Rolehop's marker is removed.
pub fn forget(app_data: &Path, shortcut: &str) -> std::io::Result<bool> {
    let dir = data_dir(app_data, shortcut)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e.message))?;
    match std::fs::symlink_metadata(&dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
        Ok(m) if !m.is_dir() || !dir.join(MARKER).is_file() => {
            return Err(std::io::Error::other(format!(
                "{} was not created by Rolehop; it was left alone",
                dir.display()
            )));
        }
        Ok(_) => {}
    }
    // The webview's own processes (WebKit's network process) keep its files open for a while
    // after its window is gone, and write to them as they go (a cookie journal): removed
    // under their feet, the directory came back. So: wait until no process has a file open in
    // it, remove it, and make sure it stayed gone.
    for _ in 0..3 {
        wait_until_unused(&dir, std::time::Duration::from_secs(15));
        match std::fs::remove_dir_all(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        if !dir.exists() {
            return Ok(true);
        }
    }
    Err(std::io::Error::other(format!(
        "{} is still being written by the console's browser engine",
        dir.display()
    )))
}

/// Waits (at most `limit`) until no process has a file open under `dir` (Linux: the links in
/// `/proc/<pid>/fd`; elsewhere there is nothing to wait for).
fn wait_until_unused(dir: &Path, limit: std::time::Duration) {
    let start = std::time::Instant::now();
    while in_use(dir) && start.elapsed() < limit {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

fn in_use(dir: &Path) -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return false;
    };
    procs
        .flatten()
        .filter(|p| {
            p.file_name()
                .to_str()
                .is_some_and(|n| n.parse::<u32>().is_ok())
        })
        .filter_map(|p| std::fs::read_dir(p.path().join("fd")).ok())
        .flat_map(|fds| fds.flatten())
        .filter_map(|fd| std::fs::read_link(fd.path()).ok())
        .any(|target| target.starts_with(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_valid_window_labels_and_distinct_per_shortcut() {
        assert_eq!(label("acme-prod"), "console-acme-prod");
        assert_eq!(label("acme.prod"), "console-acme:prod");
        assert_ne!(label("acme.prod"), label("acme_prod"));
        assert_ne!(label("acme-prod"), label("acme-dev"));
        assert_eq!(label("a b"), "console-a/20/b");
    }

    #[test]
    fn data_dirs_are_ids_and_only_marked_ones_are_removed() {
        let root = tempfile::tempdir().unwrap();
        for bad in ["", "..", "../x", "/etc", "a/b"] {
            assert!(data_dir(root.path(), bad).is_err(), "{bad}");
            assert!(forget(root.path(), bad).is_err(), "{bad}");
        }
        let stranger = root.path().join("consoles/stranger");
        std::fs::create_dir_all(&stranger).unwrap();
        assert!(forget(root.path(), "stranger").is_err());
        assert!(stranger.is_dir());
        let ours = root.path().join("consoles/acme");
        std::fs::create_dir_all(&ours).unwrap();
        std::fs::write(ours.join(MARKER), "acme").unwrap();
        assert!(forget(root.path(), "acme").unwrap_or(false));
        assert!(!ours.exists());
        assert!(!forget(root.path(), "acme").unwrap_or(true));
    }
}
