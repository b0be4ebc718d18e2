//! The console federation stand-in. No emulator of `signin.aws.amazon.com/federation` exists,
//! so this implements its two actions as AWS documents them
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html>)
//! and rejects what AWS rejects:
//!
//! - `GET /federation?Action=getSigninToken&Session=<JSON>[&SessionDuration=N]`: the session
//!   must be role credentials STS really issued (checked against the STS proxy's records and
//!   with GetCallerIdentity against moto, which must name an assumed role); GetSessionToken and
//!   long-term credentials are refused; `SessionDuration` must be 900..43200 and is refused
//!   (HTTP 400) unless the role was assumed directly with long-term (AKIA…) keys.
//!   Answers `{"SigninToken": "…"}`.
//! - `GET /federation?Action=login&Issuer=…&Destination=…&SigninToken=…`: the token must be
//!   one it issued, less than 15 minutes old; the destination an https URL on the console host
//!   of the partition the role session is in (`console.aws.amazon.com`,
//!   `console.amazonaws-us-gov.com`, `console.amazonaws.cn`, `console.amazonaws-eusc.eu`, or a
//!   subdomain of it): a GovCloud session never lands on the commercial console.
//!   Answers 302 to `/console` with cookies naming the account and role.
//! - `GET /console`: a page naming the signed-in account (from the cookie), for browser tests.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::http::{form, header, serve, tiny_header};
use crate::moto::Moto;
use crate::sts_proxy::Registry;

#[derive(Debug, Clone)]
pub struct Login {
    pub account: String,
    pub arn: String,
    pub destination: String,
    pub session_duration: Option<u32>,
}

#[derive(Debug, Clone)]
struct Token {
    account: String,
    arn: String,
    session_duration: Option<u32>,
    issued: Instant,
}

#[derive(Debug, Default)]
pub struct Records {
    tokens: Mutex<HashMap<String, Token>>,
    pub logins: Mutex<Vec<Login>>,
    /// Every request that was refused, with the reason (for test diagnostics).
    pub refusals: Mutex<Vec<String>>,
    /// Every `/console` request: (login number it followed, Cookie header).
    pub console_visits: Mutex<Vec<(String, String)>>,
    pub logouts: Mutex<usize>,
    /// How long the stand-in spent on each request (benchmarks subtract it as network time).
    pub served: Mutex<Vec<Duration>>,
    /// Answer the login request with a plain 302, without AWS's `Cache-Control: no-store`, as
    /// an endpoint Rolehop must not rely on would.
    pub no_cache_headers: std::sync::atomic::AtomicBool,
    /// What each console page's probe found when it tried to call the app that shows it
    /// (`no ipc`, `refused: …` or `allowed`): a console page must reach no command.
    pub ipc_probes: Mutex<Vec<String>>,
    /// What each console page's probe found when it tried to reach Rolehop's extension or
    /// its native channel (`no runtime`, or what it could do): a page must reach neither.
    pub channel_probes: Mutex<Vec<String>>,
}

pub struct Standin {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    pub port: u16,
    pub records: Arc<Records>,
}

struct Ctx {
    moto_endpoint: String,
    registry: Arc<Registry>,
    records: Arc<Records>,
}

impl Standin {
    pub fn start(moto: &Moto, registry: Arc<Registry>) -> Self {
        let (server, port) = serve();
        let records = Arc::new(Records::default());
        let ctx = Ctx {
            moto_endpoint: moto.endpoint(),
            registry,
            records: records.clone(),
        };
        let s = server.clone();
        let thread = std::thread::spawn(move || {
            // A checker for GetCallerIdentity against the same moto.
            let checker = Checker(ctx.moto_endpoint.clone());
            for request in s.incoming_requests() {
                handle(request, &ctx, &checker);
            }
        });
        Self {
            server,
            thread: Some(thread),
            port,
            records,
        }
    }

    /// From now on, the login redirect carries no cache headers.
    pub fn without_cache_headers(&self) {
        self.records
            .no_cache_headers
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// The value for `ROLEHOP_FEDERATION_URL`.
    pub fn federation_url(&self) -> String {
        format!("http://127.0.0.1:{}/federation", self.port)
    }

    pub fn logins(&self) -> Vec<Login> {
        self.records
            .logins
            .lock()
            .map(|l| l.clone())
            .unwrap_or_default()
    }

    /// Time spent serving, summed over all requests so far.
    pub fn served_total(&self) -> Duration {
        self.records
            .served
            .lock()
            .map(|s| s.iter().sum())
            .unwrap_or_default()
    }

    /// Every sign-in token issued so far.
    pub fn signin_tokens(&self) -> Vec<String> {
        self.records
            .tokens
            .lock()
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default()
    }

    pub fn console_visits(&self) -> Vec<(String, String)> {
        self.records
            .console_visits
            .lock()
            .map(|v| v.clone())
            .unwrap_or_default()
    }

    pub fn channel_probes(&self) -> Vec<String> {
        self.records
            .channel_probes
            .lock()
            .map(|l| l.clone())
            .unwrap_or_default()
    }

    pub fn ipc_probes(&self) -> Vec<String> {
        self.records
            .ipc_probes
            .lock()
            .map(|p| p.clone())
            .unwrap_or_default()
    }

    pub fn logouts(&self) -> usize {
        self.records.logouts.lock().map(|n| *n).unwrap_or(0)
    }

    pub fn refusals(&self) -> Vec<String> {
        self.records
            .refusals
            .lock()
            .map(|l| l.clone())
            .unwrap_or_default()
    }
}

impl Drop for Standin {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Checker(String);

impl Checker {
    fn caller(&self, key: &str, token: &str, region: &str) -> Option<(String, String)> {
        let agent = crate::http::agent();
        let mut response = agent
            .post(&format!("{}/", self.0))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(
                "Authorization",
                &format!("AWS4-HMAC-SHA256 Credential={key}/20260101/{region}/sts/aws4_request, SignedHeaders=host, Signature=0"),
            )
            .header("X-Amz-Security-Token", token)
            .send("Action=GetCallerIdentity&Version=2011-06-15")
            .ok()?;
        let text = response.body_mut().read_to_string().ok()?;
        Some((
            crate::xml::text(&text, "Account")?,
            crate::xml::text(&text, "Arn")?,
        ))
    }
}

type Reply = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn text(status: u16, body: &str) -> Reply {
    tiny_http::Response::from_string(body)
        .with_status_code(status)
        .with_header(tiny_header("Content-Type", "text/plain; charset=utf-8"))
}

fn refuse(ctx: &Ctx, status: u16, reason: String) -> Reply {
    if let Ok(mut r) = ctx.records.refusals.lock() {
        r.push(reason.clone());
    }
    text(status, &reason)
}

fn handle(request: tiny_http::Request, ctx: &Ctx, checker: &Checker) {
    let started = Instant::now();
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let params = form(query);
    let reply = match (request.method(), path) {
        (tiny_http::Method::Get, "/federation") => match params.get("Action").map(String::as_str) {
            Some("getSigninToken") => get_signin_token(&params, ctx, checker),
            Some("login") => login(&params, ctx),
            other => refuse(ctx, 400, format!("unknown Action {other:?}")),
        },
        (tiny_http::Method::Get, "/console") => {
            let cookies = header(&request, "Cookie").unwrap_or_default();
            if let Ok(mut v) = ctx.records.console_visits.lock() {
                v.push((
                    params.get("login").cloned().unwrap_or_default(),
                    cookies.clone(),
                ));
            }
            console(cookies)
        }
        (tiny_http::Method::Get, "/ipc-probe") => {
            if let Ok(mut p) = ctx.records.ipc_probes.lock() {
                p.push(params.get("result").cloned().unwrap_or_default());
            }
            text(204, "")
        }
        (tiny_http::Method::Get, "/channel-probe") => {
            if let Ok(mut p) = ctx.records.channel_probes.lock() {
                p.push(params.get("result").cloned().unwrap_or_default());
            }
            text(204, "")
        }
        (tiny_http::Method::Get, "/oauth")
            if params.get("Action").map(String::as_str) == Some("logout") =>
        {
            if let Ok(mut n) = ctx.records.logouts.lock() {
                *n += 1;
            }
            logout(header(&request, "Cookie").unwrap_or_default())
        }
        _ => text(404, "not found"),
    };
    let _ = request.respond(reply);
    if let Ok(mut served) = ctx.records.served.lock() {
        served.push(started.elapsed());
    }
}

fn get_signin_token(params: &HashMap<String, String>, ctx: &Ctx, checker: &Checker) -> Reply {
    let Some(session) = params.get("Session") else {
        return refuse(ctx, 400, "getSigninToken without Session".into());
    };
    let Ok(session) = serde_json::from_str::<serde_json::Value>(session) else {
        return refuse(ctx, 400, "Session is not JSON".into());
    };
    let field = |k: &str| session[k].as_str().unwrap_or_default().to_string();
    let (id, key, token) = (
        field("sessionId"),
        field("sessionKey"),
        field("sessionToken"),
    );
    if id.is_empty() || key.is_empty() || token.is_empty() {
        return refuse(
            ctx,
            400,
            "Session needs sessionId, sessionKey and sessionToken".into(),
        );
    }
    let duration = match params.get("SessionDuration") {
        None => None,
        Some(d) => match d.parse::<u32>() {
            Ok(n) if (900..=43_200).contains(&n) => Some(n),
            _ => return refuse(ctx, 400, format!("SessionDuration {d} outside 900..43200")),
        },
    };
    let Some(issued) = ctx.registry.issued(&id) else {
        return refuse(ctx, 403, format!("credentials {id} were not issued by STS"));
    };
    if issued.secret_access_key != key || issued.session_token != token {
        return refuse(
            ctx,
            403,
            format!("credentials {id} do not match what STS issued"),
        );
    }
    if issued.action != "AssumeRole" {
        return refuse(
            ctx,
            400,
            format!(
                "{} credentials cannot sign in to the console",
                issued.action
            ),
        );
    }
    if duration.is_some() && !issued.signer.starts_with("AKIA") {
        return refuse(
            ctx,
            400,
            "SessionDuration is not allowed for roles assumed with temporary credentials".into(),
        );
    }
    // Asked in the region the credentials were issued in (their partition's).
    let region = if issued.region.is_empty() {
        "us-east-1".to_string()
    } else {
        issued.region.clone()
    };
    let Some((account, arn)) = checker.caller(&id, &token, &region) else {
        return refuse(ctx, 403, "GetCallerIdentity failed".into());
    };
    if !arn.contains(":assumed-role/") {
        return refuse(ctx, 400, format!("{arn} is not a role session"));
    }
    let signin_token = crate::random_hex(32);
    if let Ok(mut tokens) = ctx.records.tokens.lock() {
        tokens.insert(
            signin_token.clone(),
            Token {
                account,
                arn,
                session_duration: duration,
                issued: Instant::now(),
            },
        );
    }
    tiny_http::Response::from_string(serde_json::json!({ "SigninToken": signin_token }).to_string())
        .with_status_code(200)
        .with_header(tiny_header("Content-Type", "application/json"))
}

/// The console host of each partition, by the partition name in an ARN.
const CONSOLE_HOSTS: [(&str, &str); 4] = [
    ("aws", "console.aws.amazon.com"),
    ("aws-us-gov", "console.amazonaws-us-gov.com"),
    ("aws-cn", "console.amazonaws.cn"),
    ("aws-eusc", "console.amazonaws-eusc.eu"),
];

/// Whether `destination` is an https URL on the console of the partition `arn` is in.
fn console_host_ok(destination: &str, arn: &str) -> bool {
    let partition = arn.split(':').nth(1).unwrap_or_default();
    let Some((_, console)) = CONSOLE_HOSTS.iter().find(|(p, _)| *p == partition) else {
        return false;
    };
    url::Url::parse(destination).is_ok_and(|u| {
        u.scheme() == "https"
            && u.host_str()
                .is_some_and(|h| h == *console || h.ends_with(&format!(".{console}")))
    })
}

fn login(params: &HashMap<String, String>, ctx: &Ctx) -> Reply {
    let Some(token) = params.get("SigninToken") else {
        return refuse(ctx, 400, "login without SigninToken".into());
    };
    let Some(destination) = params.get("Destination") else {
        return refuse(ctx, 400, "login without Destination".into());
    };
    let found = ctx
        .records
        .tokens
        .lock()
        .ok()
        .and_then(|t| t.get(token).cloned());
    let Some(found) = found else {
        return refuse(ctx, 403, "unknown SigninToken".into());
    };
    if !console_host_ok(destination, &found.arn) {
        return refuse(
            ctx,
            400,
            format!(
                "Destination {destination} is not on the console of the session's partition ({})",
                found.arn
            ),
        );
    }
    if found.issued.elapsed() > Duration::from_secs(15 * 60) {
        return refuse(ctx, 403, "SigninToken expired".into());
    }
    let number = ctx.records.logins.lock().map(|l| l.len() + 1).unwrap_or(0);
    if let Ok(mut logins) = ctx.records.logins.lock() {
        logins.push(Login {
            account: found.account.clone(),
            arn: found.arn.clone(),
            destination: destination.clone(),
            session_duration: found.session_duration,
        });
    }
    let mut reply = tiny_http::Response::from_string(String::new())
        .with_status_code(302)
        .with_header(tiny_header("Location", &format!("/console?login={number}")));
    if !ctx
        .records
        .no_cache_headers
        .load(std::sync::atomic::Ordering::SeqCst)
    {
        // As AWS's sign-in answers: never cached.
        reply = reply.with_header(tiny_header("Cache-Control", "private, no-cache, no-store"));
    }
    reply
        .with_header(tiny_header(
            "Set-Cookie",
            &format!("standin_acct_{}=1; Path=/; HttpOnly", found.account),
        ))
        .with_header(tiny_header(
            "Set-Cookie",
            &format!("standin_account={}; Path=/; HttpOnly", found.account),
        ))
        .with_header(tiny_header(
            "Set-Cookie",
            &format!(
                "standin_arn={}; Path=/; HttpOnly",
                found.arn.replace([';', ' '], "")
            ),
        ))
}

fn logout(cookies: String) -> Reply {
    let mut reply = tiny_http::Response::from_string(
        "<!doctype html><title>Signed out</title><h1 id=\"account\">Signed out</h1>".to_string(),
    )
    .with_status_code(200)
    .with_header(tiny_header("Content-Type", "text/html; charset=utf-8"));
    for name in cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .map(|(k, _)| k.to_string())
    {
        reply = reply.with_header(tiny_header(
            "Set-Cookie",
            &format!("{name}=; Path=/; Max-Age=0"),
        ));
    }
    reply
}

fn console(cookies: String) -> Reply {
    let cookie = |name: &str| {
        cookies
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    };
    // The page tries what a hostile console page would: to call the app that shows it (the
    // built-in window), and reports what happened.
    const PROBE: &str = "<script>(function(){var r=function(x){new Image().src='/ipc-probe?result='+encodeURIComponent(x)};var i=window.__TAURI_INTERNALS__;if(!i||typeof i.invoke!=='function'){r('no ipc');return}try{i.invoke('notices').then(function(){r('allowed')},function(e){r('refused: '+e)})}catch(e){r('refused: '+e)}})();</script>";
    // And to reach Rolehop's extension (`chrome.runtime` exists on a page only when an
    // extension lets pages message it) or its native channel.
    const CHANNEL_PROBE: &str = "<script>(function(){var r=function(x){new Image().src='/channel-probe?result='+encodeURIComponent(x)};var c=window.chrome&&window.chrome.runtime;if(!c){r('no runtime');return}r('runtime: connectNative '+typeof c.connectNative+', sendMessage '+typeof c.sendMessage);try{c.sendMessage('dpgjiknopdlachbeciceaflgapondicn',{rolehop:'renew'},function(x){r('answered: '+JSON.stringify(x===undefined?null:x))})}catch(e){r('refused: '+e)}})();</script>";
    let body = match (cookie("standin_account"), cookie("standin_arn")) {
        (Some(account), arn) => format!(
            "<!doctype html><title>Console {account}</title><h1 id=\"account\">Signed in to account {account}</h1><p id=\"arn\">{}</p>{PROBE}{CHANNEL_PROBE}",
            arn.unwrap_or_default()
        ),
        _ => "<!doctype html><title>Console</title><h1 id=\"account\">Not signed in</h1>".into(),
    };
    tiny_http::Response::from_string(body)
        .with_status_code(200)
        .with_header(tiny_header("Content-Type", "text/html; charset=utf-8"))
}
