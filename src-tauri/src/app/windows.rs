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
    /// A link from outside, waiting for the person's answer (`confirm.rs`).
    Confirm,
}

impl AppWindow {
    pub const ALL: [AppWindow; 6] = [
        Self::Switcher,
        Self::Setup,
        Self::Settings,
        Self::Mfa,
        Self::Notice,
        Self::Confirm,
    ];

    /// The window label, which capabilities name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Switcher => "switcher",
            Self::Setup => "setup",
            Self::Settings => "settings",
            Self::Mfa => "mfa",
            Self::Notice => "notice",
            Self::Confirm => "confirm",
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
            Self::Confirm => "confirm.html",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::Switcher => "Rolehop",
            Self::Setup => "Set up Rolehop",
            Self::Settings => "Rolehop settings",
            Self::Mfa => "Rolehop: MFA code",
            Self::Notice => "Rolehop",
            Self::Confirm => "Rolehop: open this link?",
        }
    }

    fn size(self) -> (f64, f64) {
        match self {
            Self::Switcher => (640.0, 420.0),
            Self::Setup => (620.0, 640.0),
            Self::Settings => (900.0, 680.0),
            Self::Mfa => (420.0, 300.0),
            Self::Notice => (400.0, 170.0),
            Self::Confirm => (480.0, 400.0),
        }
    }
}

/// The work area (the screen less panels and docks, logical pixels) of the screen under the
/// pointer, else the primary one: where new console windows are placed.
pub fn work_area<R: Runtime>(app: &AppHandle<R>) -> Option<rolehop_core::browser::placement::Area> {
    let monitor = app
        .cursor_position()
        .ok()
        .and_then(|p| app.monitor_from_point(p.x, p.y).ok().flatten())
        .or_else(|| app.primary_monitor().ok().flatten())?;
    Some(area_of(&monitor))
}

/// Every screen's work area (logical pixels): where a remembered window place may still be.
pub fn work_areas<R: Runtime>(app: &AppHandle<R>) -> Vec<rolehop_core::browser::placement::Area> {
    app.available_monitors()
        .unwrap_or_default()
        .iter()
        .map(area_of)
        .collect()
}

/// A screen's work area in logical pixels (whole ones: a fraction of a pixel is nothing to
/// lose).
fn area_of(monitor: &tauri::Monitor) -> rolehop_core::browser::placement::Area {
    let scale = monitor.scale_factor();
    let area = monitor.work_area();
    let position = area.position.to_logical::<f64>(scale);
    let size = area.size.to_logical::<f64>(scale);
    rolehop_core::browser::placement::Area {
        x: position.x.round() as i32,
        y: position.y.round() as i32,
        width: size.width.max(1.0).round() as u32,
        height: size.height.max(1.0).round() as u32,
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

/// A window's size on this screen: its own size, made smaller where the primary screen is (a
/// 1024×640 laptop screen cannot show Settings' 680 logical pixels of height under a title bar
/// and a panel). The pages scroll inside; nothing is cut off below the screen's edge.
fn fitted<R: Runtime>(app: &AppHandle<R>, size: (f64, f64)) -> (f64, f64) {
    let Some(monitor) = app.primary_monitor().ok().flatten() else {
        return size;
    };
    let screen = monitor.size().to_logical::<f64>(monitor.scale_factor());
    fit_within(size, (screen.width, screen.height))
}

/// Room left for a title bar and a panel (logical pixels).
const FRAME: (f64, f64) = (48.0, 96.0);

fn fit_within((width, height): (f64, f64), (screen_w, screen_h): (f64, f64)) -> (f64, f64) {
    // Never below a usable size, even on a tiny screen.
    (
        width.min(screen_w - FRAME.0).max(360.0),
        height.min(screen_h - FRAME.1).max(240.0),
    )
}

/// Shows a window, creating it if it is not open; an open one is brought to the front.
/// Shows a window, creating it if needed. A window that cannot be created is the caller's to
/// report (see `notify::show_window`): this module tells nobody itself, so reporting a
/// failure can never come back here in a loop.
pub fn show<R: Runtime>(app: &AppHandle<R>, which: AppWindow) -> tauri::Result<()> {
    show_with(app, which, None)
}

/// The switcher with `query` already typed (a client the tray menu had no room for): a new
/// window, so an open one with another query is replaced. The query reaches the page as a JSON
/// string in an initialization script, never as markup.
pub fn show_switcher_with<R: Runtime>(app: &AppHandle<R>, query: &str) -> tauri::Result<()> {
    close(app, AppWindow::Switcher);
    let script = format!(
        "window.__ROLEHOP_QUERY = {};",
        serde_json::to_string(query).unwrap_or_else(|_| "\"\"".into())
    );
    show_with(app, AppWindow::Switcher, Some(script))
}

fn show_with<R: Runtime>(
    app: &AppHandle<R>,
    which: AppWindow,
    script: Option<String>,
) -> tauri::Result<()> {
    if which == AppWindow::Notice
        && let Some(window) = app.get_webview_window(which.label())
    {
        // Never steals the focus.
        let _ = window.show();
        return Ok(());
    }
    if let Some(window) = app.get_webview_window(which.label()) {
        bring_forward(&window);
        return Ok(());
    }
    let (width, height) = fitted(app, which.size());
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
    if let Some(script) = script {
        builder = builder.initialization_script(&script);
    }
    builder = match which {
        // A small floating box, like other launchers: no frame, always in front.
        AppWindow::Switcher => builder
            .decorations(false)
            .resizable(false)
            .always_on_top(true)
            .skip_taskbar(true),
        AppWindow::Mfa => builder.resizable(false).always_on_top(true),
        // In front, focused for the keyboard (Enter opens only once the page is armed, so a
        // key already on its way from another window cannot answer it: `ui/src/confirm.ts`).
        AppWindow::Confirm => builder
            .resizable(false)
            .always_on_top(true)
            .skip_taskbar(true),
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
            // On X11 not focusable at all while it comes up: `focused(false)` alone lets the
            // window accept the focus from its first paint on, and a window manager that
            // focuses a new window of the focused application (openbox does) then took the
            // keyboard from Settings now and then. It takes the focus only when the person
            // clicks into it (`focus_on_click`), so Escape still dismisses. (Windows shows it
            // without activating it, macOS without making it key: `focused(false)` holds.)
            #[cfg(target_os = "linux")]
            {
                b = b.focusable(false);
            }
            if let Some((x, y)) = corner(app, width, height) {
                b = b.position(x, y);
            }
            b
        }
        AppWindow::Setup | AppWindow::Settings => {
            builder.min_inner_size(520.0_f64.min(width), 480.0_f64.min(height))
        }
    };
    let window = builder.build().inspect_err(|e| {
        tracing::error!("cannot open the {} window: {e}", which.label());
    })?;
    if which == AppWindow::Notice {
        focus_on_click(&window);
    } else {
        let _ = window.set_focus();
    }
    Ok(())
}

/// The notice window accepts the focus once the person clicks into it (a press of a mouse
/// button is the person's own act, never a keypress meant for another window).
#[cfg(target_os = "linux")]
fn focus_on_click<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    use gtk::prelude::{Cast, EventControllerExt, GtkWindowExt, WidgetExt};
    let Ok(gtk_window) = window.gtk_window() else {
        return;
    };
    // In the capture phase on the window itself: the web view under the pointer consumes the
    // press, so a plain `button-press-event` handler on the window never hears of it.
    let gesture = gtk::GestureMultiPress::new(&gtk_window);
    gesture.set_propagation_phase(gtk::PropagationPhase::Capture);
    gesture.connect_pressed(|gesture, _, _, _| {
        let Some(w) = gesture
            .widget()
            .and_then(|w| w.downcast::<gtk::Window>().ok())
        else {
            return;
        };
        if !w.accepts_focus() {
            w.set_accept_focus(true);
            w.present_with_time(gtk::current_event_time());
        }
    });
    // GTK 3 does not keep a gesture alive for its widget: the window's destroy handler holds
    // it until the window goes.
    gtk_window.connect_destroy(move |_| {
        let _ = &gesture;
    });
}

/// Elsewhere the window was never made unfocusable: a click activates it as any window.
#[cfg(not(target_os = "linux"))]
fn focus_on_click<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    let _ = window;
}

/// Brings an open window to the front (out of the dock or taskbar first).
pub fn bring_forward<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    let _ = window.unminimize();
    let _ = window.show();
    let _ = window.set_focus();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_fit_small_screens_and_keep_their_size_on_large_ones() {
        let rows = [
            // Settings on a normal screen, a small laptop screen, and a tiny one.
            ((900.0, 680.0), (1280.0, 800.0), (900.0, 680.0)),
            ((900.0, 680.0), (1024.0, 640.0), (900.0, 544.0)),
            ((900.0, 680.0), (800.0, 480.0), (752.0, 384.0)),
            ((620.0, 640.0), (1024.0, 640.0), (620.0, 544.0)),
            ((640.0, 420.0), (1024.0, 640.0), (640.0, 420.0)),
            ((900.0, 680.0), (320.0, 200.0), (360.0, 240.0)),
        ];
        for (size, screen, want) in rows {
            assert_eq!(fit_within(size, screen), want, "{size:?} on {screen:?}");
        }
    }
}
