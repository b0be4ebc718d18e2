use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

/// A renewer that hands out `ASIA1`, `ASIA2`, … (expiring in `lifetime` seconds), or fails
/// from the `fail_from`th call on.
/// The flow's refusal, as a test gives it.
#[derive(Debug)]
struct Refused(&'static str);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

fn counting(lifetime: i64, fail_from: usize) -> (Renew<Refused>, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let renew: Renew<Refused> = Box::new(move || {
        let n = c.fetch_add(1, Ordering::SeqCst) + 1;
        if n >= fail_from {
            return Err(Refused("the day's session ended"));
        }
        Ok(ChildCredentials {
            access_key_id: format!("ASIA{n}"),
            secret_access_key: Secret::new(format!("secret-{n}")),
            session_token: Secret::new(format!("token-{n}")),
            expires_at: Some(now_unix() + lifetime),
        })
    });
    (renew, calls)
}

fn reports() -> (Report<Refused>, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    let report: Report<Refused> = Box::new(move |e: &Refused| {
        if let Ok(mut s) = s.lock() {
            s.push(e.to_string());
        }
    });
    (report, seen)
}

/// The status line and body of a raw request to the server.
fn ask(server: &CredentialServer, request: &str) -> (String, String) {
    let addr = server.local;
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (
        head.lines().next().unwrap_or_default().to_string(),
        body.to_string(),
    )
}

fn get(server: &CredentialServer, token: &str) -> (String, String) {
    let path = server
        .uri()
        .trim_start_matches(&format!("http://{}", server.local));
    ask(
        server,
        &format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: {token}\r\n\r\n",
            server.local
        ),
    )
}

#[test]
fn the_exec_token_gets_the_credentials_each_time_from_the_flow() {
    let (renew, calls) = counting(3600, usize::MAX);
    let (report, _) = reports();
    let server = CredentialServer::start(renew, report).unwrap();
    assert!(server.uri().starts_with("http://127.0.0.1:"));
    assert_eq!(server.token().expose().len(), 64);
    let token = server.token().expose().to_string();
    let (status, body) = get(&server, &token);
    assert_eq!(status, "HTTP/1.1 200 OK");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["AccessKeyId"], "ASIA1");
    assert_eq!(json["SecretAccessKey"], "secret-1");
    assert_eq!(json["Token"], "token-1");
    assert!(json["Expiration"].as_str().unwrap().ends_with('Z'));
    let (_, body) = get(&server, &token);
    assert!(body.contains("ASIA2"), "{body}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[test]
fn anything_but_the_exact_request_gets_nothing() {
    let (renew, calls) = counting(3600, usize::MAX);
    let (report, _) = reports();
    let server = CredentialServer::start(renew, report).unwrap();
    let token = server.token().expose().to_string();
    let path = server
        .uri()
        .trim_start_matches(&format!("http://{}", server.local))
        .to_string();
    let host = server.local.to_string();
    let table = [
        // No token, a wrong one, one a byte short.
        (
            format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n"),
            "401",
        ),
        (
            format!(
                "GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {}\r\n\r\n",
                "0".repeat(64)
            ),
            "401",
        ),
        (
            format!(
                "GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {}\r\n\r\n",
                &token[1..]
            ),
            "401",
        ),
        // Another path, another method, another host (DNS rebinding).
        (
            format!("GET / HTTP/1.1\r\nHost: {host}\r\nAuthorization: {token}\r\n\r\n"),
            "404",
        ),
        (
            format!("POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {token}\r\n\r\n"),
            "405",
        ),
        (
            format!(
                "GET {path} HTTP/1.1\r\nHost: evil.example:80\r\nAuthorization: {token}\r\n\r\n"
            ),
            "421",
        ),
    ];
    for (request, want) in table {
        let (status, body) = ask(&server, &request);
        assert!(status.contains(want), "{request:?} -> {status}");
        assert!(!body.contains("secret"), "{body}");
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "the flow was asked for a refused request"
    );
}

#[test]
fn a_failed_renewal_serves_what_still_holds_then_says_why() {
    // The first call works; later ones fail. The first credentials hold for an hour, so they
    // are served again, and the person is told.
    let (renew, _) = counting(3600, 2);
    let (report, seen) = reports();
    let server = CredentialServer::start(renew, report).unwrap();
    let token = server.token().expose().to_string();
    assert!(get(&server, &token).1.contains("ASIA1"));
    let (status, body) = get(&server, &token);
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.contains("ASIA1"), "{body}");
    assert_eq!(seen.lock().unwrap().len(), 1);

    // Credentials about to end are not served again: the answer says why.
    let (renew, _) = counting(30, 2);
    let (report, seen) = reports();
    let server = CredentialServer::start(renew, report).unwrap();
    let token = server.token().expose().to_string();
    assert!(get(&server, &token).1.contains("ASIA1"));
    let (status, body) = get(&server, &token);
    assert_eq!(status, "HTTP/1.1 500 Internal Server Error");
    assert!(body.contains("the day's session ended"), "{body}");
    assert!(!body.contains("secret-1"));
    assert!(!seen.lock().unwrap().is_empty());
}

#[test]
fn the_server_stops_when_dropped_and_its_debug_shows_no_token() {
    let (renew, _) = counting(3600, usize::MAX);
    let (report, _) = reports();
    let server = CredentialServer::start(renew, report).unwrap();
    let addr = server.local;
    let token = server.token().expose().to_string();
    assert!(!format!("{server:?}").contains(&token));
    drop(server);
    assert!(TcpStream::connect(addr).is_err());
}
