//! AWS switch-role links, found in whatever a team keeps them in, into a [`Proposal`]: a
//! knowledge-base page saved as HTML (Confluence- or Notion-style), a Markdown or plain-text
//! page, Chromium's `Bookmarks` JSON, or a Netscape/Firefox bookmarks HTML export.
//!
//! A switch-role link is `https://<signin host>/switchrole?roleName=…&account=…` with optional
//! `displayName` and `color`
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-console.html>).
//! Every partition's sign-in host counts (`signin.aws.amazon.com` and its regional
//! `<region>.signin.aws.amazon.com`, `signin.amazonaws-us-gov.com`, `signin.amazonaws.cn`);
//! HTML-escaped (`&amp;`) and URL-encoded forms are read as a browser would read them.
//!
//! Each link becomes a shortcut: `account` and `roleName` (a path kept), `displayName` as the
//! label, `color` as its client's colour. The client comes from the link's context, the
//! nearest one found: the bookmark folder, else the nearest heading above the link, else the
//! link's own text; the `--client-pattern` rule then reads the client from that name, as the
//! other importers read it from a profile name. The preview says where each client came from.
//! A link that cannot become a shortcut (an account alias instead of the 12-digit id, a role
//! that is not a role name) is listed as skipped with the reason; it never stops the others.

use std::collections::HashMap;

use regex::Regex;

use super::naming::ClientNaming;
use super::{Ids, Origin, Proposal, ProposedShortcut, SkipReason, Skipped};
use crate::catalog::model::{Client, Partition, Shortcut};
use crate::catalog::rules;
use crate::link::switch_role::{self, SwitchRoleLink};

/// Where a client name was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextKind {
    /// The bookmark folder (its path, innermost last).
    Folder,
    /// The nearest heading above the link in a page.
    Heading,
    /// The link's own text (or its `displayName`).
    LinkText,
}

/// A switch-role link found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// 1-based line of the link in the text.
    pub line: usize,
    /// The link as a browser reads it (HTML entities decoded).
    pub url: String,
    /// The bookmark folder path or the nearest heading above the link.
    pub context: Option<(String, ContextKind)>,
    /// The link's text (a bookmark's title, an `<a>` element's or a Markdown link's text).
    pub text: Option<String>,
    /// The shortcut id of the one `rolehop://open/<id>` link on the same line, when the line
    /// has one switch-role link (a page written by `rolehop export page`, or a team's own page
    /// that lists both): the shortcut keeps that id.
    pub rolehop_id: Option<String>,
}

/// Reads one link (entities already decoded): the [`crate::link::switch_role`] reader, its
/// reason for an unusable link as the skip reason.
pub fn parse_link(text: &str) -> Option<Result<SwitchRoleLink, SkipReason>> {
    switch_role::parse(text).map(|r| r.map_err(|e| SkipReason(e.0)))
}

/// HTML's character references as they appear in exported pages and bookmark files.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = rest
            .find(';')
            .filter(|end| *end <= 10)
            .map(|end| (&rest[1..end], end));
        let decoded = entity.and_then(|(name, end)| {
            let c = match name {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "nbsp" => Some(' '),
                n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            }?;
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Text without tags and with entities decoded, whitespace collapsed.
fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

struct Patterns {
    link: Regex,
    html_heading: Regex,
    md_heading: Regex,
    folder: Regex,
    rolehop: Regex,
}

impl Patterns {
    fn new() -> Option<Self> {
        Some(Self {
            link: Regex::new(
                r#"(?i)https://[a-z0-9.-]*signin\.(?:aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)/switchrole/?\?[^\s"'<>\)\]\\`]*"#,
            )
            .ok()?,
            html_heading: Regex::new(r"(?is)<h([1-6])[^>]*>(.*?)</h[1-6]\s*>").ok()?,
            md_heading: Regex::new(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$").ok()?,
            folder: Regex::new(r"(?i)<dt>\s*<h3[^>]*>(.*?)</h3>").ok()?,
            rolehop: Regex::new(r#"(?i)rolehop://open/([a-z0-9][a-z0-9._-]{0,63})(?:[?#\s"'<>)\]&]|$)"#)
                .ok()?,
        })
    }
}

/// Every switch-role link in a text, with its line, context and text.
pub fn find(text: &str) -> Vec<Found> {
    if let Some(found) = find_in_chromium_bookmarks(text) {
        return found;
    }
    let Some(p) = Patterns::new() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut heading: Option<String> = None;
    // Netscape bookmark files: `<DT><H3>Folder</H3>` then `<DL>` opens it, `</DL>` closes it.
    let mut folders: Vec<String> = Vec::new();
    let mut pending_folder: Option<String> = None;
    for (index, line) in text.lines().enumerate() {
        if let Some(c) = p.folder.captures(line) {
            pending_folder = Some(plain(c.get(1).map_or("", |m| m.as_str())));
        } else if let Some(c) = p.html_heading.captures_iter(line).last() {
            heading = Some(plain(c.get(2).map_or("", |m| m.as_str())));
        } else if let Some(c) = p.md_heading.captures(line) {
            heading = Some(plain(c.get(1).map_or("", |m| m.as_str())));
        }
        let upper = line.to_ascii_uppercase();
        if upper.contains("<DL")
            && let Some(folder) = pending_folder.take()
        {
            folders.push(folder);
        }
        // A link whose text is its own URL (`<a href="URL">URL</a>`, `[URL](URL)`, as wikis
        // write bare links) is one link, not two.
        let mut links: Vec<regex::Match> = Vec::new();
        for m in p.link.find_iter(line) {
            let same_link = links.last().is_some_and(|prev| {
                let between = &line[prev.end()..m.start()];
                unescape(prev.as_str()) == unescape(m.as_str())
                    && between.len() <= 80
                    && (between.contains('>') || between.contains("]("))
                    && !between.to_ascii_lowercase().contains("</a")
            });
            if !same_link {
                links.push(m);
            }
        }
        let rolehop_ids: Vec<String> = p
            .rolehop
            .captures_iter(line)
            .filter_map(|c| c.get(1).map(|m| m.as_str().to_ascii_lowercase()))
            .collect();
        let rolehop_id = match (links.len(), rolehop_ids.as_slice()) {
            (1, [id]) => Some(id.clone()),
            _ => None,
        };
        for m in links {
            let url = unescape(m.as_str());
            let context = if folders.is_empty() {
                heading
                    .clone()
                    .filter(|h| !h.is_empty())
                    .map(|h| (h, ContextKind::Heading))
            } else {
                Some((folders.join("/"), ContextKind::Folder))
            };
            out.push(Found {
                line: index + 1,
                url,
                context,
                text: link_text(line, m.start(), m.end()),
                rolehop_id: rolehop_id.clone(),
            });
        }
        if upper.contains("</DL") {
            folders.pop();
        }
    }
    out
}

/// The text of the link at `start..end` of a line: an `<a …>text</a>` element or a Markdown
/// `[text](url)`.
fn link_text(line: &str, start: usize, end: usize) -> Option<String> {
    let before = &line[..start];
    let after = &line[end..];
    if let Some(head) = before.strip_suffix("](") {
        let open = head.rfind('[')?;
        let text = plain(&head[open + 1..]);
        return (!text.is_empty()).then_some(text);
    }
    let tag_start = before.to_ascii_lowercase().rfind("<a ")?;
    if before[tag_start..].contains('>') {
        return None;
    }
    let close = after.find('>')?;
    let rest = &after[close + 1..];
    let end_tag = rest.to_ascii_lowercase().find("</a")?;
    let text = plain(&rest[..end_tag]);
    (!text.is_empty()).then_some(text)
}

/// Chromium's `Bookmarks` file: `{"roots": {"bookmark_bar": {"children": [...]}, ...}}`.
fn find_in_chromium_bookmarks(text: &str) -> Option<Vec<Found>> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    let roots = json.get("roots")?.as_object()?;
    let mut out = Vec::new();
    let mut from = 0;
    for root in roots.values() {
        for child in root
            .get("children")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
        {
            walk_bookmarks(child, &mut Vec::new(), text, &mut from, &mut out);
        }
    }
    Some(out)
}

fn walk_bookmarks(
    node: &serde_json::Value,
    path: &mut Vec<String>,
    text: &str,
    from: &mut usize,
    out: &mut Vec<Found>,
) {
    let name = node
        .get("name")
        .and_then(|n| n.as_str())
        .unwrap_or_default()
        .trim()
        .to_string();
    match node.get("type").and_then(|t| t.as_str()) {
        Some("folder") => {
            path.push(name);
            for child in node
                .get("children")
                .and_then(|c| c.as_array())
                .into_iter()
                .flatten()
            {
                walk_bookmarks(child, path, text, from, out);
            }
            path.pop();
        }
        Some("url") => {
            let Some(url) = node.get("url").and_then(|u| u.as_str()) else {
                return;
            };
            if parse_link(url).is_none() {
                return;
            }
            // The line of this bookmark in the file: its URL, searched from the last one found
            // (the file lists bookmarks in the order this walk visits them).
            let at = text[*from..]
                .find(&format!("\"{url}\""))
                .map(|i| *from + i)
                .or_else(|| text.find(url))
                .unwrap_or(0);
            *from = at.min(text.len());
            out.push(Found {
                line: text[..at].matches('\n').count() + 1,
                url: url.to_string(),
                context: (!path.is_empty()).then(|| (path.join("/"), ContextKind::Folder)),
                text: (!name.is_empty()).then_some(name),
                rolehop_id: None,
            });
        }
        _ => {}
    }
}

/// What a switch-role link says of a shortcut.
pub const SAYS: &[&str] = &["client", "label", "account", "role"];
/// What it says with the identity an import names (`--identity`).
pub const SAYS_WITH_IDENTITY: &[&str] = &["client", "label", "account", "role", "identity"];

/// Reads a text into a proposal: one shortcut per usable link, one client per context.
pub fn import(file: &str, text: &str, naming: &ClientNaming) -> Proposal {
    let mut proposal = Proposal {
        says: Some(SAYS),
        ..Proposal::default()
    };
    let mut ids = Ids::default();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for found in find(text) {
        // The text of a link `rolehop export page` wrote says nothing of it: its id does.
        let own_text = found
            .text
            .clone()
            .filter(|t| t != crate::link::format::SWITCH_TEXT);
        let origin = Origin {
            profile: own_text
                .clone()
                .or_else(|| found.rolehop_id.clone())
                .or_else(|| found.context.as_ref().map(|(c, _)| c.clone()))
                .unwrap_or_else(|| file.to_string()),
            line: found.line,
        };
        let link = match parse_link(&found.url) {
            Some(Ok(link)) => link,
            Some(Err(reason)) => {
                proposal.skipped.push(Skipped {
                    origin,
                    reason: reason.0,
                });
                continue;
            }
            None => continue,
        };
        let key = (link.account.clone(), link.role.clone());
        if let Some(line) = seen.get(&key) {
            proposal.skipped.push(Skipped {
                origin,
                reason: format!(
                    "the same account and role as the link on line {line}: imported once"
                ),
            });
            continue;
        }
        seen.insert(key, found.line);
        let (source, kind) = found.context.clone().unwrap_or_else(|| {
            let text = found
                .text
                .clone()
                .or_else(|| link.display_name.clone())
                .unwrap_or_else(|| link.account.clone());
            (text, ContextKind::LinkText)
        });
        // A folder path names its innermost folder's client.
        let client_name = source.rsplit('/').next().unwrap_or(&source).to_string();
        let named = naming.name(&client_name);
        // A shortcut without a label of its own is shown (and exported) by its id.
        let display_name = link
            .display_name
            .clone()
            .filter(|d| found.rolehop_id.as_deref() != Some(d.as_str()));
        let label = display_name
            .clone()
            .or_else(|| own_text.clone().filter(|_| found.rolehop_id.is_none()))
            .or_else(|| {
                (kind == ContextKind::LinkText)
                    .then_some(named.label.clone())
                    .flatten()
            });
        let id_name = match &label {
            Some(l) if !l.to_ascii_lowercase().starts_with(&named.client) => {
                format!("{} {l}", named.client)
            }
            Some(l) => l.clone(),
            None => format!("{} {}", named.client, link.role.replace('/', "-")),
        };
        let mut notes = vec![match kind {
            ContextKind::Folder => format!(
                "client `{}` from the bookmark folder “{source}”",
                named.client
            ),
            ContextKind::Heading => {
                format!("client `{}` from the heading “{source}”", named.client)
            }
            ContextKind::LinkText => {
                format!("client `{}` from the link text “{source}”", named.client)
            }
        }];
        // Outside the commercial partition the role keeps its ARN, so the partition is kept.
        let role = if link.partition == Partition::Aws {
            link.role.clone()
        } else {
            notes.push(format!("in partition {}", link.partition.as_str()));
            format!(
                "arn:{}:iam::{}:role/{}",
                link.partition.as_str(),
                link.account,
                link.role
            )
        };
        let id = match &found.rolehop_id {
            Some(own) if rules::slug(own).is_ok() => ids.of(own),
            _ => ids.of(&id_name),
        };
        let shortcut = Shortcut {
            id,
            client: named.client.clone(),
            label,
            account: Some(link.account.clone()),
            role,
            ..Default::default()
        };
        let display = if kind == ContextKind::LinkText {
            named.client.clone()
        } else {
            client_name
        };
        match proposal.clients.iter_mut().find(|c| c.id == named.client) {
            Some(c) => {
                if c.color.is_none() {
                    c.color = link.color.clone();
                }
            }
            None => proposal.clients.push(Client {
                id: named.client.clone(),
                name: display,
                color: link.color.clone(),
                notes: None,
                link: None,
                browser: None,
            }),
        }
        proposal.shortcuts.push(ProposedShortcut {
            shortcut,
            origin,
            notes,
        });
    }
    proposal
}

#[cfg(test)]
#[path = "links_tests.rs"]
mod tests;
