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
                r#"(?i)https://[a-z0-9.-]*signin\.(?:aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn|amazonaws-eusc\.eu)/switchrole/?\?[^\s"'<>\)\]\\`]*"#,
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
///
/// Linear in the text: every line is scanned once, each link's own text is looked for only
/// within a few KiB around it, and headings are placed by their position in the line, so a
/// minified (one-line) page costs what the same page with a link per line does, and its links
/// each get the heading nearest above them, not the line's last.
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
        // Headings on this line, by where they end: a link takes the last one before it.
        let mut headings: Vec<(usize, String)> = Vec::new();
        if let Some(c) = p.folder.captures(line) {
            pending_folder = Some(plain(c.get(1).map_or("", |m| m.as_str())));
        } else {
            for c in p.html_heading.captures_iter(line) {
                let end = c.get(0).map_or(0, |m| m.end());
                headings.push((end, plain(c.get(2).map_or("", |m| m.as_str()))));
            }
            if headings.is_empty()
                && let Some(c) = p.md_heading.captures(line)
            {
                headings.push((0, plain(c.get(1).map_or("", |m| m.as_str()))));
            }
        }
        let has = |needle: &str| contains_ignore_case(line, needle);
        if has("<DL")
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
                between.len() <= 80
                    && (between.contains('>') || between.contains("]("))
                    && !contains_ignore_case(between, "</a")
                    && unescape(prev.as_str()) == unescape(m.as_str())
            });
            if !same_link {
                links.push(m);
            }
        }
        let rolehop_id = if links.len() == 1 {
            let mut ids = p
                .rolehop
                .captures_iter(line)
                .filter_map(|c| c.get(1).map(|m| m.as_str().to_ascii_lowercase()));
            match (ids.next(), ids.next()) {
                (Some(id), None) => Some(id),
                _ => None,
            }
        } else {
            None
        };
        let mut next_heading = headings.iter().peekable();
        for m in links {
            while let Some((_, h)) = next_heading.next_if(|(end, _)| *end <= m.start()) {
                heading = Some(h.clone());
            }
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
        for (_, h) in next_heading {
            heading = Some(h.clone());
        }
        if has("</DL") {
            folders.pop();
        }
    }
    out
}

/// Whether `needle` (ASCII) occurs in `hay`, ignoring ASCII case, without copying `hay`.
fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    find_ignore_case(hay.as_bytes(), needle.as_bytes()).is_some()
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// How far around a link its text is looked for: an `<a …>` tag or a Markdown `[text](` longer
/// than this is not a link's text anyway, and the bound keeps a page of a million links on one
/// line linear.
const TEXT_WINDOW: usize = 4096;

/// The last `n` bytes of `s` (at a character boundary).
fn tail(s: &str, n: usize) -> &str {
    let mut at = s.len().saturating_sub(n);
    while !s.is_char_boundary(at) {
        at += 1;
    }
    &s[at..]
}

/// The first `n` bytes of `s` (at a character boundary).
fn head(s: &str, n: usize) -> &str {
    let mut at = s.len().min(n);
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    &s[..at]
}

/// The text of the link at `start..end` of a line: an `<a …>text</a>` element or a Markdown
/// `[text](url)`, looked for within [`TEXT_WINDOW`] of the link.
fn link_text(line: &str, start: usize, end: usize) -> Option<String> {
    let before = tail(&line[..start], TEXT_WINDOW);
    let after = head(&line[end..], TEXT_WINDOW);
    if let Some(head) = before.strip_suffix("](") {
        let open = head.rfind('[')?;
        let text = plain(&head[open + 1..]);
        return (!text.is_empty()).then_some(text);
    }
    let tag_start = rfind_ignore_case(before.as_bytes(), b"<a ")?;
    if before[tag_start..].contains('>') {
        return None;
    }
    let close = after.find('>')?;
    let rest = &after[close + 1..];
    let end_tag = find_ignore_case(rest.as_bytes(), b"</a")?;
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
    let mut at = Cursor {
        text,
        from: 0,
        line: 1,
        lost: false,
    };
    for root in roots.values() {
        for child in root
            .get("children")
            .and_then(|c| c.as_array())
            .into_iter()
            .flatten()
        {
            walk_bookmarks(child, &mut Vec::new(), &mut at, &mut out);
        }
    }
    Some(out)
}

/// Where the bookmark walk is in the file, to give each bookmark its line. The file lists
/// bookmarks in the order the walk visits them, so the cursor only moves forward and lines are
/// counted once (counting from the start for every bookmark made 80,000 of them take minutes).
struct Cursor<'t> {
    text: &'t str,
    from: usize,
    line: usize,
    /// A URL was not found where expected (written with escapes the JSON writer chose): later
    /// bookmarks keep the last known line rather than search the rest of the file each time.
    lost: bool,
}

impl Cursor<'_> {
    fn line_of(&mut self, url: &str) -> usize {
        if self.lost {
            return self.line;
        }
        let quoted = serde_json::to_string(url).unwrap_or_default();
        match self.text[self.from..].find(&quoted) {
            Some(i) => {
                let at = self.from + i;
                self.line += self.text[self.from..at].matches('\n').count();
                self.from = at;
            }
            None => self.lost = true,
        }
        self.line
    }
}

fn walk_bookmarks(
    node: &serde_json::Value,
    path: &mut Vec<String>,
    at: &mut Cursor,
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
                walk_bookmarks(child, path, at, out);
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
            out.push(Found {
                line: at.line_of(url),
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
    // Where each client is in `proposal.clients` (a page of 30,000 one-link clients stays
    // linear).
    let mut client_at: HashMap<String, usize> = HashMap::new();
    let found_links = find(text);
    // The ids a page written by `rolehop export page` names are kept for their links.
    ids.claim_exact(found_links.iter().filter_map(|f| f.rolehop_id.as_deref()));
    for found in found_links {
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
            Some(own) if rules::slug(own).is_ok() => ids.fresh(own),
            _ => ids.fresh(&id_name),
        };
        let mut shortcut = Shortcut {
            id,
            client: named.client.clone(),
            label,
            account: Some(link.account.clone()),
            role,
            ..Default::default()
        };
        // The link's own text or label saying production (not the client's heading).
        let own_name = found
            .text
            .clone()
            .or_else(|| link.display_name.clone())
            .unwrap_or_default();
        let proposed_tags = super::naming::propose_production(&mut shortcut, &own_name, &mut notes);
        let display = if kind == ContextKind::LinkText {
            named.client.clone()
        } else {
            client_name
        };
        match client_at
            .get(&named.client)
            .map(|&i| &mut proposal.clients[i])
        {
            Some(c) => {
                if c.color.is_none() {
                    c.color = link.color.clone();
                }
            }
            None => {
                client_at.insert(named.client.clone(), proposal.clients.len());
                proposal.clients.push(Client {
                    id: named.client.clone(),
                    name: display,
                    color: link.color.clone(),
                    notes: None,
                    link: None,
                    browser: None,
                });
            }
        }
        proposal.shortcuts.push(ProposedShortcut {
            shortcut,
            origin,
            notes,
            proposed_tags,
        });
    }
    proposal
}

#[cfg(test)]
#[path = "links_tests.rs"]
mod tests;
