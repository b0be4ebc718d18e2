//! The pure parts of `rolehop exec --each`: the preview of the accounts a fan-out would touch,
//! the prefix of each output line, the file each shortcut's output goes to with `--out`, and
//! the closing table with its exit code. The CLI runs the children; what it shows and decides
//! is made here, table-tested.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::catalog::ResolvedShortcut;

/// How many children run at once unless `-j` says otherwise: enough to be quick, few enough
/// that STS and the services behind the command do not throttle.
pub const DEFAULT_JOBS: usize = 4;

/// The most `-j` allows.
pub const MAX_JOBS: usize = 64;

/// How a child's run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    /// It exited with this code.
    Exited(i32),
    /// A signal ended it (Unix).
    Signal(i32),
    /// Stopped by Rolehop when the person pressed Ctrl+C.
    Stopped,
    /// Never started: Ctrl+C came first.
    NotStarted,
    /// Never started: no credentials (the reason).
    NoCredentials(String),
    /// Never started: the command could not be run (the reason).
    CannotRun(String),
}

impl Ended {
    pub fn succeeded(&self) -> bool {
        *self == Self::Exited(0)
    }

    /// What the table shows.
    pub fn shown(&self) -> String {
        match self {
            Self::Exited(code) => format!("exit {code}"),
            Self::Signal(signal) => format!("signal {signal}"),
            Self::Stopped => "stopped (Ctrl+C)".into(),
            Self::NotStarted => "not started (Ctrl+C)".into(),
            Self::NoCredentials(why) => format!("no credentials: {why}"),
            Self::CannotRun(why) => format!("not run: {why}"),
        }
    }
}

/// One shortcut's run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub shortcut: String,
    pub account: String,
    pub production: bool,
    pub ended: Ended,
    /// How long the child ran (zero when it never started).
    pub duration: Duration,
}

/// The preview's rows: shortcut, client, account, role, and PRODUCTION where it is.
pub fn plan_rows(shortcuts: &[ResolvedShortcut]) -> Vec<Vec<String>> {
    shortcuts
        .iter()
        .map(|s| {
            vec![
                s.id.clone(),
                s.client_name.clone(),
                s.account.clone(),
                s.role_name.clone(),
                if s.production {
                    "PRODUCTION".into()
                } else {
                    String::new()
                },
            ]
        })
        .collect()
}

/// The preview's headers.
pub const PLAN_HEADERS: [&str; 5] = ["SHORTCUT", "CLIENT", "ACCOUNT", "ROLE", ""];

/// The closing table's headers.
pub const SUMMARY_HEADERS: [&str; 4] = ["SHORTCUT", "ACCOUNT", "RESULT", "TIME"];

/// A duration as a person reads it: `0.4s`, `12.0s`, `2m05s`, `1h02m`.
pub fn shown_duration(d: Duration) -> String {
    let secs = d.as_secs();
    if secs >= 3600 {
        format!("{}h{:02}m", secs / 3600, (secs % 3600) / 60)
    } else if secs >= 60 {
        format!("{}m{:02}s", secs / 60, secs % 60)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

/// The closing table's rows, in the order the shortcuts were picked.
pub fn summary_rows(outcomes: &[Outcome]) -> Vec<Vec<String>> {
    outcomes
        .iter()
        .map(|o| {
            vec![
                if o.production {
                    format!("{} (PRODUCTION)", o.shortcut)
                } else {
                    o.shortcut.clone()
                },
                o.account.clone(),
                o.ended.shown(),
                if o.duration.is_zero() {
                    "-".into()
                } else {
                    shown_duration(o.duration)
                },
            ]
        })
        .collect()
}

/// The line under the table: how many succeeded, failed, and were stopped.
pub fn summary_line(outcomes: &[Outcome], most_at_once: usize) -> String {
    let ok = outcomes.iter().filter(|o| o.ended.succeeded()).count();
    let stopped = outcomes
        .iter()
        .filter(|o| matches!(o.ended, Ended::Stopped | Ended::NotStarted))
        .count();
    let failed = outcomes.len() - ok - stopped;
    let mut line = format!("{ok} of {} succeeded, {failed} failed", outcomes.len());
    if stopped > 0 {
        line.push_str(&format!(", {stopped} stopped or not started (Ctrl+C)"));
    }
    line.push_str(&format!("; at most {most_at_once} ran at once"));
    line
}

/// Rolehop's exit code after a fan-out: 0 when every command succeeded, 130 when Ctrl+C
/// stopped it (as a shell reports SIGINT), else 1.
pub fn exit_code(outcomes: &[Outcome], interrupted: bool) -> u8 {
    if interrupted {
        130
    } else if outcomes.iter().all(|o| o.ended.succeeded()) {
        0
    } else {
        1
    }
}

/// The prefix of a child's output lines: its shortcut id, padded to the longest id of the
/// run so the output lines up.
pub fn prefix(shortcut: &str, width: usize) -> String {
    let pad = width.saturating_sub(shortcut.chars().count());
    format!("{shortcut}{} | ", " ".repeat(pad))
}

/// Why an output file cannot be named after a shortcut.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--out: `{shortcut}` cannot name a file ({reason})")]
pub struct OutName {
    pub shortcut: String,
    pub reason: String,
}

/// Where a shortcut's output goes with `--out DIR`: `DIR/<id>.out` (stdout) and
/// `DIR/<id>.err` (stderr). The id becomes a file name here, so it is checked here: a
/// catalog id (lowercase letters, digits, `-`, `_`, `.`, starting with a letter or digit)
/// and nothing else, whatever checked it before.
pub fn out_files(dir: &Path, shortcut: &str) -> Result<(PathBuf, PathBuf), OutName> {
    if let Err(e) = crate::catalog::rules::slug(shortcut) {
        return Err(OutName {
            shortcut: shortcut.to_string(),
            reason: e.message,
        });
    }
    Ok((
        dir.join(format!("{shortcut}.out")),
        dir.join(format!("{shortcut}.err")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(id: &str, ended: Ended, secs: u64) -> Outcome {
        Outcome {
            shortcut: id.into(),
            account: "111111111111".into(),
            production: id.ends_with("prod"),
            ended,
            duration: Duration::from_secs(secs),
        }
    }

    #[test]
    fn durations_read_at_a_glance() {
        let table = [
            (Duration::from_millis(400), "0.4s"),
            (Duration::from_secs(12), "12.0s"),
            (Duration::from_secs(125), "2m05s"),
            (Duration::from_secs(3720), "1h02m"),
        ];
        for (d, want) in table {
            assert_eq!(shown_duration(d), want);
        }
    }

    #[test]
    fn the_table_says_what_happened_to_each_and_the_exit_code_follows() {
        let outcomes = vec![
            outcome("acme-dev", Ended::Exited(0), 2),
            outcome("acme-prod", Ended::Exited(3), 1),
            outcome("beta-dev", Ended::NoCredentials("MFA refused".into()), 0),
            outcome("beta-prod", Ended::Signal(9), 4),
        ];
        let rows = summary_rows(&outcomes);
        assert_eq!(rows[0], ["acme-dev", "111111111111", "exit 0", "2.0s"]);
        assert_eq!(rows[1][0], "acme-prod (PRODUCTION)");
        assert_eq!(rows[1][2], "exit 3");
        assert_eq!(rows[2][2], "no credentials: MFA refused");
        assert_eq!(rows[2][3], "-");
        assert_eq!(rows[3][2], "signal 9");
        assert_eq!(exit_code(&outcomes, false), 1);
        assert_eq!(exit_code(&outcomes[..1], false), 0);
        assert_eq!(exit_code(&outcomes[..1], true), 130);
        assert_eq!(
            summary_line(&outcomes, 2),
            "1 of 4 succeeded, 3 failed; at most 2 ran at once"
        );
        let stopped = vec![
            outcome("a", Ended::Exited(0), 1),
            outcome("b", Ended::Stopped, 1),
            outcome("c", Ended::NotStarted, 0),
        ];
        assert_eq!(
            summary_line(&stopped, 2),
            "1 of 3 succeeded, 0 failed, 2 stopped or not started (Ctrl+C); at most 2 ran at once"
        );
    }

    #[test]
    fn prefixes_line_up() {
        assert_eq!(prefix("a", 4), "a    | ");
        assert_eq!(prefix("acme", 4), "acme | ");
        assert_eq!(prefix("toolong", 4), "toolong | ");
    }

    #[test]
    fn an_output_file_is_named_only_after_a_catalog_id() {
        let dir = Path::new("/tmp/out");
        assert_eq!(
            out_files(dir, "acme-prod").unwrap(),
            (dir.join("acme-prod.out"), dir.join("acme-prod.err"))
        );
        for bad in ["../etc/passwd", "a/b", "", ".hidden", "Acme"] {
            assert!(out_files(dir, bad).is_err(), "{bad}");
        }
    }
}
