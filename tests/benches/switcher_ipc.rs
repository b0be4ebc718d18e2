//! Switcher search with IPC included: the real app (debug or release binary, as built), its
//! switcher window driven by tauri-driver, 5,000 shortcuts in the catalog. The page calls the
//! `search` command as it does per keystroke, and times each round trip in the webview
//! (`performance.now()` around the invoke: IPC, the nucleo search, 50 results serialised back).
//! Goal (BENCHMARKS.md): 5 ms per keystroke.
//!
//! Run: `cargo bench -p rolehop-tests --bench switcher_ipc` (needs tauri-driver and
//! WebKitWebDriver, like the end-to-end suite; set ROLEHOP_BIN to time a release build).
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../core/benches/common/mod.rs"]
mod common;

use std::time::Duration;

use rolehop_tests::env::{TestEnv, rolehop_bin};
use rolehop_tests::webdriver::Driver;
use serde_json::json;

fn main() {
    let env = TestEnv::full_with_display();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(env.catalog_path(), common::generate(5000)).unwrap();
    let driver = Driver::start(&env.vars());
    let session = driver.session(&rolehop_bin(), &["show", "switcher"]);
    session.wait_find("#query", Duration::from_secs(30));
    // What a person types, keystroke by keystroke: a client, an account id, a role, a label.
    let mut queries = Vec::new();
    for word in [
        "client 42",
        "200000000123",
        "readonly",
        "account 4711",
        "c17-s4",
    ] {
        for end in 1..=word.len() {
            queries.push(word[..end].to_string());
        }
    }
    let times = session.call(
        "POST",
        "/execute/async",
        Some(json!({
            "script": "const [queries, done] = arguments; (async () => { \
                const invoke = window.__TAURI_INTERNALS__.invoke; \
                await invoke('search', { query: '' }); \
                const out = []; \
                for (let round = 0; round < 3; round++) for (const q of queries) { \
                  const t = performance.now(); const hits = await invoke('search', { query: q }); \
                  out.push([performance.now() - t, hits.length]); } \
                const none = []; \
                for (let i = 0; i < 100; i++) { \
                  const t = performance.now(); await invoke('search', { query: 'zq' + 'x'.repeat(i % 5) }); \
                  none.push(performance.now() - t); } \
                done({ out, none }); })();",
            "args": [queries],
        })),
    );
    let mut none: Vec<f64> = times["none"]
        .as_array()
        .unwrap_or_else(|| panic!("no timings: {times}"))
        .iter()
        .filter_map(|t| t.as_f64())
        .collect();
    none.sort_by(f64::total_cmp);
    println!(
        "  (a query matching nothing, so no results to send: median {:.2} ms)",
        none[none.len() / 2]
    );
    let mut ms: Vec<f64> = times["out"]
        .as_array()
        .unwrap_or_else(|| panic!("no timings: {times}"))
        .iter()
        .filter_map(|t| t[0].as_f64())
        .collect();
    ms.sort_by(f64::total_cmp);
    let pick = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    println!(
        "switcher search with IPC, 5000 shortcuts, {} keystrokes: median {:.2} ms, p95 {:.2} ms, max {:.2} ms (goal 5 ms)",
        ms.len(),
        pick(0.5),
        pick(0.95),
        pick(1.0)
    );
}
