//! The catalog file: TOML parsing, validation, and the format-keeping document an edit goes
//! through. No input may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolehop_core::catalog::edit::CatalogDoc;
use rolehop_core::catalog::store::parse_and_validate;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_and_validate(std::path::Path::new("catalog.toml"), text);
    if let Ok(catalog) = parsed {
        // What every open does with a valid catalog.
        for s in &catalog.shortcuts {
            let _ = rolehop_core::catalog::resolve::resolve(&catalog, &s.id);
        }
    }
    if let Ok(doc) = CatalogDoc::parse(text) {
        let _ = doc.to_text();
    }
});
