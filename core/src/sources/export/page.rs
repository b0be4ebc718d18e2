//! `rolehop export page`: the catalog as one page for a knowledge base, grouped by client
//! (name, colour, notes, the client's own link), each shortcut with its `rolehop://` link (opens
//! through Rolehop) and its AWS switch-role link (works for anyone signed in to the console,
//! without Rolehop). No secrets and no identities: a page like this is meant to be shared.
//!
//! The page reads back with `rolehop import links`: the heading above each list names its
//! client, each line's switch-role link gives the account, role and label, and the
//! `rolehop://` link on the same line keeps the shortcut's id.

use std::fmt::Write;

use crate::catalog::model::{Catalog, Client};
use crate::catalog::resolve::Lookup;
use crate::link::format::{LinkFormat, html_escape, md_escape, md_target, page_line};
use crate::link::switch_role::hex_color;

/// The page, and the shortcuts left out of it (they do not resolve) with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub text: String,
    pub skipped: Vec<(String, String)>,
}

/// The forms of `export page --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageFormat {
    Html,
    Markdown,
}

const TITLE: &str = "AWS accounts";
const ABOUT: &str = "Written by Rolehop (`rolehop export page`). “Open in Rolehop” opens the account's console through Rolehop, in its own browser profile; “Switch role in the AWS console” works for anyone signed in to the AWS console with a user allowed to assume the role.";

/// A client's own link, only when it is an https page by the catalog's own rule (a team
/// layer's text reaches the page, and a page is opened by people, so it is checked again
/// where it becomes a link), as the URL parser writes it back (percent-encoded).
fn web_link(client: &Client) -> Option<String> {
    let link = client.link.as_deref()?;
    crate::catalog::rules::client_link(link).ok()?;
    url::Url::parse(link).ok().map(String::from)
}

pub fn page(catalog: &Catalog, format: PageFormat) -> Page {
    let lookup = Lookup::new(catalog);
    let mut skipped = Vec::new();
    let mut body = String::new();
    let line_format = match format {
        PageFormat::Html => LinkFormat::Html,
        PageFormat::Markdown => LinkFormat::Markdown,
    };
    for client in &catalog.clients {
        let mut lines = Vec::new();
        for s in catalog.shortcuts.iter().filter(|s| s.client == client.id) {
            match lookup.resolve(&s.id) {
                Ok(r) => lines.push(page_line(&r, line_format)),
                Err(e) => skipped.push((s.id.clone(), e.to_string())),
            }
        }
        if lines.is_empty() {
            continue;
        }
        let color = hex_color(&lookup.client_color(&client.id));
        match format {
            PageFormat::Html => {
                let swatch = color
                    .map(|c| format!("<span class=\"swatch\" style=\"background:{c}\"></span>"))
                    .unwrap_or_default();
                let _ = writeln!(
                    body,
                    "<section>\n<h2>{swatch}{}</h2>",
                    html_escape(&client.name)
                );
                if let Some(notes) = client.notes.as_deref().filter(|n| !n.trim().is_empty()) {
                    let _ = writeln!(
                        body,
                        "<p class=\"notes\">{}</p>",
                        html_escape(notes).replace('\n', "<br>")
                    );
                }
                if let Some(link) = web_link(client) {
                    let _ = writeln!(
                        body,
                        "<p><a href=\"{}\">{} in the knowledge base</a></p>",
                        html_escape(&link),
                        html_escape(&client.name)
                    );
                }
                let _ = writeln!(body, "<ul>\n{}\n</ul>\n</section>", lines.join("\n"));
            }
            PageFormat::Markdown => {
                let _ = writeln!(body, "\n## {}\n", md_escape(&client.name));
                if let Some(c) = color {
                    let _ = writeln!(body, "Colour: `{c}`\n");
                }
                if let Some(notes) = client.notes.as_deref().filter(|n| !n.trim().is_empty()) {
                    let _ = writeln!(body, "{}\n", md_escape(notes));
                }
                if let Some(link) = web_link(client) {
                    let _ = writeln!(
                        body,
                        "[{} in the knowledge base]({})\n",
                        md_escape(&client.name),
                        md_target(&link)
                    );
                }
                let _ = writeln!(body, "{}", lines.join("\n"));
            }
        }
    }
    let text = match format {
        PageFormat::Html => format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{TITLE}</title>\n<style>\nbody {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}\n.swatch {{ display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; margin-right: 0.4em; }}\n.notes {{ color: #555; }}\nli {{ margin: 0.3em 0; }}\n</style>\n</head>\n<body>\n<h1>{TITLE}</h1>\n<p>{}</p>\n{body}</body>\n</html>\n",
            html_escape(ABOUT).replace("`rolehop export page`", "<code>rolehop export page</code>")
        ),
        PageFormat::Markdown => format!("# {TITLE}\n\n{ABOUT}\n{body}"),
    };
    Page { text, skipped }
}

#[cfg(test)]
#[path = "page_tests.rs"]
mod tests;
