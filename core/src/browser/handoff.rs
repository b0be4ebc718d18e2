//! The sign-in hand-off. The sign-in URL is a bearer secret, and any local user can read every
//! process's command line (`/proc/*/cmdline`), so the browser never gets it there, nor anything
//! that leads to it:
//!
//! 1. The browser's command line names a **file**, `rolehop-handoff-<random>.html`, mode 0600
//!    in a 0700 directory (the shortcut's profile, or `<data>/handoff`; on Windows both with
//!    an owner-only DACL): another user can see its name but not open it.
//! 2. The file forwards the browser to a **loopback URL whose secret is only in that file**:
//!    `http://127.0.0.1:<port>/<128 random bits>`.
//! 3. The loopback server answers that path once, with a 302 to the sign-in URL
//!    (`Cache-Control: no-store`, no referrer); later requests get 410 Gone, other paths 404.
//!    It answers only requests whose `Host` is its own address and, on Linux and Windows, only
//!    connections from a socket of this user (`/proc/net/tcp` names each socket's owner; on
//!    Windows the TCP table names the process and its token the user, see [`crate::owner`]):
//!    the owners of all waiting connections are looked up from one read of that table before
//!    anything is read from them, and another user's connection is closed at once. This
//!    user's connections are served on threads of their own (at most a few at once) with a
//!    short read timeout, so an idle connection cannot hold the hand-off up. After [`TTL`] it is gone; the file is deleted as
//!    soon as the browser took the hand-off (and in any case when the hand-off ends).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::BrowserError;
use crate::base::secret::Secret;

/// How long a hand-off lives.
pub const TTL: Duration = Duration::from_secs(60);

/// The file name prefix of hand-off pages (a scrub of old ones matches it).
pub const FILE_PREFIX: &str = "rolehop-handoff-";

pub struct Handoff {
    /// What the browser is given: the hand-off page's `file://` URL.
    url: Secret,
    /// The loopback URL itself, for the one launcher that cannot open a file (an extension
    /// opening a container tab): on Linux still refused to other users' connections.
    loopback: Secret,
    file: PathBuf,
    /// Set once the redirect was written to the browser's connection (not merely asked for):
    /// the open may finish (and its process exit) only then.
    consumed: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

fn random_hex() -> Result<String, BrowserError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| BrowserError::Handoff {
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn handoff_err(source: std::io::Error) -> BrowserError {
    BrowserError::Handoff { source }
}

/// The page that forwards the browser to the loopback secret, with no referrer. Exactly one
/// navigation: a script, or, where scripts are off, a meta refresh inside `<noscript>`
/// (inactive when scripts run). Both at once would navigate twice when the refresh fires
/// while the script's navigation is still pending (the document has loaded, the redirect
/// has not committed): the second request would find the one-time path taken (410) and the
/// window would stay blank.
fn page(loopback: &str) -> String {
    format!(
        "<!doctype html><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\">\
<noscript><meta http-equiv=\"refresh\" content=\"0;url={loopback}\"></noscript><title>Signing in…</title>\
<p>Signing in to the AWS console…</p><script>location.replace(\"{loopback}\")</script>\n"
    )
}

/// Writes `text` to a new file only this user can read (0600), refusing to follow or replace
/// anything already there.
fn write_new_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    // Windows has no modes: the page gets the owner-only DACL before anything is written.
    #[cfg(windows)]
    if let Err(e) = crate::owner::windows::make_owner_only(path) {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(e);
    }
    // A page cut short (a full disk) is not left behind: it would forward nowhere.
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all());
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written
}

/// A `file://` URL of an absolute path, percent-encoding what a URL cannot hold as is.
fn file_url(path: &Path) -> Result<String, BrowserError> {
    url::Url::from_file_path(path)
        .map(|u| u.to_string())
        .map_err(|()| {
            handoff_err(std::io::Error::other(format!(
                "{} is not an absolute path",
                path.display()
            )))
        })
}

impl Handoff {
    /// Starts serving `target` (the sign-in URL) once, for at most `ttl`, and writes the
    /// hand-off page into `dir` (created 0700 if missing; it must be private to this user).
    pub fn serve(target: Secret, ttl: Duration, dir: &Path) -> Result<Self, BrowserError> {
        crate::base::files::create_private_dir(dir).map_err(|source| {
            BrowserError::HandoffPage {
                path: dir.to_path_buf(),
                source,
            }
        })?;
        let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(handoff_err)?;
        listener.set_nonblocking(true).map_err(handoff_err)?;
        let local = listener.local_addr().map_err(handoff_err)?;
        let path = format!("/{}", random_hex()?);
        let loopback = Secret::new(format!("http://{local}{path}"));
        let file = dir.join(format!("{FILE_PREFIX}{}.html", random_hex()?));
        write_new_private(&file, &page(loopback.expose())).map_err(|source| {
            BrowserError::HandoffPage {
                path: file.clone(),
                source,
            }
        })?;
        let url = Secret::new(file_url(&file)?);
        let consumed = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let server = Server {
            local,
            path: path.clone(),
            target: Arc::new(target),
            taken: Arc::new(AtomicBool::new(false)),
            consumed: consumed.clone(),
            file: file.clone(),
            answering: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
        };
        let s = stop.clone();
        let thread = std::thread::Builder::new()
            .name("rolehop-handoff".into())
            .spawn(move || {
                let deadline = Instant::now() + ttl;
                while Instant::now() < deadline && !s.load(Ordering::Relaxed) {
                    // Every connection waiting now, at most a batch of them.
                    let mut batch = Vec::new();
                    while batch.len() < MAX_BATCH {
                        match listener.accept() {
                            Ok(connection) => batch.push(connection),
                            Err(_) => break,
                        }
                    }
                    if batch.is_empty() {
                        std::thread::sleep(Duration::from_millis(10));
                        continue;
                    }
                    // The owner of each peer from one read of the socket table, before a byte
                    // is read from any of them: another user's connection is closed at once,
                    // and costs neither a thread nor a read of the table of its own.
                    let mine = same_user_all(local, batch.iter().map(|(_, peer)| *peer));
                    for ((stream, _), mine) in batch.into_iter().zip(mine) {
                        if mine {
                            server.spawn(stream);
                        } else {
                            refuse(stream);
                        }
                    }
                }
                let _ = std::fs::remove_file(&server.file);
            })
            .map_err(|source| {
                let _ = std::fs::remove_file(&file);
                handoff_err(source)
            })?;
        Ok(Self {
            url,
            loopback,
            file,
            consumed,
            stop,
            thread: Some(thread),
        })
    }

    /// The URL to give the browser (the hand-off page). It leads to no sign-in for anyone who
    /// cannot read the page, but stays out of logs all the same.
    pub fn url(&self) -> &Secret {
        &self.url
    }

    /// The loopback URL (see the field).
    pub fn loopback_url(&self) -> &Secret {
        &self.loopback
    }

    /// The hand-off page (deleted once the browser took the hand-off).
    pub fn file(&self) -> &Path {
        &self.file
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
        let _ = std::fs::remove_file(&self.file);
    }
}

/// The most connections taken from the listener before their owners are looked up (one
/// read of the socket table per batch).
const MAX_BATCH: usize = 256;

/// The most of this user's connections answered at once: the browser makes one or two; more
/// are dropped (a browser that retries gets its turn when one is done).
const MAX_ANSWERING: usize = 8;

/// What each connection's thread needs.
#[derive(Clone)]
struct Server {
    local: SocketAddr,
    path: String,
    target: Arc<Secret>,
    /// Set when the right request arrives, so exactly one connection answers it.
    taken: Arc<AtomicBool>,
    /// Set when that answer is written (see [`Handoff`]).
    consumed: Arc<AtomicBool>,
    file: PathBuf,
    /// Connections being answered now (at most [`MAX_ANSWERING`]).
    answering: Arc<std::sync::atomic::AtomicUsize>,
}

impl Server {
    /// Answers one of this user's connections on a thread of its own (so an idle one cannot
    /// hold the hand-off up), unless [`MAX_ANSWERING`] are being answered already.
    fn spawn(&self, stream: TcpStream) {
        if self.answering.fetch_add(1, Ordering::SeqCst) >= MAX_ANSWERING {
            self.answering.fetch_sub(1, Ordering::SeqCst);
            return;
        }
        let me = self.clone();
        // If no thread can be made, the connection is dropped: the browser retries nothing,
        // and the open reports the hand-off timeout.
        let spawned = std::thread::Builder::new()
            .name("rolehop-handoff-conn".into())
            .spawn(move || {
                me.answer(stream);
                me.answering.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            self.answering.fetch_sub(1, Ordering::SeqCst);
        }
    }

    fn answer(&self, mut stream: TcpStream) {
        let _ = stream.set_nonblocking(false);
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
        let head = read_head(&mut stream);
        let (response, handoff) = self.response(&head);
        let written = stream
            .write_all(response.as_bytes())
            .and_then(|()| stream.flush())
            .and_then(|()| stream.shutdown(std::net::Shutdown::Write));
        if handoff {
            if written.is_ok() {
                // Only now may the open finish: were it marked before the redirect is written,
                // a process that exits at once (`rolehop open`) could take the unwritten
                // answer with it, and the browser would retry a hand-off that is gone.
                self.consumed.store(true, Ordering::SeqCst);
            } else {
                // Not delivered: the browser's retry may take it.
                self.taken.store(false, Ordering::SeqCst);
            }
        }
    }

    /// The answer to a request, and whether it is the hand-off itself.
    fn response(&self, head: &str) -> (String, bool) {
        let mut lines = head.split("\r\n");
        let mut request = lines.next().unwrap_or("").split(' ');
        let (method, requested) = (request.next().unwrap_or(""), request.next().unwrap_or(""));
        let host = lines
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("host"))
            .map(|(_, v)| v.trim().to_string());
        let status = |code: &str| {
            format!(
                "HTTP/1.1 {code}\r\nContent-Length: 0\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
            )
        };
        if host.as_deref() != Some(self.local.to_string().as_str()) {
            return (status("421 Misdirected Request"), false);
        }
        if method != "GET" || requested != self.path {
            return (status("404 Not Found"), false);
        }
        if self.taken.swap(true, Ordering::SeqCst) {
            // Said on the page too: a person who reloads it learns what to do.
            tracing::warn!("the sign-in hand-off was asked for again after it was taken");
            let body = "<!doctype html><meta charset=\"utf-8\"><title>Sign-in link used</title>\
<p>This one-time sign-in link was already used. Open the shortcut again from Rolehop.</p>\n";
            let gone = format!(
                "HTTP/1.1 410 Gone\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            return (gone, false);
        }
        // The page has done its work: nothing on disk leads to the sign-in any more.
        let _ = std::fs::remove_file(&self.file);
        let redirect = format!(
            "HTTP/1.1 302 Found\r\nLocation: {}\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.target.expose()
        );
        (redirect, true)
    }
}

/// Takes `listener`'s connections until `stop` is set (checked at each): another user's
/// connection is refused before a byte is read ([`same_user`], [`refuse`]), this user's go to
/// `serve`. The local endpoints other than the hand-off's own loop (a `rolehop exec`'s
/// credential server, a live console's command port) accept through this.
pub(crate) fn accept_own_user(
    listener: &TcpListener,
    local: SocketAddr,
    stop: &AtomicBool,
    mut serve: impl FnMut(TcpStream),
) {
    for connection in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = connection else { continue };
        let Ok(peer) = stream.peer_addr() else {
            continue;
        };
        if !same_user(local, peer) {
            refuse(stream);
            continue;
        }
        serve(stream);
    }
}

/// Another user's connection: told 403 without a read (the answer fits the socket's send
/// buffer, so the write does not wait) and closed.
pub(crate) fn refuse(mut stream: TcpStream) {
    let _ = stream.set_nonblocking(true);
    let _ = stream.write_all(
        b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
    );
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// The request line and headers (up to 8 KiB, or what arrives before the read timeout).
pub(crate) fn read_head(stream: &mut TcpStream) -> String {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while buf.len() < 8192 {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                if buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// Whether the peer's end of a loopback connection belongs to this process's user. On Linux
/// `/proc/net/tcp` lists each socket with its owner's uid; on Windows the TCP table names the
/// peer's process, whose token names its user; on macOS every local peer is accepted (the
/// secret path, readable only through the private hand-off page, still guards the hand-off).
pub(crate) fn same_user(local: SocketAddr, peer: SocketAddr) -> bool {
    same_user_all(local, std::iter::once(peer))
        .first()
        .copied()
        .unwrap_or(false)
}

/// [`same_user`] for many peers of one listener, from one read of the socket table.
pub(crate) fn same_user_all(
    local: SocketAddr,
    peers: impl Iterator<Item = SocketAddr>,
) -> Vec<bool> {
    #[cfg(target_os = "linux")]
    {
        let peers: Vec<SocketAddr> = peers.collect();
        let table = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
        let me = crate::base::files::current_uid();
        let owners = socket_owners(&table);
        peers
            .iter()
            .map(|peer| match (owner_in(&owners, *peer, local), me) {
                (Some(uid), Some(me)) => uid == me,
                _ => false,
            })
            .collect()
    }
    #[cfg(windows)]
    {
        // The process holding each peer's end (one read of the TCP table) and its user; this
        // process's own connections need no lookup. Anything unreadable is refused.
        use crate::owner::windows::{current_user_sid, process_user_sid, tcp_rows};
        let peers: Vec<SocketAddr> = peers.collect();
        let (Ok(rows), Ok(me)) = (tcp_rows(), current_user_sid()) else {
            return vec![false; peers.len()];
        };
        peers
            .iter()
            .map(
                |peer| match crate::owner::peer_process(&rows, local, *peer) {
                    // Pid 0 is no process (the idle process, a closing connection; Wine 8 fills
                    // every row so): never a peer.
                    Some(0) => false,
                    Some(pid) if pid == std::process::id() => true,
                    Some(pid) => process_user_sid(pid).is_ok_and(|sid| sid == me),
                    None => false,
                },
            )
            .collect()
    }
    // macOS: no socket owner table without private APIs; the hand-off page's folder (0700)
    // and the 128-bit path only it holds are the guard (README, "Security").
    #[cfg(not(any(target_os = "linux", windows)))]
    {
        let _ = local;
        peers.map(|_| true).collect()
    }
}

/// A socket address as `/proc/net/tcp` writes it: the IPv4 address in host (little-endian)
/// byte order, the port big-endian, in hex.
fn proc_hex(a: SocketAddr) -> Option<String> {
    let SocketAddr::V4(v4) = a else { return None };
    let ip = u32::from_le_bytes(v4.ip().octets());
    Some(format!("{ip:08X}:{:04X}", v4.port()))
}

/// Every socket of a `/proc/net/tcp` table: (local, remote) as the table writes them -> uid.
fn socket_owners(table: &str) -> std::collections::HashMap<(&str, &str), u32> {
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split_whitespace();
            let local = cols.nth(1)?;
            let remote = cols.next()?;
            let uid = cols.nth(4)?.parse().ok()?;
            Some(((local, remote), uid))
        })
        .collect()
}

fn owner_in(
    owners: &std::collections::HashMap<(&str, &str), u32>,
    local: SocketAddr,
    remote: SocketAddr,
) -> Option<u32> {
    let (l, r) = (proc_hex(local)?, proc_hex(remote)?);
    owners.get(&(l.as_str(), r.as_str())).copied()
}

/// The uid owning the socket `local → remote` in a `/proc/net/tcp` table (IPv4). Pure.
pub fn socket_owner(table: &str, local: SocketAddr, remote: SocketAddr) -> Option<u32> {
    owner_in(&socket_owners(table), local, remote)
}

#[cfg(test)]
#[path = "handoff_tests.rs"]
mod tests;
