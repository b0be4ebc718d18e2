//! Load + validate a generated 5,000-shortcut catalog (target <= 20 ms), and resolve every
//! shortcut in it.
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use rolehop_core::catalog::resolve::Lookup;
use rolehop_core::catalog::store::parse_and_validate;

mod common;
use common::generate;

fn bench(c: &mut Criterion) {
    let text = generate(5000);
    let path = Path::new("catalog.toml");
    let catalog = parse_and_validate(path, &text).unwrap();
    assert_eq!(catalog.shortcuts.len(), 5000);
    c.bench_function("catalog load + validate, 5000 shortcuts", |b| {
        b.iter(|| parse_and_validate(path, std::hint::black_box(&text)))
    });
    c.bench_function("resolve all 5000 shortcuts", |b| {
        b.iter(|| {
            let lookup = Lookup::new(&catalog);
            for s in &catalog.shortcuts {
                let _ = std::hint::black_box(lookup.resolve(&s.id));
            }
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches, parts_group);

#[allow(dead_code)]
fn parts(c: &mut Criterion) {
    let text = generate(5000);
    c.bench_function("toml parse only", |b| {
        b.iter(|| toml::from_str::<rolehop_core::catalog::Catalog>(std::hint::black_box(&text)))
    });
    let catalog: rolehop_core::catalog::Catalog = toml::from_str(&text).unwrap();
    c.bench_function("validate only", |b| {
        b.iter(|| rolehop_core::catalog::validate::validate(std::hint::black_box(&catalog)))
    });
}
criterion_group! {
    name = parts_group;
    config = Criterion::default().sample_size(10);
    targets = parts
}
