//! Small HTTP helpers over ureq and tiny_http for the harness.

use std::collections::HashMap;

/// A ureq agent that returns 4xx/5xx as responses and follows no redirects.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// Parses a query string or form body into a map (last value wins).
pub fn form(text: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

/// The access key id in a SigV4 `Authorization` header.
pub fn signer_key(authorization: &str) -> Option<String> {
    let start = authorization.find("Credential=")? + "Credential=".len();
    let rest = &authorization[start..];
    Some(rest.split('/').next()?.to_string())
}

/// The region a SigV4 `Authorization` header was signed for (its credential scope).
pub fn signing_region(authorization: &str) -> Option<String> {
    let start = authorization.find("Credential=")? + "Credential=".len();
    let scope = authorization[start..].split([',', ' ']).next()?;
    Some(scope.split('/').nth(2)?.to_string())
}

pub fn header(request: &tiny_http::Request, name: &str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str().to_string())
}

pub fn tiny_header(name: &str, value: &str) -> tiny_http::Header {
    match tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => h,
        Err(()) => panic!("bad header {name}"),
    }
}

/// Starts a tiny_http server on a free loopback port.
pub fn serve() -> (std::sync::Arc<tiny_http::Server>, u16) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or_else(|| panic!("no port"));
    (std::sync::Arc::new(server), port)
}

/// A forwarding proxy in front of an AWS endpoint (moto) that counts the calls it passes, by
/// operation: the `X-Amz-Target` header of the JSON protocol (`…ListAccounts`, last part kept)
/// or the `Action` of the query protocol. For benchmarks that report the calls really made.
pub struct CountingProxy {
    server: std::sync::Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
    pub port: u16,
    counts: std::sync::Arc<std::sync::Mutex<HashMap<String, usize>>>,
}

impl CountingProxy {
    pub fn start(upstream: String) -> Self {
        let (server, port) = serve();
        let counts: std::sync::Arc<std::sync::Mutex<HashMap<String, usize>>> =
            std::sync::Arc::default();
        let (s, c) = (server.clone(), counts.clone());
        let thread = std::thread::spawn(move || {
            for mut request in s.incoming_requests() {
                let mut body = Vec::new();
                let _ = std::io::Read::read_to_end(request.as_reader(), &mut body);
                let operation = header(&request, "X-Amz-Target")
                    .and_then(|t| t.rsplit('.').next().map(str::to_string))
                    .or_else(|| form(&String::from_utf8_lossy(&body)).remove("Action"))
                    .unwrap_or_else(|| "(unknown)".into());
                *c.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .entry(operation)
                    .or_default() += 1;
                // AWS's JSON and query protocols are POST requests.
                let mut forward = agent().post(&format!("{upstream}{}", request.url()));
                for h in request.headers() {
                    let name = h.field.as_str().as_str();
                    if !name.eq_ignore_ascii_case("host")
                        && !name.eq_ignore_ascii_case("content-length")
                    {
                        forward = forward.header(name, h.value.as_str());
                    }
                }
                let (status, content_type, text) = match forward.send(&body[..]) {
                    Ok(mut r) => (
                        r.status().as_u16(),
                        r.headers()
                            .get("content-type")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("application/json")
                            .to_string(),
                        r.body_mut().read_to_vec().unwrap_or_default(),
                    ),
                    Err(e) => (502, "text/plain".into(), format!("proxy: {e}").into_bytes()),
                };
                let _ = request.respond(
                    tiny_http::Response::from_data(text)
                        .with_status_code(status)
                        .with_header(tiny_header("Content-Type", &content_type)),
                );
            }
        });
        Self {
            server,
            thread: Some(thread),
            port,
            counts,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Calls passed so far, by operation.
    pub fn counts(&self) -> HashMap<String, usize> {
        self.counts.lock().map(|c| c.clone()).unwrap_or_default()
    }

    pub fn reset(&self) {
        if let Ok(mut c) = self.counts.lock() {
            c.clear();
        }
    }
}

impl Drop for CountingProxy {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
