//! "Open terminal" from the switcher (Ctrl+T) and Settings' terminal command. The tray's
//! items call `app::terminal` directly; all of them start the same command line.

use rolehop_core::ErrorKind;

use super::blocking;
use crate::app::ipc::{FieldProblem, IpcError, TerminalView};
use crate::app::prefs::Prefs;
use crate::app::terminal;

/// Opens the person's terminal running `rolehop shell ID` (the marked shell).
#[tauri::command]
#[specta::specta]
pub async fn open_terminal(id: String) -> Result<(), IpcError> {
    blocking(move || terminal::start(&id)).await
}

/// What Settings shows of the terminal.
pub fn terminal_view(prefs: &Prefs) -> TerminalView {
    let (default, missing) = match terminal::default_shown() {
        Ok(program) => (Some(program), None),
        Err(why) => (None, Some(why)),
    };
    TerminalView {
        command: prefs.terminal.clone(),
        default,
        missing,
    }
}

/// Saves the terminal command (blank: this desktop's default), checked the way "Open
/// terminal" reads it before it is kept.
#[tauri::command]
#[specta::specta]
pub async fn set_terminal(command: Option<String>) -> Result<TerminalView, IpcError> {
    let config_dir = super::paths()?.config_dir;
    blocking(move || {
        let command = command
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        if let Some(command) = &command {
            // The same reading as the launch: an unusable command is refused here, with why.
            terminal::launch_for(Some(command), "SHORTCUT").map_err(|e| {
                IpcError::fields(
                    e.message.clone(),
                    vec![FieldProblem {
                        field: "terminal".into(),
                        message: e.message,
                    }],
                )
            })?;
        }
        let mut prefs = Prefs::load(&config_dir);
        prefs.terminal = command;
        prefs
            .save(&config_dir)
            .map_err(|e| IpcError::new(ErrorKind::Io, format!("cannot save settings: {e}")))?;
        Ok(terminal_view(&prefs))
    })
    .await
}
