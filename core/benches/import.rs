//! Importing a generated `~/.aws/config` of 2,000 role profiles (target <= 50 ms for parse +
//! proposal + plan against a catalog), and the same for an Extend Switch Roles text.
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write;

use criterion::{Criterion, criterion_group, criterion_main};
use rolehop_core::catalog::Catalog;
use rolehop_core::sources::import::{self, ClientNaming, aws_config, switch_roles};

const PROFILES: usize = 2_000;

fn config() -> String {
    let mut text = String::from(
        "[default]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::111111111111:mfa/me\n\n",
    );
    for i in 0..PROFILES {
        let _ = write!(
            text,
            "# client {c}\n[profile client{c:03}-env{i:04}]\nrole_arn = arn:aws:iam::{acct:012}:role/Admin\nsource_profile = default\nmfa_serial = arn:aws:iam::111111111111:mfa/me\nregion = us-east-1\nduration_seconds = 3600\n\n",
            c = i % 150,
            acct = 200_000_000_000u64 + i as u64
        );
    }
    text
}

fn switch_roles_text() -> String {
    let mut text = String::new();
    for i in 0..PROFILES {
        let _ = write!(
            text,
            "[client{c:03}-env{i:04}]\naws_account_id = {acct:012}\nrole_name = Admin\ncolor = d13212\n\n",
            c = i % 150,
            acct = 200_000_000_000u64 + i as u64
        );
    }
    text
}

fn bench(c: &mut Criterion) {
    let config = config();
    let credentials =
        "[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret\n";
    let naming = ClientNaming::default();
    let catalog = Catalog::default();
    let mut group = c.benchmark_group("import 2,000 profiles");
    group.bench_function("aws-config: parse, propose, plan", |b| {
        b.iter(|| {
            let proposal = aws_config::import(
                aws_config::Input {
                    config: &config,
                    config_name: "config",
                    credentials: Some(credentials),
                    credentials_name: "credentials",
                },
                &naming,
            )
            .unwrap();
            assert_eq!(proposal.shortcuts.len(), PROFILES);
            import::plan(&proposal, &catalog)
        })
    });
    let esr = switch_roles_text();
    group.bench_function("switch-roles: parse, propose, plan", |b| {
        b.iter(|| {
            let proposal = switch_roles::import("esr", &esr, &naming).unwrap();
            assert_eq!(proposal.shortcuts.len(), PROFILES);
            import::plan(&proposal, &catalog)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
