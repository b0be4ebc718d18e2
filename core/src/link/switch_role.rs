//! AWS's switch-role link, `https://signin.aws.amazon.com/switchrole?roleName=…&account=…`
//! with optional `displayName` and `color`
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-console.html>):
//! read ([`parse`]), written for a shortcut ([`url_of`]), and matched against the catalog
//! ([`matching`]).
//!
//! Every partition's sign-in host counts (`signin.aws.amazon.com` and its regional
//! `<region>.signin.aws.amazon.com`, `signin.amazonaws-us-gov.com`, `signin.amazonaws.cn`).
//! `roleName` may carry the role's path (`team/Admin`); `account` may be an account alias,
//! which AWS's page accepts but Rolehop cannot sign in with (it needs the 12-digit id).

use std::collections::HashMap;

use crate::catalog::Catalog;
use crate::catalog::resolve::{Lookup, ResolvedShortcut};
use crate::catalog::rules;
use crate::partition::Partition;
use crate::partition::hosts::signin_host;

/// What a switch-role link names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwitchRoleLink {
    pub partition: Partition,
    /// The 12-digit account id.
    pub account: String,
    /// The role name, with its path if it has one (`team/Admin`).
    pub role: String,
    pub display_name: Option<String>,
    /// `#rrggbb`.
    pub color: Option<String>,
}

/// A switch-role link that cannot name a shortcut, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unusable(pub String);

/// `#rrggbb` from `rrggbb` or `#RRGGBB` (the forms AWS's links and tools write).
pub fn hex_color(v: &str) -> Option<String> {
    let v = v.trim().trim_start_matches('#');
    (v.len() == 6 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("#{}", v.to_ascii_lowercase()))
}

/// The sign-in hosts a switch-role link may name, and their partitions.
fn partition_of(host: &str) -> Option<Partition> {
    let host = host.to_ascii_lowercase();
    Partition::ALL
        .into_iter()
        .find(|p| crate::partition::hosts::is_signin_host(*p, &host))
}

/// Reads one link (HTML entities already decoded). `None` when it is not a switch-role link at
/// all; why, when it is one that cannot name a shortcut.
pub fn parse(text: &str) -> Option<Result<SwitchRoleLink, Unusable>> {
    let text = text.trim();
    let url = url::Url::parse(text).ok()?;
    if url.scheme() != "https" {
        return None;
    }
    let partition = partition_of(url.host_str()?)?;
    if !url
        .path()
        .trim_end_matches('/')
        .eq_ignore_ascii_case("/switchrole")
    {
        return None;
    }
    // The URL parser drops tabs and line breaks silently; such a link is not taken.
    if rules::link_has_control(text) {
        return Some(Err(Unusable(
            "the link holds a control character, a space or a line break".into(),
        )));
    }
    let params: HashMap<String, String> = url
        .query_pairs()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let get = |k: &str| params.get(k).filter(|v| !v.is_empty()).cloned();
    Some(read_params(partition, &get))
}

fn read_params(
    partition: Partition,
    get: &dyn Fn(&str) -> Option<String>,
) -> Result<SwitchRoleLink, Unusable> {
    let account = get("account").ok_or_else(|| Unusable("the link names no `account`".into()))?;
    if rules::account_id(&account).is_err() {
        return Err(Unusable(format!(
            "`account={account}` is an account alias, not a 12-digit account id: Rolehop cannot sign in with an alias; add the shortcut with the account's id (`rolehop add shortcut … --account 123456789012`)"
        )));
    }
    let role = get("rolename").ok_or_else(|| Unusable("the link names no `roleName`".into()))?;
    let role = role.trim_start_matches('/').to_string();
    rules::role_spec(&role).map_err(|e| Unusable(format!("roleName: {}", e.message)))?;
    Ok(SwitchRoleLink {
        partition,
        account,
        role,
        display_name: get("displayname"),
        color: get("color").and_then(|c| hex_color(&c)),
    })
}

/// A query value as AWS's own links write it: spaces as `%20` (a `+` would also do for the
/// console's page, but `%20` reads the same everywhere a knowledge base passes it on).
fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// The role's name with its path, as `roleName` carries it (`team/Admin`).
pub fn role_with_path(shortcut: &ResolvedShortcut) -> String {
    shortcut
        .role_arn
        .split_once(":role/")
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_else(|| shortcut.role_name.clone())
}

/// The switch-role link of a shortcut: its account and role, its label as `displayName` (AWS
/// keeps at most 64 characters of it) and its client's colour. It works for anyone signed in
/// to the console with a user allowed to assume the role, with or without Rolehop.
pub fn url_of(shortcut: &ResolvedShortcut) -> String {
    let display: String = shortcut.label.chars().take(64).collect();
    format!(
        "https://{}/switchrole?roleName={}&account={}&displayName={}&color={}",
        signin_host(shortcut.partition),
        encode(&role_with_path(shortcut)),
        shortcut.account,
        encode(&display),
        shortcut.color.trim_start_matches('#'),
    )
}

/// The shortcuts that open what a link names: same partition, account and role (path
/// included; the link's `displayName` and `color` do not matter). Shortcuts that do not
/// resolve are left out.
pub fn matching(catalog: &Catalog, link: &SwitchRoleLink) -> Vec<ResolvedShortcut> {
    let lookup = Lookup::new(catalog);
    let want = link.role.trim_start_matches('/');
    catalog
        .shortcuts
        .iter()
        .filter_map(|s| lookup.resolve(&s.id).ok())
        .filter(|r| {
            r.partition == link.partition
                && r.account == link.account
                && role_with_path(r).trim_start_matches('/') == want
        })
        .collect()
}

/// The role a link names as a shortcut's `role` takes it: the name, or outside the
/// commercial partition the ARN, which says the partition.
pub fn catalog_role(link: &SwitchRoleLink) -> String {
    if link.partition == Partition::Aws {
        link.role.clone()
    } else {
        format!(
            "arn:{}:iam::{}:role/{}",
            link.partition.as_str(),
            link.account,
            link.role
        )
    }
}

/// The `rolehop add shortcut …` line that would add what a link names (for a link no
/// shortcut opens yet), with the arguments quoted for a POSIX shell.
pub fn add_command(link: &SwitchRoleLink, client: &str, id: &str) -> String {
    let role = catalog_role(link);
    let mut line = format!(
        "rolehop add shortcut {} --client {} --account {} --role {}",
        shell_quote(id),
        shell_quote(client),
        link.account,
        shell_quote(&role)
    );
    if let Some(label) = &link.display_name {
        line.push_str(&format!(" --label {}", shell_quote(label)));
    }
    line
}

/// Quotes a word for a POSIX shell when it needs it.
pub fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@,+".contains(&b));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
#[path = "switch_role_tests.rs"]
mod tests;
