//! `rolehop open` of an already-running Chromium profile with cached role credentials, against
//! moto + the federation stand-in on loopback: the program's time from its start to starting
//! the browser, minus the time the sign-in endpoint spent answering (target <= 30 ms).
//! Needs chromium, Xvfb and xdotool (the README test command installs them).
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use rolehop_tests::env::TestEnv;

fn bench(c: &mut Criterion) {
    let env = TestEnv::full_with_display();
    env.seed_alice(&[]);
    // Start the browser and warm the caches.
    env.ok(&["open", "acme-prod", "--browser", "chromium"]);
    std::thread::sleep(Duration::from_secs(3));
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
    let run_once = || -> Duration {
        // Let the browser finish loading the previous tab: its renderers would otherwise
        // compete for the same two cores with the program being measured.
        std::thread::sleep(Duration::from_millis(1500));
        let served_before = standin.served_total();
        let out = env
            .cmd()
            .args(["-v", "open", "acme-prod", "--browser", "chromium"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        let micros: u64 = stderr
            .lines()
            .find_map(|l| l.split("timing: browser started ").nth(1))
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no timing line in {stderr}"));
        // Network time: what the stand-in spent on the getSigninToken call (the login request
        // comes later, from the browser).
        let network = standin.served_total().saturating_sub(served_before);
        Duration::from_micros(micros).saturating_sub(network)
    };
    let mut group = c.benchmark_group("rolehop open (running profile, cached credentials)");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("program time to browser start over network time", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| run_once()).sum())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
