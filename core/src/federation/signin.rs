//! The side-effect seam of federation: calling getSigninToken.
//!
//! `ROLEHOP_FEDERATION_URL` replaces the federation endpoint (tests point it at the local
//! stand-in); it is read only here and documented in the README.

use std::time::Duration;

use super::FederationError;
use crate::base::secret::Secret;
use crate::partition::Partition;
use crate::partition::hosts::federation_endpoint;

pub const FEDERATION_URL_ENV: &str = "ROLEHOP_FEDERATION_URL";

/// The federation endpoint to use: the override if set, otherwise the partition's.
pub fn endpoint(partition: Partition, region: Option<&str>) -> Result<String, FederationError> {
    match std::env::var(FEDERATION_URL_ENV) {
        Ok(value) if !value.trim().is_empty() => {
            let value = value.trim().to_string();
            match url::Url::parse(&value) {
                Ok(u) if override_allowed(&u) => Ok(value),
                _ => Err(FederationError::BadOverride {
                    variable: FEDERATION_URL_ENV.into(),
                    value,
                }),
            }
        }
        _ => Ok(federation_endpoint(partition, region)),
    }
}

/// An override carries session keys to wherever it points: https, or plain http to this
/// machine only (the tests' stand-in).
fn override_allowed(u: &url::Url) -> bool {
    match u.scheme() {
        "https" => u.host_str().is_some(),
        "http" => {
            matches!(
                u.host(),
                Some(url::Host::Ipv4(ip)) if ip.is_loopback()
            ) || matches!(u.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback())
                || u.host_str() == Some("localhost")
        }
        _ => false,
    }
}

/// The console logout URL: the partition's, or the override's origin + `/oauth?Action=logout`.
pub fn logout_url(partition: Partition) -> Result<String, FederationError> {
    match std::env::var(FEDERATION_URL_ENV) {
        Ok(value) if !value.trim().is_empty() => {
            let parsed = url::Url::parse(value.trim())
                .ok()
                .filter(override_allowed)
                .ok_or_else(|| FederationError::BadOverride {
                    variable: FEDERATION_URL_ENV.into(),
                    value: value.clone(),
                })?;
            Ok(format!(
                "{}/oauth?Action=logout",
                parsed.origin().ascii_serialization()
            ))
        }
        _ => Ok(crate::partition::hosts::logout_url(partition)),
    }
}

/// Exchanges a session for a sign-in token.
pub trait SigninClient {
    /// `request` is the full getSigninToken URL (a secret); `endpoint` is what errors name.
    fn signin_token(
        &self,
        endpoint: &str,
        request: &Secret,
    ) -> impl std::future::Future<Output = Result<Secret, FederationError>>;
}

/// How long the sign-in endpoint may take to answer getSigninToken (connecting: 5 s). The
/// token is only asked for once the role credentials are in hand (they last an hour), so a
/// slow endpoint is waited for rather than given up on early; a stuck one is named as such.
pub const SIGNIN_TIMEOUT: Duration = Duration::from_secs(60);

/// The real client: HTTPS, [`SIGNIN_TIMEOUT`] to answer.
#[derive(Debug, Clone)]
pub struct HttpSigninClient {
    http: reqwest::Client,
    timeout: Duration,
}

impl HttpSigninClient {
    pub fn new() -> Result<Self, FederationError> {
        Self::with_timeout(SIGNIN_TIMEOUT)
    }

    /// The same with another answer timeout (the tests' stuck endpoint is given up on sooner).
    pub fn with_timeout(timeout: Duration) -> Result<Self, FederationError> {
        // No redirects: the request URL holds the session keys, and the endpoint answers
        // getSigninToken directly; a redirect would carry them somewhere else.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("rolehop/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| FederationError::Unreachable {
                endpoint: "(client setup)".into(),
                reason: e.without_url().to_string(),
            })?;
        Ok(Self { http, timeout })
    }
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    #[serde(rename = "SigninToken")]
    signin_token: Option<String>,
}

impl SigninClient for HttpSigninClient {
    async fn signin_token(
        &self,
        endpoint: &str,
        request: &Secret,
    ) -> Result<Secret, FederationError> {
        // `without_url`: reqwest's errors include the URL, which here carries the session keys.
        let unreachable = |e: reqwest::Error| {
            if e.is_timeout() && !e.is_connect() {
                FederationError::Slow {
                    endpoint: endpoint.to_string(),
                    secs: self.timeout.as_secs(),
                }
            } else {
                FederationError::Unreachable {
                    endpoint: endpoint.to_string(),
                    reason: e.without_url().to_string(),
                }
            }
        };
        let response = self
            .http
            .get(request.expose())
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        if !status.is_success() {
            let hint = match status.as_u16() {
                400 => ": AWS rejects SessionDuration for chained or GetSessionToken-based roles, and rejects sessions that are not role credentials".to_string(),
                401 | 403 => ": the role credentials were not accepted; they may have expired or been revoked".to_string(),
                _ => String::new(),
            };
            return Err(FederationError::Rejected {
                endpoint: endpoint.to_string(),
                status: status.as_u16(),
                hint,
            });
        }
        let bad = || FederationError::BadResponse {
            endpoint: endpoint.to_string(),
        };
        let text = response.text().await.map_err(|_| bad())?;
        let body: TokenResponse = serde_json::from_str(&text).map_err(|_| bad())?;
        body.signin_token
            .filter(|t| !t.is_empty())
            .map(Secret::new)
            .ok_or_else(|| FederationError::BadResponse {
                endpoint: endpoint.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An endpoint that accepts the connection and never answers is named as slow or stuck,
    /// not as unreachable (it used to say "could not be reached (error sending request)"); one
    /// that is not there at all is unreachable.
    #[tokio::test]
    async fn a_silent_endpoint_is_slow_not_unreachable() {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        // Accepted and held open, never answered.
        let held = std::thread::spawn(move || listener.accept().map(|(s, _)| s));
        let client = HttpSigninClient::with_timeout(Duration::from_secs(1)).unwrap();
        let endpoint = format!("http://127.0.0.1:{port}/federation");
        let request = Secret::new(format!("{endpoint}?Action=getSigninToken"));
        let e = client
            .signin_token(&endpoint, &request)
            .await
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("was reached but did not answer within 1 s")
                && e.contains("not unreachable"),
            "{e}"
        );
        drop(held.join());
        let gone = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let closed = gone.local_addr().unwrap().port();
        drop(gone);
        let endpoint = format!("http://127.0.0.1:{closed}/federation");
        let request = Secret::new(format!("{endpoint}?Action=getSigninToken"));
        let e = client
            .signin_token(&endpoint, &request)
            .await
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("could not be reached"), "{e}");
    }

    #[test]
    fn overrides_are_https_or_loopback() {
        let ok = |s: &str| url::Url::parse(s).is_ok_and(|u| override_allowed(&u));
        assert!(ok("https://signin.example.com/federation"));
        assert!(ok("http://127.0.0.1:8080/federation"));
        assert!(ok("http://localhost:8080/federation"));
        assert!(ok("http://[::1]:8080/federation"));
        assert!(!ok("http://signin.example.com/federation"));
        assert!(!ok("http://10.0.0.1/federation"));
        assert!(!ok("ftp://127.0.0.1/federation"));
        assert!(!ok("file:///etc/passwd"));
    }
}
