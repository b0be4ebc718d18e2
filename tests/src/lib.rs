//! Cross-component test harness: every service a suite needs, started by the suite itself,
//! waited for, and stopped when dropped.
//!
//! - [`moto`]: moto server (STS, IAM) from PyPI, on a free loopback port;
//! - [`secret_service`]: a private D-Bus session bus with gnome-keyring's Secret Service,
//!   unlocked, under a temp HOME;
//! - [`sts_proxy`]: a recording proxy in front of moto (counts STS actions, remembers which
//!   credentials were issued to whom);
//! - [`standin`]: the console federation stand-in (getSigninToken and login as AWS documents
//!   them, checked against moto and the proxy's records);
//! - [`sso_standin`]: IAM Identity Center's OIDC and portal APIs, minting role credentials
//!   through the STS proxy;
//! - [`fault`]: an STS that answers in AWS's XML error format, for the rules moto does not
//!   check (MFA, trust policies, durations, throttling);
//! - [`env`]: a temp home with all of the above and a `rolehop` command wired to them;
//! - [`scan`]: leak scans of directories and captured output;
//! - [`seed`]: clients and shortcuts added to a suite's catalog with `rolehop add`;
//! - [`live`]: live consoles as `rolehop live` lists them.
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod display;
pub mod env;
pub mod fault;
pub mod http;
pub mod live;
pub mod moto;
pub mod notifications;
pub mod scan;
pub mod secret_service;
pub mod seed;
pub mod sigv4;
pub mod sso_standin;
pub mod standin;
pub mod sts_proxy;
pub mod tray;
pub mod webdriver;
pub mod xml;

/// A test that cannot run here says so instead of passing silently: the reason goes to the
/// skip log (`ROLEHOP_SKIP_LOG`, which `scripts/test.sh` counts as skipped in its closing line),
/// and with `ROLEHOP_NO_SKIP=1` (CI, which runs as root with everything installed) a skip is a
/// failure. Call it, then `return`.
pub fn skip(reason: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("(unnamed test)")
        .to_string();
    let binary = std::env::args()
        .next()
        .map(|a| {
            let name = a.rsplit('/').next().unwrap_or(&a).to_string();
            // Cargo names test binaries `<target>-<hash>`.
            name.rsplit_once('-')
                .map_or(name.clone(), |(n, _)| n.to_string())
        })
        .unwrap_or_default();
    if std::env::var("ROLEHOP_NO_SKIP").is_ok_and(|v| v == "1") {
        panic!(
            "{binary}::{test} cannot run here: {reason} (ROLEHOP_NO_SKIP=1: a skip is a failure)"
        );
    }
    eprintln!("skipped: {reason}");
    if let Some(log) = std::env::var_os("ROLEHOP_SKIP_LOG") {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
        {
            let _ = writeln!(f, "{binary}::{test}: {reason}");
        }
    }
}

/// Command lines of every process on the machine (Linux), as (pid, NUL-separated args).
pub fn cmdlines() -> Vec<(u32, Vec<u8>)> {
    std::fs::read_dir("/proc")
        .map(|d| {
            d.flatten()
                .filter_map(|e| {
                    let pid: u32 = e.file_name().to_str()?.parse().ok()?;
                    Some((pid, std::fs::read(e.path().join("cmdline")).ok()?))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Waits until `ready` says yes, or panics with `what` after `timeout`.
pub fn wait_for(what: &str, timeout: std::time::Duration, mut ready: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while start.elapsed() < timeout {
        if ready() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("{what} did not become ready within {timeout:?}");
}

/// Polls `check` until it gives a value, or panics with `what` after `timeout`.
pub fn eventually<T>(
    what: &str,
    timeout: std::time::Duration,
    mut check: impl FnMut() -> Option<T>,
) -> T {
    let start = std::time::Instant::now();
    while start.elapsed() < timeout {
        if let Some(v) = check() {
            return v;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("timed out waiting for: {what}");
}

/// A random-enough hex string for test tokens (no RNG dependency needed).
pub fn random_hex(bytes: usize) -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut out = String::new();
    while out.len() < bytes * 2 {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default(),
        );
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out.truncate(bytes * 2);
    out
}

/// `program` run as user `nobody` (uid and gid 65534, no groups) through `setpriv`: another
/// local user, for the tests that show Rolehop's local endpoints refuse one. Needs root.
pub fn as_nobody(program: &str) -> std::process::Command {
    let mut c = std::process::Command::new("setpriv");
    c.args([
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        "--",
        program,
    ]);
    c
}
