//! The harness itself: services start, answer and stop.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolehop_tests::env::TestEnv;

#[test]
fn secret_services_start_side_by_side() {
    let envs: Vec<TestEnv> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4).map(|_| s.spawn(TestEnv::with_keychain)).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| panic!("start")))
            .collect()
    });
    for env in &envs {
        assert_eq!(env.secrets().lookup("nothing-here"), None);
    }
}
