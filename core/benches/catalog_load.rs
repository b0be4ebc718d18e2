//! Load + validate a generated 5,000-shortcut catalog (target <= 20 ms), and resolve every
//! shortcut in it.

use std::fmt::Write;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use rolehop_core::catalog::resolve::Lookup;
use rolehop_core::catalog::store::parse_and_validate;

/// 200 clients with 25 shortcuts each, a tenth of them chained, with comments like a person's.
pub fn generate(shortcuts: usize) -> String {
    let mut text = String::from(
        "# generated\nschema_version = 1\n\n[[identity]]\nid = \"me\"\naccount = \"111111111111\"\nmfa_serial = \"arn:aws:iam::111111111111:mfa/me\"\nregion = \"eu-west-1\"\n",
    );
    let clients = shortcuts.div_ceil(25);
    for c in 0..clients {
        let _ = write!(
            text,
            "\n# client {c}\n[[client]]\nid = \"client-{c}\"\nname = \"Client {c} Ltd\"\ncolor = \"#{:06x}\"\n",
            c * 4099 % 0xffffff
        );
    }
    for s in 0..shortcuts {
        let c = s / 25;
        let _ = write!(
            text,
            "\n[[shortcut]]\nid = \"c{c}-s{s}\"\nclient = \"client-{c}\"\nlabel = \"Account {s}\"\naccount = \"{:012}\"\nrole = \"{}\"\nregion = \"us-east-{}\"\ndestination = \"{}\"\n",
            200_000_000_000u64 + s as u64,
            if s % 3 == 0 { "/ops/Admin" } else { "ReadOnly" },
            1 + s % 2,
            ["s3", "ec2", "cloudformation", "/cloudwatch/home"][s % 4],
        );
        if s % 10 == 9 {
            let _ = writeln!(text, "via = \"c{c}-s{}\"", s - 1);
        }
        if s % 7 == 0 {
            let _ = writeln!(
                text,
                "session = \"long\"\nduration = \"8h\"\nexternal_id = \"ext-{s}\""
            );
        }
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = generate(5000);
    let path = Path::new("catalog.toml");
    let catalog = parse_and_validate(path, &text).unwrap_or_else(|e| panic!("{e}"));
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
    let catalog: rolehop_core::catalog::Catalog =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    c.bench_function("validate only", |b| {
        b.iter(|| rolehop_core::catalog::validate::validate(std::hint::black_box(&catalog)))
    });
}
criterion_group! {
    name = parts_group;
    config = Criterion::default().sample_size(10);
    targets = parts
}
