//! Memory per open console (a goal, not pass/fail): `rolehop open` of N accounts side by side
//! in Chromium, in both profile layouts — a browser per shortcut (`profile_layout =
//! "separate"`, the layout before issue 15) and profiles of one shared Rolehop browser (the
//! default) — each window on the federation stand-in's console page, against moto. Prints the
//! PSS summed over each layout's browser process trees, side by side, and what each additional
//! console costs. Goal: at least 40 % less per additional console than a separate browser.
//!
//! `cargo bench -p rolehop-tests --bench browser_memory` (or `tests/bench/browser_memory.sh`);
//! `ROLEHOP_BENCH_COUNTS` ("1 4 10"), `ROLEHOP_BENCH_SETTLE` (seconds after the consoles loaded,
//! 15). Needs chromium and Xvfb (the README test command installs them). Also prints the disk
//! the browser folders take once the consoles settled. `ROLEHOP_BIN` measures another build of
//! `rolehop` (an earlier commit's, for a before/after).
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rolehop_tests::env::TestEnv;
use rolehop_tests::seed::{client, shortcut};

/// Parent of every process (from `/proc/<pid>/stat`).
fn parents() -> HashMap<u32, u32> {
    let mut out = HashMap::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (comm) state ppid …": the command may hold spaces and parentheses.
        if let Some(ppid) = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse().ok())
        {
            out.insert(pid, ppid);
        }
    }
    out
}

fn pss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("Pss:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

/// The browsers on profiles under `data`: their main processes (not helpers).
fn browser_mains(data: &Path) -> Vec<u32> {
    let needle = format!("--user-data-dir={}", data.display());
    rolehop_tests::cmdlines()
        .into_iter()
        .filter(|(_, c)| {
            let text = String::from_utf8_lossy(c);
            text.contains(&needle) && !text.contains("--type=")
        })
        .map(|(pid, _)| pid)
        .collect()
}

/// PSS in kB and process count over the browsers' process trees.
fn measure(data: &Path) -> (u64, usize) {
    let mains = browser_mains(data);
    let parents = parents();
    let in_tree = |mut pid: u32| loop {
        if mains.contains(&pid) {
            return true;
        }
        match parents.get(&pid) {
            Some(&p) if p > 1 && p != pid => pid = p,
            _ => return false,
        }
    };
    let tree: Vec<u32> = parents.keys().copied().filter(|p| in_tree(*p)).collect();
    (tree.iter().map(|p| pss_kb(*p)).sum(), tree.len())
}

/// Bytes on disk under `dir` (allocated blocks, as `du` counts them; elsewhere the length).
fn disk_bytes(dir: &Path) -> u64 {
    #[cfg(unix)]
    fn on_disk(meta: &std::fs::Metadata) -> u64 {
        use std::os::unix::fs::MetadataExt;
        meta.blocks() * 512
    }
    #[cfg(not(unix))]
    fn on_disk(meta: &std::fs::Metadata) -> u64 {
        meta.len()
    }
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let Ok(meta) = entry.path().symlink_metadata() else {
                continue;
            };
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                total += on_disk(&meta);
            }
        }
    }
    total
}

/// Ends the browsers (each runs in its own process group) and waits until they are gone.
fn stop_browsers(data: &Path) {
    for pid in browser_mains(data) {
        let _ = std::process::Command::new("kill")
            .args(["-s", "TERM", "--", &format!("-{pid}")])
            .status();
    }
    let start = Instant::now();
    while !browser_mains(data).is_empty() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(200));
    }
    for pid in browser_mains(data) {
        let _ = std::process::Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{pid}")])
            .status();
    }
    let left = browser_mains(data);
    assert!(left.is_empty(), "browsers still running: {left:?}");
}

fn main() {
    // `cargo bench` passes `--bench`; other arguments are not taken.
    let counts: Vec<usize> = std::env::var("ROLEHOP_BENCH_COUNTS")
        .unwrap_or_else(|_| "1 4 10".into())
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .collect();
    let settle = Duration::from_secs(
        std::env::var("ROLEHOP_BENCH_SETTLE")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(15),
    );
    let most = counts.iter().copied().max().unwrap_or(1);
    let env = TestEnv::full_with_display();
    let (key, secret) = env.moto().create_user("111111111111", "alice");
    env.setup("alice", "111111111111", &key, &secret, &[]);
    env.seed(&[client("acme", "Acme Corp")]);
    for i in 1..=most {
        env.seed(&[shortcut(
            &format!("acct-{i}"),
            "acme",
            &format!("{}", 200_000_000_000u64 + i as u64),
            "Admin",
        )]);
    }
    let standin = env.standin.as_ref().expect("standin");
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap();
    let data = env.data_dir();
    let mut results: HashMap<(&str, usize), (u64, usize)> = HashMap::new();
    let mut disks: HashMap<(&str, usize), u64> = HashMap::new();
    for layout in ["separate", "shared"] {
        std::fs::write(
            env.catalog_path(),
            format!("profile_layout = \"{layout}\"\n{catalog}"),
        )
        .unwrap();
        for &n in &counts {
            // Fresh profiles each time: both layouts start from the same nothing.
            let _ = std::fs::remove_dir_all(data.join("profiles"));
            let _ = std::fs::remove_dir_all(data.join("browsers"));
            let before = standin.console_visits().len();
            let ids: Vec<String> = (1..=n).map(|i| format!("acct-{i}")).collect();
            let mut args = vec!["open".to_string()];
            args.extend(ids);
            args.extend(["--browser".into(), "chromium".into()]);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            env.ok(&args);
            let start = Instant::now();
            while standin.console_visits().len() < before + n {
                assert!(
                    start.elapsed() < Duration::from_secs(180),
                    "{n} consoles did not load ({layout})"
                );
                std::thread::sleep(Duration::from_millis(200));
            }
            std::thread::sleep(settle);
            let figure = measure(&data);
            eprintln!(
                "{layout}, {n} account(s): {} kB PSS in {} processes",
                figure.0, figure.1
            );
            results.insert((layout, n), figure);
            stop_browsers(&data);
            // What the browser folders hold once the browsers have written what they keep.
            let disk = disk_bytes(&data.join("profiles")) + disk_bytes(&data.join("browsers"));
            eprintln!(
                "{layout}, {n} account(s): {:.1} MB on disk in the browser folders",
                disk as f64 / 1_048_576.0
            );
            disks.insert((layout, n), disk);
        }
    }
    println!(
        "\nChromium, N consoles on the stand-in's console page (PSS over the browsers' process trees)"
    );
    println!(
        "{:>8}  {:>28}  {:>28}  {:>6}",
        "accounts", "a browser each (before)", "profiles of one browser", "less"
    );
    let mb = |kb: u64| kb as f64 / 1024.0;
    for &n in &counts {
        let (sep, sep_procs) = results[&("separate", n)];
        let (shared, shared_procs) = results[&("shared", n)];
        let less = if sep > 0 {
            100.0 * (sep as f64 - shared as f64) / sep as f64
        } else {
            0.0
        };
        println!(
            "{n:>8}  {:>14.0} MB ({sep_procs:>3} proc)  {:>14.0} MB ({shared_procs:>3} proc)  {less:>5.0} %",
            mb(sep),
            mb(shared)
        );
    }
    for &n in &counts {
        println!(
            "{n:>8} account(s): {:.1} MB on disk as browsers of their own, {:.1} MB as profiles of one browser",
            disks[&("separate", n)] as f64 / 1_048_576.0,
            disks[&("shared", n)] as f64 / 1_048_576.0
        );
    }
    if let (Some(&first), Some(&last)) = (counts.first(), counts.last())
        && last > first
    {
        let extra = (last - first) as f64;
        let per = |layout: &str| {
            (mb(results[&(layout, last)].0) - mb(results[&(layout, first)].0)) / extra
        };
        let (sep, shared) = (per("separate"), per("shared"));
        println!(
            "per additional console: {sep:.0} MB as a browser of its own, {shared:.0} MB as a profile of the shared browser: {:.0} % less (goal: at least 40 %)",
            100.0 * (sep - shared) / sep.max(f64::EPSILON)
        );
    }
}
