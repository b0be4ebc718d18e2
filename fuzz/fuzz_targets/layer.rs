//! A team layer file: the layer checks, then the merge under a personal catalog. No input
//! may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolehop_core::sources::layers::{LayerInput, check::check, merge};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = check("team.toml", text);
    let personal: rolehop_core::catalog::Catalog = toml::from_str(
        "schema_version = 1\n[[identity]]\nid = \"me\"\naccount = \"111111111111\"\n[[client]]\nid = \"acme\"\nname = \"Acme\"\n",
    )
    .unwrap_or_default();
    let _ = merge(
        personal,
        vec![LayerInput {
            layer: "team".into(),
            file: "team.toml".into(),
            text: Ok(text.to_string()),
            fetched: None,
        }],
    );
});
