//! `[[layer]]` and `[[discovery]]` entries: names unique across both, a path or an https URL,
//! and a discovery's `via` shortcut, role and grouping.

use std::collections::HashSet;

use super::{Collector, at, key};
use crate::catalog::model::Catalog;
use crate::catalog::rules;

/// Checks the team layers and discovery sources.
pub(super) fn check(catalog: &Catalog, c: &mut Collector) {
    let mut names: HashSet<&str> = HashSet::new();
    for (i, layer) in catalog.layers.iter().enumerate() {
        let k = |f: &str| key("layer", &layer.id, f);
        c.rule(at("layer", i, "id"), || k("id"), rules::slug(&layer.id));
        if !names.insert(&layer.id) {
            c.push(
                at("layer", i, "id"),
                k("id"),
                format!("layer `{}` is named twice", layer.id),
                Some("\"team\""),
            );
        }
        match (&layer.path, &layer.url) {
            (Some(_), None) => {}
            (None, Some(url)) => c.rule(at("layer", i, "url"), || k("url"), rules::layer_url(url)),
            _ => c.push(
                at("layer", i, "id"),
                k("path"),
                "a layer has either a `path` (file or directory) or a `url`".into(),
                Some("path = \"~/src/team-catalog\""),
            ),
        }
    }
    let lookup_shortcut = |id: &str| catalog.shortcut(id).is_some();
    let mut ids: HashSet<&str> = HashSet::new();
    for (i, d) in catalog.discoveries.iter().enumerate() {
        let k = |f: &str| key("discovery", &d.id, f);
        c.rule(at("discovery", i, "id"), || k("id"), rules::slug(&d.id));
        if !ids.insert(&d.id) || names.contains(d.id.as_str()) {
            c.push(
                at("discovery", i, "id"),
                k("id"),
                format!("`{}` names another layer or discovery already", d.id),
                Some("\"org\""),
            );
        }
        if !lookup_shortcut(&d.via) {
            c.push(
                at("discovery", i, "via"),
                k("via"),
                format!(
                    "no shortcut `{}`: name the shortcut that can read the organization",
                    d.via
                ),
                Some("\"acme-management\""),
            );
        }
        if let Some(role) = &d.role {
            c.rule(
                at("discovery", i, "role"),
                || k("role"),
                rules::role_spec(role).map(|_| ()),
            );
        }
        if let Some(group) = &d.group_by {
            c.rule(
                at("discovery", i, "group_by"),
                || k("group_by"),
                rules::group_by(group),
            );
        }
    }
}
