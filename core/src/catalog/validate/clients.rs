//! `[[client]]` entries: ids unique, a name, and their browser, colour and link.

use std::collections::HashSet;

use super::{Collector, at, browser_ok, key};
use crate::catalog::model::Catalog;
use crate::catalog::rules;

/// Checks every client.
pub(super) fn check(catalog: &Catalog, c: &mut Collector) {
    let mut seen: HashSet<&str> = HashSet::new();
    for (i, client) in catalog.clients.iter().enumerate() {
        let k = |f: &str| key("client", &client.id, f);
        c.rule(at("client", i, "id"), || k("id"), rules::slug(&client.id));
        if !seen.insert(&client.id) {
            c.push(
                at("client", i, "id"),
                k("id"),
                format!("client `{}` is defined twice", client.id),
                None,
            );
        }
        if client.name.trim().is_empty() {
            c.push(
                at("client", i, "name"),
                k("name"),
                "a client needs a name".into(),
                Some("\"Acme Corp\""),
            );
        }
        c.rule(
            at("client", i, "name"),
            || k("name"),
            rules::display_text(&client.name),
        );
        if let Some(notes) = &client.notes {
            c.rule(
                at("client", i, "notes"),
                || k("notes"),
                rules::display_text(notes),
            );
        }
        if let Some(browser) = &client.browser {
            c.rule(
                at("client", i, "browser"),
                || k("browser"),
                browser_ok(browser),
            );
        }
        if let Some(color) = &client.color {
            c.rule(at("client", i, "color"), || k("color"), rules::color(color));
        }
        if let Some(link) = &client.link {
            c.rule(
                at("client", i, "link"),
                || k("link"),
                rules::client_link(link),
            );
        }
    }
}
