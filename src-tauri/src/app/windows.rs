//! The app's own windows. Each is created when opened and destroyed when closed, so the idle
//! tray holds no webview (and no WebKit helper processes). Each window loads its own page from
//! the bundled ui/ and has a capability (`capabilities/<label>.json`) that allows only the
//! commands that page uses.

use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppWindow {
    Switcher,
    Setup,
    Settings,
    Mfa,
    Notice,
}

impl AppWindow {
    pub const ALL: [AppWindow; 5] = [
        Self::Switcher,
        Self::Setup,
        Self::Settings,
        Self::Mfa,
        Self::Notice,
    ];

    /// The window label, which capabilities name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Switcher => "switcher",
            Self::Setup => "setup",
            Self::Settings => "settings",
            Self::Mfa => "mfa",
            Self::Notice => "notice",
        }
    }

    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.label() == label)
    }

    fn page(self) -> &'static str {
        match self {
            Self::Switcher => "switcher.html",
            Self::Setup => "setup.html",
            Self::Settings => "settings.html",
            Self::Mfa => "mfa.html",
            Self::Notice => "notice.html",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::Switcher => "Rolehop",
            Self::Setup => "Set up Rolehop",
            Self::Settings => "Rolehop settings",
            Self::Mfa => "Rolehop: MFA code",
            Self::Notice => "Rolehop",
        }
    }

    fn size(self) -> (f64, f64) {
        match self {
            Self::Switcher => (640.0, 420.0),
            Self::Setup => (620.0, 640.0),
            Self::Settings => (900.0, 680.0),
            Self::Mfa => (420.0, 300.0),
            Self::Notice => (400.0, 170.0),
        }
    }
}

/// Fits the notice window to its content's height (logical pixels), still in its corner.
pub fn fit_notice<R: Runtime>(app: &AppHandle<R>, height: f64) {
    let Some(window) = app.get_webview_window(AppWindow::Notice.label()) else {
        return;
    };
    let (width, _) = AppWindow::Notice.size();
    // Bounded: a flood of text scrolls inside instead of covering the screen.
    let height = height.clamp(48.0, 480.0);
    let _ = window.set_size(tauri::LogicalSize::new(width, height));
    if let Some((x, y)) = corner(app, width, height) {
        let _ = window.set_position(tauri::LogicalPosition::new(x, y));
    }
}

/// The bottom-right corner of the primary screen for a window of this size (logical pixels).
fn corner<R: Runtime>(app: &AppHandle<R>, width: f64, height: f64) -> Option<(f64, f64)> {
    let monitor = app.primary_monitor().ok().flatten()?;
    let scale = monitor.scale_factor();
    let size = monitor.size().to_logical::<f64>(scale);
    let origin = monitor.position().to_logical::<f64>(scale);
    const MARGIN: f64 = 16.0;
    Some((
        origin.x + (size.width - width - MARGIN).max(0.0),
        origin.y + (size.height - height - MARGIN * 3.0).max(0.0),
    ))
}

/// Shows a window, creating it if it is not open; an open one is brought to the front.
/// Shows a window, creating it if needed. A window that cannot be created is the caller's to
/// report (see `notify::show_window`): this module tells nobody itself, so reporting a
/// failure can never come back here in a loop.
pub fn show<R: Runtime>(app: &AppHandle<R>, which: AppWindow) -> tauri::Result<()> {
    if which == AppWindow::Notice
        && let Some(window) = app.get_webview_window(which.label())
    {
        // Never steals the focus.
        let _ = window.show();
        return Ok(());
    }
    if let Some(window) = app.get_webview_window(which.label()) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        return Ok(());
    }
    let (width, height) = which.size();
    let mut builder =
        WebviewWindowBuilder::new(app, which.label(), WebviewUrl::App(which.page().into()))
            .title(which.title())
            .inner_size(width, height)
            .focused(true);
    if which != AppWindow::Notice {
        builder = builder.center();
    }
    if let Some(script) = ipc_recorder() {
        builder = builder.initialization_script(script);
    }
    builder = match which {
        // A small floating box, like other launchers: no frame, always in front.
        AppWindow::Switcher => builder
            .decorations(false)
            .resizable(false)
            .always_on_top(true)
            .skip_taskbar(true),
        AppWindow::Mfa => builder.resizable(false).always_on_top(true),
        // A box in the bottom-right corner that never takes the focus from what the person
        // is doing (the switcher just closed, a browser is opening).
        AppWindow::Notice => {
            // Resizable so that it can take its content's height (GTK fixes the size of a
            // window that is not); without decorations nobody drags it.
            let mut b = builder
                .decorations(false)
                .always_on_top(true)
                .skip_taskbar(true)
                .focused(false)
                .visible_on_all_workspaces(true);
            if let Some((x, y)) = corner(app, width, height) {
                b = b.position(x, y);
            }
            b
        }
        AppWindow::Setup | AppWindow::Settings => builder.min_inner_size(520.0, 480.0),
    };
    let window = builder.build().inspect_err(|e| {
        tracing::error!("cannot open the {} window: {e}", which.label());
    })?;
    if which != AppWindow::Notice {
        let _ = window.set_focus();
    }
    Ok(())
}

/// Closes (destroys) a window if it is open.
pub fn close<R: Runtime>(app: &AppHandle<R>, which: AppWindow) {
    if let Some(window) = app.get_webview_window(which.label()) {
        let _ = window.destroy();
    }
}

/// Debug builds only, for the end-to-end suite's leak scan: with `ROLEHOP_TEST_RECORD_IPC=1`
/// every answer an app window gets from the shell is also kept in the windows' shared
/// `localStorage` (`rolehop-ipc-answers`), where the suite reads them and looks for secrets.
/// Release builds have no such hook.
fn ipc_recorder() -> Option<&'static str> {
    // Tauri's `invoke` cannot be replaced (a non-writable property), but every answer (and
    // event) reaches the page through a callback kept in `__TAURI_INTERNALS__.callbacks`, a
    // Map whose `set` can be wrapped on the instance.
    const SCRIPT: &str = r#"(() => {
  const callbacks = window.__TAURI_INTERNALS__ && window.__TAURI_INTERNALS__.callbacks;
  if (!callbacks || callbacks.__rolehopRecorded) return;
  const keep = (value) => {
    try {
      const all = JSON.parse(localStorage.getItem("rolehop-ipc-answers") || "[]");
      all.push({ cmd: location.pathname, outcome: "answer", value: JSON.stringify(value === undefined ? null : value) });
      localStorage.setItem("rolehop-ipc-answers", JSON.stringify(all));
    } catch (e) {}
  };
  const set = callbacks.set.bind(callbacks);
  callbacks.set = (id, callback) => set(id, (data) => { keep(data); return callback(data); });
  callbacks.__rolehopRecorded = true;
})();"#;
    (cfg!(debug_assertions) && std::env::var("ROLEHOP_TEST_RECORD_IPC").as_deref() == Ok("1"))
        .then_some(SCRIPT)
}
