//! Live consoles (issue 28) as a suite sees them: `rolehop live`'s rows. A console is live
//! once its extension has started `rolehop` as its native messaging host and the host has
//! announced itself, which on a busy machine comes a while after the console page shows; a
//! suite that needs a live console waits for it here rather than for a fixed time.

use std::time::Duration;

use crate::env::TestEnv;

/// `rolehop live`'s rows: (shortcut, console tabs).
pub fn live(env: &TestEnv) -> Vec<(String, String)> {
    env.ok(&["live"])
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            Some((cells.first()?.to_string(), cells.last()?.to_string()))
        })
        .collect()
}

/// Waits until `shortcut`'s console is live (its host answers), or panics after `timeout`.
pub fn wait_live(env: &TestEnv, shortcut: &str, timeout: Duration) {
    crate::wait_for(&format!("{shortcut}'s console live"), timeout, || {
        live(env).iter().any(|(id, _)| id == shortcut)
    });
}
