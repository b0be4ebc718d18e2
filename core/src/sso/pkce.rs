//! The pure parts of the browser sign-in (OAuth 2.0 authorization code with PKCE, RFC 7636,
//! on a loopback redirect, RFC 8252), as the AWS CLI does it
//! (<https://docs.aws.amazon.com/cli/latest/userguide/sso-configure-profile-token.html>):
//! the verifier and its S256 challenge, the `state` that ties the redirect to this sign-in,
//! the authorize URL on the OIDC endpoint, and reading the redirect the browser brings back.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::base::secret::Secret;

/// The scope Rolehop asks for: the accounts and roles of the person's assignments.
pub const SCOPE: &str = "sso:account:access";

/// The redirect registered for the client; the port is chosen per sign-in (any port of a
/// loopback redirect is accepted, RFC 8252 section 7.3).
pub const REDIRECT_REGISTERED: &str = "http://127.0.0.1/oauth/callback";
pub const CALLBACK_PATH: &str = "/oauth/callback";

/// One sign-in's secrets: the verifier stays here, only its challenge goes to the browser.
#[derive(Debug, Clone)]
pub struct Pkce {
    pub verifier: Secret,
    pub challenge: String,
    pub state: String,
}

fn random_urlsafe(bytes: usize) -> Result<String, getrandom::Error> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)?;
    Ok(URL_SAFE_NO_PAD.encode(buf))
}

/// The S256 challenge of a verifier.
pub fn challenge_of(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

impl Pkce {
    pub fn new() -> Result<Self, getrandom::Error> {
        // 32 random bytes: a 43-character verifier, the shortest RFC 7636 allows with the most
        // entropy per character.
        let verifier = random_urlsafe(32)?;
        Ok(Self {
            challenge: challenge_of(&verifier),
            verifier: Secret::new(verifier),
            state: random_urlsafe(16)?,
        })
    }
}

/// The OIDC endpoint of a region: `AWS_ENDPOINT_URL_SSO_OIDC`, then `AWS_ENDPOINT_URL` (the
/// SDK's own endpoint variables, which its client honours too), else AWS's regional host.
pub fn oidc_endpoint(region: &str, var: &dyn Fn(&str) -> Option<String>) -> String {
    for name in ["AWS_ENDPOINT_URL_SSO_OIDC", "AWS_ENDPOINT_URL"] {
        if let Some(url) = var(name).filter(|u| !u.trim().is_empty()) {
            return url.trim().trim_end_matches('/').to_string();
        }
    }
    let suffix = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!("https://oidc.{region}.{suffix}")
}

/// The page the browser opens: the portal's sign-in, then the consent to let Rolehop's client
/// in, then the redirect to `redirect_uri` with `code` and `state`.
pub fn authorize_url(endpoint: &str, client_id: &str, redirect_uri: &str, pkce: &Pkce) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("state", &pkce.state)
        .append_pair("code_challenge_method", "S256")
        .append_pair("scopes", SCOPE)
        .append_pair("code_challenge", &pkce.challenge);
    format!("{endpoint}/authorize?{}", query.finish())
}

/// What the browser brought back to the loopback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// The code to exchange (state checked).
    Code(Secret),
    /// The person (or the portal) said no: `error` and its description.
    Refused(String),
    /// Not this sign-in's redirect (another path, a wrong or missing state): ignored.
    NotOurs,
}

/// Reads the request target of a loopback request (`/oauth/callback?code=…&state=…`).
pub fn read_callback(target: &str, state: &str) -> Callback {
    let Ok(url) = url::Url::parse(&format!("http://127.0.0.1{target}")) else {
        return Callback::NotOurs;
    };
    if url.path() != CALLBACK_PATH {
        return Callback::NotOurs;
    }
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if get("state").as_deref() != Some(state) {
        return Callback::NotOurs;
    }
    if let Some(error) = get("error") {
        let description = get("error_description").unwrap_or_default();
        return Callback::Refused(if description.is_empty() {
            error
        } else {
            format!("{error}: {description}")
        });
    }
    match get("code") {
        Some(code) if !code.is_empty() => Callback::Code(Secret::new(code)),
        _ => Callback::NotOurs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_rfc_7636s() {
        // RFC 7636 appendix B.
        assert_eq!(
            challenge_of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let a = Pkce::new().unwrap();
        let b = Pkce::new().unwrap();
        assert_eq!(a.verifier.expose().len(), 43);
        assert_ne!(a.verifier, b.verifier);
        assert_ne!(a.state, b.state);
        assert_eq!(a.challenge, challenge_of(a.verifier.expose()));
    }

    #[test]
    fn endpoints_follow_the_sdks_variables_then_the_region() {
        let none = |_: &str| None;
        assert_eq!(
            oidc_endpoint("eu-west-1", &none),
            "https://oidc.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            oidc_endpoint("cn-north-1", &none),
            "https://oidc.cn-north-1.amazonaws.com.cn"
        );
        assert_eq!(
            oidc_endpoint("us-gov-west-1", &none),
            "https://oidc.us-gov-west-1.amazonaws.com"
        );
        let both = |k: &str| match k {
            "AWS_ENDPOINT_URL_SSO_OIDC" => Some("http://127.0.0.1:9/".to_string()),
            _ => Some("http://127.0.0.1:8".to_string()),
        };
        assert_eq!(oidc_endpoint("eu-west-1", &both), "http://127.0.0.1:9");
        let general = |k: &str| (k == "AWS_ENDPOINT_URL").then(|| "http://127.0.0.1:8".into());
        assert_eq!(oidc_endpoint("eu-west-1", &general), "http://127.0.0.1:8");
    }

    #[test]
    fn the_authorize_url_carries_the_challenge_never_the_verifier() {
        let pkce = Pkce::new().unwrap();
        let url = authorize_url(
            "https://oidc.eu-west-1.amazonaws.com",
            "client-1",
            "http://127.0.0.1:4711/oauth/callback",
            &pkce,
        );
        let parsed = url::Url::parse(&url).unwrap();
        assert_eq!(parsed.path(), "/authorize");
        let q: std::collections::HashMap<String, String> =
            parsed.query_pairs().into_owned().collect();
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], "client-1");
        assert_eq!(q["redirect_uri"], "http://127.0.0.1:4711/oauth/callback");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["code_challenge"], pkce.challenge);
        assert_eq!(q["scopes"], SCOPE);
        assert_eq!(q["state"], pkce.state);
        assert!(!url.contains(pkce.verifier.expose()));
    }

    #[test]
    fn only_this_sign_ins_redirect_counts() {
        let table: &[(&str, Callback)] = &[
            (
                "/oauth/callback?code=abc&state=s1",
                Callback::Code(Secret::new("abc")),
            ),
            ("/oauth/callback?code=abc&state=other", Callback::NotOurs),
            ("/oauth/callback?code=abc", Callback::NotOurs),
            ("/favicon.ico", Callback::NotOurs),
            ("/oauth/callback?state=s1", Callback::NotOurs),
            (
                "/oauth/callback?error=access_denied&error_description=User%20denied&state=s1",
                Callback::Refused("access_denied: User denied".into()),
            ),
        ];
        for (target, want) in table {
            assert_eq!(&read_callback(target, "s1"), want, "{target}");
        }
    }
}
