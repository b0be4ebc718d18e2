//! The tray menu model for 5,000 shortcuts (target <= 50 ms) and the switcher's search per
//! keystroke over 5,000 (target <= 5 ms, here without IPC).
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use rolehop_core::base::usage::Usage;
use rolehop_core::catalog::store::parse_and_validate;
use rolehop_core::menu::{ActiveSession, MenuInput, MenuLimits, build};
use rolehop_core::switcher::SwitcherIndex;

mod common;

fn bench(c: &mut Criterion) {
    let text = common::generate(5000);
    let catalog = parse_and_validate(Path::new("catalog.toml"), &text).unwrap();
    let mut usage = Usage::default();
    for (i, s) in catalog.shortcuts.iter().enumerate().step_by(97) {
        usage.last_used.insert(s.id.clone(), i as i64);
    }
    let sessions: Vec<ActiveSession> = catalog
        .shortcuts
        .iter()
        .step_by(250)
        .map(|s| ActiveSession {
            shortcut: s.id.clone(),
            expires_at: 10_000,
            live_since: None,
        })
        .collect();
    c.bench_function("tray menu model, 5000 shortcuts", |b| {
        b.iter(|| {
            build(&MenuInput {
                catalog: &catalog,
                limits: MenuLimits::DEFAULT,
                usage: &usage,
                sessions: &sessions,
                now: 0,
                switcher_hotkey: "Ctrl+Alt+Space",
                recent_limit: 8,
                fixed_first: false,
                today: None,
            })
        })
    });
    c.bench_function("switcher index build, 5000 shortcuts", |b| {
        b.iter(|| SwitcherIndex::new(&catalog))
    });
    let index = SwitcherIndex::new(&catalog);
    // A person typing "client 42 prod" one key at a time.
    let typed = "client 42 prod";
    c.bench_function("switcher search per keystroke, 5000 shortcuts", |b| {
        b.iter(|| {
            for end in 1..=typed.len() {
                std::hint::black_box(index.search(&typed[..end], 20, &usage));
            }
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
