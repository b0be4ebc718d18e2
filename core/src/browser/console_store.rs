//! Where a built-in console window (the `builtin` browser kind, a Tauri window per shortcut)
//! keeps its cookies, per platform: pure facts the shell's `app/console.rs` applies.
//!
//! WebKitGTK (Linux) and WebView2 (Windows) take a data directory per window. WKWebView
//! (macOS) ignores a data directory: there each shortcut gets a persistent website data store
//! of its own, named by a 16-byte identifier (`WKWebsiteDataStore(forIdentifier:)`, macOS 14
//! and later, see
//! <https://developer.apple.com/documentation/webkit/wkwebsitedatastore/init(foridentifier:)>).
//! Older macOS has only the one default store, shared by every window: there the built-in
//! console is refused (a browser kind keeps accounts apart instead), never opened shared.

use sha2::{Digest, Sha256};

/// The first macOS with per-identifier website data stores.
pub const MACOS_DATA_STORES_SINCE: u32 = 14;

/// The data store identifier of a shortcut's built-in console: the same id always names the
/// same store (it stays signed in across restarts), different ids different stores. A UUID
/// (version 8, "custom") derived from the id, so no table of identifiers must be kept.
pub fn store_identifier(shortcut: &str) -> [u8; 16] {
    let digest = Sha256::new()
        .chain_update(b"rolehop built-in console data store\0")
        .chain_update(shortcut.as_bytes())
        .finalize();
    let mut id = [0u8; 16];
    id.copy_from_slice(&digest[..16]);
    id[6] = (id[6] & 0x0f) | 0x80; // version 8
    id[8] = (id[8] & 0x3f) | 0x80; // RFC 9562 variant
    id
}

/// The `ProductVersion` of a `SystemVersion.plist` (as
/// `/System/Library/CoreServices/SystemVersion.plist` holds it, XML).
pub fn product_version(plist: &str) -> Option<&str> {
    let key = plist.find("<key>ProductVersion</key>")?;
    let rest = &plist[key..];
    let start = rest.find("<string>")? + "<string>".len();
    let end = rest[start..].find("</string>")?;
    Some(rest[start..start + end].trim())
}

/// Whether this macOS version (`13.6.1`, `14.0`, `15.2`) keeps built-in consoles apart.
/// Unreadable versions are treated as too old (refused, not shared).
pub fn macos_keeps_consoles_apart(version: &str) -> bool {
    version
        .split('.')
        .next()
        .and_then(|major| major.trim().parse::<u32>().ok())
        .is_some_and(|major| major >= MACOS_DATA_STORES_SINCE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_shortcut_has_a_stable_store_of_its_own() {
        let a = store_identifier("acme-prod");
        assert_eq!(a, store_identifier("acme-prod"));
        for other in ["acme-prod2", "acme.prod", "acme_prod", "Acme-prod", ""] {
            assert_ne!(a, store_identifier(other), "{other}");
        }
        // A well-formed UUID: version 8, RFC 9562 variant.
        assert_eq!(a[6] >> 4, 8);
        assert_eq!(a[8] >> 6, 0b10);
    }

    #[test]
    fn the_macos_version_decides() {
        let plist = r#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>ProductBuildVersion</key>
	<string>23F79</string>
	<key>ProductName</key>
	<string>macOS</string>
	<key>ProductVersion</key>
	<string>14.5</string>
</dict>
</plist>"#;
        assert_eq!(product_version(plist), Some("14.5"));
        assert_eq!(product_version("<plist></plist>"), None);
        for (version, apart) in [
            ("14.5", true),
            ("14", true),
            ("15.2.1", true),
            ("26.0", true),
            ("13.6.1", false),
            ("10.15.7", false),
            ("", false),
            ("fourteen", false),
        ] {
            assert_eq!(macos_keeps_consoles_apart(version), apart, "{version}");
        }
    }
}
