//! Importing a generated `~/.aws/config` of 2,000 role profiles (target <= 50 ms for parse +
//! proposal + plan against a catalog), and the same for an Extend Switch Roles text.
//!
//! First it prints how each importer scales (issue 23: every importer linear): the time of
//! a preview (parse, propose, plan) at growing sizes and the time per unit, which stays flat
//! when the work is linear — a minified one-line wiki page of 1, 2, 4 and 20 MB, a Chromium
//! `Bookmarks` file of 10,000 and 80,000 links, 4,000 and 30,000 links whose ids collide
//! after slugging, and an AWS config `source_profile` chain 5,000 profiles deep.
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

/// A minified wiki page of about `bytes`: a heading and a link per client, on one line.
fn minified_page(bytes: usize) -> (String, usize) {
    let mut text = String::from("<html><body>");
    let mut n = 0;
    while text.len() < bytes {
        let _ = write!(
            text,
            "<h2>Client {c}</h2><p>Some words about client {c} and its accounts.</p><a href=\"https://signin.aws.amazon.com/switchrole?account={acct:012}&amp;roleName=Admin&amp;displayName=Prod\">Prod</a>",
            c = n,
            acct = 200_000_000_000u64 + n as u64
        );
        n += 1;
    }
    text.push_str("</body></html>");
    (text, n)
}

/// A Chromium `Bookmarks` file with `n` switch-role links in folders of 50.
fn bookmarks(n: usize) -> String {
    let mut folders = Vec::new();
    for f in 0..n.div_ceil(50) {
        let children: Vec<String> = (f * 50..((f + 1) * 50).min(n))
            .map(|i| {
                format!(
                    "{{\n \"name\": \"Prod\",\n \"type\": \"url\",\n \"url\": \"https://signin.aws.amazon.com/switchrole?account={:012}&roleName=Admin\"\n}}",
                    200_000_000_000u64 + i as u64
                )
            })
            .collect();
        folders.push(format!(
            "{{\n \"name\": \"Client {f}\",\n \"type\": \"folder\",\n \"children\": [\n{}\n]\n}}",
            children.join(",\n")
        ));
    }
    format!(
        "{{\n \"roots\": {{\n  \"bookmark_bar\": {{\n   \"children\": [\n{}\n], \"name\": \"Bookmarks bar\", \"type\": \"folder\"\n  }}\n }},\n \"version\": 1\n}}\n",
        folders.join(",\n")
    )
}

/// `n` links, one per line, under one heading, all named `Prod`: every id collides.
fn colliding(n: usize) -> String {
    let mut text = String::from("# Acme\n");
    for i in 0..n {
        let _ = writeln!(
            text,
            "- [Prod](https://signin.aws.amazon.com/switchrole?account={:012}&roleName=Admin)",
            200_000_000_000u64 + i as u64
        );
    }
    text
}

/// An AWS config whose role profiles form one `source_profile` chain `n` deep.
fn chain(n: usize) -> String {
    let mut text = String::from(
        "[profile base]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n",
    );
    for i in 0..n {
        let source = if i == 0 {
            "base".to_string()
        } else {
            format!("hop{}", i - 1)
        };
        let _ = write!(
            text,
            "[profile hop{i}]\nrole_arn = arn:aws:iam::{:012}:role/Admin\nsource_profile = {source}\n",
            200_000_000_000u64 + i as u64
        );
    }
    text
}

fn timed(what: &str, unit: &str, sizes: &[(f64, &dyn Fn() -> usize)]) {
    let mut line = format!("scale: {what}:");
    for (size, run) in sizes {
        let start = std::time::Instant::now();
        let found = run();
        let took = start.elapsed().as_secs_f64();
        let _ = write!(
            line,
            " {size} {unit} {took:.2} s ({:.3} s per {unit}, {found} rows);",
            took / size
        );
    }
    eprintln!("{line}");
}

fn scale() {
    let naming = ClientNaming::default();
    let catalog = Catalog::default();
    let preview_links = |text: &str| {
        let proposal = import::links::import("page", text, &naming);
        import::plan(&proposal, &catalog).rows.len()
    };
    let pages: Vec<(f64, String)> = [1.0, 2.0, 4.0, 20.0]
        .into_iter()
        .map(|mb| (mb, minified_page((mb * 1_048_576.0) as usize).0))
        .collect();
    let runs: Vec<(f64, Box<dyn Fn() -> usize>)> = pages
        .iter()
        .map(|(mb, page)| {
            (
                *mb,
                Box::new(|| preview_links(page)) as Box<dyn Fn() -> usize>,
            )
        })
        .collect();
    let sizes: Vec<(f64, &dyn Fn() -> usize)> =
        runs.iter().map(|(s, r)| (*s, r.as_ref())).collect();
    timed("links, a minified one-line page", "MB", &sizes);

    let files: Vec<(f64, String)> = [10_000usize, 80_000]
        .into_iter()
        .map(|n| (n as f64 / 1000.0, bookmarks(n)))
        .collect();
    let runs: Vec<(f64, Box<dyn Fn() -> usize>)> = files
        .iter()
        .map(|(k, text)| {
            (
                *k,
                Box::new(|| preview_links(text)) as Box<dyn Fn() -> usize>,
            )
        })
        .collect();
    let sizes: Vec<(f64, &dyn Fn() -> usize)> =
        runs.iter().map(|(s, r)| (*s, r.as_ref())).collect();
    timed("links, a Chromium Bookmarks file", "thousand links", &sizes);

    let texts: Vec<(f64, String)> = [4_000usize, 30_000]
        .into_iter()
        .map(|n| (n as f64 / 1000.0, colliding(n)))
        .collect();
    let runs: Vec<(f64, Box<dyn Fn() -> usize>)> = texts
        .iter()
        .map(|(k, text)| {
            (
                *k,
                Box::new(|| preview_links(text)) as Box<dyn Fn() -> usize>,
            )
        })
        .collect();
    let sizes: Vec<(f64, &dyn Fn() -> usize)> =
        runs.iter().map(|(s, r)| (*s, r.as_ref())).collect();
    timed(
        "links, ids that collide after slugging",
        "thousand links",
        &sizes,
    );

    let configs: Vec<(f64, String)> = [1_000usize, 5_000]
        .into_iter()
        .map(|n| (n as f64 / 1000.0, chain(n)))
        .collect();
    let runs: Vec<(f64, Box<dyn Fn() -> usize>)> = configs
        .iter()
        .map(|(k, text)| {
            (
                *k,
                Box::new(|| {
                    let proposal = aws_config::import(
                        aws_config::Input {
                            config: text,
                            config_name: "config",
                            credentials: None,
                            credentials_name: "credentials",
                        },
                        &naming,
                    )
                    .unwrap();
                    import::plan(&proposal, &catalog).rows.len() + proposal.skipped.len()
                }) as Box<dyn Fn() -> usize>,
            )
        })
        .collect();
    let sizes: Vec<(f64, &dyn Fn() -> usize)> =
        runs.iter().map(|(s, r)| (*s, r.as_ref())).collect();
    timed(
        "aws-config, a source_profile chain",
        "thousand profiles",
        &sizes,
    );
}

fn bench(c: &mut Criterion) {
    scale();
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
