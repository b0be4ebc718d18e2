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

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

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
}

impl Gates {
    /// The gates every broker of this process shares.
    pub fn global() -> &'static Gates {
        static GLOBAL: OnceLock<Gates> = OnceLock::new();
        GLOBAL.get_or_init(Gates::default)
    }

    /// Waits for the gate and holds it until the guard is dropped.
    pub async fn enter(&self, what: GateFor<'_>) -> OwnedMutexGuard<()> {
        let gate = {
            let mut gates = self.gates.lock().unwrap_or_else(|p| p.into_inner());
            gates.entry(what.key()).or_default().clone()
        };
        gate.lock_owned().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gate_is_held_until_its_guard_drops_and_others_stay_open() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
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
    fn threads_with_their_own_runtimes_share_the_global_gates() {
        let order = Arc::new(Mutex::new(Vec::new()));
        let first = Gates::global();
        let (entered_tx, entered_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let o1 = order.clone();
        let a = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap_or_else(|e| panic!("{e}"));
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
                .unwrap_or_else(|e| panic!("{e}"));
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
