//! The setup wizard's commands: what the machine offers (keychain, browsers) and saving the
//! identity, whose keys go to the keychain after AWS confirmed them.

use rolehop_core::ErrorKind;
use rolehop_core::Secret;
use rolehop_core::broker::AwsSts;
use rolehop_core::broker::code_command::{self, PROCESS_CODES};
use rolehop_core::partition::Partition;
use rolehop_core::use_cases::enroll::{self, EnrollError, Enrollment};
use rolehop_core::vault::{OsKeychain, Vault};

use super::forms::{blank, camel};
use super::{blocking, store};
use crate::app::ipc::{
    BrowserView, FieldProblem, IdentityForm, IdentitySaved, IpcError, KeychainStatus, SetupInfo,
    YubikeyAccount,
};

pub(super) fn browser_views() -> Vec<BrowserView> {
    let mut views: Vec<BrowserView> = rolehop_core::system::found_browsers()
        .into_iter()
        .map(|f| BrowserView {
            kind: f.kind,
            program: f.program,
        })
        .collect();
    views.push(BrowserView {
        kind: rolehop_core::base::browser_kind::BrowserKind::Builtin,
        program: "Rolehop window".into(),
    });
    views
}

fn keychain_status() -> KeychainStatus {
    match OsKeychain.probe() {
        Ok(()) => KeychainStatus {
            ok: true,
            kind: None,
            message: "The OS keychain is ready.".into(),
        },
        Err(e) => KeychainStatus {
            ok: false,
            kind: Some(rolehop_core::Error::from(e).kind()),
            message: keychain_advice(),
        },
    }
}

fn keychain_advice() -> String {
    if cfg!(target_os = "linux") {
        "No keychain answered. Rolehop keeps your access key only in the OS keychain (the Secret Service). Start or unlock one — GNOME Keyring (`gnome-keyring`), KDE Wallet, or KeePassXC with Secret Service integration on — then press Check again.".into()
    } else {
        "The OS keychain did not answer. Unlock it (Keychain Access on macOS, Credential Manager on Windows), then press Check again.".into()
    }
}

#[tauri::command]
#[specta::specta]
pub async fn setup_info() -> Result<SetupInfo, IpcError> {
    blocking(|| {
        let store = store()?;
        let catalog = store.load()?;
        Ok(SetupInfo {
            keychain: keychain_status(),
            browsers: browser_views(),
            default_browser: super::forms::browser_kind(catalog.browser.as_deref()),
            identities: catalog.identities.iter().map(|i| i.id.clone()).collect(),
            clients: u32::try_from(catalog.clients.len()).unwrap_or(u32::MAX),
            catalog_path: store.path().display().to_string(),
            tray_host: {
                let desktop = rolehop_common::desktop::probe();
                desktop.sni_host || desktop.xembed_tray
            },
            ykman: code_command::find_ykman().is_some(),
        })
    })
    .await
}

/// The OATH accounts on the plugged-in YubiKey (`ykman oath accounts list`, no touch needed),
/// each with the command that reads its code.
#[tauri::command]
#[specta::specta]
pub async fn yubikey_accounts() -> Result<Vec<YubikeyAccount>, IpcError> {
    blocking(|| {
        let names = rolehop_core::system::block_on(code_command::ykman_accounts(&PROCESS_CODES))?
            .map_err(|e| IpcError::core(ErrorKind::MfaProcess, e.to_string()))?;
        Ok(names
            .into_iter()
            .map(|name| YubikeyAccount {
                command: code_command::ykman_command(&name),
                name,
            })
            .collect())
    })
    .await
}

/// The wizard's identity form as the core's enrollment (checked with AWS when saved).
fn enrollment_of(form: IdentityForm) -> Result<Enrollment, IpcError> {
    let partition = form.partition.unwrap_or(Partition::Aws);
    Ok(Enrollment {
        identity: form.identity.trim().to_string(),
        account: form.account.trim().to_string(),
        access_key_id: form.access_key_id.trim().to_string(),
        secret_access_key: Secret::new(form.secret_access_key.expose().trim().to_string()),
        mfa_serial: blank(form.mfa_serial),
        mfa_process: blank(form.mfa_process),
        region: blank(form.region),
        partition,
        session_duration: None,
        browser: super::forms::browser_name(form.browser),
        verify: true,
    })
}

fn field_problems(fields: Vec<enroll::FieldError>) -> Vec<FieldProblem> {
    fields
        .into_iter()
        .map(|f| FieldProblem {
            field: camel(f.field),
            message: f.message,
        })
        .collect()
}

/// The identity step's problems as typed: the save's own field checks, without AWS, the
/// keychain or the catalog (nothing is stored, nothing is sent anywhere).
#[tauri::command]
#[specta::specta]
pub async fn check_identity(form: IdentityForm) -> Result<Vec<FieldProblem>, IpcError> {
    blocking(move || match enrollment_of(form) {
        Ok(enrollment) => Ok(field_problems(enroll::check(&enrollment))),
        Err(e) => Ok(e.fields),
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn save_identity(form: IdentityForm) -> Result<IdentitySaved, IpcError> {
    blocking(move || {
        let enrollment = enrollment_of(form)?;
        let identity = enrollment.identity.clone();
        let store = store()?;
        let vault = Vault::new(OsKeychain);
        let done = rolehop_core::system::block_on(enroll::enroll(
            &store,
            &vault,
            &AwsSts::new(),
            enrollment,
        ))?
        .map_err(|e| match e {
            EnrollError::Fields(fields) => {
                IpcError::fields("some fields need a fix", field_problems(fields))
            }
            EnrollError::WrongAccount { .. } => IpcError::fields(
                e.to_string(),
                vec![FieldProblem {
                    field: "account".into(),
                    message: e.to_string(),
                }],
            ),
            EnrollError::Core(e) => e.into(),
        })?;
        Ok(IdentitySaved {
            identity,
            caller_arn: done.caller_arn,
        })
    })
    .await
}
