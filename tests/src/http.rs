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
