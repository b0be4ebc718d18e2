//! A recording proxy in front of moto's STS: counts each Action (proof that `daily` mode makes
//! one GetSessionToken), and remembers every credential STS issued and what signed the call,
//! which the federation stand-in needs to apply AWS's SessionDuration rule.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::http::{agent, form, header, serve, signer_key, signing_region, tiny_header};
use crate::xml;

/// Credentials STS handed out.
#[derive(Debug, Clone)]
pub struct Issued {
    pub action: String,
    /// The access key that signed the call (AKIA… long-term, ASIA… temporary).
    pub signer: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    pub params: HashMap<String, String>,
    /// The region the call was signed for (SigV4 credential scope).
    pub region: String,
    /// When they end, as the answer said (after [`Registry::shorten_roles`]): calls signed
    /// with them later are refused as AWS refuses them (`ExpiredToken`).
    pub expires_at: Option<time::OffsetDateTime>,
}

#[derive(Debug, Default)]
pub struct Registry {
    pub counts: Mutex<HashMap<String, usize>>,
    pub issued: Mutex<Vec<Issued>>,
    /// MFA codes STS refuses as AWS does (moto checks none), for the MFA prompt tests.
    pub wrong_codes: Mutex<Vec<String>>,
    /// When set, AssumeRole answers say the credentials end this many seconds from now (AWS
    /// issues at least 15 minutes; a console about to end is what some tests need).
    pub role_lifetime_secs: Mutex<Option<i64>>,
}

impl Registry {
    /// From now on, calls with this `TokenCode` fail as AWS fails a wrong MFA code.
    pub fn refuse_mfa_code(&self, code: &str) {
        if let Ok(mut codes) = self.wrong_codes.lock() {
            codes.push(code.to_string());
        }
    }

    /// From now on, role credentials say they end `secs` from when they are issued.
    pub fn shorten_roles(&self, secs: i64) {
        if let Ok(mut l) = self.role_lifetime_secs.lock() {
            *l = Some(secs);
        }
    }

    pub fn count(&self, action: &str) -> usize {
        self.counts
            .lock()
            .map(|c| c.get(action).copied().unwrap_or(0))
            .unwrap_or(0)
    }

    pub fn issued(&self, access_key_id: &str) -> Option<Issued> {
        self.issued
            .lock()
            .ok()?
            .iter()
            .find(|i| i.access_key_id == access_key_id)
            .cloned()
    }

    pub fn all_issued(&self) -> Vec<Issued> {
        self.issued.lock().map(|i| i.clone()).unwrap_or_default()
    }
}

pub struct StsProxy {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    pub port: u16,
    pub registry: Arc<Registry>,
}

impl StsProxy {
    pub fn start(upstream: String) -> Self {
        let (server, port) = serve();
        let registry = Arc::new(Registry::default());
        let (s, r) = (server.clone(), registry.clone());
        let thread = std::thread::spawn(move || {
            for request in s.incoming_requests() {
                handle(request, &upstream, &r);
            }
        });
        Self {
            server,
            thread: Some(thread),
            port,
            registry,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

fn handle(mut request: tiny_http::Request, upstream: &str, registry: &Registry) {
    let mut body = String::new();
    let _ = request.as_reader().read_to_string(&mut body);
    let params = form(&body);
    let action = params.get("Action").cloned().unwrap_or_default();
    if let Ok(mut counts) = registry.counts.lock() {
        *counts.entry(action.clone()).or_default() += 1;
    }
    let refused = params.get("TokenCode").is_some_and(|code| {
        registry
            .wrong_codes
            .lock()
            .map(|c| c.contains(code))
            .unwrap_or(false)
    });
    if refused {
        // AWS's answer to a wrong code, in its query-protocol error format.
        let text = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>MultiFactorAuthentication failed with invalid MFA one time pass code. </Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>";
        let response = tiny_http::Response::from_string(text)
            .with_status_code(403)
            .with_header(tiny_header("Content-Type", "text/xml"));
        let _ = request.respond(response);
        return;
    }
    // Temporary credentials past their expiration are refused, as AWS refuses them.
    let signer = signer_key(&header(&request, "Authorization").unwrap_or_default());
    let expired = signer
        .as_deref()
        .and_then(|key| registry.issued(key))
        .and_then(|i| i.expires_at)
        .is_some_and(|at| at <= time::OffsetDateTime::now_utc());
    if expired {
        if let Ok(mut counts) = registry.counts.lock() {
            *counts.entry("ExpiredToken".into()).or_default() += 1;
        }
        let text = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>";
        let response = tiny_http::Response::from_string(text)
            .with_status_code(403)
            .with_header(tiny_header("Content-Type", "text/xml"));
        let _ = request.respond(response);
        return;
    }
    // moto accepts any signature; AWS checks it. A key whose secret is known here (created by
    // the test, or issued by STS) must sign correctly.
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|h| {
            (
                h.field.as_str().as_str().to_string(),
                h.value.as_str().to_string(),
            )
        })
        .collect();
    // As strict as AWS, failing closed: a key must be one the test created (moto's
    // CreateAccessKey) or STS issued, temporary keys must carry the session token issued with
    // them, and the signature (over the body as received) must match.
    let lookup = |key: &str| {
        crate::sigv4::known_secret(key)
            .map(|secret| (secret, None))
            .or_else(|| {
                registry
                    .issued(key)
                    .map(|i| (i.secret_access_key, Some(i.session_token)))
            })
    };
    if let Some((code, message)) = crate::sigv4::refusal(
        request.method().as_str(),
        request.url(),
        &headers,
        body.as_bytes(),
        &lookup,
    ) {
        let text = format!(
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>"
        );
        if let Ok(mut counts) = registry.counts.lock() {
            *counts.entry(code.into()).or_default() += 1;
        }
        let response = tiny_http::Response::from_string(text)
            .with_status_code(403)
            .with_header(tiny_header("Content-Type", "text/xml"));
        let _ = request.respond(response);
        return;
    }
    let authorization = header(&request, "Authorization").unwrap_or_default();
    let mut forward = agent().post(&format!("{upstream}{}", request.url()));
    for h in request.headers() {
        let name = h.field.as_str().as_str();
        if name.eq_ignore_ascii_case("host") || name.eq_ignore_ascii_case("content-length") {
            continue;
        }
        forward = forward.header(name, h.value.as_str());
    }
    let (status, text) = match forward.send(body.as_str()) {
        Ok(mut response) => (
            response.status().as_u16(),
            response.body_mut().read_to_string().unwrap_or_default(),
        ),
        Err(e) => (502, format!("proxy: {e}")),
    };
    let lifetime = registry.role_lifetime_secs.lock().ok().and_then(|l| *l);
    let text = match lifetime {
        Some(secs) if status == 200 && action == "AssumeRole" => shorten(&text, secs),
        _ => text,
    };
    if status == 200
        && (action == "AssumeRole" || action == "GetSessionToken")
        && let (Some(id), Some(secret), Some(token)) = (
            xml::text(&text, "AccessKeyId"),
            xml::text(&text, "SecretAccessKey"),
            xml::text(&text, "SessionToken"),
        )
        && let Ok(mut issued) = registry.issued.lock()
    {
        issued.push(Issued {
            action: action.clone(),
            signer: signer_key(&authorization).unwrap_or_default(),
            access_key_id: id,
            secret_access_key: secret,
            session_token: token,
            params: params.clone(),
            region: signing_region(&authorization).unwrap_or_default(),
            expires_at: xml::text(&text, "Expiration").and_then(|t| {
                time::OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339).ok()
            }),
        });
    }
    let response = tiny_http::Response::from_string(text)
        .with_status_code(status)
        .with_header(tiny_header("Content-Type", "text/xml"));
    let _ = request.respond(response);
}

/// Rewrites the `<Expiration>` of an STS answer to `secs` from now.
fn shorten(text: &str, secs: i64) -> String {
    let at = time::OffsetDateTime::now_utc() + time::Duration::seconds(secs);
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    let Ok(stamp) = at.format(&format) else {
        return text.to_string();
    };
    match (text.find("<Expiration>"), text.find("</Expiration>")) {
        (Some(start), Some(end)) if start < end => {
            format!("{}<Expiration>{stamp}{}", &text[..start], &text[end..])
        }
        _ => text.to_string(),
    }
}

impl Drop for StsProxy {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
