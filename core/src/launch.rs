//! THE flow: shortcut -> role credentials -> console sign-in URL.
//!
//! The CLI (`rolehop url`, `rolehop credential-process`), and later the tray, the switcher and
//! the browser launcher, all call [`Engine`]; none of them re-implements a step. The engine
//! borrows its seams (keychain, STS, sign-in HTTP, MFA prompt) so tests can give it fakes.

use crate::broker::limits::RoleLimits;
use crate::broker::{Broker, MfaPrompt, Sts};
use crate::catalog::Catalog;
use crate::catalog::resolve::{ResolvedShortcut, resolve};
use crate::credentials::{AwsCredentials, CredentialOrigin, now_unix};
use crate::error::Error;
use crate::federation::destination::destination_url;
use crate::federation::signin::endpoint;
use crate::federation::urls::{get_signin_token_url, login_url, session_duration, session_json};
use crate::federation::{FederationError, SigninClient};
use crate::secret::Secret;
use crate::vault::{Keychain, Vault};

/// A console sign-in URL and what the person should know about it. The URL is a bearer
/// secret, valid for 15 minutes.
#[derive(Debug)]
pub struct SigninUrl {
    pub shortcut: ResolvedShortcut,
    pub url: Secret,
    /// When the console session ends (Unix seconds), if known.
    pub console_expires_at: Option<i64>,
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

    /// Role credentials for a shortcut (cached or fresh).
    pub async fn credentials(&self, shortcut_id: &str) -> Result<RoleCredentials, Error> {
        let shortcut = resolve(self.catalog, shortcut_id)?;
        let broker = self.broker();
        let credentials = broker.role_credentials(&shortcut.id).await?;
        Ok(RoleCredentials {
            shortcut,
            credentials,
            notices: broker.take_notices(),
        })
    }

    /// A console sign-in URL for a shortcut. A new sign-in token is minted for every call.
    pub async fn signin_url(&self, shortcut_id: &str) -> Result<SigninUrl, Error> {
        let shortcut = resolve(self.catalog, shortcut_id)?;
        // Check the destination before spending an MFA code on credentials.
        let destination = destination_url(
            shortcut.partition,
            &shortcut.region,
            shortcut.destination.as_deref(),
        )?;
        let federation = endpoint(shortcut.partition, None)?;
        let broker = self.broker();
        let mut creds = broker.role_credentials(&shortcut.id).await?;
        let mut now = now_unix();
        let mut duration = session_duration(creds.origin, creds.remaining(now));
        let request = get_signin_token_url(&federation, &session_json(&creds), duration);
        let token = match self.signin.signin_token(&federation, &request).await {
            Ok(token) => token,
            // Cached role credentials can be revoked (for example by "Revoke active sessions"
            // on the role). Renew them once when that costs no MFA code (`daily` and chained roles).
            Err(FederationError::Rejected { status, .. })
                if matches!(status, 400 | 401 | 403)
                    && creds.origin != CredentialOrigin::RoleFromLongTermKeys =>
            {
                tracing::info!(shortcut = %shortcut.id, status, "sign-in refused the role credentials; renewing them once");
                self.vault.drop_role(&shortcut.id)?;
                creds = broker.role_credentials(&shortcut.id).await?;
                now = now_unix();
                duration = session_duration(creds.origin, creds.remaining(now));
                let request = get_signin_token_url(&federation, &session_json(&creds), duration);
                self.signin.signin_token(&federation, &request).await?
            }
            Err(e) => return Err(e.into()),
        };
        let url = login_url(&federation, &destination, &token);
        let console_expires_at = match duration {
            Some(secs) => Some(now + i64::from(secs)),
            None => creds.expires_at,
        };
        Ok(SigninUrl {
            shortcut,
            url,
            console_expires_at,
            notices: broker.take_notices(),
        })
    }
}
