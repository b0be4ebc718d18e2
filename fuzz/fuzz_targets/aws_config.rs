//! `rolehop import aws-config`: the AWS SDK's profile parser, Rolehop's mapping, and the plan
//! against a catalog with an identity (the per-row validation runs there). No input may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolehop_core::sources::import::{ClientNaming, aws_config, plan};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first NUL splits config from credentials, so both files are fuzzed.
    let (config, credentials) = text.split_once('\0').unwrap_or((text, ""));
    let input = aws_config::Input {
        config,
        config_name: "config",
        credentials: Some(credentials),
        credentials_name: "credentials",
    };
    if let Ok(proposal) = aws_config::import(input, &ClientNaming::default()) {
        let current = rolehop_fuzz_catalog();
        let _ = plan(&proposal, &current);
    }
});

fn rolehop_fuzz_catalog() -> rolehop_core::catalog::Catalog {
    toml::from_str(
        "schema_version = 1\n[[identity]]\nid = \"me\"\naccount = \"111111111111\"\n[[client]]\nid = \"acme\"\nname = \"Acme\"\n[[shortcut]]\nid = \"acme-prod\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\n",
    )
    .unwrap_or_default()
}
