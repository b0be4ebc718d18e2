//! Role credentials of a shortcut whose identity is an IAM Identity Center one: the identity's
//! access token (renewed silently with its refresh token) buys the permission set's
//! credentials with GetRoleCredentials
//! (<https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/API_GetRoleCredentials.html>).
//! They sign in to the console without `SessionDuration` and last as the permission set says
//! (up to 12 h); a shortcut that chains from them (`via`) is ordinary role chaining (1 h).
//!
//! When the identity must sign in again, the front end's sign-in page (if it has one) runs
//! the browser sign-in once, behind the identity's gate: every shortcut waiting for that
//! identity then finds the new token, so a person sees one sign-in, not one per shortcut.

use super::error::BrokerError;
use super::flow::Broker;
use super::gate::GateFor;
use super::mfa::MfaPrompt;
use super::sts::Sts;
use crate::base::credentials::{AwsCredentials, CredentialOrigin};
use crate::base::secret::Secret;
use crate::catalog::CatalogError;
use crate::catalog::model::Identity;
use crate::catalog::resolve::ResolvedShortcut;
use crate::sso::login::{Method, SignIn};
use crate::sso::{SsoError, SsoFailure, session};
use crate::vault::Keychain;
use crate::vault::sso::Portal;

impl<K: Keychain, S: Sts, M: MfaPrompt> Broker<'_, K, S, M> {
    pub(super) async fn sso_role(
        &self,
        shortcut: &ResolvedShortcut,
        identity: &Identity,
    ) -> Result<AwsCredentials, BrokerError> {
        let portal = identity.portal().ok_or_else(|| CatalogError::NotFound {
            what: "IAM Identity Center start URL and region of identity",
            id: identity.id.clone(),
            known: vec![],
        })?;
        let token = self.sso_token(identity, &portal).await?;
        let region = portal.region.clone();
        let call = |token: Secret| {
            let region = region.clone();
            async move {
                self.sso
                    .role_credentials(&region, &token, &shortcut.account, &shortcut.role_name)
                    .await
            }
        };
        let answer = match call(token).await {
            // Signed out elsewhere, or the token was revoked: renew once, then ask.
            Err(SsoFailure::Unauthorized { .. }) => {
                let _gate = self.gates.enter(GateFor::Identity(&identity.id)).await;
                let renewed = match self.vault.sso_token(&identity.id)? {
                    Some(stale) => {
                        session::refresh(
                            self.vault,
                            self.sso,
                            &identity.id,
                            &portal,
                            &stale,
                            (self.clock)(),
                        )
                        .await
                    }
                    None => Err(SsoError::SignInRequired {
                        identity: identity.id.clone(),
                        start_url: portal.start_url.clone(),
                        reason: "it was signed out".into(),
                    }),
                };
                let token = match renewed {
                    Ok(token) => token.access_token,
                    Err(e @ SsoError::SignInRequired { .. }) => {
                        self.sign_in(identity, &portal, e).await?
                    }
                    Err(e) => return Err(e.into()),
                };
                call(token).await
            }
            other => other,
        };
        match answer {
            Ok(mut creds) => {
                creds.origin = CredentialOrigin::SsoRole;
                Ok(creds)
            }
            Err(SsoFailure::NotAssigned { message } | SsoFailure::AccessDenied { message }) => {
                Err(SsoError::NotAssigned {
                    identity: identity.id.clone(),
                    account: shortcut.account.clone(),
                    role: shortcut.role_name.clone(),
                    message,
                }
                .into())
            }
            Err(SsoFailure::Unauthorized { .. }) => Err(SsoError::SignInRequired {
                identity: identity.id.clone(),
                start_url: portal.start_url.clone(),
                reason: "IAM Identity Center did not accept its new sign-in".into(),
            }
            .into()),
            Err(other) => Err(SsoError::from_failure("GetRoleCredentials", other).into()),
        }
    }

    /// The identity's access token: stored, refreshed, or (behind the identity's gate, once)
    /// from a new sign-in.
    pub async fn sso_token(
        &self,
        identity: &Identity,
        portal: &Portal,
    ) -> Result<Secret, BrokerError> {
        let _gate = self.gates.enter(GateFor::Identity(&identity.id)).await;
        match session::access_token(self.vault, self.sso, &identity.id, portal, (self.clock)())
            .await
        {
            Ok(token) => Ok(token),
            Err(e @ SsoError::SignInRequired { .. }) => self.sign_in(identity, portal, e).await,
            Err(e) => Err(e.into()),
        }
    }

    /// Runs the browser sign-in where the front end can show one; else `required` is the
    /// answer (it says to run `rolehop login`).
    async fn sign_in(
        &self,
        identity: &Identity,
        portal: &Portal,
        required: SsoError,
    ) -> Result<Secret, BrokerError> {
        let Some(page) = self.mfa.sign_in_page() else {
            return Err(required.into());
        };
        let mut sign_in = SignIn::new(self.vault, self.sso, page);
        sign_in.clock = self.clock;
        Ok(sign_in
            .run(&identity.id, portal, Method::Auto)
            .await?
            .access_token)
    }
}

#[cfg(test)]
#[path = "sso_tests.rs"]
mod tests;
