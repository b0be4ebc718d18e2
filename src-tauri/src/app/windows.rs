//! The app's own windows. Each is created when opened and destroyed when closed, so the idle
//! tray holds no webview (and no WebKit helper processes). Each window loads its own page from
//! the bundled ui/ and has a capability (capabilities/<label>.json) that allows only the
//! commands that page uses.

use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppWindow {
    Switcher,
    Setup,
    Settings,
    Mfa,
}

impl AppWindow {
    pub const ALL: [AppWindow; 4] = [Self::Switcher, Self::Setup, Self::Settings, Self::Mfa];

    /// The window label, which capabilities name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Switcher => "switcher",
            Self::Setup => "setup",
            Self::Settings => "settings",
            Self::Mfa => "mfa",
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
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::Switcher => "Rolehop",
            Self::Setup => "Set up Rolehop",
            Self::Settings => "Rolehop settings",
            Self::Mfa => "Rolehop: MFA code",
        }
    }

    fn size(self) -> (f64, f64) {
        match self {
            Self::Switcher => (640.0, 420.0),
            Self::Setup => (620.0, 640.0),
            Self::Settings => (900.0, 680.0),
            Self::Mfa => (420.0, 300.0),
        }
    }
}

/// Shows a window, creating it if it is not open; an open one is brought to the front.
pub fn show<R: Runtime>(app: &AppHandle<R>, which: AppWindow) {
    if let Some(window) = app.get_webview_window(which.label()) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        return;
    }
    let (width, height) = which.size();
    let mut builder =
        WebviewWindowBuilder::new(app, which.label(), WebviewUrl::App(which.page().into()))
            .title(which.title())
            .inner_size(width, height)
            .center()
            .focused(true);
    builder = match which {
        // A small floating box, like other launchers: no frame, always in front.
        AppWindow::Switcher => builder
            .decorations(false)
            .resizable(false)
            .always_on_top(true)
            .skip_taskbar(true),
        AppWindow::Mfa => builder.resizable(false).always_on_top(true),
        AppWindow::Setup | AppWindow::Settings => builder.min_inner_size(520.0, 480.0),
    };
    match builder.build() {
        Ok(window) => {
            let _ = window.set_focus();
        }
        Err(e) => {
            tracing::error!("cannot open the {} window: {e}", which.label());
            super::notify::error(app, "Rolehop cannot open a window", &e.to_string());
        }
    }
}

/// Closes (destroys) a window if it is open.
pub fn close<R: Runtime>(app: &AppHandle<R>, which: AppWindow) {
    if let Some(window) = app.get_webview_window(which.label()) {
        let _ = window.destroy();
    }
}
