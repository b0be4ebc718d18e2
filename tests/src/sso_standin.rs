//! The IAM Identity Center stand-in. No emulator of Identity Center exists, so this serves the
//! two APIs Rolehop uses as AWS documents them (restJson1, the AWS SDK's own clients reach it
//! through `AWS_ENDPOINT_URL_SSO_OIDC` and `AWS_ENDPOINT_URL_SSO`):
//!
//! - OIDC (<https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/>):
//!   `POST /client/register`, `POST /device_authorization`, `POST /token` for the
//!   `authorization_code` (PKCE, S256 checked against the verifier), device code and
//!   `refresh_token` grants, with AWS's errors (`authorization_pending`, `invalid_grant`, …);
//!   `GET /authorize` is the portal's consent page, with an "Allow access" link that redirects
//!   to the client's loopback with `code` and `state` (a browser under test clicks it) and a
//!   "Deny" link that redirects with `error=access_denied`;
//!   `GET /device?user_code=…` is the device confirmation page.
//!   As strict as AWS: `/authorize` takes only a `redirect_uri` the client registered (a
//!   loopback one with any port, RFC 8252 §7.3); codes are single-use and expire after
//!   [`SsoRecords::code_lifetime`] seconds; device codes expire (`expired_token`) and polling
//!   faster than the interval is answered `slow_down` (the interval then grows by 5 s, RFC 8628
//!   §3.5); access tokens stop working when they expire.
//! - Portal (<https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/>):
//!   `GET /federation/credentials` (GetRoleCredentials), `GET /assignment/accounts`
//!   (ListAccounts), `GET /assignment/roles` (ListAccountRoles), paged, the access token in
//!   `x-amz-sso_bearer_token`.
//!
//! Role credentials are real: minted by AssumeRole through the recording STS proxy in front of
//! moto, into `AWSReservedSSO_<permission set>_…` in the account, so everything after them
//! (chaining, console federation through the federation stand-in, credential_process) is the
//! same path as for access-key identities.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// The key the stand-in signs its STS calls with (known to the STS proxy; never a real one).
const STANDIN_KEY: (&str, &str) = ("AKIASSOSTANDIN000000", "sso-standin-secret-not-a-real-key");

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::http::{agent, form, header, serve, tiny_header};

/// An account the person is assigned to, with its permission sets.
#[derive(Debug, Clone)]
pub struct Assignment {
    pub account: String,
    pub name: String,
    pub roles: Vec<String>,
}

#[derive(Debug, Clone)]
struct Client {
    secret: String,
    pkce: bool,
    redirect_uris: Vec<String>,
}

/// A device authorization: its client, user code, whether it was confirmed, when it ends, the
/// interval the client must keep between polls and when it last polled.
#[derive(Debug, Clone)]
struct Device {
    client: String,
    user_code: String,
    approved: bool,
    expires_at: i64,
    interval_ms: u128,
    last_poll: Option<std::time::Instant>,
}

/// Whether `asked` is a redirect URI the client registered: the same scheme, host and path;
/// for a loopback host any port (RFC 8252 §7.3, as AWS's OIDC service allows).
fn registered(asked: &str, registered: &[String]) -> bool {
    let Ok(asked) = url::Url::parse(asked) else {
        return false;
    };
    registered.iter().any(|r| {
        let Ok(r) = url::Url::parse(r) else {
            return false;
        };
        let loopback = matches!(
            r.host_str(),
            Some("127.0.0.1") | Some("[::1]") | Some("localhost")
        );
        r.scheme() == asked.scheme()
            && r.host_str() == asked.host_str()
            && r.path() == asked.path()
            && (loopback || r.port_or_known_default() == asked.port_or_known_default())
            && asked.query().is_none()
    })
}

#[derive(Debug, Clone)]
struct Pending {
    client_id: String,
    redirect_uri: String,
    state: String,
    challenge: String,
}

#[derive(Debug, Default)]
struct State {
    next: u64,
    clients: HashMap<String, Client>,
    /// Authorize requests waiting for "Allow" (by request id).
    authorize: HashMap<String, Pending>,
    /// Codes handed to the loopback: (client, challenge, redirect, issued at).
    codes: HashMap<String, (String, String, String, i64)>,
    devices: HashMap<String, Device>,
    /// Access tokens and when each ends.
    access: HashMap<String, i64>,
    refresh: HashSet<String>,
    /// Every token and client secret ever issued (the leak scans look for all of them).
    issued: Vec<String>,
}

/// What the stand-in saw and what tests may change.
#[derive(Debug, Default)]
pub struct SsoRecords {
    state: Mutex<State>,
    pub assignments: Mutex<Vec<Assignment>>,
    /// Calls by operation name (`RegisterClient`, `CreateToken:refresh_token`, …).
    pub calls: Mutex<Vec<String>>,
    /// Seconds an access token lasts (AWS: about 8 h).
    pub access_lifetime: Mutex<i64>,
    /// Every request that was refused, with the reason (diagnostics).
    pub refusals: Mutex<Vec<String>>,
    /// The consent page clicks "Allow access" by itself (a script), as the person would: for
    /// a real browser under test, which then follows the redirect to Rolehop's loopback.
    pub auto_approve: std::sync::atomic::AtomicBool,
    /// Seconds an authorization code may wait to be exchanged (AWS does not say; OAuth's
    /// advice is at most 10 minutes).
    pub code_lifetime: Mutex<i64>,
    /// Seconds a device code lasts (`expiresIn`; AWS: 600).
    pub device_lifetime: Mutex<i64>,
    /// The next this many device-code polls are answered `slow_down`, however slow they are.
    pub slow_downs: std::sync::atomic::AtomicUsize,
}

/// Whether an access token is one the stand-in issued and still honours.
fn honoured(state: &State, token: &str) -> bool {
    state.access.get(token).is_some_and(|ends| *ends > now())
}

pub struct SsoStandin {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    pub port: u16,
    pub records: Arc<SsoRecords>,
}

impl SsoStandin {
    /// Serves Identity Center for `assignments`, minting role credentials through `sts` (the
    /// STS proxy's endpoint).
    pub fn start(sts: String, assignments: Vec<Assignment>) -> Self {
        let (server, port) = serve();
        let records = Arc::new(SsoRecords::default());
        *records.assignments.lock().unwrap() = assignments;
        *records.access_lifetime.lock().unwrap() = 8 * 3600;
        *records.code_lifetime.lock().unwrap() = 300;
        *records.device_lifetime.lock().unwrap() = 600;
        let s = server.clone();
        let r = records.clone();
        let thread = std::thread::spawn(move || {
            for request in s.incoming_requests() {
                handle(request, &r, &sts, port);
            }
        });
        Self {
            server,
            thread: Some(thread),
            port,
            records,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// How many calls of `operation` it answered.
    pub fn count(&self, operation: &str) -> usize {
        self.records
            .calls
            .lock()
            .unwrap()
            .iter()
            .filter(|c| *c == operation)
            .count()
    }

    /// Access tokens from now on last `secs` seconds.
    pub fn access_tokens_last(&self, secs: i64) {
        *self.records.access_lifetime.lock().unwrap() = secs;
    }

    /// Ends every sign-in: access and refresh tokens are no longer honoured (as when the
    /// Identity Center session ends or an administrator revokes it).
    pub fn end_sessions(&self) {
        let mut state = self.records.state.lock().unwrap();
        state.access.clear();
        state.refresh.clear();
    }

    /// Every access and refresh token and client secret it ever issued (for the leak scans).
    pub fn secrets(&self) -> Vec<String> {
        self.records.state.lock().unwrap().issued.clone()
    }

    /// The next `n` device-code polls are answered `slow_down`.
    pub fn slow_down(&self, n: usize) {
        self.records
            .slow_downs
            .store(n, std::sync::atomic::Ordering::SeqCst);
    }

    /// The consent page approves itself in a real browser (see [`SsoRecords::auto_approve`]).
    pub fn approve_in_browser(&self) {
        self.records
            .auto_approve
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn refusals(&self) -> Vec<String> {
        self.records.refusals.lock().unwrap().clone()
    }
}

impl Drop for SsoStandin {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn json(status: u16, value: serde_json::Value) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string(value.to_string())
        .with_status_code(status)
        .with_header(tiny_header("Content-Type", "application/json"))
}

/// An AWS error as restJson1 carries it: the type in `x-amzn-ErrorType`, OAuth's `error` and
/// `error_description` (OIDC) or `message` (portal) in the body.
fn aws_error(
    status: u16,
    kind: &str,
    oauth: &str,
    message: &str,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string(
        serde_json::json!({"error": oauth, "error_description": message, "message": message})
            .to_string(),
    )
    .with_status_code(status)
    .with_header(tiny_header("Content-Type", "application/json"))
    .with_header(tiny_header("x-amzn-ErrorType", &format!("{kind}:")))
}

fn html(body: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string(format!(
        "<!doctype html><meta charset=\"utf-8\"><title>AWS access portal</title><body>{body}</body>"
    ))
    .with_header(tiny_header("Content-Type", "text/html; charset=utf-8"))
}

fn redirect(location: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    tiny_http::Response::from_string("")
        .with_status_code(302)
        .with_header(tiny_header("Location", location))
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn handle(mut request: tiny_http::Request, records: &SsoRecords, sts: &str, port: u16) {
    let mut body = String::new();
    let _ = request.as_reader().read_to_string(&mut body);
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let query = form(query);
    let input: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    let text = |k: &str| input[k].as_str().unwrap_or_default().to_string();
    let log = |op: &str| records.calls.lock().unwrap().push(op.to_string());
    let refuse = |why: String| records.refusals.lock().unwrap().push(why);
    let bearer = header(&request, "x-amz-sso_bearer_token").unwrap_or_default();
    let response = match (request.method().as_str(), path) {
        ("POST", "/client/register") => {
            log("RegisterClient");
            let mut state = records.state.lock().unwrap();
            state.next += 1;
            let id = format!("client-{}", state.next);
            let secret = format!("client-secret-{}-{}", state.next, now());
            let grants: Vec<String> = input["grantTypes"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let pkce = grants.iter().any(|g| g == "authorization_code");
            let redirect_uris: Vec<String> = input["redirectUris"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            if pkce
                && input["redirectUris"]
                    .as_array()
                    .is_none_or(|a| a.is_empty())
            {
                refuse("RegisterClient: authorization_code without redirectUris".into());
                aws_error(
                    400,
                    "InvalidRequestException",
                    "invalid_request",
                    "redirectUris are required for authorization_code",
                )
            } else {
                state.issued.push(secret.clone());
                state.clients.insert(
                    id.clone(),
                    Client {
                        secret: secret.clone(),
                        pkce,
                        redirect_uris,
                    },
                );
                json(
                    200,
                    serde_json::json!({"clientId": id, "clientSecret": secret,
                        "clientIdIssuedAt": now(), "clientSecretExpiresAt": now() + 90 * 86_400}),
                )
            }
        }
        ("POST", "/device_authorization") => {
            log("StartDeviceAuthorization");
            let mut state = records.state.lock().unwrap();
            match state.clients.get(&text("clientId")) {
                Some(c) if c.secret == text("clientSecret") => {
                    state.next += 1;
                    let device = format!("device-{}-{}", state.next, now());
                    let user = format!("ABCD-{:04}", state.next);
                    let lifetime = *records.device_lifetime.lock().unwrap();
                    state.devices.insert(
                        device.clone(),
                        Device {
                            client: text("clientId"),
                            user_code: user.clone(),
                            approved: false,
                            expires_at: now() + lifetime,
                            interval_ms: 1000,
                            last_poll: None,
                        },
                    );
                    json(
                        200,
                        serde_json::json!({"deviceCode": device, "userCode": user,
                            "verificationUri": format!("http://127.0.0.1:{port}/device"),
                            "verificationUriComplete": format!("http://127.0.0.1:{port}/device?user_code={user}"),
                            "expiresIn": lifetime, "interval": 1}),
                    )
                }
                _ => aws_error(
                    401,
                    "InvalidClientException",
                    "invalid_client",
                    "Invalid client",
                ),
            }
        }
        ("POST", "/token") => token(records, &input, &refuse, &log),
        ("GET", "/authorize") => {
            log("Authorize");
            let mut state = records.state.lock().unwrap();
            let client = query.get("client_id").cloned().unwrap_or_default();
            // Only a redirect the client registered: a code is never sent anywhere else.
            let ok = state.clients.get(&client).is_some_and(|c| {
                c.pkce
                    && query
                        .get("redirect_uri")
                        .is_some_and(|r| registered(r, &c.redirect_uris))
            }) && query.get("response_type").map(String::as_str) == Some("code")
                && query.get("code_challenge_method").map(String::as_str) == Some("S256")
                && query.get("code_challenge").is_some_and(|c| c.len() == 43)
                && query.get("state").is_some_and(|s| !s.is_empty());
            if ok {
                state.next += 1;
                let id = format!("req-{}", state.next);
                state.authorize.insert(
                    id.clone(),
                    Pending {
                        client_id: client,
                        redirect_uri: query["redirect_uri"].clone(),
                        state: query.get("state").cloned().unwrap_or_default(),
                        challenge: query.get("code_challenge").cloned().unwrap_or_default(),
                    },
                );
                let click = if records
                    .auto_approve
                    .load(std::sync::atomic::Ordering::SeqCst)
                {
                    "<script>document.getElementById('allow').click()</script>"
                } else {
                    ""
                };
                html(&format!(
                    "<h1>Allow Rolehop to access your data?</h1><p>Signed in to the AWS access portal.</p><p><a id=\"allow\" href=\"http://127.0.0.1:{port}/authorize/allow?req={id}\">Allow access</a> <a id=\"deny\" href=\"http://127.0.0.1:{port}/authorize/deny?req={id}\">Deny</a></p>{click}"
                ))
            } else {
                refuse(format!("Authorize: bad request {url}"));
                html("<h1>Invalid request</h1>").with_status_code(400)
            }
        }
        ("GET", "/authorize/allow") | ("GET", "/authorize/deny") => {
            let mut state = records.state.lock().unwrap();
            match state
                .authorize
                .remove(query.get("req").map(String::as_str).unwrap_or_default())
            {
                Some(p) if path.ends_with("allow") => {
                    state.next += 1;
                    let code = format!("code-{}-{}", state.next, now());
                    state.codes.insert(
                        code.clone(),
                        (p.client_id, p.challenge, p.redirect_uri.clone(), now()),
                    );
                    redirect(&format!("{}?code={code}&state={}", p.redirect_uri, p.state))
                }
                Some(p) => redirect(&format!(
                    "{}?error=access_denied&error_description=The+user+denied+access&state={}",
                    p.redirect_uri, p.state
                )),
                None => html("<h1>This request was already answered</h1>").with_status_code(410),
            }
        }
        ("GET", "/device") => {
            let user = query.get("user_code").cloned().unwrap_or_default();
            html(&format!(
                "<h1>Authorize request</h1><p>Code {user}</p><a id=\"allow\" href=\"http://127.0.0.1:{port}/device/allow?user_code={user}\">Confirm and continue</a>"
            ))
        }
        ("GET", "/device/allow") => {
            let user = query.get("user_code").cloned().unwrap_or_default();
            let mut state = records.state.lock().unwrap();
            let mut found = false;
            for device in state.devices.values_mut() {
                if device.user_code == user && device.expires_at > now() {
                    device.approved = true;
                    found = true;
                }
            }
            if found {
                html("<h1>Request approved</h1><p>You can close this window.</p>")
            } else {
                html("<h1>Unknown code</h1>").with_status_code(404)
            }
        }
        ("GET", "/federation/credentials") => {
            log("GetRoleCredentials");
            role_credentials(records, &bearer, &query, sts, &refuse)
        }
        ("GET", "/assignment/accounts") => {
            log("ListAccounts");
            if !honoured(&records.state.lock().unwrap(), &bearer) {
                aws_error(
                    401,
                    "UnauthorizedException",
                    "unauthorized",
                    "Session token not found or invalid",
                )
            } else {
                let all = records.assignments.lock().unwrap().clone();
                let list: Vec<serde_json::Value> = all
                    .iter()
                    .map(|a| {
                        serde_json::json!({"accountId": a.account, "accountName": a.name,
                        "emailAddress": format!("{}@example.com", a.account)})
                    })
                    .collect();
                page(&query, "accountList", list)
            }
        }
        ("GET", "/assignment/roles") => {
            log("ListAccountRoles");
            if !honoured(&records.state.lock().unwrap(), &bearer) {
                aws_error(
                    401,
                    "UnauthorizedException",
                    "unauthorized",
                    "Session token not found or invalid",
                )
            } else {
                let account = query.get("account_id").cloned().unwrap_or_default();
                let roles: Vec<serde_json::Value> = records
                    .assignments
                    .lock()
                    .unwrap()
                    .iter()
                    .filter(|a| a.account == account)
                    .flat_map(|a| {
                        a.roles
                            .iter()
                            .map(|r| serde_json::json!({"roleName": r, "accountId": a.account}))
                            .collect::<Vec<_>>()
                    })
                    .collect();
                page(&query, "roleList", roles)
            }
        }
        _ => {
            refuse(format!("unknown request {} {url}", request.method()));
            aws_error(
                404,
                "ResourceNotFoundException",
                "not_found",
                "Unknown operation",
            )
        }
    };
    let _ = request.respond(response);
}

/// One page of a list: `max_result` items from `next_token` (an index).
fn page(
    query: &HashMap<String, String>,
    key: &str,
    items: Vec<serde_json::Value>,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let start: usize = query
        .get("next_token")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let size: usize = query
        .get("max_result")
        .and_then(|t| t.parse().ok())
        .unwrap_or(20)
        .clamp(1, 20); // Identity Center pages are small: the paging is exercised.
    let end = (start + size).min(items.len());
    let mut out = serde_json::json!({ key: items[start.min(end)..end].to_vec() });
    if end < items.len() {
        out["nextToken"] = serde_json::json!(end.to_string());
    }
    json(200, out)
}

fn token(
    records: &SsoRecords,
    input: &serde_json::Value,
    refuse: &dyn Fn(String),
    log: &dyn Fn(&str),
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let text = |k: &str| input[k].as_str().unwrap_or_default().to_string();
    let grant = text("grantType");
    let kind = match grant.as_str() {
        "urn:ietf:params:oauth:grant-type:device_code" => "device_code",
        other => other,
    };
    log(&format!("CreateToken:{kind}"));
    let mut state = records.state.lock().unwrap();
    let client_id = text("clientId");
    if state
        .clients
        .get(&client_id)
        .is_none_or(|c| c.secret != text("clientSecret"))
    {
        refuse("CreateToken: unknown client or wrong secret".into());
        return aws_error(
            401,
            "InvalidClientException",
            "invalid_client",
            "Invalid client",
        );
    }
    let ok = match kind {
        "authorization_code" => match state.codes.remove(&text("code")) {
            Some((client, challenge, redirect, issued)) => {
                let verifier = text("codeVerifier");
                let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
                let lifetime = *records.code_lifetime.lock().unwrap();
                if now() - issued > lifetime {
                    refuse("CreateToken: the authorization code expired".into());
                    false
                } else if client != client_id
                    || computed != challenge
                    || redirect != text("redirectUri")
                {
                    refuse("CreateToken: PKCE verifier, client or redirect does not match".into());
                    false
                } else {
                    true
                }
            }
            None => false,
        },
        "device_code" => {
            let code = text("deviceCode");
            let forced = records
                .slow_downs
                .fetch_update(
                    std::sync::atomic::Ordering::SeqCst,
                    std::sync::atomic::Ordering::SeqCst,
                    |n| n.checked_sub(1),
                )
                .is_ok();
            let Some(device) = state
                .devices
                .get_mut(&code)
                .filter(|d| d.client == client_id)
            else {
                return aws_error(
                    400,
                    "InvalidGrantException",
                    "invalid_grant",
                    "Invalid grant provided",
                );
            };
            if device.expires_at <= now() {
                state.devices.remove(&code);
                return aws_error(
                    400,
                    "ExpiredTokenException",
                    "expired_token",
                    "Device code has expired",
                );
            }
            // Polling faster than the interval (less 200 ms of jitter) is answered `slow_down`,
            // and the interval grows by 5 s for this code (RFC 8628 §3.5).
            let too_soon = device
                .last_poll
                .is_some_and(|at| at.elapsed().as_millis() + 200 < device.interval_ms);
            device.last_poll = Some(std::time::Instant::now());
            if forced || too_soon {
                device.interval_ms += 5000;
                if too_soon {
                    refuse("CreateToken: polled faster than the interval".into());
                }
                return aws_error(
                    400,
                    "SlowDownException",
                    "slow_down",
                    "Client is polling too quickly",
                );
            }
            if !device.approved {
                return aws_error(
                    400,
                    "AuthorizationPendingException",
                    "authorization_pending",
                    "Authorization is still pending",
                );
            }
            state.devices.remove(&code);
            true
        }
        "refresh_token" => state.refresh.remove(&text("refreshToken")),
        _ => {
            return aws_error(
                400,
                "UnsupportedGrantTypeException",
                "unsupported_grant_type",
                "Unsupported grant type",
            );
        }
    };
    if !ok {
        return aws_error(
            400,
            "InvalidGrantException",
            "invalid_grant",
            "Invalid grant provided",
        );
    }
    state.next += 1;
    let access = format!("aoa-{}-{}-access", state.next, now());
    let refresh = format!("aor-{}-{}-refresh", state.next, now());
    let lifetime = *records.access_lifetime.lock().unwrap();
    state.access.insert(access.clone(), now() + lifetime);
    state.refresh.insert(refresh.clone());
    state.issued.push(access.clone());
    state.issued.push(refresh.clone());
    json(
        200,
        serde_json::json!({"accessToken": access, "tokenType": "Bearer", "expiresIn": lifetime,
            "refreshToken": refresh}),
    )
}

fn role_credentials(
    records: &SsoRecords,
    bearer: &str,
    query: &HashMap<String, String>,
    sts: &str,
    refuse: &dyn Fn(String),
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    if !honoured(&records.state.lock().unwrap(), bearer) {
        refuse("GetRoleCredentials: unknown access token".into());
        return aws_error(
            401,
            "UnauthorizedException",
            "unauthorized",
            "Session token not found or invalid",
        );
    }
    let account = query.get("account_id").cloned().unwrap_or_default();
    let role = query.get("role_name").cloned().unwrap_or_default();
    let assigned = records
        .assignments
        .lock()
        .unwrap()
        .iter()
        .any(|a| a.account == account && a.roles.contains(&role));
    if !assigned {
        refuse(format!(
            "GetRoleCredentials: {role} in {account} is not assigned"
        ));
        return aws_error(403, "ForbiddenException", "forbidden", "No access");
    }
    // Real credentials: AssumeRole through the recording STS proxy, into the role Identity
    // Center provisions for the permission set.
    let arn = format!(
        "arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_{role}_0123456789abcdef"
    );
    let body = format!(
        "Action=AssumeRole&Version=2011-06-15&RoleArn={}&RoleSessionName=person%40example.com&DurationSeconds=3600",
        url::form_urlencoded::byte_serialize(arn.as_bytes()).collect::<String>()
    );
    // Signed with the stand-in's own key, which the STS proxy knows (it refuses unknown keys
    // and wrong signatures, as AWS does).
    crate::sigv4::remember_key(STANDIN_KEY.0, STANDIN_KEY.1);
    let host = sts
        .trim_start_matches("http://")
        .trim_start_matches("https://")
        .trim_end_matches('/');
    let mut post = agent().post(&format!("{sts}/"));
    for (name, value) in crate::sigv4::sign(
        "POST",
        host,
        "/",
        body.as_bytes(),
        STANDIN_KEY,
        ("us-east-1", "sts"),
    ) {
        if !name.eq_ignore_ascii_case("host") {
            post = post.header(name.as_str(), value.as_str());
        }
    }
    let answer = post.send(body.as_str());
    let text = match answer {
        Ok(mut r) if r.status().is_success() => r.body_mut().read_to_string().unwrap_or_default(),
        Ok(mut r) => {
            let t = r.body_mut().read_to_string().unwrap_or_default();
            refuse(format!("minting through STS failed: {t}"));
            return aws_error(
                500,
                "InternalServerException",
                "server_error",
                "cannot mint",
            );
        }
        Err(e) => {
            refuse(format!("minting through STS failed: {e}"));
            return aws_error(
                500,
                "InternalServerException",
                "server_error",
                "cannot mint",
            );
        }
    };
    let get = |tag: &str| crate::xml::text(&text, tag).unwrap_or_default();
    json(
        200,
        serde_json::json!({"roleCredentials": {
            "accessKeyId": get("AccessKeyId"),
            "secretAccessKey": get("SecretAccessKey"),
            "sessionToken": get("SessionToken"),
            "expiration": (now() + 3600) * 1000,
        }}),
    )
}
