//! URL layers: fetched over https with the ETag of the cached copy (`If-None-Match`, so an
//! unchanged file costs a 304), kept in the data dir, and read from there by every load, so a
//! team catalog keeps working offline. Fetching happens only when asked (`rolehop layers
//! refresh`, the tray at start): loading the catalog never waits for the network.

use crate::catalog::rules::shown_url;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::catalog::model::LayerSpec;

/// A team file larger than this is refused (a catalog of thousands of shortcuts is ~1 MB).
pub(super) const MAX_BYTES: usize = 8 * 1024 * 1024;

/// What is known about a cached copy. The URL itself is not stored (it may carry an access
/// token): a SHA-256 of it tells whether the copy is of the URL the catalog names now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub url_sha256: String,
    pub etag: Option<String>,
    /// When it was last fetched or confirmed unchanged (RFC 3339, UTC).
    pub fetched: String,
}

/// The cached copy of one URL layer: `<cache>/<name>.toml` and `<name>.json`.
#[derive(Debug, Clone)]
pub struct Cache {
    text: PathBuf,
    meta: PathBuf,
}

pub fn url_sha256(url: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(url.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Cache {
    /// The cache files of layer `name`, which is checked against the catalog's id rule here:
    /// it becomes a file name.
    pub fn new(dir: &Path, name: &str) -> Result<Self, crate::catalog::rules::RuleError> {
        crate::catalog::rules::slug(name)?;
        Ok(Self {
            text: dir.join(format!("{name}.toml")),
            meta: dir.join(format!("{name}.json")),
        })
    }

    /// The cached text and its meta, if there is a copy of this URL.
    pub fn read(&self, url: &str) -> Option<(String, Meta)> {
        let meta: Meta = serde_json::from_str(&std::fs::read_to_string(&self.meta).ok()?).ok()?;
        if meta.url_sha256 != url_sha256(url) {
            return None;
        }
        Some((std::fs::read_to_string(&self.text).ok()?, meta))
    }

    /// Writes the copy and its meta: files 0600 in a 0700 directory (a team catalog names
    /// client accounts), each replaced atomically.
    fn write(&self, text: Option<&str>, meta: &Meta) -> std::io::Result<()> {
        if let Some(text) = text {
            crate::base::files::write_atomic(&self.text, text.as_bytes(), false)?;
        }
        let json = serde_json::to_string_pretty(meta).map_err(std::io::Error::other)?;
        crate::base::files::write_atomic(&self.meta, json.as_bytes(), false)
    }
}

/// How a refresh went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Refreshed {
    /// A new copy was stored.
    Updated { bytes: usize },
    /// The server said the cached copy is current (304).
    Unchanged,
    /// The fetch failed; the cached copy (if any) stays in use.
    Failed { reason: String, cached: bool },
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Fetches one URL layer into its cache.
pub async fn refresh(client: &reqwest::Client, spec: &LayerSpec, cache_dir: &Path) -> Refreshed {
    let Some(url) = &spec.url else {
        return Refreshed::Unchanged;
    };
    let cache = match Cache::new(cache_dir, &spec.id) {
        Ok(c) => c,
        Err(e) => {
            return Refreshed::Failed {
                reason: e.message,
                cached: false,
            };
        }
    };
    let cached = cache.read(url);
    // A team URL may carry an access token (user info or query): messages show it without.
    let shown = shown_url(url);
    let failed = |reason: String| Refreshed::Failed {
        reason,
        cached: cached.is_some(),
    };
    // Checked here too, whatever checked the catalog: https, or http to this machine only.
    if crate::catalog::rules::layer_url(url).is_err() {
        return failed(format!(
            "{shown} is not an https URL (plain http only to 127.0.0.1 or localhost)"
        ));
    }
    let mut request = client.get(url).timeout(Duration::from_secs(15));
    if let Some(etag) = cached.as_ref().and_then(|(_, m)| m.etag.as_deref()) {
        request = request.header(reqwest::header::IF_NONE_MATCH, etag);
    }
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) if e.is_redirect() => {
            // The redirect policy's own words (which host it wanted), without URLs.
            let mut cause: &dyn std::error::Error = &e;
            while let Some(next) = cause.source() {
                cause = next;
            }
            return failed(format!("{shown} was not fetched: {cause}"));
        }
        Err(e) => return failed(format!("cannot reach {shown}: {}", e.without_url())),
    };
    let status = response.status();
    if status == reqwest::StatusCode::NOT_MODIFIED
        && let Some((_, mut meta)) = cached.clone()
    {
        meta.fetched = now();
        if let Err(e) = cache.write(None, &meta) {
            return failed(format!("cannot update the cache: {e}"));
        }
        return Refreshed::Unchanged;
    }
    if !status.is_success() {
        return failed(format!("{shown} answered HTTP {}", status.as_u16()));
    }
    let etag = response
        .headers()
        .get(reqwest::header::ETAG)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let too_large = || {
        failed(format!(
            "{shown} is larger than {} MB",
            MAX_BYTES / 1024 / 1024
        ))
    };
    if response
        .content_length()
        .is_some_and(|n| n > MAX_BYTES as u64)
    {
        return too_large();
    }
    // Read chunk by chunk and stop at the cap: a server that never ends its body (or lies
    // about its length) must not fill memory before the size is checked.
    let mut bytes = Vec::new();
    let mut response = response;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if bytes.len() + chunk.len() > MAX_BYTES {
                    return too_large();
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => return failed(format!("reading {shown}: {}", e.without_url())),
        }
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return failed(format!("{shown} is not UTF-8 text"));
    };
    let meta = Meta {
        url_sha256: url_sha256(url),
        etag,
        fetched: now(),
    };
    match cache.write(Some(&text), &meta) {
        Ok(()) => Refreshed::Updated { bytes: text.len() },
        Err(e) => failed(format!("cannot store the copy: {e}")),
    }
}

impl Refreshed {
    /// How a person is told about it.
    pub fn describe(&self) -> String {
        match self {
            Self::Updated { bytes } => format!("fetched ({bytes} bytes)"),
            Self::Unchanged => "unchanged".to_string(),
            Self::Failed { reason, cached } => format!(
                "{reason}; {}",
                if *cached {
                    "the cached copy stays in use"
                } else {
                    "no copy yet"
                }
            ),
        }
    }
}

/// Fetches every URL layer of a catalog, one after the other: `(layer id, outcome)`.
pub async fn refresh_all(
    catalog: &crate::catalog::Catalog,
    cache_dir: &Path,
) -> Result<Vec<(String, Refreshed)>, reqwest::Error> {
    let urls: Vec<&LayerSpec> = catalog.layers.iter().filter(|l| l.url.is_some()).collect();
    if urls.is_empty() {
        return Ok(Vec::new());
    }
    let client = client()?;
    let mut out = Vec::new();
    for spec in urls {
        out.push((spec.id.clone(), refresh(&client, spec, cache_dir).await));
    }
    Ok(out)
}

/// Whether a redirect from `from` to `to` may be followed: same scheme and host and port,
/// never from https down to http (a team URL's token must not travel to another host or in
/// clear text).
pub fn redirect_allowed(from: &url::Url, to: &url::Url) -> bool {
    from.scheme() == to.scheme()
        && from.host_str() == to.host_str()
        && from.port_or_known_default() == to.port_or_known_default()
}

/// The HTTPS client layer fetches use: no `Referer`, at most 5 redirects and only within the
/// same origin.
fn client() -> Result<reqwest::Client, reqwest::Error> {
    let policy = reqwest::redirect::Policy::custom(|attempt| {
        let allowed = attempt
            .previous()
            .last()
            .is_some_and(|from| redirect_allowed(from, attempt.url()));
        if attempt.previous().len() > 5 {
            attempt.error("more than 5 redirects")
        } else if allowed {
            attempt.follow()
        } else {
            let to = shown_url(attempt.url().as_str());
            attempt.error(format!(
                "it redirects to {to}, another host or plain http; a team URL is only followed within its own https host"
            ))
        }
    });
    reqwest::Client::builder()
        .user_agent(concat!("rolehop/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .referer(false)
        .redirect(policy)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_stay_on_their_origin() {
        let u = |s: &str| url::Url::parse(s).unwrap();
        let from = u("https://git.example.com/raw/c.toml?private_token=abc");
        assert!(redirect_allowed(&from, &u("https://git.example.com/other")));
        assert!(!redirect_allowed(&from, &u("http://git.example.com/raw")));
        assert!(!redirect_allowed(&from, &u("https://evil.example.net/")));
        assert!(!redirect_allowed(
            &from,
            &u("https://git.example.com:8443/raw")
        ));
    }

    #[test]
    fn cache_names_are_ids() {
        let dir = std::path::Path::new("/tmp/x");
        assert!(Cache::new(dir, "team").is_ok());
        for bad in ["", "..", "../x", "/etc/passwd", "a/b"] {
            assert!(Cache::new(dir, bad).is_err(), "{bad}");
        }
    }
}
