//! `rolehop import switch-roles`: the Extend Switch Roles parser, the mapping, and the plan.
//! No input may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolehop_core::sources::import::{ClientNaming, plan, switch_roles};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(proposal) = switch_roles::import("esr", text, &ClientNaming::default()) {
        let current: rolehop_core::catalog::Catalog = toml::from_str(
            "schema_version = 1\n[[identity]]\nid = \"me\"\naccount = \"111111111111\"\n",
        )
        .unwrap_or_default();
        let _ = plan(&proposal, &current);
    }
});
