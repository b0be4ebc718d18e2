//! One shortcut's links as `rolehop link` prints them and `export page` writes them: the
//! `rolehop://` link (opens through Rolehop), the AWS switch-role link (works for anyone signed
//! in to the console, with or without Rolehop), and both as a Markdown or HTML line for a
//! knowledge base. Text from the catalog is escaped for the format it lands in.

use super::deep::{Landing, link_of};
use super::switch_role::url_of;
use crate::catalog::resolve::ResolvedShortcut;

/// The forms of `rolehop link --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkFormat {
    Rolehop,
    SwitchRole,
    Markdown,
    Html,
}

impl LinkFormat {
    pub const ALL: [LinkFormat; 4] = [Self::Rolehop, Self::SwitchRole, Self::Markdown, Self::Html];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rolehop => "rolehop",
            Self::SwitchRole => "switchrole",
            Self::Markdown => "markdown",
            Self::Html => "html",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == text)
    }
}

/// What the links of a line are called on a page.
pub const OPEN_TEXT: &str = "Open in Rolehop";
pub const SWITCH_TEXT: &str = "Switch role in the AWS console";

/// Text for Markdown: characters Markdown gives a meaning escaped, line breaks folded.
pub fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '<' | '>' | '#' | '|' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Text or an attribute value for HTML.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// A link target for Markdown's `(…)`: every character that could end the target, start
/// another construct or break the line (space, brackets, parentheses, quotes, backslash,
/// backtick, control characters) is percent-encoded, so a target stays one target whatever
/// text it came from (Rolehop's own links, a client's link from a team layer).
pub fn md_target(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_control()
            || c.is_whitespace()
            || matches!(
                c,
                '(' | ')' | '<' | '>' | '[' | ']' | '\\' | '`' | '"' | '\''
            )
        {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// "Client – label", the name a shortcut has in menus.
pub fn title(shortcut: &ResolvedShortcut) -> String {
    format!("{} – {}", shortcut.client_name, shortcut.label)
}

/// A shortcut's links in one format, as one line (no trailing newline); the `rolehop://` link
/// lands where `landing` says (the switch-role link always lands on AWS's console home).
pub fn link(shortcut: &ResolvedShortcut, landing: &Landing, format: LinkFormat) -> String {
    let rolehop = link_of(&shortcut.id, landing);
    let switch = url_of(shortcut);
    match format {
        LinkFormat::Rolehop => rolehop,
        LinkFormat::SwitchRole => switch,
        LinkFormat::Markdown => format!(
            "[{}]({}) · [{SWITCH_TEXT}]({})",
            md_escape(&title(shortcut)),
            md_target(&rolehop),
            md_target(&switch)
        ),
        LinkFormat::Html => format!(
            "<a href=\"{}\">{}</a> · <a href=\"{}\">{SWITCH_TEXT}</a>",
            html_escape(&rolehop),
            html_escape(&title(shortcut)),
            html_escape(&switch)
        ),
    }
}

/// The line of a page for one shortcut (the page's heading names the client): its label,
/// account and role, then both links.
pub fn page_line(shortcut: &ResolvedShortcut, format: LinkFormat) -> String {
    let rolehop = link_of(&shortcut.id, &Landing::default());
    let switch = url_of(shortcut);
    let role = super::switch_role::role_with_path(shortcut);
    match format {
        LinkFormat::Html => format!(
            "<li><strong>{}</strong> · <code>{}</code> · {} · <a href=\"{}\">{OPEN_TEXT}</a> · <a href=\"{}\">{SWITCH_TEXT}</a></li>",
            html_escape(&shortcut.label),
            shortcut.account,
            html_escape(&role),
            html_escape(&rolehop),
            html_escape(&switch)
        ),
        _ => format!(
            "- **{}** · `{}` · {} · [{OPEN_TEXT}]({}) · [{SWITCH_TEXT}]({})",
            md_escape(&shortcut.label),
            shortcut.account,
            md_escape(&role),
            md_target(&rolehop),
            md_target(&switch)
        ),
    }
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
