//! The switcher's global hotkey (default Ctrl+Alt+Space, Cmd+Option+Space on macOS), set in
//! settings. Desktops that do not allow global hotkeys (Wayland) still have the tray item and
//! `rolehop switcher`, which a desktop's own shortcut settings can bind.

use tauri::{AppHandle, Runtime};
use tauri_plugin_global_shortcut::{GlobalShortcutExt, ShortcutState};

use super::windows::AppWindow;

#[derive(Debug, thiserror::Error)]
pub enum HotkeyError {
    #[error("`{hotkey}` is not a key combination like Ctrl+Alt+Space: {detail}")]
    Invalid { hotkey: String, detail: String },
    #[error("cannot use {hotkey} as the switcher hotkey (another program may hold it): {detail}")]
    Unavailable { hotkey: String, detail: String },
}

/// Replaces the registered hotkey with `hotkey`.
pub fn register<R: Runtime>(app: &AppHandle<R>, hotkey: &str) -> Result<(), HotkeyError> {
    parse(hotkey)?;
    let shortcuts = app.global_shortcut();
    let _ = shortcuts.unregister_all();
    shortcuts
        .on_shortcut(hotkey, |app, _, event| {
            if event.state == ShortcutState::Pressed {
                super::notify::show_window(app, AppWindow::Switcher);
            }
        })
        .map_err(|e| HotkeyError::Unavailable {
            hotkey: hotkey.to_string(),
            detail: e.to_string(),
        })
}

/// Whether a hotkey text parses (for the settings form).
pub fn parse(hotkey: &str) -> Result<(), HotkeyError> {
    hotkey
        .parse::<tauri_plugin_global_shortcut::Shortcut>()
        .map(|_| ())
        .map_err(|e| HotkeyError::Invalid {
            hotkey: hotkey.to_string(),
            detail: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_hotkeys_parse_and_nonsense_does_not() {
        for ok in ["Ctrl+Alt+Space", "Cmd+Option+Space", "Ctrl+Shift+K"] {
            assert!(super::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Ctrl+", "Hyper+Banana"] {
            assert!(super::parse(bad).is_err(), "{bad}");
        }
    }
}
