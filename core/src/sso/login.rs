//! The browser sign-in to IAM Identity Center, as the AWS CLI does it: the authorization code
//! flow with PKCE on a loopback redirect (the browser comes back to
//! `http://127.0.0.1:<port>/oauth/callback`), and the device code flow where that cannot work
//! (no loopback port, no browser Rolehop can start, or `--device-code` for a browser on
//! another machine). The tokens go to the keychain and nowhere else.
//!
//! Where the page opens and how the person is told is the front end's ([`SignInPage`]): the
//! CLI prints the device code on stderr, the tray shows it in its notice window.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::api::{Grant, SsoApi, SsoFailure};
use super::error::{SsoError, failure_message};
use super::pkce::{CALLBACK_PATH, Callback, Pkce, authorize_url, oidc_endpoint, read_callback};
use crate::base::secret::Secret;
use crate::vault::sso::{Flow, Portal, SsoClient, SsoToken};
use crate::vault::{Keychain, Vault};

/// How long a person has to finish signing in in the browser.
pub const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// Where the person signs in.
pub trait SignInPage: Send + Sync {
    /// Opens `url` (the sign-in of `identity`) in the browser; `false` when no browser could
    /// be started.
    fn open(&self, identity: &str, url: &str) -> bool;
    /// Device code flow: tells the person where to confirm which code.
    fn show_code(&self, identity: &str, url: &str, user_code: &str);
    /// The sign-in of `identity` is under way (`true`) or over (`false`).
    fn waiting(&self, _identity: &str, _waiting: bool) {}
}

/// Which flow to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// PKCE in the browser, the device code where that cannot work.
    #[default]
    Auto,
    /// The device code flow only (the browser is on another machine, or cannot reach this
    /// machine's loopback).
    DeviceCode,
}

/// One sign-in's parts.
pub struct SignIn<'a, K: Keychain> {
    pub vault: &'a Vault<K>,
    pub api: &'a dyn SsoApi,
    pub page: &'a dyn SignInPage,
    pub clock: fn() -> i64,
    /// How long the person has in the browser.
    pub timeout: Duration,
    /// Reads an environment variable (the OIDC endpoint override).
    pub var: fn(&str) -> Option<String>,
}

/// The PKCE flow's outcome when it could not be tried: the device code flow takes over.
enum Pkced {
    Done(SsoToken),
    Fallback(&'static str),
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

impl<'a, K: Keychain> SignIn<'a, K> {
    pub fn new(vault: &'a Vault<K>, api: &'a dyn SsoApi, page: &'a dyn SignInPage) -> Self {
        Self {
            vault,
            api,
            page,
            clock: crate::base::credentials::now_unix,
            timeout: SIGN_IN_TIMEOUT,
            var: env_var,
        }
    }

    /// Signs `identity` in to `portal` and stores the tokens.
    pub async fn run(
        &self,
        identity: &str,
        portal: &Portal,
        method: Method,
    ) -> Result<SsoToken, SsoError> {
        self.page.waiting(identity, true);
        let result = match method {
            Method::DeviceCode => self.device(identity, portal).await,
            Method::Auto => match self.pkce(identity, portal).await {
                Ok(Pkced::Done(token)) => Ok(token),
                Ok(Pkced::Fallback(why)) => {
                    tracing::info!(
                        identity,
                        "browser sign-in not possible ({why}): using a device code"
                    );
                    self.device(identity, portal).await
                }
                Err(e) => Err(e),
            },
        };
        self.page.waiting(identity, false);
        let token = result?;
        self.vault.store_sso_token(identity, &token)?;
        tracing::info!(identity, "signed in to IAM Identity Center");
        Ok(token)
    }

    fn failed(identity: &str, detail: impl Into<String>) -> SsoError {
        SsoError::SignInFailed {
            identity: identity.to_string(),
            detail: detail.into(),
        }
    }

    /// The identity's registered client for this flow, registered anew when there is none
    /// (or it is close to expiry, or for another portal).
    async fn client(
        &self,
        identity: &str,
        portal: &Portal,
        flow: Flow,
    ) -> Result<SsoClient, SsoFailure> {
        let now = (self.clock)();
        if let Ok(Some(client)) = self.vault.sso_client(identity)
            && client.usable(portal, flow, now)
        {
            return Ok(client);
        }
        let client = self.api.register_client(portal, flow, now).await?;
        if let Err(e) = self.vault.store_sso_client(identity, &client) {
            tracing::warn!(
                identity,
                "cannot keep the Identity Center client registration: {e}"
            );
        }
        Ok(client)
    }

    fn token(&self, client: &SsoClient, issued: super::api::Issued) -> SsoToken {
        SsoToken {
            access_token: issued.access_token,
            expires_at: (self.clock)() + issued.expires_in,
            refresh_token: issued.refresh_token,
            portal: client.portal.clone(),
            client_id: client.client_id.clone(),
        }
    }

    async fn pkce(&self, identity: &str, portal: &Portal) -> Result<Pkced, SsoError> {
        let Ok(listener) = TcpListener::bind(("127.0.0.1", 0)).await else {
            return Ok(Pkced::Fallback("no loopback port"));
        };
        let port = match listener.local_addr() {
            Ok(addr) => addr.port(),
            Err(_) => return Ok(Pkced::Fallback("no loopback port")),
        };
        let client = match self.client(identity, portal, Flow::Pkce).await {
            Ok(client) => client,
            Err(SsoFailure::Network { detail }) => {
                return Err(SsoError::Network {
                    operation: "RegisterClient",
                    detail,
                });
            }
            Err(SsoFailure::Throttled) => {
                return Err(SsoError::Throttled {
                    operation: "RegisterClient",
                });
            }
            // An instance that does not offer the authorization code grant.
            Err(other) => {
                tracing::info!(
                    identity,
                    "cannot register for the browser sign-in: {}",
                    failure_message(&other)
                );
                return Ok(Pkced::Fallback(
                    "Identity Center refused the browser sign-in",
                ));
            }
        };
        let pkce =
            Pkce::new().map_err(|e| Self::failed(identity, format!("no randomness: {e}")))?;
        let redirect_uri = format!("http://127.0.0.1:{port}{CALLBACK_PATH}");
        let url = authorize_url(
            &oidc_endpoint(&portal.region, &self.var),
            &client.client_id,
            &redirect_uri,
            &pkce,
        );
        if !self.page.open(identity, &url) {
            return Ok(Pkced::Fallback("no browser could be started"));
        }
        let code = match tokio::time::timeout(self.timeout, wait_for_code(&listener, &pkce.state))
            .await
        {
            Err(_) => {
                return Err(Self::failed(
                    identity,
                    format!(
                        "the browser did not come back within {} minutes; run `rolehop login {identity}` again (or with --device-code)",
                        self.timeout.as_secs() / 60
                    ),
                ));
            }
            Ok(Err(refused)) => return Err(Self::failed(identity, refused.to_string())),
            Ok(Ok(code)) => code,
        };
        let grant = Grant::AuthorizationCode {
            code,
            verifier: pkce.verifier.clone(),
            redirect_uri,
        };
        match self.api.create_token(&client, &grant).await {
            Ok(issued) => Ok(Pkced::Done(self.token(&client, issued))),
            Err(SsoFailure::GrantEnded { message } | SsoFailure::AccessDenied { message }) => {
                Err(Self::failed(identity, message))
            }
            Err(other) => Err(SsoError::from_failure("CreateToken", other)),
        }
    }

    async fn device(&self, identity: &str, portal: &Portal) -> Result<SsoToken, SsoError> {
        let client = self
            .client(identity, portal, Flow::DeviceCode)
            .await
            .map_err(|f| SsoError::from_failure("RegisterClient", f))?;
        let auth = self
            .api
            .start_device_authorization(&client)
            .await
            .map_err(|f| SsoError::from_failure("StartDeviceAuthorization", f))?;
        let page = auth
            .verification_uri_complete
            .clone()
            .unwrap_or_else(|| auth.verification_uri.clone());
        self.page.show_code(identity, &page, &auth.user_code);
        let started = (self.clock)();
        let limit = auth.expires_in.min(self.timeout.as_secs() as i64);
        let mut interval = auth.interval.max(1);
        let grant = Grant::DeviceCode {
            device_code: auth.device_code.clone(),
        };
        loop {
            match self.api.create_token(&client, &grant).await {
                Ok(issued) => return Ok(self.token(&client, issued)),
                Err(SsoFailure::AuthorizationPending) => {}
                Err(SsoFailure::SlowDown) => interval += 5,
                Err(SsoFailure::GrantEnded { .. }) => {
                    return Err(Self::failed(
                        identity,
                        "the code expired before it was confirmed",
                    ));
                }
                Err(SsoFailure::AccessDenied { message }) => {
                    return Err(Self::failed(
                        identity,
                        format!("the sign-in was refused ({message})"),
                    ));
                }
                Err(other) => return Err(SsoError::from_failure("CreateToken", other)),
            }
            if (self.clock)() - started + interval > limit {
                return Err(Self::failed(
                    identity,
                    format!("the code was not confirmed within {} minutes", limit / 60),
                ));
            }
            tokio::time::sleep(Duration::from_secs(interval as u64)).await;
        }
    }
}

/// Serves the loopback until this sign-in's redirect arrives: its code, or why it was refused.
/// Other requests (a favicon, a stray tab) get a 404 and do not end the wait.
///
/// Each connection is served on a task of its own, so idle or slow connections (another local
/// user can open thousands) never hold up the browser's redirect; a request that is not this
/// sign-in's redirect is answered before anything costly is done, and only a redirect that
/// carries this sign-in's `state` has its owner checked. Refusals are logged once, not once per
/// connection.
async fn wait_for_code(listener: &TcpListener, state: &str) -> Result<Secret, RefusedInBrowser> {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    // Connections served at once; beyond it a connection is closed at once (a flood).
    const IN_FLIGHT: usize = 4096;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Secret, RefusedInBrowser>>(1);
    let in_flight = Arc::new(AtomicUsize::new(0));
    let refused = Arc::new(AtomicUsize::new(0));
    loop {
        tokio::select! {
            Some(outcome) = rx.recv() => return outcome,
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else {
                    continue;
                };
                if in_flight.fetch_add(1, Ordering::SeqCst) >= IN_FLIGHT {
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    drop(stream);
                    continue;
                }
                let (tx, state) = (tx.clone(), state.to_string());
                let (in_flight, refused) = (in_flight.clone(), refused.clone());
                tokio::spawn(async move {
                    let outcome = serve_one(stream, peer, &state, &refused).await;
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    if let Some(outcome) = outcome {
                        let _ = tx.send(outcome).await;
                    }
                });
            }
        }
    }
}

/// Why the browser brought no code back: the person (or the portal) refused the sign-in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the sign-in was refused in the browser ({why})")]
struct RefusedInBrowser {
    /// The `error` (and its description) the portal's redirect carried.
    why: String,
}

/// One loopback connection: `Some` with the sign-in's outcome when it is this user's browser
/// bringing this sign-in's redirect, `None` otherwise (answered and closed).
async fn serve_one(
    mut stream: TcpStream,
    peer: std::net::SocketAddr,
    state: &str,
    refused: &std::sync::atomic::AtomicUsize,
) -> Option<Result<Secret, RefusedInBrowser>> {
    let target = request_target(&mut stream).await?;
    let callback = read_callback(&target, state);
    if callback == Callback::NotOurs {
        respond(&mut stream, "404 Not Found", "Not found", "Nothing here.").await;
        return None;
    }
    // Only this user's browser may bring the code: the authorize URL (and so its `state`) is
    // on the browser's command line, which every local user can read, and another user could
    // otherwise hand over a code of their own sign-in first.
    let mine = stream
        .local_addr()
        .is_ok_and(|local| crate::browser::handoff::same_user(local, peer));
    if !mine {
        if refused.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            tracing::warn!(
                "refused a sign-in redirect from another user's connection (later ones are refused quietly)"
            );
        } else {
            tracing::debug!("refused another sign-in redirect from another user's connection");
        }
        respond(
            &mut stream,
            "403 Forbidden",
            "Not yours",
            "This sign-in belongs to another user.",
        )
        .await;
        return None;
    }
    match callback {
        Callback::Code(code) => {
            respond(
                &mut stream,
                "200 OK",
                "Signed in",
                "Rolehop is signed in to IAM Identity Center. You can close this tab.",
            )
            .await;
            Some(Ok(code))
        }
        Callback::Refused(why) => {
            respond(
                &mut stream,
                "200 OK",
                "Not signed in",
                "The sign-in was not allowed, so Rolehop is not signed in. You can close this tab.",
            )
            .await;
            Some(Err(RefusedInBrowser {
                why: why.to_string(),
            }))
        }
        Callback::NotOurs => None,
    }
}

/// The target of a request's first line (`GET /oauth/callback?… HTTP/1.1`), read within a few
/// seconds (an idle connection does not hold the sign-in).
async fn request_target(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    let read = async {
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
            let n = stream.read(&mut buf).await.ok()?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        Some(())
    };
    tokio::time::timeout(Duration::from_secs(5), read)
        .await
        .ok()??;
    let text = String::from_utf8_lossy(&head);
    let mut first = text.lines().next()?.split_whitespace();
    match (first.next(), first.next()) {
        (Some("GET"), Some(target)) => Some(target.to_string()),
        _ => None,
    }
}

async fn respond(stream: &mut TcpStream, status: &str, title: &str, text: &str) {
    let body = format!(
        "<!doctype html><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\"><title>{title} – Rolehop</title><body style=\"font:16px system-ui,sans-serif;margin:3em\"><h1>{title}</h1><p>{text}</p>"
    );
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Idle connections (another local user can open thousands, and each may take 5 s to say
    /// nothing) do not hold up the browser's redirect: it is served as soon as it arrives.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn idle_connections_do_not_hold_up_the_redirect() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let waiting = tokio::spawn(async move { wait_for_code(&listener, "st4te").await });
        let mut idle = Vec::new();
        for _ in 0..200 {
            idle.push(TcpStream::connect(("127.0.0.1", port)).await.unwrap());
        }
        // A stray request first (404), then the redirect.
        for target in ["/favicon.ico", "/oauth/callback?code=c0de&state=st4te"] {
            let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
            s.write_all(format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
                .await
                .unwrap();
            let mut answer = String::new();
            let _ = s.read_to_string(&mut answer).await;
            let want = if target.starts_with("/favicon") {
                "404"
            } else {
                "200"
            };
            assert!(answer.starts_with(&format!("HTTP/1.1 {want}")), "{answer}");
        }
        // Sequential serving would take 200 × 5 s here; the bound only catches a hang.
        let code = tokio::time::timeout(Duration::from_secs(60), waiting)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(code.expose(), "c0de");
        drop(idle);
    }
}
