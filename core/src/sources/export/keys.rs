//! The `rolehop_*` keys Rolehop writes next to the standard ones when it exports a shortcut
//! (`rolehop export aws-config`, `rolehop export switch-roles`). The AWS CLI, the SDKs and the
//! Extend Switch Roles extension ignore keys they do not know; Rolehop's importers read them
//! back, so export followed by import gives the same shortcuts and clients.

use crate::catalog::duration::Seconds;
use crate::catalog::model::{Client, SessionMode, Shortcut};

pub const ROLE: &str = "rolehop_role";
pub const ACCOUNT: &str = "rolehop_account";
pub const CLIENT: &str = "rolehop_client";
pub const CLIENT_NAME: &str = "rolehop_client_name";
pub const CLIENT_COLOR: &str = "rolehop_client_color";
pub const LABEL: &str = "rolehop_label";
pub const IDENTITY: &str = "rolehop_identity";
pub const VIA: &str = "rolehop_via";
pub const DESTINATION: &str = "rolehop_destination";
pub const SESSION: &str = "rolehop_session";
pub const DURATION: &str = "rolehop_duration";
pub const EXTERNAL_ID: &str = "rolehop_external_id";
pub const BROWSER: &str = "rolehop_browser";
pub const PINNED: &str = "rolehop_pinned";
pub const TAGS: &str = "rolehop_tags";
/// The standard key both formats share.
pub const REGION: &str = "region";

/// A value as Extend Switch Roles' parser (`aesr-config`) can carry it: it cuts a line at the
/// first `#` or `;` (a comment) and a value at a second `=`, so those (and `%` itself) are
/// written `%23`, `%3B`, `%3D`, `%25`. Only Rolehop's own keys are written this way; the
/// extension does not read them.
pub fn escape_switch_roles(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            ';' => out.push_str("%3B"),
            '=' => out.push_str("%3D"),
            c => out.push(c),
        }
    }
    out
}

/// The reverse of [`escape_switch_roles`]; any other `%` is kept as written (files exported
/// before the escaping existed read as they did).
pub fn unescape_switch_roles(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let code = rest.get(at + 1..at + 3).map(str::to_ascii_uppercase);
        let c = match code.as_deref() {
            Some("25") => Some('%'),
            Some("23") => Some('#'),
            Some("3B") => Some(';'),
            Some("3D") => Some('='),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[at + 3..];
            }
            None => {
                out.push('%');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The keys describing a shortcut and its client, in a stable order.
pub fn write(s: &Shortcut, client: Option<&Client>) -> Vec<(&'static str, String)> {
    let mut out = vec![(ROLE, s.role.clone())];
    let mut opt = |key: &'static str, value: Option<String>| {
        if let Some(v) = value {
            out.push((key, v));
        }
    };
    opt(ACCOUNT, s.account.clone());
    opt(CLIENT, Some(s.client.clone()));
    opt(CLIENT_NAME, client.map(|c| c.name.clone()));
    // Without `#`: the AWS profile parser reads ` #` as the start of a comment.
    opt(
        CLIENT_COLOR,
        client.and_then(|c| {
            c.color
                .as_deref()
                .map(|c| c.trim_start_matches('#').to_string())
        }),
    );
    opt(LABEL, s.label.clone());
    opt(IDENTITY, s.identity.clone());
    opt(VIA, s.via.clone());
    opt(REGION, s.region.clone());
    opt(DESTINATION, s.destination.clone());
    opt(SESSION, s.session.map(|m| m.as_str().to_string()));
    opt(DURATION, s.duration.map(|d| d.0.to_string()));
    opt(EXTERNAL_ID, s.external_id.clone());
    opt(BROWSER, s.browser.clone());
    opt(PINNED, s.pinned.then(|| "true".to_string()));
    opt(TAGS, (!s.tags.is_empty()).then(|| s.tags.join(",")));
    out
}

/// A key [`read`] needs that is missing or holds what it cannot use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeysError {
    #[error("`{key}` is missing")]
    Missing { key: &'static str },
    #[error("`{key} = {value}`: {expected}")]
    Invalid {
        key: &'static str,
        value: String,
        expected: &'static str,
    },
}

/// A shortcut (with id `id`) and its client from the keys [`write()`] wrote; `get` looks a key up.
pub fn read(
    id: &str,
    get: &dyn Fn(&str) -> Option<String>,
) -> Result<(Shortcut, Client), KeysError> {
    let required = |key: &'static str| get(key).ok_or(KeysError::Missing { key });
    let invalid = |key: &'static str, value: &str, expected: &'static str| KeysError::Invalid {
        key,
        value: value.to_string(),
        expected,
    };
    let role = required(ROLE)?;
    let client = required(CLIENT)?;
    let session = match get(SESSION).as_deref() {
        None => None,
        Some("daily") => Some(SessionMode::Daily),
        Some("long") => Some(SessionMode::Long),
        Some(other) => return Err(invalid(SESSION, other, "use daily or long")),
    };
    let duration = match get(DURATION) {
        None => None,
        Some(d) => {
            Some(Seconds(d.trim().parse().map_err(|_| {
                invalid(DURATION, &d, "not a number of seconds")
            })?))
        }
    };
    let pinned = match get(PINNED).as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => return Err(invalid(PINNED, other, "use true or false")),
    };
    let shortcut = Shortcut {
        id: id.to_string(),
        client: client.clone(),
        label: get(LABEL),
        account: get(ACCOUNT),
        role,
        identity: get(IDENTITY),
        via: get(VIA),
        region: get(REGION),
        destination: get(DESTINATION),
        session,
        duration,
        external_id: get(EXTERNAL_ID),
        browser: get(BROWSER),
        pinned,
        tags: get(TAGS)
            .map(|t| {
                t.split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
    };
    let client = Client {
        id: client.clone(),
        name: get(CLIENT_NAME).unwrap_or(client),
        color: get(CLIENT_COLOR).map(|c| {
            if c.starts_with('#') {
                c
            } else {
                format!("#{c}")
            }
        }),
        notes: None,
        link: None,
        browser: None,
    };
    Ok((shortcut, client))
}
