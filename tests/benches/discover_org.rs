//! `rolehop discover` over an organization of 1,000 member accounts in 10 OUs and the root, in moto (run
//! with `cargo bench -p rolehop-tests --bench discover_org`). Discovery is bounded by API
//! calls: ceil(1,001 / 20) ListAccounts pages, one ListParents per account (4 in flight), one
//! DescribeOrganizationalUnit per OU. Prints the wall time of three runs, the calls made
//! (counted per operation by a proxy in front of moto, `AWS_ENDPOINT_URL_ORGANIZATIONS`), and
//! the progress lines the person sees.
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use rolehop_tests::env::TestEnv;

const MANAGEMENT: &str = "555555555555";
const ACCOUNTS: usize = 1_000;

fn main() {
    // `cargo bench` passes `--bench`; a plain `cargo test --benches` run only checks it builds.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let env = TestEnv::full();
    env.seed_alice(&[]);
    env.seed_org_reader(MANAGEMENT);
    let m = env.moto();
    let setup = Instant::now();
    let ous: Vec<String> = (0..10).map(|i| format!("Client {i}")).collect();
    let ou_names: Vec<&str> = ous.iter().map(String::as_str).collect();
    // 1,000 accounts over the 10 OUs and the root.
    m.build_org(MANAGEMENT, &ou_names, ACCOUNTS, |i| {
        format!("client{}-account{i:04}", i % 11)
    });
    println!(
        "organization of {ACCOUNTS} accounts built in moto in {:.1?}",
        setup.elapsed()
    );
    env.ok(&["discover", "add", "org", "--via", "org-mgmt"]);
    // Role credentials for org-mgmt are cached by the first run; the runs measure discovery.
    env.ok(&["credential-process", "org-mgmt"]);
    let counter = rolehop_tests::http::CountingProxy::start(m.endpoint());
    for run in 1..=3 {
        counter.reset();
        let start = Instant::now();
        let out = env
            .cmd()
            .args(["discover", "org", "--apply"])
            .env("AWS_ENDPOINT_URL_ORGANIZATIONS", counter.endpoint())
            .output()
            .unwrap();
        let took = start.elapsed();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let counts = counter.counts();
        let calls: usize = counts.values().sum();
        let mut by_operation: Vec<(String, usize)> = counts.into_iter().collect();
        by_operation.sort();
        println!(
            "run {run}: {took:.2?} for {} ({calls} API calls counted: {}; {:.1} ms per call)",
            stdout.lines().next().unwrap_or_default(),
            by_operation
                .iter()
                .map(|(op, n)| format!("{n} {op}"))
                .collect::<Vec<_>>()
                .join(", "),
            took.as_secs_f64() * 1000.0 / calls.max(1) as f64
        );
        if run == 1 {
            println!("progress shown:\n{}", stderr.trim_end());
        }
    }
}
