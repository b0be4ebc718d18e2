//! THE flow: shortcut -> role credentials -> console sign-in URL.
//!
//! The CLI (`rolehop open`, `url`, `credential-process`), the tray, the switcher and discovery
//! all call [`Engine`]; none of them re-implements a step. The engine borrows its seams
//! (keychain, STS, sign-in HTTP, MFA prompt) so tests can give it fakes; the real ones are
//! wired once in [`crate::system`].

mod open;
pub mod sessions;
mod signout;

pub use open::{Browsers, ConsoleHost, OpenAs, OpenOptions, Opened, choose_browser};
pub use signout::{SignedOut, sign_out};

use std::path::Path;

use crate::base::credentials::{AwsCredentials, CredentialOrigin, now_unix};
use crate::base::secret::Secret;
use crate::broker::limits::RoleLimits;
use crate::broker::{Broker, MfaPrompt, Sts};
use crate::catalog::Catalog;
use crate::catalog::resolve::{ResolvedShortcut, resolve};
use crate::error::Error;
use crate::federation::signin::endpoint;
use crate::federation::urls::{get_signin_token_url, login_url, session_duration, session_json};
use crate::federation::{FederationError, SigninClient};
use crate::partition::destination::destination_url;
use crate::vault::{Keychain, Vault};

/// A console sign-in URL and what the person should know about it. The URL is a bearer
/// secret, valid for 15 minutes.
#[derive(Debug)]
pub struct SigninUrl {
    pub shortcut: ResolvedShortcut,
    pub url: Secret,
    pub notices: Vec<String>,
}

/// Role credentials for tools (credential_process) and what the person should know.
#[derive(Debug)]
pub struct RoleCredentials {
    pub shortcut: ResolvedShortcut,
    pub credentials: AwsCredentials,
    pub notices: Vec<String>,
}

pub struct Engine<'a, K: Keychain, S: Sts, C: SigninClient, M: MfaPrompt> {
    pub catalog: &'a Catalog,
    pub vault: &'a Vault<K>,
    pub sts: &'a S,
    pub signin: &'a C,
    pub mfa: &'a M,
    pub limits: &'a RoleLimits,
}

impl<K: Keychain, S: Sts, C: SigninClient, M: MfaPrompt> Engine<'_, K, S, C, M> {
    fn broker(&self) -> Broker<'_, K, S, M> {
        Broker::new(self.catalog, self.vault, self.sts, self.mfa, self.limits)
    }

    /// An IAM Identity Center identity's access token (refreshed, or from a sign-in where the
    /// front end can show one), for listing what it may open.
    pub async fn sso_token(&self, identity: &str) -> Result<crate::base::secret::Secret, Error> {
        let found = self.catalog.identity(identity).ok_or_else(|| {
            crate::catalog::CatalogError::NotFound {
                what: "identity",
                id: identity.to_string(),
                known: self
                    .catalog
                    .identities
                    .iter()
                    .map(|i| i.id.clone())
                    .collect(),
            }
        })?;
        let portal = found.portal().ok_or_else(|| Error::Environment {
            kind: crate::base::error_kind::ErrorKind::Config,
            message: format!("identity `{identity}` does not sign in with IAM Identity Center"),
        })?;
        Ok(self.broker().sso_token(found, &portal).await?)
    }

    /// Role credentials for a shortcut (cached or fresh).
    pub async fn credentials(&self, shortcut_id: &str) -> Result<RoleCredentials, Error> {
        let shortcut = resolve(self.catalog, shortcut_id)?;
        let broker = self.broker();
        let credentials = broker.role_credentials(&shortcut).await?;
        Ok(RoleCredentials {
            shortcut,
            credentials,
            notices: broker.take_notices(),
        })
    }

    /// A console sign-in URL for a shortcut. A new sign-in token is minted for every call.
    pub async fn signin_url(&self, shortcut_id: &str) -> Result<SigninUrl, Error> {
        let shortcut = resolve(self.catalog, shortcut_id)?;
        let broker = self.broker();
        let mut signin = self.signin_with(&broker, &shortcut).await?;
        signin.notices.extend(broker.take_notices());
        Ok(signin)
    }

    /// A sign-in URL that renews a live console in place: landing where `landing` says (the
    /// page its tab shows), from the role credentials the broker holds (renewed without MFA
    /// near their end), or from new ones when `fresh` (the person asked). Counted in the
    /// journal by the caller once the console took it.
    pub async fn renewal_url(
        &self,
        shortcut_id: &str,
        landing: &crate::link::deep::Landing,
        fresh: bool,
    ) -> Result<SigninUrl, Error> {
        let shortcut = landing.apply(resolve(self.catalog, shortcut_id)?)?;
        if fresh {
            self.vault.drop_role(&shortcut.id)?;
        }
        let broker = self.broker();
        let mut signin = self.signin_with(&broker, &shortcut).await?;
        signin.notices.extend(broker.take_notices());
        Ok(signin)
    }

    /// A sign-in URL for a console the caller opens itself (`rolehop url`, the clipboard, the
    /// tray's built-in window): [`Self::signin_url`], counted as a use for "recently used"
    /// like an open.
    pub async fn console_url(
        &self,
        shortcut_id: &str,
        data_dir: &Path,
    ) -> Result<SigninUrl, Error> {
        let signin = self.signin_url(shortcut_id).await?;
        crate::base::usage::Usage::record(data_dir, &signin.shortcut.id, now_unix());
        Ok(signin)
    }

    async fn signin_with(
        &self,
        broker: &Broker<'_, K, S, M>,
        shortcut: &ResolvedShortcut,
    ) -> Result<SigninUrl, Error> {
        let shortcut = shortcut.clone();
        // Check the destination before spending an MFA code on credentials.
        let destination = destination_url(
            shortcut.partition,
            &shortcut.region,
            shortcut.destination.as_deref(),
        )
        .map_err(FederationError::from)?;
        let federation = endpoint(shortcut.partition, None)?;
        let request_for = |creds: &AwsCredentials| {
            let duration = session_duration(creds.origin, creds.remaining(now_unix()));
            get_signin_token_url(&federation, &session_json(creds), duration)
        };
        let creds = broker.role_credentials(&shortcut).await?;
        let token = match self
            .signin
            .signin_token(&federation, &request_for(&creds))
            .await
        {
            Ok(token) => token,
            // Cached role credentials can be revoked (for example by "Revoke active sessions"
            // on the role). Renew them once when that costs no MFA code (`daily` and chained roles).
            Err(FederationError::Rejected { status, .. })
                if matches!(status, 400 | 401 | 403)
                    && creds.origin != CredentialOrigin::RoleFromLongTermKeys =>
            {
                tracing::info!(shortcut = %shortcut.id, status, "sign-in refused the role credentials; renewing them once");
                self.vault.drop_role(&shortcut.id)?;
                let renewed = broker.role_credentials(&shortcut).await?;
                self.signin
                    .signin_token(&federation, &request_for(&renewed))
                    .await?
            }
            Err(e) => return Err(e.into()),
        };
        let url = login_url(&federation, &destination, &token);
        Ok(SigninUrl {
            shortcut,
            url,
            notices: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests;
