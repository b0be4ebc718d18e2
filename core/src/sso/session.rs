//! A usable access token for an Identity Center identity, without the browser when possible:
//! the stored one while it is fresh, else one renewed with the refresh token (silently, as
//! often as the Identity Center session allows). When neither works, the answer is
//! [`SsoError::SignInRequired`]: the front end then runs the browser sign-in once
//! ([`super::login`]), however many shortcuts were waiting for it.

use super::api::{Grant, SsoApi, SsoFailure};
use super::error::SsoError;
use crate::base::secret::Secret;
use crate::vault::sso::{Portal, SsoToken};
use crate::vault::{Keychain, Vault};

fn required(identity: &str, portal: &Portal, reason: &str) -> SsoError {
    SsoError::SignInRequired {
        identity: identity.to_string(),
        start_url: portal.start_url.clone(),
        reason: reason.to_string(),
    }
}

/// The identity's access token, renewed first when it is about to expire.
pub async fn access_token<K: Keychain>(
    vault: &Vault<K>,
    api: &dyn SsoApi,
    identity: &str,
    portal: &Portal,
    now: i64,
) -> Result<Secret, SsoError> {
    let Some(token) = vault
        .sso_token(identity)?
        // A token of another portal (the identity was edited) is not this identity's.
        .filter(|t| t.portal == *portal)
    else {
        return Err(required(
            identity,
            portal,
            "it has not signed in on this computer yet",
        ));
    };
    if token.fresh_at(now) {
        return Ok(token.access_token);
    }
    Ok(refresh(vault, api, identity, portal, &token, now)
        .await?
        .access_token)
}

/// Renews a token with its refresh token. A refresh Identity Center no longer honours (the
/// session ended, the person signed out, the client expired) drops the stored token and asks
/// for a sign-in.
pub async fn refresh<K: Keychain>(
    vault: &Vault<K>,
    api: &dyn SsoApi,
    identity: &str,
    portal: &Portal,
    token: &SsoToken,
    now: i64,
) -> Result<SsoToken, SsoError> {
    let ended = "its Identity Center session has ended";
    let Some(refresh_token) = token.refresh_token.clone() else {
        vault.drop_sso_token(identity)?;
        return Err(required(identity, portal, ended));
    };
    let Some(client) = vault
        .sso_client(identity)?
        .filter(|c| c.client_id == token.client_id && c.portal == *portal && c.expires_at > now)
    else {
        vault.drop_sso_token(identity)?;
        return Err(required(identity, portal, ended));
    };
    match api
        .create_token(
            &client,
            &Grant::Refresh {
                refresh_token: refresh_token.clone(),
            },
        )
        .await
    {
        Ok(issued) => {
            let renewed = SsoToken {
                access_token: issued.access_token,
                expires_at: now + issued.expires_in,
                // Identity Center may rotate the refresh token; keep the old one if not.
                refresh_token: issued.refresh_token.or(Some(refresh_token)),
                portal: portal.clone(),
                client_id: client.client_id.clone(),
            };
            vault.store_sso_token(identity, &renewed)?;
            tracing::info!(identity, "renewed the Identity Center access token");
            Ok(renewed)
        }
        Err(
            SsoFailure::GrantEnded { .. }
            | SsoFailure::Unauthorized { .. }
            | SsoFailure::InvalidClient { .. }
            | SsoFailure::AccessDenied { .. },
        ) => {
            vault.drop_sso_token(identity)?;
            Err(required(identity, portal, ended))
        }
        Err(other) => Err(SsoError::from_failure("CreateToken", other)),
    }
}
