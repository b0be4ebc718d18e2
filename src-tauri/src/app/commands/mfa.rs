//! The MFA window's commands: what is being asked, the code typed, or cancel.

use rolehop_core::Secret;
use tauri::{AppHandle, Manager, Runtime, State};

use super::blocking;
use crate::app::ipc::{IpcError, MfaAsk, MfaOutcome};
use crate::app::mfa::MfaBridge;

#[tauri::command]
#[specta::specta]
pub async fn mfa_ask(bridge: State<'_, MfaBridge>) -> Result<Option<MfaAsk>, IpcError> {
    Ok(bridge.current())
}

#[tauri::command]
#[specta::specta]
pub async fn mfa_submit<R: Runtime>(
    app: AppHandle<R>,
    code: String,
) -> Result<MfaOutcome, IpcError> {
    blocking(move || {
        let bridge = app
            .try_state::<MfaBridge>()
            .ok_or_else(|| IpcError::internal("no MFA bridge"))?;
        Ok(bridge.submit(Some(Secret::new(code.trim().to_string()))))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn mfa_cancel<R: Runtime>(app: AppHandle<R>) -> Result<(), IpcError> {
    blocking(move || {
        if let Some(bridge) = app.try_state::<MfaBridge>() {
            bridge.submit(None);
        }
        Ok(())
    })
    .await
}
