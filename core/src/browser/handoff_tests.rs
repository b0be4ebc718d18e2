//! Tests of `handoff.rs`.

use super::*;

fn request(addr: &str, path: &str, host: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    let _ = write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n");
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

/// The loopback URL inside a hand-off page.
fn loopback_of(handoff: &Handoff) -> String {
    let text = std::fs::read_to_string(handoff.file()).unwrap_or_default();
    text.split("url=")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default()
        .to_string()
}

/// Under Wine 8 the TCP table names the owning process only now and then (often pid 0), so
/// there the hand-off refuses a connection it cannot place (fail closed): the first test checks
/// that the answer is a refusal or the redirect, the others that need an answer stop. Real
/// Windows (the CI runner), Linux and macOS serve this user's connections.
fn owners_unknown_here() -> bool {
    #[cfg(windows)]
    {
        crate::owner::windows::under_wine()
    }
    #[cfg(not(windows))]
    {
        false
    }
}

#[test]
fn the_browser_gets_a_private_file_that_leads_once_to_the_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let target = "https://signin.aws.amazon.com/federation?Action=login&SigninToken=abc";
    let handoff = Handoff::serve(Secret::new(target), TTL, dir.path()).unwrap();
    let url = handoff.url().expose().to_string();
    assert!(url.starts_with("file:///"), "{url}");
    assert!(!url.contains("127.0.0.1"), "no loopback secret on argv");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(handoff.file())
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        assert_eq!(mode, 0o600);
    }
    let loopback = loopback_of(&handoff);
    let rest = loopback.trim_start_matches("http://");
    let (addr, path) = rest.split_once('/').unwrap_or((rest, ""));
    let path = format!("/{path}");
    assert_eq!(path.len(), 33, "128 random bits");
    if owners_unknown_here() {
        // Refused (a 403, or closed before the client read it) when Wine named no process,
        // served when it did: never anything else, and consumed only when served.
        let answer = request(addr, &path, addr);
        let served = answer.starts_with("HTTP/1.1 302");
        assert!(
            served || answer.is_empty() || answer.starts_with("HTTP/1.1 403"),
            "{answer}"
        );
        if !served {
            assert!(!handoff.consumed());
        }
        return;
    }
    assert!(request(addr, "/nope", addr).starts_with("HTTP/1.1 404"));
    assert!(request(addr, &path, "evil.example:80").starts_with("HTTP/1.1 421"));
    assert!(!handoff.consumed());
    let first = request(addr, &path, addr);
    assert!(first.starts_with("HTTP/1.1 302"), "{first}");
    assert!(first.contains(&format!("Location: {target}\r\n")));
    assert!(first.contains("Cache-Control: no-store"));
    // Marked once the answer is written (the open may end only then): awaited, not assumed.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    assert!(runtime.block_on(handoff.wait(Duration::from_secs(10))));
    assert!(!handoff.file().exists(), "the page goes once used");
    assert!(request(addr, &path, addr).starts_with("HTTP/1.1 410"));
}

#[test]
fn the_page_navigates_once_and_a_second_request_is_told_what_to_do() {
    let text = page("http://127.0.0.1:1/abc");
    // The refresh only where scripts are off: with both active, the refresh could fire
    // while the script's navigation is pending and take the one-time path a second time.
    let refresh = text.find("http-equiv=\"refresh\"").unwrap_or(0);
    let (open, close) = (
        text.find("<noscript>").unwrap_or(usize::MAX),
        text.find("</noscript>").unwrap_or(0),
    );
    assert!(open < refresh && refresh < close, "{text}");
    assert_eq!(text.matches("location.replace(").count(), 1, "{text}");
    assert!(!text[close..].contains("http-equiv"), "{text}");
    if owners_unknown_here() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let handoff = Handoff::serve(Secret::new("https://x/"), TTL, dir.path()).unwrap();
    let loopback = loopback_of(&handoff);
    let rest = loopback.trim_start_matches("http://");
    let (addr, path) = rest.split_once('/').unwrap_or((rest, ""));
    let path = format!("/{path}");
    assert!(request(addr, &path, addr).starts_with("HTTP/1.1 302"));
    let again = request(addr, &path, addr);
    assert!(again.starts_with("HTTP/1.1 410"), "{again}");
    assert!(
        again.contains("Open the shortcut again from Rolehop"),
        "{again}"
    );
    assert!(!again.contains("https://x/"), "{again}");
}

#[test]
fn an_idle_connection_does_not_hold_the_hand_off_up() {
    if owners_unknown_here() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let handoff = Handoff::serve(Secret::new("https://x/"), TTL, dir.path()).unwrap();
    let loopback = loopback_of(&handoff);
    let rest = loopback.trim_start_matches("http://");
    let (addr, path) = rest.split_once('/').unwrap_or((rest, ""));
    // Connected, says nothing.
    let _idle = TcpStream::connect(addr).unwrap();
    let answer = request(addr, &format!("/{path}"), addr);
    assert!(answer.starts_with("HTTP/1.1 302"), "{answer}");
}

#[test]
fn dropping_the_hand_off_closes_it_and_removes_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let handoff = Handoff::serve(Secret::new("https://x/"), TTL, dir.path()).unwrap();
    let loopback = loopback_of(&handoff);
    let addr = loopback
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or("")
        .to_string();
    let file = handoff.file().to_path_buf();
    drop(handoff);
    assert!(!file.exists());
    assert!(TcpStream::connect(addr).is_err(), "listener closed");
}

#[test]
fn a_hand_off_nobody_took_ends_after_its_ttl() {
    let dir = tempfile::tempdir().unwrap();
    // A TTL already over: the server ends as soon as it starts, whatever the machine's
    // speed; the test waits for that, not for a time.
    let handoff = Handoff::serve(Secret::new("https://x/"), Duration::ZERO, dir.path()).unwrap();
    let loopback = handoff.loopback_url().expose().to_string();
    assert!(loopback.starts_with("http://127.0.0.1:"), "{loopback}");
    let addr = loopback
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or("")
        .to_string();
    let file = handoff.file().to_path_buf();
    let start = Instant::now();
    while file.exists() || TcpStream::connect(&addr).is_ok() {
        assert!(start.elapsed() < Duration::from_secs(30), "still serving");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!handoff.consumed());
}

#[test]
fn socket_owners_are_read_from_proc_net_tcp() {
    let table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n\
   0: 0100007F:A1B2 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 1 1 0 20 4 30 10 -1\n\
   1: 0100007F:1F90 0100007F:A1B2 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1\n";
    let server: SocketAddr = "127.0.0.1:8080".parse().unwrap();
    let client: SocketAddr = "127.0.0.1:41394".parse().unwrap();
    assert_eq!(socket_owner(table, client, server), Some(1000));
    assert_eq!(socket_owner(table, server, client), Some(0));
    let other: SocketAddr = "127.0.0.1:1".parse().unwrap();
    assert_eq!(socket_owner(table, other, server), None);
}

#[cfg(any(target_os = "linux", windows))]
#[test]
fn this_users_own_connections_are_recognised() {
    if owners_unknown_here() {
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let local = listener.local_addr().unwrap();
    let _client = TcpStream::connect(local).unwrap();
    let (_, peer) = listener.accept().unwrap();
    assert!(same_user(local, peer));
}
