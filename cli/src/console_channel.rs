//! The channel host's end of the channel to a console's extension
//! (`rolehop_core::browser::channel`): frames out on stdout, and questions matched to their
//! answers by id, so any thread of the host (its command listener, a renewal) can ask the
//! extension something while the main loop takes what the extension says by itself.
//! Used by [`super::console_host`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rolehop_core::browser::channel::{FromExtension, ToExtension, write_message};

/// How long the extension has to answer a question.
const ANSWER_WAIT: Duration = Duration::from_secs(3);
/// The host's end of the channel: frames out, and the questions waiting for an answer.
#[derive(Clone)]
pub(super) struct Channel {
    pub(super) out: Arc<Mutex<std::io::Stdout>>,
    pub(super) waiting: Arc<Mutex<HashMap<u64, Sender<FromExtension>>>>,
    pub(super) next: Arc<AtomicU64>,
}

impl Channel {
    pub(super) fn send(&self, message: &ToExtension) -> bool {
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        write_message(&mut *out, message).is_ok()
    }

    /// Asks the extension and waits for its answer (`None`: no answer in time).
    pub(super) fn ask(&self, question: impl FnOnce(u64) -> ToExtension) -> Option<FromExtension> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel();
        self.waiting
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, tx);
        let answer = self
            .send(&question(id))
            .then(|| rx.recv_timeout(ANSWER_WAIT).ok())
            .flatten();
        self.waiting
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
        answer
    }

    /// An answer goes to whoever asked; anything else is the main loop's.
    pub(super) fn route(&self, message: FromExtension, events: &Sender<Happened>) {
        let id = match &message {
            FromExtension::At { id, .. } | FromExtension::Focused { id, .. } => Some(*id),
            _ => None,
        };
        match id.and_then(|id| {
            self.waiting
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&id)
        }) {
            Some(asker) => {
                let _ = asker.send(message);
            }
            None if id.is_some() => {}
            None => {
                let _ = events.send(Happened::Said(message));
            }
        }
    }
}

/// What the host's main loop hears.
pub(super) enum Happened {
    Said(FromExtension),
    /// Asked (the tray's Renew) to renew with fresh credentials.
    RenewAsked,
    SignedIn,
    Closed,
}
