//! Settings' Consoles: renewal in place and the day's journal of live consoles, saved where
//! the consoles' channel host, the CLI and the tray read them
//! (`rolehop_core::live::settings`).

use rolehop_core::ErrorKind;

use super::blocking;
use crate::app::ipc::{FieldProblem, IpcError, LiveView};

/// Saves Settings' Consoles (renewal in place, the journal and its keep) where the consoles'
/// channel, the CLI and the tray read them. A keep outside 1..=3650 days is refused, named.
#[tauri::command]
#[specta::specta]
pub async fn set_live(settings: LiveView) -> Result<LiveView, IpcError> {
    use rolehop_core::live::settings::{LiveSettings, MAX_KEEP_DAYS};
    if !(1..=MAX_KEEP_DAYS).contains(&settings.keep_days) {
        let message = format!("A whole number of days from 1 to {MAX_KEEP_DAYS}.");
        return Err(IpcError::fields(
            message.clone(),
            vec![FieldProblem {
                field: "keepDays".into(),
                message,
            }],
        ));
    }
    let data_dir = super::paths()?.data_dir;
    blocking(move || {
        let saved = LiveSettings {
            renew_in_place: settings.renew_in_place,
            journal: settings.journal,
            keep_days: settings.keep_days,
        };
        saved
            .save(&data_dir)
            .map_err(|e| IpcError::new(ErrorKind::Io, format!("cannot save settings: {e}")))?;
        Ok((&LiveSettings::load(&data_dir)).into())
    })
    .await
}
