//! The setup wizard's IAM Identity Center identity: checked as typed with the enrollment's own
//! field rules, then signed in in the person's browser (PKCE on a loopback redirect, or a
//! device code shown in the notice window) and recorded. The tokens go to the keychain; the
//! window only ever learns the identity's name.

use rolehop_core::partition::Partition;
use rolehop_core::sso::AWS_SSO;
use rolehop_core::sso::login::Method;
use rolehop_core::system::{Workspace, block_on, sign_in_page};
use rolehop_core::use_cases::enroll::EnrollError;
use rolehop_core::use_cases::enroll_sso::{self, SsoEnrollment};
use rolehop_core::vault::{OsKeychain, Vault};
use tauri::{AppHandle, Runtime};

use super::blocking;
use super::forms::{blank, camel};
use crate::app::ipc::{FieldProblem, IdentitySaved, IpcError, SsoIdentityForm};

fn enrollment_of(form: &SsoIdentityForm) -> SsoEnrollment {
    SsoEnrollment {
        identity: form.identity.trim().to_string(),
        start_url: form.start_url.trim().to_string(),
        region: form.sso_region.trim().to_string(),
        // Identity Center lives in one region; its partition is that region's (GovCloud and
        // China portals included): the wizard asks for the region, not the partition.
        partition: Partition::of_region(form.sso_region.trim()),
        default_region: blank(form.region.clone()),
        sso_session: None,
        browser: super::forms::browser_name(form.browser),
        sign_in: true,
        method: if form.device_code {
            Method::DeviceCode
        } else {
            Method::Auto
        },
    }
}

fn problems(fields: Vec<rolehop_core::use_cases::enroll::FieldError>) -> Vec<FieldProblem> {
    fields
        .into_iter()
        .map(|f| FieldProblem {
            field: match f.field {
                "sso_start_url" => "startUrl".into(),
                other => camel(other),
            },
            message: f.message,
        })
        .collect()
}

/// The Identity Center step's problems as typed (nothing is sent anywhere).
#[tauri::command]
#[specta::specta]
pub async fn check_sso_identity(form: SsoIdentityForm) -> Result<Vec<FieldProblem>, IpcError> {
    blocking(move || Ok(problems(enroll_sso::check(&enrollment_of(&form))))).await
}

/// Signs the identity in (the browser page opens; the notice window says what to do) and
/// records it. Returns once the person has allowed the sign-in, or it failed or timed out.
#[tauri::command]
#[specta::specta]
pub async fn save_sso_identity<R: Runtime>(
    app: AppHandle<R>,
    form: SsoIdentityForm,
) -> Result<IdentitySaved, IpcError> {
    blocking(move || {
        let enrollment = enrollment_of(&form);
        let identity = enrollment.identity.clone();
        let ws = Workspace::from_env()?;
        let catalog = ws.personal()?;
        let kind = enrollment
            .browser
            .as_deref()
            .map(rolehop_core::browser::BrowserKind::parse)
            .transpose()
            .map_err(|e| {
                IpcError::fields(
                    e.to_string(),
                    vec![FieldProblem {
                        field: "browser".into(),
                        message: e.to_string(),
                    }],
                )
            })?;
        let page = sign_in_page(&ws, &catalog, kind, crate::app::notice::sign_in_tell(&app))?;
        let vault = Vault::new(OsKeychain);
        block_on(enroll_sso::enroll_sso(
            &ws.store, &vault, &AWS_SSO, &page, enrollment,
        ))?
        .map_err(|e| match e {
            EnrollError::Fields(fields) => {
                IpcError::fields("some fields need a fix", problems(fields))
            }
            EnrollError::WrongAccount { .. } => IpcError::internal(e.to_string()),
            EnrollError::Core(e) => e.into(),
        })?;
        Ok(IdentitySaved {
            identity,
            caller_arn: None,
        })
    })
    .await
}

/// Signs an Identity Center identity in again (Settings → Identities → Sign in): the browser
/// page opens, the notice window says what to do; returns once it is done.
#[tauri::command]
#[specta::specta]
pub async fn sso_sign_in<R: Runtime>(app: AppHandle<R>, identity: String) -> Result<(), IpcError> {
    blocking(move || {
        let ws = Workspace::from_env()?;
        let catalog = ws.catalog()?;
        let portal = catalog
            .identity(&identity)
            .and_then(|i| i.portal())
            .ok_or_else(|| {
                IpcError::internal(format!(
                    "identity `{identity}` does not sign in with IAM Identity Center"
                ))
            })?;
        let page = sign_in_page(&ws, &catalog, None, crate::app::notice::sign_in_tell(&app))?;
        let vault = Vault::new(OsKeychain);
        block_on(rolehop_core::sso::SignIn::new(&vault, &AWS_SSO, &page).run(
            &identity,
            &portal,
            Method::Auto,
        ))?
        .map_err(rolehop_core::Error::from)?;
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portal_region_gives_the_identity_its_partition() {
        for (region, partition) in [
            ("eu-central-1", Partition::Aws),
            (" us-gov-west-1 ", Partition::AwsUsGov),
            ("cn-north-1", Partition::AwsCn),
        ] {
            let form = SsoIdentityForm {
                identity: "work".into(),
                start_url: "https://example.awsapps.com/start".into(),
                sso_region: region.into(),
                region: None,
                browser: None,
                device_code: false,
            };
            let enrollment = enrollment_of(&form);
            assert_eq!(enrollment.partition, partition, "{region}");
            assert_eq!(enrollment.region, region.trim());
        }
    }
}
