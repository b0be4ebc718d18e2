//! What an IAM Identity Center sign-in leaves behind (made by `crate::sso`), kept in the
//! keychain only (`identity/<id>/sso-client`, `identity/<id>/sso-token`):
//! - the OIDC client Rolehop registered for the identity (RegisterClient: a client id and
//!   secret, valid about 90 days), reused for every sign-in and refresh until it expires;
//! - the tokens (CreateToken): an access token (about 8 h) that GetRoleCredentials,
//!   ListAccounts and ListAccountRoles take, and a refresh token (as long as the Identity
//!   Center session, up to 90 days) that renews the access token without the browser.
//!
//! Both carry the start URL and region they were issued for: an identity edited to another
//! portal never uses the old portal's tokens (a cache is keyed by everything that determined
//! it).

use serde::{Deserialize, Serialize};

use crate::base::secret::Secret;

/// An access token with less than this left is renewed before use: a console opened with role
/// credentials fetched now should not meet an expired token on its next refresh.
pub const ACCESS_TOKEN_MARGIN_SECS: i64 = 5 * 60;

/// Which portal a token or client belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Portal {
    pub start_url: String,
    pub region: String,
}

/// How a client was registered: for the authorization code flow with PKCE (a loopback
/// redirect), or for the device code flow. Each flow needs its own registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    Pkce,
    DeviceCode,
}

/// A registered OIDC client (RegisterClient).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoClient {
    pub client_id: String,
    pub client_secret: Secret,
    /// Unix seconds.
    pub expires_at: i64,
    pub portal: Portal,
    pub flow: Flow,
}

impl SsoClient {
    /// Usable for this portal and flow for at least another hour (a sign-in takes minutes).
    pub fn usable(&self, portal: &Portal, flow: Flow, now: i64) -> bool {
        self.portal == *portal && self.flow == flow && self.expires_at - 3600 > now
    }
}

/// The tokens of one sign-in (CreateToken).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoToken {
    pub access_token: Secret,
    /// Unix seconds.
    pub expires_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    pub portal: Portal,
    /// The client that issued it (a refresh needs the same client).
    pub client_id: String,
}

impl SsoToken {
    /// The access token is good for a while yet.
    pub fn fresh_at(&self, now: i64) -> bool {
        self.expires_at - ACCESS_TOKEN_MARGIN_SECS > now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn portal(url: &str) -> Portal {
        Portal {
            start_url: url.into(),
            region: "eu-west-1".into(),
        }
    }

    #[test]
    fn clients_serve_their_own_portal_and_flow_until_close_to_expiry() {
        let client = SsoClient {
            client_id: "c".into(),
            client_secret: Secret::new("s"),
            expires_at: 10_000,
            portal: portal("https://a.awsapps.com/start"),
            flow: Flow::Pkce,
        };
        let a = portal("https://a.awsapps.com/start");
        assert!(client.usable(&a, Flow::Pkce, 1_000));
        assert!(
            !client.usable(&a, Flow::Pkce, 7_000),
            "less than an hour left"
        );
        assert!(!client.usable(&a, Flow::DeviceCode, 1_000));
        assert!(!client.usable(&portal("https://b.awsapps.com/start"), Flow::Pkce, 1_000));
        assert!(
            !format!("{client:?}").contains("\"s\""),
            "the secret is redacted"
        );
    }

    #[test]
    fn access_tokens_are_renewed_before_they_run_out() {
        let token = SsoToken {
            access_token: Secret::new("t"),
            expires_at: 10_000,
            refresh_token: None,
            portal: portal("https://a.awsapps.com/start"),
            client_id: "c".into(),
        };
        assert!(token.fresh_at(9_000));
        assert!(!token.fresh_at(9_800));
    }
}
