//! How many links from outside are taken in a short time. A web page can fire `rolehop://`
//! links in a loop (ten in a burst gave ten browser launches): after [`MAX_LINKS`] within
//! [`WINDOW`], further links are dropped, not queued; the first dropped one of a burst is
//! reported once, the rest silently, until the burst is over. Pure (the time is given).

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Links taken within [`WINDOW`].
pub const MAX_LINKS: usize = 3;
/// The span the count covers.
pub const WINDOW: Duration = Duration::from_secs(10);

/// What to do with one more link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    Take,
    /// Dropped; the person is told (once per burst).
    DropAndTell,
    /// Dropped; already told.
    Drop,
}

#[derive(Debug, Default)]
pub struct LinkGate {
    taken: VecDeque<Instant>,
    told: bool,
}

impl LinkGate {
    pub fn admit(&mut self, now: Instant) -> Admit {
        while self
            .taken
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= WINDOW)
        {
            self.taken.pop_front();
        }
        if self.taken.len() < MAX_LINKS {
            self.taken.push_back(now);
            self.told = false;
            return Admit::Take;
        }
        if std::mem::replace(&mut self.told, true) {
            Admit::Drop
        } else {
            Admit::DropAndTell
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_cut_after_a_few_and_told_once() {
        let mut gate = LinkGate::default();
        let t0 = Instant::now();
        let burst: Vec<Admit> = (0..10)
            .map(|i| gate.admit(t0 + Duration::from_millis(i * 10)))
            .collect();
        assert_eq!(&burst[..3], &[Admit::Take; 3]);
        assert_eq!(burst[3], Admit::DropAndTell);
        assert!(burst[4..].iter().all(|a| *a == Admit::Drop));
        // After the window, links are taken again.
        assert_eq!(
            gate.admit(t0 + WINDOW + Duration::from_millis(100)),
            Admit::Take
        );
    }
}
