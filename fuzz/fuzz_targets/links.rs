//! Links: `rolehop import links` (finding switch-role links in any page or bookmarks file, the
//! mapping, and the plan), and what each line names when pasted into the switcher or given to
//! `rolehop open` or the tray as a `rolehop://` link. No input may panic, every reported line is
//! a line of the text, and a `rolehop://` link that reads names a valid id.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolehop_core::sources::import::{ClientNaming, links, plan};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let proposal = links::import("page", text, &ClientNaming::default());
    let lines = text.lines().count().max(1);
    for line in proposal
        .shortcuts
        .iter()
        .map(|s| s.origin.line)
        .chain(proposal.skipped.iter().map(|s| s.origin.line))
    {
        assert!(line >= 1 && line <= lines, "line {line} of {lines}");
    }
    let current: rolehop_core::catalog::Catalog = toml::from_str(
        "schema_version = 1\n[[identity]]\nid = \"me\"\naccount = \"111111111111\"\n",
    )
    .unwrap_or_default();
    let _ = plan(&proposal, &current);
    for line in text.lines().take(50) {
        if let Ok(link) = rolehop_core::link::deep::parse(line) {
            assert!(rolehop_core::catalog::rules::slug(&link.shortcut).is_ok());
        }
        let _ = rolehop_core::link::target::named(&current, line);
    }
});
