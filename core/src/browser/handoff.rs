//! The sign-in hand-off: the sign-in URL is a bearer secret, and any local user can read every
//! process's command line (`/proc/*/cmdline`), so the browser is given a single-use loopback
//! URL instead: `http://127.0.0.1:<port>/<128 random bits>`. Its first request gets a 302 to
//! the sign-in URL; later requests get 410 Gone, other paths 404; after a minute it is gone.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::BrowserError;
use crate::secret::Secret;

/// How long a hand-off URL lives.
pub const TTL: Duration = Duration::from_secs(60);

pub struct Handoff {
    url: Secret,
    consumed: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

fn random_path() -> Result<String, BrowserError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| BrowserError::Handoff {
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

impl Handoff {
    /// Starts serving `target` (the sign-in URL) once, for at most `ttl`.
    pub fn serve(target: Secret, ttl: Duration) -> Result<Self, BrowserError> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .map_err(|source| BrowserError::Handoff { source })?;
        listener
            .set_nonblocking(true)
            .map_err(|source| BrowserError::Handoff { source })?;
        let port = listener
            .local_addr()
            .map_err(|source| BrowserError::Handoff { source })?
            .port();
        let path = format!("/{}", random_path()?);
        let url = Secret::new(format!("http://127.0.0.1:{port}{path}"));
        let consumed = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (consumed.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("rolehop-handoff".into())
            .spawn(move || {
                let deadline = Instant::now() + ttl;
                while Instant::now() < deadline && !s.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => answer(stream, &path, &target, &c),
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            std::thread::sleep(Duration::from_millis(10));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(10)),
                    }
                }
            })
            .map_err(|source| BrowserError::Handoff { source })?;
        Ok(Self {
            url,
            consumed,
            stop,
            thread: Some(thread),
        })
    }

    /// The URL to give the browser. Secret until consumed: it still leads to a sign-in.
    pub fn url(&self) -> &Secret {
        &self.url
    }

    pub fn consumed(&self) -> bool {
        self.consumed.load(Ordering::Relaxed)
    }

    /// Waits (asynchronously) until the browser took the hand-off, or `timeout` passes.
    pub async fn wait(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.consumed() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.consumed()
    }
}

impl Drop for Handoff {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn answer(mut stream: TcpStream, path: &str, target: &Secret, consumed: &AtomicBool) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut buf = [0u8; 4096];
    let mut read = 0;
    // Read up to the end of the request line.
    while read < buf.len() {
        match stream.read(&mut buf[read..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                read += n;
                if buf[..read].contains(&b'\n') {
                    break;
                }
            }
        }
    }
    let request = String::from_utf8_lossy(&buf[..read]);
    let mut parts = request.split_whitespace();
    let (method, requested) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let response = if requested != path || method != "GET" {
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
    } else if consumed.swap(true, Ordering::SeqCst) {
        "HTTP/1.1 410 Gone\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
    } else {
        format!(
            "HTTP/1.1 302 Found\r\nLocation: {}\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            target.expose()
        )
    };
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(url: &str) -> String {
        let rest = url.trim_start_matches("http://");
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let mut s = TcpStream::connect(host).unwrap_or_else(|e| panic!("{e}"));
        let _ = write!(s, "GET /{path} HTTP/1.1\r\nHost: {host}\r\n\r\n");
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    }

    #[test]
    fn redirects_once_then_is_gone() {
        let target = "https://signin.aws.amazon.com/federation?Action=login&SigninToken=abc";
        let handoff = Handoff::serve(Secret::new(target), TTL).unwrap_or_else(|e| panic!("{e}"));
        let url = handoff.url().expose().to_string();
        assert!(url.starts_with("http://127.0.0.1:"));
        assert_eq!(
            url.rsplit('/').next().map(str::len),
            Some(32),
            "128 random bits"
        );
        let wrong = format!(
            "{}/nope",
            url.rsplit_once('/').map(|(a, _)| a).unwrap_or("")
        );
        assert!(get(&wrong).starts_with("HTTP/1.1 404"));
        assert!(!handoff.consumed());
        let first = get(&url);
        assert!(first.starts_with("HTTP/1.1 302"), "{first}");
        assert!(first.contains(&format!("Location: {target}\r\n")));
        assert!(handoff.consumed());
        assert!(get(&url).starts_with("HTTP/1.1 410"));
    }

    #[test]
    fn expires() {
        let handoff = Handoff::serve(Secret::new("https://x/"), Duration::from_millis(100))
            .unwrap_or_else(|e| panic!("{e}"));
        let url = handoff.url().expose().to_string();
        std::thread::sleep(Duration::from_millis(300));
        let host = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap_or("")
            .to_string();
        assert!(
            TcpStream::connect(host).is_err(),
            "listener closed after its ttl"
        );
    }
}
