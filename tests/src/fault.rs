//! An STS that answers what a test tells it to, in AWS's own query-protocol XML (successes and
//! `<ErrorResponse>`s), for the rules moto does not check: MFA codes, trust policies,
//! MaxSessionDuration, expired tokens, throttling.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::http::{form, header, serve, signer_key, tiny_header};

#[derive(Debug, Clone)]
pub struct StsCall {
    pub action: String,
    pub params: HashMap<String, String>,
    pub signer: String,
    pub security_token: Option<String>,
}

/// What to answer.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A well-formed success for the action.
    Ok,
    /// An AWS error: HTTP status, code, message.
    Error(u16, String, String),
    /// Exactly this status and body (a 5xx page from a proxy, a malformed answer).
    Raw(u16, String),
    /// Accepts the request and never answers (the connection stays open).
    Hang,
    /// The same as the inner answer, after this long (a slow STS).
    Slow(std::time::Duration, Box<Answer>),
}

impl Answer {
    pub fn error(status: u16, code: &str, message: &str) -> Self {
        Self::Error(status, code.into(), message.into())
    }
}

type Rule = dyn Fn(&StsCall, usize) -> Answer + Send + Sync;

pub struct FaultSts {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    pub port: u16,
    pub calls: Arc<Mutex<Vec<StsCall>>>,
}

/// A keychain-backed test world whose STS is a fault server answering `rule`, with `catalog`
/// written and identity alice's keys stored (verified by the fault STS, whose
/// GetCallerIdentity `rule` must let through).
pub fn env_with(
    rule: impl Fn(&StsCall, usize) -> Answer + Send + Sync + 'static,
    catalog: &str,
) -> (crate::env::TestEnv, FaultSts) {
    let fault = FaultSts::start(rule);
    let mut env = crate::env::TestEnv::with_keychain();
    env.set_sts_endpoint(fault.endpoint());
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(env.catalog_path(), catalog).unwrap();
    env.setup(
        "alice",
        "111111111111",
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        &["--mfa-serial", "arn:aws:iam::111111111111:mfa/alice"],
    );
    (env, fault)
}

impl FaultSts {
    /// `rule(call, n)` decides the answer; `n` counts earlier calls of the same action.
    pub fn start(rule: impl Fn(&StsCall, usize) -> Answer + Send + Sync + 'static) -> Self {
        let (server, port) = serve();
        let calls: Arc<Mutex<Vec<StsCall>>> = Arc::default();
        let rule: Arc<Rule> = Arc::new(rule);
        let (s, c) = (server.clone(), calls.clone());
        let thread = std::thread::spawn(move || {
            for mut request in s.incoming_requests() {
                let mut body = String::new();
                let _ = request.as_reader().read_to_string(&mut body);
                let params = form(&body);
                let call = StsCall {
                    action: params.get("Action").cloned().unwrap_or_default(),
                    signer: signer_key(&header(&request, "Authorization").unwrap_or_default())
                        .unwrap_or_default(),
                    security_token: header(&request, "X-Amz-Security-Token"),
                    params,
                };
                let n = c
                    .lock()
                    .map(|calls| calls.iter().filter(|x| x.action == call.action).count())
                    .unwrap_or(0);
                let answer = rule(&call, n);
                if let Ok(mut calls) = c.lock() {
                    calls.push(call.clone());
                }
                if let Answer::Hang = answer {
                    // Held open on its own thread, so later requests are still served.
                    std::thread::spawn(move || {
                        std::thread::sleep(std::time::Duration::from_secs(300));
                        drop(request);
                    });
                    continue;
                }
                if let Answer::Slow(after, inner) = answer {
                    // Answered on its own thread, so later requests are still served.
                    std::thread::spawn(move || {
                        std::thread::sleep(after);
                        let (status, xml) = render(&call, &inner);
                        let _ = request.respond(
                            tiny_http::Response::from_string(xml)
                                .with_status_code(status)
                                .with_header(tiny_header("Content-Type", "text/xml")),
                        );
                    });
                    continue;
                }
                let (status, xml) = render(&call, &answer);
                let _ = request.respond(
                    tiny_http::Response::from_string(xml)
                        .with_status_code(status)
                        .with_header(tiny_header("Content-Type", "text/xml")),
                );
            }
        });
        Self {
            server,
            thread: Some(thread),
            port,
            calls,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn calls(&self, action: &str) -> Vec<StsCall> {
        self.calls
            .lock()
            .map(|c| c.iter().filter(|x| x.action == action).cloned().collect())
            .unwrap_or_default()
    }
}

impl Drop for FaultSts {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

const NS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

fn expiration(params: &HashMap<String, String>) -> String {
    let secs: i64 = params
        .get("DurationSeconds")
        .and_then(|d| d.parse().ok())
        .unwrap_or(3600);
    let at = time::OffsetDateTime::now_utc() + time::Duration::seconds(secs);
    at.replace_nanosecond(0)
        .unwrap_or(at)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn credentials(params: &HashMap<String, String>) -> String {
    format!(
        "<Credentials><AccessKeyId>ASIA{}</AccessKeyId><SecretAccessKey>fault-secret-{}</SecretAccessKey><SessionToken>fault-token-{}</SessionToken><Expiration>{}</Expiration></Credentials>",
        crate::random_hex(8).to_uppercase(),
        crate::random_hex(10),
        crate::random_hex(20),
        expiration(params)
    )
}

fn render(call: &StsCall, answer: &Answer) -> (u16, String) {
    let request_id = "c6104cbe-af31-11e0-8154-cbc7ccf896c7";
    match answer {
        Answer::Raw(status, body) => (*status, body.clone()),
        Answer::Hang => (504, String::new()),
        Answer::Slow(_, inner) => render(call, inner),
        Answer::Error(status, code, message) => (
            *status,
            format!(
                "<ErrorResponse xmlns=\"{NS}\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
            ),
        ),
        Answer::Ok => {
            let p = &call.params;
            let result = match call.action.as_str() {
                "GetSessionToken" => format!("<GetSessionTokenResult>{}</GetSessionTokenResult>", credentials(p)),
                "AssumeRole" => {
                    let arn = p.get("RoleArn").cloned().unwrap_or_default();
                    let name = p.get("RoleSessionName").cloned().unwrap_or_default();
                    let assumed = arn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/");
                    format!(
                        "<AssumeRoleResult>{}<AssumedRoleUser><Arn>{assumed}/{name}</Arn><AssumedRoleId>AROA3XFRBF535PLBIFPI4:{name}</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>",
                        credentials(p)
                    )
                }
                _ => "<GetCallerIdentityResult><Arn>arn:aws:iam::111111111111:user/alice</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>111111111111</Account></GetCallerIdentityResult>".to_string(),
            };
            (
                200,
                format!(
                    "<{a}Response xmlns=\"{NS}\">{result}<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata></{a}Response>",
                    a = call.action
                ),
            )
        }
    }
}
