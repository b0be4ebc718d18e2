//! The journal of the day: which client consoles were opened, renewed and signed out, when,
//! and for how long each was in front (from the extension's focus reports, through the
//! console's channel host). Agencies bill by client, and an audit asks who was in which
//! client's production account. Local only: `<data dir>/journal.jsonl`, one JSON object per
//! line, 0600, never sent anywhere; kept [`LiveSettings::keep_days`] days, not kept at all when
//! the person turns it off.
//!
//! Each entry names the client, its name and the account as they were then, so a renamed
//! shortcut or client does not rewrite the past. Appends are one `write` of one line with
//! `O_APPEND`, so the hosts of several consoles can write at once.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::settings::LiveSettings;
use crate::catalog::resolve::ResolvedShortcut;

/// What happened to a console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Opened,
    Renewed,
    SignedOut,
    /// The console was in front for `seconds` from `at`.
    InFront,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Opened => "opened",
            Self::Renewed => "renewed",
            Self::SignedOut => "signed out",
            Self::InFront => "in front",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Unix seconds.
    pub at: i64,
    pub event: Event,
    pub shortcut: String,
    pub client: String,
    pub client_name: String,
    pub account: String,
    #[serde(default)]
    pub production: bool,
    /// How long an [`Event::InFront`] lasted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u64>,
}

impl Entry {
    pub fn of(shortcut: &ResolvedShortcut, event: Event, at: i64) -> Self {
        Self {
            at,
            event,
            shortcut: shortcut.id.clone(),
            client: shortcut.client.clone(),
            client_name: crate::browser::mark::clean(&shortcut.client_name),
            account: shortcut.account.clone(),
            production: shortcut.production,
            seconds: None,
        }
    }
}

/// Why the journal could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot write or read the journal {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "`{text}` is not a time to start from: use today, yesterday, 3h, 7d, 2026-12-01 or 2026-12-01T09:00"
    )]
    Since { text: String },
}

pub fn file(data_dir: &Path) -> PathBuf {
    data_dir.join("journal.jsonl")
}

/// Adds `entry` when the journal is on (and drops entries older than the keep, at most once
/// a day's worth of entries has aged out). A failure is logged, never in the person's way.
pub fn record(data_dir: &Path, entry: &Entry) {
    let settings = LiveSettings::load(data_dir);
    if !settings.journal {
        return;
    }
    if let Err(e) = append(data_dir, entry) {
        tracing::warn!("journal: {e}");
        return;
    }
    let oldest_kept = entry.at - i64::from(settings.keep_days) * 86_400;
    if let Err(e) = prune(data_dir, oldest_kept) {
        tracing::warn!("journal: {e}");
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> JournalError + '_ {
    move |source| JournalError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn append(data_dir: &Path, entry: &Entry) -> Result<(), JournalError> {
    let path = file(data_dir);
    let mut line = serde_json::to_string(entry).map_err(|e| JournalError::Io {
        path: path.clone(),
        source: std::io::Error::other(e),
    })?;
    line.push('\n');
    crate::base::files::create_private_dir(data_dir).map_err(io(data_dir))?;
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut out = options.open(&path).map_err(io(&path))?;
    out.write_all(line.as_bytes()).map_err(io(&path))
}

/// Drops entries before `oldest_kept` once the first one is a day older than that (so a
/// journal is rewritten about once a day, not at every entry).
fn prune(data_dir: &Path, oldest_kept: i64) -> Result<(), JournalError> {
    let path = file(data_dir);
    let entries = read(data_dir)?;
    if entries.first().is_none_or(|e| e.at >= oldest_kept - 86_400) {
        return Ok(());
    }
    let mut text = String::new();
    for entry in entries.iter().filter(|e| e.at >= oldest_kept) {
        if let Ok(line) = serde_json::to_string(entry) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    crate::base::files::write_atomic(&path, text.as_bytes(), false).map_err(io(&path))
}

/// Every entry, oldest first (lines that are not entries, such as a line cut short by a full
/// disk, are skipped).
pub fn read(data_dir: &Path) -> Result<Vec<Entry>, JournalError> {
    let path = file(data_dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(&path)(e)),
    };
    let mut entries: Vec<Entry> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    entries.sort_by_key(|e| e.at);
    Ok(entries)
}

/// Which entries a question is about.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Unix seconds; entries from then on.
    pub since: i64,
    /// A client's id or name (any case).
    pub client: Option<String>,
}

pub fn select(entries: &[Entry], query: &Query) -> Vec<Entry> {
    let client = query.client.as_deref().map(str::to_lowercase);
    entries
        .iter()
        .filter(|e| e.at >= query.since)
        .filter(|e| {
            client
                .as_deref()
                .is_none_or(|c| e.client.to_lowercase() == c || e.client_name.to_lowercase() == c)
        })
        .cloned()
        .collect()
}

/// One client's day (or whatever the query covered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientTotal {
    pub client: String,
    pub client_name: String,
    /// Seconds its consoles were in front.
    pub in_front: u64,
    /// Of which in production consoles.
    pub production_in_front: u64,
    pub opened: usize,
    pub renewed: usize,
    pub signed_out: usize,
    /// Its shortcuts that appear, in order of first appearance.
    pub shortcuts: Vec<String>,
}

/// Totals per client, the client in front longest first.
pub fn totals(entries: &[Entry]) -> Vec<ClientTotal> {
    let mut out: Vec<ClientTotal> = Vec::new();
    for e in entries {
        let i = match out.iter().position(|t| t.client == e.client) {
            Some(i) => i,
            None => {
                out.push(ClientTotal {
                    client: e.client.clone(),
                    client_name: e.client_name.clone(),
                    in_front: 0,
                    production_in_front: 0,
                    opened: 0,
                    renewed: 0,
                    signed_out: 0,
                    shortcuts: Vec::new(),
                });
                out.len() - 1
            }
        };
        let t = &mut out[i];
        // The newest name is the one shown.
        t.client_name.clone_from(&e.client_name);
        if !t.shortcuts.contains(&e.shortcut) {
            t.shortcuts.push(e.shortcut.clone());
        }
        match e.event {
            Event::Opened => t.opened += 1,
            Event::Renewed => t.renewed += 1,
            Event::SignedOut => t.signed_out += 1,
            Event::InFront => {
                let s = e.seconds.unwrap_or(0);
                t.in_front += s;
                if e.production {
                    t.production_in_front += s;
                }
            }
        }
    }
    out.sort_by(|a, b| b.in_front.cmp(&a.in_front).then(a.client.cmp(&b.client)));
    out
}

/// "1 h 05 min", "12 min", "40 s".
pub fn duration(seconds: u64) -> String {
    let (h, m) = (seconds / 3600, (seconds % 3600) / 60);
    match (h, m) {
        (0, 0) => format!("{seconds} s"),
        (0, m) => format!("{m} min"),
        (h, m) => format!("{h} h {m:02} min"),
    }
}

/// The entries as CSV (RFC 4180): `time` in UTC (RFC 3339), `event`, `client`,
/// `client_name`, `shortcut`, `account`, `production`, `seconds`. A field a spreadsheet would
/// run as a formula (`=`, `+`, `-`, `@` first) gets a `'` in front; control characters in a
/// field become U+FFFD, so the text can go to a terminal as it is.
pub fn csv(entries: &[Entry]) -> String {
    let mut out =
        String::from("time,event,client,client_name,shortcut,account,production,seconds\r\n");
    for e in entries {
        let fields = [
            rfc3339(e.at),
            e.event.as_str().to_string(),
            e.client.clone(),
            e.client_name.clone(),
            e.shortcut.clone(),
            e.account.clone(),
            e.production.to_string(),
            e.seconds.map(|s| s.to_string()).unwrap_or_default(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// `14:05`: a time of day in the machine's time zone.
pub fn local_time(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string())
        .unwrap_or_default()
}

/// `2026-12-07T09:30:00Z`.
pub fn rfc3339(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

fn csv_field(text: &str) -> String {
    // No control character reaches the file or a terminal it is printed to.
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// When `--since TEXT` starts, with `now` the local time: `today` (local midnight),
/// `yesterday`, `Nh`, `Nd` (hours or days back), a local date `YYYY-MM-DD` or a local
/// `YYYY-MM-DDTHH:MM`.
pub fn parse_since(text: &str, now: chrono::DateTime<chrono::Local>) -> Result<i64, JournalError> {
    use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone};
    let bad = || JournalError::Since {
        text: text.to_string(),
    };
    let t = text.trim().to_lowercase();
    let midnight = |date: NaiveDate| {
        chrono::Local
            .from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
            .earliest()
            .map(|d| d.timestamp())
    };
    let number = |suffix: char| {
        t.strip_suffix(suffix)
            .and_then(|n| n.trim().parse::<i64>().ok())
            .filter(|n| (0..=36_500).contains(n))
    };
    if t == "today" {
        return midnight(now.date_naive()).ok_or_else(bad);
    }
    if t == "yesterday" {
        return midnight(now.date_naive() - Duration::days(1)).ok_or_else(bad);
    }
    if let Some(h) = number('h') {
        return Ok(now.timestamp() - h * 3600);
    }
    if let Some(d) = number('d') {
        return Ok(now.timestamp() - d * 86_400);
    }
    if let Ok(date) = NaiveDate::parse_from_str(&t, "%Y-%m-%d") {
        return midnight(date).ok_or_else(bad);
    }
    if let Ok(at) = NaiveDateTime::parse_from_str(&t, "%Y-%m-%dt%H:%M") {
        return chrono::Local
            .from_local_datetime(&at)
            .earliest()
            .map(|d| d.timestamp())
            .ok_or_else(bad);
    }
    Err(bad())
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;
