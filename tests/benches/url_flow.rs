//! `rolehop url` with cached role credentials, against moto + the federation stand-in on
//! loopback: the program's own time, i.e. wall time of the whole process minus the time the
//! federation endpoint spent answering (target <= 30 ms). Also reports the raw wall time.
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use rolehop_tests::env::TestEnv;

fn bench(c: &mut Criterion) {
    let env = TestEnv::full();
    env.seed_alice(&["--mfa-serial", "arn:aws:iam::111111111111:mfa/alice"]);
    // Warm the caches: the daily session and the role credentials.
    env.ok(&["url", "acme-prod", "--mfa-code", "123456"]);
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
    let proxy = env.proxy.as_ref().unwrap_or_else(|| panic!("proxy"));
    let sts_calls = proxy.registry.count("AssumeRole");

    let run_once = || -> (Duration, Duration) {
        let served_before = standin.served_total();
        let start = Instant::now();
        let out = env.cmd().args(["url", "acme-prod"]).output().unwrap();
        let wall = start.elapsed();
        assert!(out.status.success());
        (wall, standin.served_total() - served_before)
    };
    let mut group = c.benchmark_group("rolehop url (cached credentials)");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(15));
    group.bench_function("program time over network time", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    let (wall, network) = run_once();
                    wall.saturating_sub(network)
                })
                .sum()
        })
    });
    group.bench_function("wall time", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| run_once().0).sum())
    });
    group.finish();
    assert_eq!(
        proxy.registry.count("AssumeRole"),
        sts_calls,
        "the benchmark must use cached credentials"
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
