//! The channel between Rolehop and its own extension in the Chromium-family browsers it starts
//! (issue 28): Chromium native messaging. Where it sits: [`super::profile`] writes the
//! extension (with [`EXTENSION_KEY`], so its id is [`extension_id`] wherever it is unpacked)
//! and, in the browser's own user-data-dir, the host manifest ([`host_manifest`]) naming
//! `rolehop` itself as the host and that one extension as the only origin allowed to start it.
//! The browser starts the host (`rolehop chrome-extension://<id>/`, see the CLI's
//! `console_host`) when the extension's service worker connects, and talks to it over its
//! stdin and stdout in [`read_message`]/[`write_message`] frames.
//!
//! Who can use it: only an extension context can call `runtime.connectNative` (a page, and a
//! content script, cannot), only an extension whose id the manifest lists may start the host,
//! and the manifest lives in a folder only Rolehop's browser reads (`--user-data-dir`; Chromium
//! looks for user-level hosts in `<user-data-dir>/NativeMessagingHosts` on Linux and macOS,
//! <https://developer.chrome.com/docs/extensions/develop/concepts/native-messaging#native-messaging-host-location>).
//! The extension accepts messages only from its own content scripts, and those act only on
//! trusted clicks. No secret crosses the channel except the one-use loopback hand-off of a
//! renewal ([`ToExtension::Renew`]).
//!
//! Windows: browsers find hosts through the user's registry, one key per browser brand
//! ([`windows_registry_key`]), which names a manifest Rolehop keeps in its data directory.
//!
//! Firefox: native messaging manifests are per user (`~/.mozilla/native-messaging-hosts`), not
//! per profile, so a Firefox console profile gets no channel; it keeps the tab reuse of its
//! extension and the tray's Renew offer.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The native messaging host's name (lower-case, dots; Chromium's rule).
pub const HOST_NAME: &str = "dev.rolehop.console";

/// The public key in the extension's manifest (`key`): Chromium derives an unpacked
/// extension's id from it instead of from the folder's path, so the host manifest can name the
/// one id. Public by nature; no private key exists anywhere (an unpacked extension is never
/// signed).
pub const EXTENSION_KEY: &str = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAruAGjlGNKGDptJ0kb+QScgwNikdHa1rClGQK5k7VpNu2gH2WjmjAt0Xwyr2Zg4UtToWImLQxAswa5H91HPz37RWPZKuWqzZxED5cMOwMoBLGYBytIw9C0/sknVCA11b5NF/CQDebS6UUPWs7SWB3kgmdUBi8UhdDe79+UCfTpz/nGuxQnq2AKY21HDa3FD2PIuh00cz2Ifs5jVBETBXghM0dhqEHzl29nA4/MpLLaOyNuef9lG0hlY5bBONga5KfdInA3ja4Xc8XX8S0FjXXE/HYiYWy6JLI9N1kfpT6xEk6Q24cknSwJKAzHpxKUf9Qk+BW6kpHAh0jUBcDReNNLwIDAQAB";

/// The largest message either side sends (Chromium caps host-to-browser messages at 1 MiB).
pub const MAX_MESSAGE: u32 = 1024 * 1024;

/// The extension's id as Chromium computes it from [`EXTENSION_KEY`]: the first 128 bits of
/// the SHA-256 of the key's bytes, each hex digit written as a letter `a`..`p`.
pub fn extension_id() -> String {
    use base64::Engine;
    let der = base64::engine::general_purpose::STANDARD
        .decode(EXTENSION_KEY)
        .unwrap_or_default();
    Sha256::digest(&der)[..16]
        .iter()
        .flat_map(|b| [b >> 4, b & 0xf])
        .map(|n| char::from(b'a' + n))
        .collect()
}

/// The origin Chromium passes the host as its first argument.
pub fn extension_origin() -> String {
    format!("chrome-extension://{}/", extension_id())
}

/// Whether a command line's first argument is this extension starting the host (Chromium
/// passes the caller's origin first; on Windows a `--parent-window=` follows).
pub fn is_host_call(first_argument: &str) -> bool {
    first_argument == extension_origin()
}

/// Where a Chromium browser with user-data-dir `user_data_dir` looks for this host's manifest.
pub fn host_manifest_path(user_data_dir: &Path) -> PathBuf {
    user_data_dir
        .join("NativeMessagingHosts")
        .join(format!("{HOST_NAME}.json"))
}

/// Where Chromium-family browsers on Windows look for this host: the default value of
/// `HKEY_CURRENT_USER\<key>` names the manifest file
/// (<https://developer.chrome.com/docs/extensions/develop/concepts/native-messaging#native-messaging-host-location>;
/// Edge, Brave and Vivaldi read their vendor's key the same way, Vivaldi Chrome's). One key
/// per browser brand, for all of the user's profiles of it: the manifest still lets only
/// Rolehop's extension start the host. `None` for browsers that are not Chromium's.
pub fn windows_registry_key(kind: crate::base::browser_kind::BrowserKind) -> Option<String> {
    use crate::base::browser_kind::BrowserKind;
    let vendor = match kind {
        BrowserKind::Chromium => "Chromium",
        BrowserKind::Chrome | BrowserKind::Vivaldi => "Google\\Chrome",
        BrowserKind::Edge => "Microsoft\\Edge",
        BrowserKind::Brave => "BraveSoftware\\Brave-Browser",
        _ => return None,
    };
    Some(format!(
        "Software\\{vendor}\\NativeMessagingHosts\\{HOST_NAME}"
    ))
}

/// The host manifest: `program` (an absolute path to `rolehop`) started over stdio, for
/// Rolehop's extension only.
pub fn host_manifest(program: &Path) -> String {
    serde_json::json!({
        "name": HOST_NAME,
        "description": "Rolehop: renews this console in place, finds it again, keeps the day's journal",
        "path": program.display().to_string(),
        "type": "stdio",
        "allowed_origins": [extension_origin()],
    })
    .to_string()
}

/// What the extension tells Rolehop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromExtension {
    /// The first message: which shortcut's profile this is.
    Hello { shortcut: String },
    /// One of the profile's console tabs is now in front in a focused window.
    Focus,
    /// None is any more.
    Blur,
    /// The answer to [`ToExtension::Where`]: the console tab used last, its page, and how
    /// many console tabs the profile has.
    At {
        id: u64,
        tab: Option<i64>,
        url: Option<String>,
        #[serde(default)]
        tabs: u32,
    },
    /// The answer to [`ToExtension::Focus`]: whether a console tab was brought forward.
    Focused { id: u64, ok: bool },
    /// The person clicked Renew on the page's banner (a trusted click).
    Renew { tab: i64, url: String },
}

/// What Rolehop asks of the extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum ToExtension {
    /// Which console tab was used last, and on which page.
    Where { id: u64 },
    /// Bring the console tab used last, and its window, to the front.
    Focus { id: u64 },
    /// Load `url` (a one-use loopback hand-off that signs the profile in again and lands on
    /// the tab's page) in tab `tab`.
    Renew { tab: i64, url: String },
    /// Show `text` on the profile's console pages (with a Renew button when `renew`); an
    /// empty text takes the notice away.
    Banner { text: String, renew: bool },
}

/// Why a frame could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ChannelError {
    #[error("the browser closed the channel")]
    Closed,
    #[error("a message of {len} bytes is over the {MAX_MESSAGE}-byte limit")]
    TooLarge { len: u32 },
    #[error("cannot read or write the channel: {source}")]
    Io {
        #[source]
        source: std::io::Error,
    },
    #[error("a message is not what Rolehop's extension sends: {source}")]
    Json {
        #[source]
        source: serde_json::Error,
    },
}

/// Reads one frame (a native-endian 32-bit length, then that many bytes of JSON).
pub fn read_message<R: Read, T: serde::de::DeserializeOwned>(
    from: &mut R,
) -> Result<T, ChannelError> {
    let mut len = [0u8; 4];
    match from.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            return Err(ChannelError::Closed);
        }
        Err(source) => return Err(ChannelError::Io { source }),
    }
    let len = u32::from_ne_bytes(len);
    if len > MAX_MESSAGE {
        return Err(ChannelError::TooLarge { len });
    }
    let mut body = vec![0u8; len as usize];
    from.read_exact(&mut body)
        .map_err(|source| ChannelError::Io { source })?;
    serde_json::from_slice(&body).map_err(|source| ChannelError::Json { source })
}

/// Writes one frame and flushes it.
pub fn write_message<W: Write, T: Serialize>(to: &mut W, message: &T) -> Result<(), ChannelError> {
    let body = serde_json::to_vec(message).map_err(|source| ChannelError::Json { source })?;
    let len = u32::try_from(body.len())
        .ok()
        .filter(|l| *l <= MAX_MESSAGE)
        .ok_or(ChannelError::TooLarge {
            len: u32::try_from(body.len()).unwrap_or(u32::MAX),
        })?;
    to.write_all(&len.to_ne_bytes())
        .and_then(|()| to.write_all(&body))
        .and_then(|()| to.flush())
        .map_err(|source| ChannelError::Io { source })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The id Chromium shows for the unpacked extension with this key (checked against
    /// `openssl pkey -pubout -outform DER | sha256sum`, mapped to a..p).
    #[test]
    fn the_extension_id_follows_the_key() {
        let id = extension_id();
        assert_eq!(id, "dpgjiknopdlachbeciceaflgapondicn");
        assert!(is_host_call(
            "chrome-extension://dpgjiknopdlachbeciceaflgapondicn/"
        ));
        assert!(!is_host_call(
            "chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"
        ));
        assert!(!is_host_call("open"));
    }

    #[test]
    fn the_host_manifest_allows_only_rolehops_extension() {
        let text = host_manifest(Path::new("/opt/rolehop/rolehop"));
        let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(manifest["name"], HOST_NAME);
        assert_eq!(manifest["type"], "stdio");
        assert_eq!(manifest["path"], "/opt/rolehop/rolehop");
        assert_eq!(
            manifest["allowed_origins"],
            serde_json::json!([extension_origin()])
        );
        assert_eq!(
            host_manifest_path(Path::new("/p")),
            Path::new("/p/NativeMessagingHosts/dev.rolehop.console.json")
        );
    }

    #[test]
    fn windows_finds_the_host_under_each_brands_key() {
        use crate::base::browser_kind::BrowserKind;
        let table = [
            (
                BrowserKind::Chromium,
                Some("Software\\Chromium\\NativeMessagingHosts\\dev.rolehop.console"),
            ),
            (
                BrowserKind::Chrome,
                Some("Software\\Google\\Chrome\\NativeMessagingHosts\\dev.rolehop.console"),
            ),
            (
                BrowserKind::Edge,
                Some("Software\\Microsoft\\Edge\\NativeMessagingHosts\\dev.rolehop.console"),
            ),
            (
                BrowserKind::Brave,
                Some(
                    "Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts\\dev.rolehop.console",
                ),
            ),
            (
                BrowserKind::Vivaldi,
                Some("Software\\Google\\Chrome\\NativeMessagingHosts\\dev.rolehop.console"),
            ),
            (BrowserKind::Firefox, None),
            (BrowserKind::Builtin, None),
        ];
        for (kind, want) in table {
            assert_eq!(windows_registry_key(kind).as_deref(), want, "{kind:?}");
        }
    }

    #[test]
    fn frames_round_trip_and_refuse_what_is_not_a_message() {
        let mut buf = Vec::new();
        write_message(&mut buf, &ToExtension::Where { id: 7 }).unwrap();
        assert_eq!(&buf[..4], &(buf.len() as u32 - 4).to_ne_bytes());
        let back: ToExtension = read_message(&mut buf.as_slice()).unwrap();
        assert_eq!(back, ToExtension::Where { id: 7 });

        let frame = |len: u32, body: &[u8]| [&len.to_ne_bytes()[..], body].concat();
        let table: [(Vec<u8>, &str); 4] = [
            (Vec::new(), "closed"),
            (frame(MAX_MESSAGE + 1, b""), "over the"),
            (frame(5, b"{"), "cannot read"),
            (frame(2, b"{}"), "not what"),
        ];
        for (bytes, says) in table {
            let err = read_message::<_, FromExtension>(&mut bytes.as_slice()).unwrap_err();
            assert!(err.to_string().contains(says), "{says}: {err}");
        }
        let hello: FromExtension =
            serde_json::from_str(r#"{"type":"hello","shortcut":"acme-prod"}"#).unwrap();
        assert_eq!(
            hello,
            FromExtension::Hello {
                shortcut: "acme-prod".into()
            }
        );
    }
}
