//! Which consoles are live, and how to reach them: each console's channel host (started by
//! its browser, see [`crate::browser::channel`]) announces itself in
//! `<data dir>/live/<shortcut>.json` (0600 in a 0700 folder): its process, since when, and a
//! loopback port with a 256-bit token for commands. An open of a live shortcut asks it to
//! bring its console forward ([`focus`]) instead of signing in again; the tray and the
//! switcher list what is live ([`list`]).
//!
//! The command listener takes a connection only from a socket of this user (the hand-off's
//! owner check, before a byte is read), then one line `<token> <command>`, compared in
//! constant time, and answers one line.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::base::secret::Secret;

/// Why a live console could not be reached or announced.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error("`{id}` cannot name a live console: {reason}")]
    NotAnId { id: String, reason: String },
    #[error("cannot write or read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no live console of `{shortcut}`")]
    NotLive { shortcut: String },
    #[error("the console of `{shortcut}` did not answer: {source}")]
    NoAnswer {
        shortcut: String,
        #[source]
        source: std::io::Error,
    },
}

/// What a live console's host writes about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    pub shortcut: String,
    /// The host's process id: only it removes the file.
    pub pid: u32,
    pub port: u16,
    pub token: Secret,
    /// Unix seconds: when the console became live.
    pub since: i64,
}

/// A live console as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Live {
    pub shortcut: String,
    pub since: i64,
}

pub fn live_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("live")
}

/// The announcement file of `shortcut` (its id checked as a file name here).
pub fn file(data_dir: &Path, shortcut: &str) -> Result<PathBuf, LiveError> {
    crate::catalog::rules::slug(shortcut).map_err(|e| LiveError::NotAnId {
        id: shortcut.to_string(),
        reason: e.message,
    })?;
    Ok(live_dir(data_dir).join(format!("{shortcut}.json")))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> LiveError + '_ {
    move |source| LiveError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `announcement` (replacing an older host's for the same shortcut).
pub fn announce(data_dir: &Path, announcement: &Announcement) -> Result<(), LiveError> {
    let path = file(data_dir, &announcement.shortcut)?;
    let text = serde_json::to_string(announcement).map_err(|e| LiveError::Io {
        path: path.clone(),
        source: std::io::Error::other(e),
    })?;
    crate::base::files::write_atomic(&path, text.as_bytes(), false).map_err(io(&path))
}

/// Removes `shortcut`'s announcement if process `pid` wrote it (a newer host's stays).
pub fn withdraw(data_dir: &Path, shortcut: &str, pid: u32) {
    let Ok(path) = file(data_dir, shortcut) else {
        return;
    };
    if read(&path).is_some_and(|a| a.pid == pid) {
        let _ = std::fs::remove_file(&path);
    }
}

fn read(path: &Path) -> Option<Announcement> {
    let text = crate::base::files::read_capped(path, 64 * 1024, true).ok()?;
    serde_json::from_str(&text).ok()
}

/// How long a live console has to answer.
const ANSWER_WAIT: Duration = Duration::from_secs(3);

/// Sends `command` to `shortcut`'s live console and returns its one-line answer.
pub fn ask(data_dir: &Path, shortcut: &str, command: &str) -> Result<String, LiveError> {
    let path = file(data_dir, shortcut)?;
    let announcement = read(&path).ok_or_else(|| LiveError::NotLive {
        shortcut: shortcut.to_string(),
    })?;
    let no_answer = |source| LiveError::NoAnswer {
        shortcut: shortcut.to_string(),
        source,
    };
    let address = SocketAddr::from(([127, 0, 0, 1], announcement.port));
    let mut stream = TcpStream::connect_timeout(&address, ANSWER_WAIT).map_err(no_answer)?;
    stream
        .set_read_timeout(Some(ANSWER_WAIT))
        .map_err(no_answer)?;
    stream
        .write_all(format!("{} {command}\n", announcement.token.expose()).as_bytes())
        .map_err(no_answer)?;
    let mut line = String::new();
    BufReader::new(stream.take_limited())
        .read_line(&mut line)
        .map_err(no_answer)?;
    if line.is_empty() {
        return Err(no_answer(std::io::Error::other("it closed the connection")));
    }
    Ok(line.trim_end().to_string())
}

/// Asks `shortcut`'s live console to bring its tab and window to the front: `true` when it did.
pub fn focus(data_dir: &Path, shortcut: &str) -> bool {
    ask(data_dir, shortcut, "focus").is_ok_and(|a| a == "ok")
}

/// The consoles that are live now (their host answers), by shortcut id.
pub fn list(data_dir: &Path) -> Vec<Live> {
    let Ok(entries) = std::fs::read_dir(live_dir(data_dir)) else {
        return Vec::new();
    };
    let mut out: Vec<Live> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let shortcut = name.strip_suffix(".json")?.to_string();
            let announcement = read(&e.path())?;
            (announcement.shortcut == shortcut
                && ask(data_dir, &shortcut, "ping").is_ok_and(|a| a == "pong"))
            .then_some(Live {
                shortcut,
                since: announcement.since,
            })
        })
        .collect();
    out.sort_by(|a, b| a.shortcut.cmp(&b.shortcut));
    out
}

trait TakeLimited {
    fn take_limited(self) -> std::io::Take<TcpStream>;
}

impl TakeLimited for TcpStream {
    /// At most one short line is ever read from a peer.
    fn take_limited(self) -> std::io::Take<TcpStream> {
        std::io::Read::take(self, 4096)
    }
}

/// What a host does with a command; the answer is one line.
pub type Handler = Box<dyn Fn(&str) -> String + Send + Sync>;

/// A host's command listener (stops when dropped).
pub struct Listener {
    pub port: u16,
    pub token: Secret,
    stop: Arc<AtomicBool>,
    local: SocketAddr,
}

impl Listener {
    pub fn start(handler: Handler) -> Result<Self, std::io::Error> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let local = listener.local_addr()?;
        let token = Secret::new(random_hex()?);
        let stop = Arc::new(AtomicBool::new(false));
        let (s, expected) = (stop.clone(), token.clone());
        let handler = Arc::new(handler);
        std::thread::Builder::new()
            .name("rolehop-live-commands".into())
            .spawn(move || {
                crate::browser::handoff::accept_own_user(&listener, local, &s, |stream| {
                    let (handler, expected) = (handler.clone(), expected.clone());
                    std::thread::spawn(move || answer(stream, &expected, &handler));
                });
            })?;
        Ok(Self {
            port: local.port(),
            token,
            stop,
            local,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the stop.
        let _ = TcpStream::connect_timeout(&self.local, Duration::from_millis(200));
    }
}

fn answer(stream: TcpStream, expected: &Secret, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(ANSWER_WAIT));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut line = String::new();
    if BufReader::new(stream.take_limited())
        .read_line(&mut line)
        .is_err()
    {
        return;
    }
    let (token, command) = line.trim_end().split_once(' ').unwrap_or(("", ""));
    let reply =
        if crate::base::secret::constant_time_eq(token.as_bytes(), expected.expose().as_bytes()) {
            handler(command)
        } else {
            "refused".to_string()
        };
    let _ = writer.write_all(format!("{reply}\n").as_bytes());
}

fn random_hex() -> Result<String, std::io::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(data_dir: &Path, shortcut: &str) -> Listener {
        let listener = Listener::start(Box::new(|c: &str| match c {
            "ping" => "pong".into(),
            "focus" => "ok".into(),
            other => format!("unknown {other}"),
        }))
        .unwrap();
        announce(
            data_dir,
            &Announcement {
                shortcut: shortcut.into(),
                pid: std::process::id(),
                port: listener.port,
                token: listener.token.clone(),
                since: 1_700_000_000,
            },
        )
        .unwrap();
        listener
    }

    #[test]
    fn a_live_console_answers_with_its_token_only() {
        let dir = tempfile::tempdir().unwrap();
        let listener = host(dir.path(), "acme-prod");
        assert!(focus(dir.path(), "acme-prod"));
        assert_eq!(
            list(dir.path()),
            [Live {
                shortcut: "acme-prod".into(),
                since: 1_700_000_000
            }]
        );
        // The wrong token gets nothing done.
        let mut stream = TcpStream::connect(("127.0.0.1", listener.port)).unwrap();
        stream.write_all(b"0000 focus\n").unwrap();
        let mut line = String::new();
        BufReader::new(stream).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "refused");
        // The file is the user's only.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let path = file(dir.path(), "acme-prod").unwrap();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{mode:o}");
        }
        // Another host's announcement is not removed by this one; its own is.
        withdraw(dir.path(), "acme-prod", std::process::id() + 1);
        assert!(file(dir.path(), "acme-prod").unwrap().exists());
        withdraw(dir.path(), "acme-prod", std::process::id());
        assert!(!file(dir.path(), "acme-prod").unwrap().exists());
        assert!(!focus(dir.path(), "acme-prod"));
        assert!(list(dir.path()).is_empty());
    }

    #[test]
    fn a_host_gone_is_not_live_and_ids_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let listener = host(dir.path(), "gone");
        drop(listener);
        assert!(list(dir.path()).is_empty());
        assert!(matches!(
            file(dir.path(), "../x"),
            Err(LiveError::NotAnId { .. })
        ));
        assert!(matches!(
            ask(dir.path(), "never", "ping"),
            Err(LiveError::NotLive { .. })
        ));
    }
}
