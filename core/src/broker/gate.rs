//! Gates that make parallel opens share one MFA prompt and one STS call.
//!
//! Everything in one process that asks for credentials (the tray's clicks, a `rolehop open a b
//! c` handed to the tray, the switcher, discovery) goes through a broker, and every broker of
//! the process shares [`Gates::global`]. Getting an identity's daily session, or spending an
//! MFA code of that identity, holds the identity's gate; getting a shortcut's role credentials
//! holds the shortcut's gate. A caller that waited at a gate re-reads the keychain before it
//! calls AWS, so it finds what the first caller just stored (the keychain record is also what
//! a second process finds). Gates are async mutexes, so waiting never blocks a thread, and
//! they work across the runtimes of the tray's worker threads.
//!
//! Lock order, so two callers can never wait on each other: a shortcut's gate, then its `via`
//! parent's (chains have no loops), then the identity's.
//!
//! Across processes (two terminals, the AWS CLI running `credential_process` for several
//! profiles at once, the CLI beside the tray), an identity's gate is also an advisory lock on
//! `<data dir>/locks/identity-<hex of id>.lock`, once the process has named its lock directory
//! ([`Gates::use_lock_dir`]): the second process waits, then finds the first one's session in
//! the keychain. The lock goes with the process, so a crash never leaves it held.

use std::collections::HashMap;
use std::fs::File;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use tokio::sync::OwnedMutexGuard;

/// What a gate guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateFor<'a> {
    /// An identity's session and MFA codes.
    Identity(&'a str),
    /// A shortcut's role credentials.
    Shortcut(&'a str),
}

impl GateFor<'_> {
    fn key(self) -> String {
        match self {
            Self::Identity(id) => format!("identity/{id}"),
            Self::Shortcut(id) => format!("shortcut/{id}"),
        }
    }
}

/// A set of named async gates.
#[derive(Debug, Default)]
pub struct Gates {
    gates: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    lock_dir: OnceLock<PathBuf>,
}

/// A gate held: released when dropped (the lock file with it).
#[derive(Debug)]
pub struct Held {
    _gate: OwnedMutexGuard<()>,
    _file: Option<File>,
}

/// How often a waiting process looks at another process's lock again.
const LOCK_POLL: Duration = Duration::from_millis(100);

/// The lock file of an identity: the id as hex, so no id can name another path.
fn lock_file_name(identity: &str) -> String {
    let hex: String = identity.bytes().map(|b| format!("{b:02x}")).collect();
    format!("identity-{hex}.lock")
}

impl Gates {
    /// The gates every broker of this process shares.
    pub fn global() -> &'static Gates {
        static GLOBAL: OnceLock<Gates> = OnceLock::new();
        GLOBAL.get_or_init(Gates::default)
    }

    /// Makes identity gates also hold a lock file in `dir` (created 0700 when missing), so
    /// other processes that do the same wait for them. The first call wins.
    pub fn use_lock_dir(&self, dir: PathBuf) {
        let _ = self.lock_dir.set(dir);
    }

    /// Waits for the gate and holds it until the guard is dropped.
    pub async fn enter(&self, what: GateFor<'_>) -> Held {
        let gate = {
            let mut gates = self.gates.lock().unwrap_or_else(|p| p.into_inner());
            gates.entry(what.key()).or_default().clone()
        };
        let held = gate.lock_owned().await;
        let file = match (what, self.lock_dir.get()) {
            (GateFor::Identity(id), Some(dir)) => lock_across_processes(dir, id).await,
            _ => None,
        };
        Held {
            _gate: held,
            _file: file,
        }
    }
}

/// Takes the identity's lock file, waiting (without blocking the thread) while another process
/// holds it. A directory or file that cannot be made only costs the cross-process part.
async fn lock_across_processes(dir: &std::path::Path, identity: &str) -> Option<File> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    if let Err(e) = builder.create(dir) {
        tracing::debug!(
            "no lock directory {} ({e}); gate is per process",
            dir.display()
        );
        return None;
    }
    let path = dir.join(lock_file_name(identity));
    let file = match std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) => {
            tracing::debug!("cannot open {} ({e}); gate is per process", path.display());
            return None;
        }
    };
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Some(file),
            Err(std::fs::TryLockError::WouldBlock) => {
                if !told {
                    tracing::warn!(
                        identity,
                        "another Rolehop process is getting this identity's session (its MFA prompt may be open); waiting for it"
                    );
                    told = true;
                }
                tokio::time::sleep(LOCK_POLL).await;
            }
            Err(std::fs::TryLockError::Error(e)) => {
                tracing::debug!("cannot lock {} ({e}); gate is per process", path.display());
                return None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gate_is_held_until_its_guard_drops_and_others_stay_open() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let gates = Gates::default();
            let held = gates.enter(GateFor::Identity("me")).await;
            // Another identity and a shortcut of the same name are other gates.
            drop(gates.enter(GateFor::Identity("you")).await);
            drop(gates.enter(GateFor::Shortcut("me")).await);
            let waiting = gates.enter(GateFor::Identity("me"));
            tokio::pin!(waiting);
            assert!(
                futures_util::FutureExt::now_or_never(waiting.as_mut()).is_none(),
                "the second caller waits"
            );
            drop(held);
            drop(waiting.await);
        });
    }

    #[test]
    fn identity_gates_wait_for_other_processes_through_their_lock_file() {
        // Two `Gates` with one lock directory behave as two processes would.
        let dir = tempfile::tempdir().unwrap();
        let (first, second) = (Gates::default(), Gates::default());
        first.use_lock_dir(dir.path().join("locks"));
        second.use_lock_dir(dir.path().join("locks"));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            let held = first.enter(GateFor::Identity("../me")).await;
            let waiting = second.enter(GateFor::Identity("../me"));
            tokio::pin!(waiting);
            assert!(
                tokio::time::timeout(Duration::from_millis(300), waiting.as_mut())
                    .await
                    .is_err(),
                "the other process waits"
            );
            // Shortcut gates and other identities do not touch the lock.
            drop(second.enter(GateFor::Identity("you")).await);
            drop(second.enter(GateFor::Shortcut("../me")).await);
            drop(held);
            drop(waiting.await);
        });
        let names: Vec<String> = std::fs::read_dir(dir.path().join("locks"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            names.contains(&"identity-2e2e2f6d65.lock".to_string()),
            "{names:?}"
        );
        assert!(
            dir.path().join("locks").is_dir(),
            "the id never became a path"
        );
    }

    #[test]
    fn threads_with_their_own_runtimes_share_the_global_gates() {
        let order = Arc::new(Mutex::new(Vec::new()));
        let first = Gates::global();
        let (entered_tx, entered_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let o1 = order.clone();
        let a = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            rt.block_on(async {
                let _g = first.enter(GateFor::Identity("gate-test")).await;
                let _ = entered_tx.send(());
                let _ = release_rx.recv();
                o1.lock().unwrap_or_else(|p| p.into_inner()).push("a");
            });
        });
        let _ = entered_rx.recv();
        let o2 = order.clone();
        let b = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            rt.block_on(async {
                let _g = Gates::global().enter(GateFor::Identity("gate-test")).await;
                o2.lock().unwrap_or_else(|p| p.into_inner()).push("b");
            });
        });
        let _ = release_tx.send(());
        let _ = a.join();
        let _ = b.join();
        assert_eq!(*order.lock().unwrap_or_else(|p| p.into_inner()), ["a", "b"]);
    }
}
