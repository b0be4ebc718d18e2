//! The credential server of `rolehop exec --server` (and of every `rolehop shell`): the SDKs'
//! container credential endpoint on loopback, so a job that runs longer than its role session
//! (a two-hour `terraform apply` in a chained role, capped at one hour by AWS) keeps getting
//! fresh credentials. Every AWS SDK and the AWS CLI read `AWS_CONTAINER_CREDENTIALS_FULL_URI`
//! and send `AWS_CONTAINER_AUTHORIZATION_TOKEN` as the `Authorization` header; they fetch again
//! before the credentials they hold expire
//! (<https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html>).
//!
//! Who may ask, as strictly as the sign-in hand-off ([`crate::browser::handoff`]):
//! - it listens on 127.0.0.1 only, at a port and a path chosen at random;
//! - a connection from another local user's socket is closed unread (Linux: `/proc/net/tcp`;
//!   Windows: the TCP table and the peer process's token; see the hand-off);
//! - a request must name the server's own address as `Host` (a web page cannot reach it
//!   through DNS rebinding) and carry the exec's own token, 256 random bits made for this
//!   exec and given to its child in the environment only, never on a command line;
//! - anything else gets an empty 4xx.
//!
//! Each answer asks the flow for the shortcut's credentials ([`Renew`]): the broker gives the
//! cached ones while they last and renews them (from the day's session, without MFA) when
//! they are about to end. When renewing fails but the last credentials still hold, those are
//! served; when nothing valid is left the answer is a 500 whose message says why, and the
//! exec tells the person ([`Report`]).

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::env::ChildCredentials;
use crate::base::credentials::now_unix;
use crate::base::secret::Secret;

/// Fresh credentials for the child: the flow, asked each time the SDK asks (its error is the
/// flow's, `crate::Error`; generic so this leaf does not depend on the error that wraps it).
pub type Renew<E> = Box<dyn Fn() -> Result<ChildCredentials, E> + Send + Sync>;

/// Told when credentials cannot be renewed (the person should know before their job fails).
pub type Report<E> = Box<dyn Fn(&E) + Send + Sync>;

/// The most requests answered at once (an SDK asks one at a time; a fan-out child or two).
const MAX_ANSWERING: usize = 8;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot start the credential server for the command: {source}")]
pub struct ServerError {
    #[source]
    source: std::io::Error,
}

fn io(source: std::io::Error) -> ServerError {
    ServerError { source }
}

/// A running credential server; stopped when dropped.
pub struct CredentialServer {
    uri: String,
    token: Secret,
    local: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for CredentialServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialServer")
            .field("local", &self.local)
            .finish_non_exhaustive()
    }
}

fn random_hex(bytes: usize) -> Result<String, ServerError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| io(std::io::Error::other(e.to_string())))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// What each connection's thread shares.
struct Shared<E> {
    local: SocketAddr,
    path: String,
    token: Secret,
    renew: Renew<E>,
    report: Report<E>,
    /// The last credentials served, given again while they hold if renewing fails.
    last: Mutex<Option<ChildCredentials>>,
    answering: AtomicUsize,
}

impl CredentialServer {
    /// Listens on a random loopback port; `renew` gives the credentials, `report` hears about
    /// renewals that failed.
    pub fn start<E: std::fmt::Display + 'static>(
        renew: Renew<E>,
        report: Report<E>,
    ) -> Result<Self, ServerError> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(io)?;
        let local = listener.local_addr().map_err(io)?;
        let path = format!("/{}", random_hex(16)?);
        let token = Secret::new(random_hex(32)?);
        let uri = format!("http://{local}{path}");
        let shared = Arc::new(Shared {
            local,
            path,
            token: token.clone(),
            renew,
            report,
            last: Mutex::new(None),
            answering: AtomicUsize::new(0),
        });
        let stop = Arc::new(AtomicBool::new(false));
        let s = stop.clone();
        let thread = std::thread::Builder::new()
            .name("rolehop-credential-server".into())
            .spawn(move || {
                // The owner before a byte is read: another user's connection is closed.
                crate::browser::handoff::accept_own_user(&listener, local, &s, |stream| {
                    spawn_answer(&shared, stream)
                });
            })
            .map_err(io)?;
        Ok(Self {
            uri,
            token,
            local,
            stop,
            thread: Some(thread),
        })
    }

    /// `AWS_CONTAINER_CREDENTIALS_FULL_URI`.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
    pub fn token(&self) -> &Secret {
        &self.token
    }
}

impl Drop for CredentialServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the blocking accept so the thread sees the flag.
        let _ = TcpStream::connect_timeout(&self.local, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn spawn_answer<E: std::fmt::Display + 'static>(shared: &Arc<Shared<E>>, stream: TcpStream) {
    if shared.answering.fetch_add(1, Ordering::SeqCst) >= MAX_ANSWERING {
        shared.answering.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    let me = shared.clone();
    let spawned = std::thread::Builder::new()
        .name("rolehop-credential-answer".into())
        .spawn(move || {
            answer(&me, stream);
            me.answering.fetch_sub(1, Ordering::SeqCst);
        });
    if spawned.is_err() {
        shared.answering.fetch_sub(1, Ordering::SeqCst);
    }
}

fn answer<E: std::fmt::Display>(shared: &Shared<E>, mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let head = crate::browser::handoff::read_head(&mut stream);
    let response = match check(shared, &head) {
        Err(status) => empty(status),
        Ok(()) => match credentials(shared) {
            Answer::Credentials(body) => json("200 OK", &body),
            Answer::Failed(message) => json(
                "500 Internal Server Error",
                &serde_json::json!({"code": "RenewFailed", "message": message}).to_string(),
            ),
        },
    };
    let _ = stream
        .write_all(response.as_bytes())
        .and_then(|()| stream.flush());
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// Whether a request may have the credentials: `Err(status)` says why not.
fn check<E>(shared: &Shared<E>, head: &str) -> Result<(), &'static str> {
    let mut lines = head.split("\r\n");
    let mut request = lines.next().unwrap_or("").split(' ');
    let (method, path) = (request.next().unwrap_or(""), request.next().unwrap_or(""));
    let headers: Vec<(&str, &str)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    };
    if header("host") != Some(shared.local.to_string().as_str()) {
        return Err("421 Misdirected Request");
    }
    if path != shared.path {
        return Err("404 Not Found");
    }
    if method != "GET" {
        return Err("405 Method Not Allowed");
    }
    let given = header("authorization").unwrap_or_default();
    if !crate::base::secret::constant_time_eq(given.as_bytes(), shared.token.expose().as_bytes()) {
        return Err("401 Unauthorized");
    }
    Ok(())
}

/// What the endpoint answers a request it accepted.
enum Answer {
    /// The credentials' JSON.
    Credentials(String),
    /// Why there are none (the flow's message).
    Failed(String),
}

/// The credentials as the container endpoint answers them, or why there are none.
fn credentials<E: std::fmt::Display>(shared: &Shared<E>) -> Answer {
    let fresh = match (shared.renew)() {
        Ok(fresh) => fresh,
        Err(e) => {
            (shared.report)(&e);
            let last = shared.last.lock().ok().and_then(|l| l.clone());
            match last {
                Some(last) if still_valid(&last) => last,
                _ => return Answer::Failed(e.to_string()),
            }
        }
    };
    let body = body(&fresh);
    if let Ok(mut last) = shared.last.lock() {
        *last = Some(fresh);
    }
    Answer::Credentials(body)
}

/// Whether credentials have at least a minute left.
fn still_valid(c: &ChildCredentials) -> bool {
    c.expires_at.is_some_and(|at| at > now_unix() + 60)
}

/// The endpoint's JSON (the field names the SDKs read).
pub fn body(c: &ChildCredentials) -> String {
    let mut json = serde_json::json!({
        "AccessKeyId": c.access_key_id,
        "SecretAccessKey": c.secret_access_key.expose(),
        "Token": c.session_token.expose(),
    });
    if let Some(expiration) = c.expiration() {
        json["Expiration"] = serde_json::Value::String(expiration);
    }
    json.to_string()
}

fn empty(status: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
    )
}

fn json(status: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

#[cfg(test)]
#[path = "server_tests.rs"]
mod tests;
