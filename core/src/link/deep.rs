//! Rolehop's deep link, `rolehop://open/<shortcut>` with an optional
//! `?destination=<service, console path or console URL>&region=<region>`: what a knowledge-base
//! page links to so a click opens a client's console through the running tray.
//!
//! A link only names a shortcut that exists and where its console lands. It cannot add, edit
//! or remove anything, and nothing in it chooses the browser, the identity or a host: any
//! other action or parameter is refused (not ignored, so a crafted link is visibly wrong), and
//! the destination and region go through the same rules as the catalog's own
//! ([`crate::partition::destination`], [`crate::catalog::rules::region`]) once the shortcut's
//! partition is known ([`Landing::apply`]).

use crate::catalog::resolve::ResolvedShortcut;
use crate::catalog::rules;
use crate::partition::destination::{DestinationError, destination_url};

/// The scheme Rolehop registers for itself.
pub const SCHEME: &str = "rolehop";

/// Longer links are refused unread: no real link is near this, and a notification quotes it.
const MAX_LEN: usize = 2048;

/// Where one open lands instead of the shortcut's own destination and region.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Landing {
    pub destination: Option<String>,
    pub region: Option<String>,
}

/// What a `rolehop://` link asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeepLink {
    pub shortcut: String,
    pub landing: Landing,
}

/// Why a link cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error(
        "`{shown}` is not a Rolehop link: {reason}; a Rolehop link reads rolehop://open/<shortcut>, optionally with ?destination=<service or console path>&region=<region>"
    )]
    Malformed { shown: String, reason: String },
    #[error(
        "`{shown}` sets `{parameter}`, which a Rolehop link cannot: a link only names a shortcut and, with `destination` and `region`, where its console lands (never the browser, the identity or another site)"
    )]
    Parameter { shown: String, parameter: String },
    #[error("`{shown}` is an AWS switch-role link Rolehop cannot open: {reason}")]
    SwitchRole { shown: String, reason: String },
    #[error("`{shown}` is an AWS console link Rolehop cannot open: {reason}")]
    Console { shown: String, reason: String },
    #[error(
        "`{shown}` is not a link Rolehop can open: it is neither a Rolehop link (rolehop://open/<shortcut>), an AWS switch-role link (https://signin.aws.amazon.com/switchrole?account=…&roleName=…), an AWS console page (https://<region>.console.aws.amazon.com/…) nor an IAM Identity Center shortcut link (https://<portal>.awsapps.com/start/#/console?account_id=…)"
    )]
    Foreign { shown: String },
    #[error("the link's destination `{destination}` is refused: {reason}")]
    Risky { destination: String, reason: String },
    #[error("the link's region: {message}")]
    Region { message: String },
    #[error("the link's destination: {0}")]
    Destination(#[from] DestinationError),
}

/// A link as messages quote it: at most 120 characters, control characters dropped.
pub fn shown(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() > 120 {
        format!("{}…", clean.chars().take(119).collect::<String>())
    } else {
        clean
    }
}

/// Whether a text is meant as a Rolehop link (its scheme is `rolehop:`, in any case), so a
/// front end reports what is wrong with it instead of reading it as something else.
pub fn is_deep_link(text: &str) -> bool {
    text.trim()
        .get(..SCHEME.len() + 1)
        .is_some_and(|p| p.eq_ignore_ascii_case("rolehop:"))
}

/// The link a command line carries when it is the only argument: how the desktop runs a
/// link's handler (`rolehop-tray <link>`, or `rolehop <link>`). The one recognition of a
/// handed link, for the CLI, the tray's start and a running tray's second instance. A
/// malformed `rolehop:` text counts (and is reported as a link).
pub fn lone_link(args: &[String]) -> Option<&str> {
    match args {
        [_, link] if is_deep_link(link) => Some(link),
        _ => None,
    }
}

/// Reads a `rolehop://open/<shortcut>` link.
pub fn parse(text: &str) -> Result<DeepLink, LinkError> {
    let text = text.trim();
    let bad = |reason: &str| LinkError::Malformed {
        shown: shown(text),
        reason: reason.to_string(),
    };
    if text.len() > MAX_LEN {
        return Err(bad("it is longer than any Rolehop link"));
    }
    let url = url::Url::parse(text).map_err(|e| bad(&format!("it does not parse ({e})")))?;
    // The URL parser drops a tab or line break silently: such a link is refused.
    if rules::link_has_control(text) {
        return Err(bad("it holds a control character, a space or a line break"));
    }
    if url.scheme() != SCHEME {
        return Err(bad("its scheme is not rolehop:"));
    }
    if !url.username().is_empty() || url.password().is_some() || url.port().is_some() {
        return Err(bad("it carries a user name, password or port"));
    }
    match url.host_str() {
        Some(h) if h.eq_ignore_ascii_case("open") => {}
        Some(other) => {
            return Err(bad(&format!(
                "`{other}` is not something a link can do (only `open`)"
            )));
        }
        None => return Err(bad("it names no action")),
    }
    let segments: Vec<&str> = url
        .path()
        .trim_start_matches('/')
        .trim_end_matches('/')
        .split('/')
        .collect();
    let [segment] = segments.as_slice() else {
        return Err(bad("it names more than one shortcut"));
    };
    let shortcut = percent_decode(segment).ok_or_else(|| bad("its shortcut id is not UTF-8"))?;
    if shortcut.is_empty() {
        return Err(bad("it names no shortcut"));
    }
    rules::slug(&shortcut).map_err(|e| bad(&e.message))?;
    let mut landing = Landing::default();
    for (key, value) in url.query_pairs() {
        let slot = match key.as_ref() {
            "destination" => &mut landing.destination,
            "region" => &mut landing.region,
            other => {
                return Err(LinkError::Parameter {
                    shown: shown(text),
                    parameter: shown(other),
                });
            }
        };
        if slot.is_some() {
            return Err(bad(&format!("it sets `{key}` twice")));
        }
        let value = value.trim();
        if value.is_empty() {
            return Err(bad(&format!("its `{key}` is empty")));
        }
        *slot = Some(value.to_string());
    }
    Ok(DeepLink { shortcut, landing })
}

fn percent_decode(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

impl Landing {
    /// The shortcut as this open sees it: the landing's region (which must be one of the
    /// shortcut's partition) and destination (which must stay on its console) in place of its
    /// own. Checked here, before any credentials are fetched.
    pub fn apply(&self, mut shortcut: ResolvedShortcut) -> Result<ResolvedShortcut, LinkError> {
        if let Some(region) = &self.region {
            rules::region(region, shortcut.partition)
                .map_err(|e| LinkError::Region { message: e.message })?;
            shortcut.region = region.clone();
        }
        if let Some(destination) = &self.destination {
            shortcut.destination = Some(destination.clone());
        }
        let url = destination_url(
            shortcut.partition,
            &shortcut.region,
            shortcut.destination.as_deref(),
        )?;
        // A landing comes from a link: it may not choose a page that loads or acts on what
        // it carries (`crate::link::risk`).
        if self.destination.is_some()
            && let Some(reason) = crate::link::risk::destination_risk(&url)
        {
            return Err(LinkError::Risky {
                destination: shown(self.destination.as_deref().unwrap_or_default()),
                reason,
            });
        }
        Ok(shortcut)
    }

    pub fn is_empty(&self) -> bool {
        self.destination.is_none() && self.region.is_none()
    }
}

/// The link that opens a shortcut (ids are slugs, so the id needs no escaping).
pub fn link_of(shortcut: &str, landing: &Landing) -> String {
    let mut link = format!("{SCHEME}://open/{shortcut}");
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if let Some(d) = &landing.destination {
        query.append_pair("destination", d);
    }
    if let Some(r) = &landing.region {
        query.append_pair("region", r);
    }
    let query = query.finish();
    if !query.is_empty() {
        link.push('?');
        link.push_str(&query);
    }
    link
}

#[cfg(test)]
#[path = "deep_tests.rs"]
mod tests;
