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
        if let Some(identity) = &d.identity {
            identity_center(catalog, d, identity, i, c);
            continue;
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
        // The discovered shortcuts open in this region: it must be one of the partition the
        // `via` shortcut's identity is in (a missing `via` is reported above).
        if let Some(region) = &d.region
            && let Ok(root) = crate::catalog::resolve::root_identity_of(catalog, &d.via)
        {
            c.rule(
                at("discovery", i, "region"),
                || k("region"),
                rules::region(region, root.partition),
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

/// An Identity Center source: an Identity Center identity, no `via` or `role` (the accounts
/// and permission sets come from the sign-in), clients by account name only (there are no OUs
/// or tags to read).
fn identity_center(
    catalog: &Catalog,
    d: &crate::catalog::model::DiscoverySpec,
    identity: &str,
    i: usize,
    c: &mut Collector,
) {
    let k = |f: &str| key("discovery", &d.id, f);
    match catalog.identity(identity) {
        Some(found) if found.portal().is_some() => {
            if let Some(region) = &d.region {
                c.rule(
                    at("discovery", i, "region"),
                    || k("region"),
                    rules::region(region, found.partition),
                );
            }
        }
        Some(_) => c.push(
            at("discovery", i, "identity"),
            k("identity"),
            format!("identity `{identity}` uses an access key: discovery through it needs an AWS organization (`via`)"),
            None,
        ),
        None => c.push(
            at("discovery", i, "identity"),
            k("identity"),
            format!("no identity `{identity}`: name an IAM Identity Center identity"),
            Some("\"work\""),
        ),
    }
    for (field, set) in [("via", !d.via.is_empty()), ("role", d.role.is_some())] {
        if set {
            c.push(
                at("discovery", i, field),
                k(field),
                format!("`{field}` does not apply to an Identity Center source: its accounts and permission sets come from the sign-in"),
                None,
            );
        }
    }
    if let Some(group) = &d.group_by
        && !group.starts_with("name:")
    {
        c.push(
            at("discovery", i, "group_by"),
            k("group_by"),
            "an Identity Center source groups accounts into clients by name only (`name:<regex with a client group>`; default: the first word of the account name)".into(),
            Some("\"name:^(?P<client>[a-z]+)-\""),
        );
    } else if let Some(group) = &d.group_by {
        c.rule(
            at("discovery", i, "group_by"),
            || k("group_by"),
            rules::group_by(group),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::model::Catalog;

    fn problems(discovery: &str) -> Vec<(String, String)> {
        let text = format!(
            "schema_version = 1\n[[identity]]\nid = \"me\"\naccount = \"111111111111\"\n\
             [[identity]]\nid = \"work\"\nsso_start_url = \"https://my-org.awsapps.com/start\"\nsso_region = \"eu-west-1\"\n\
             [[client]]\nid = \"acme\"\nname = \"Acme\"\n\
             [[shortcut]]\nid = \"acme-mgmt\"\nclient = \"acme\"\nidentity = \"me\"\naccount = \"222222222222\"\nrole = \"Admin\"\n\
             [[discovery]]\nid = \"org\"\n{discovery}\n"
        );
        let catalog: Catalog = toml::from_str(&text).unwrap();
        super::super::validate(&catalog)
            .into_iter()
            .map(|p| (p.key, p.message))
            .collect()
    }

    #[test]
    fn a_discovery_is_checked_field_by_field() {
        let rows: [(&str, Option<(&str, &str)>); 12] = [
            ("via = \"acme-mgmt\"", None),
            // IAM Identity Center sources.
            ("identity = \"work\"\nregion = \"eu-west-1\"", None),
            (
                "identity = \"me\"",
                Some(("discovery[org].identity", "uses an access key")),
            ),
            (
                "identity = \"nobody\"",
                Some(("discovery[org].identity", "no identity `nobody`")),
            ),
            (
                "identity = \"work\"\nvia = \"acme-mgmt\"",
                Some((
                    "discovery[org].via",
                    "does not apply to an Identity Center source",
                )),
            ),
            (
                "identity = \"work\"\ngroup_by = \"ou\"",
                Some(("discovery[org].group_by", "by name only")),
            ),
            ("via = \"acme-mgmt\"\nregion = \"eu-west-1\"", None),
            (
                "via = \"nope\"",
                Some(("discovery[org].via", "no shortcut `nope`")),
            ),
            (
                "via = \"acme-mgmt\"\nregion = \"mars-1\"",
                Some(("discovery[org].region", "mars-1")),
            ),
            // The via shortcut's identity is in the commercial partition.
            (
                "via = \"acme-mgmt\"\nregion = \"us-gov-west-1\"",
                Some(("discovery[org].region", "us-gov-west-1")),
            ),
            (
                "via = \"acme-mgmt\"\nrole = \"bad role\"",
                Some(("discovery[org].role", "bad role")),
            ),
            (
                "via = \"acme-mgmt\"\ngroup_by = \"colour\"",
                Some(("discovery[org].group_by", "")),
            ),
        ];
        for (discovery, want) in rows {
            let got = problems(discovery);
            match want {
                None => assert!(got.is_empty(), "{discovery}: {got:?}"),
                Some((key, text)) => assert!(
                    got.iter().any(|(k, m)| k == key && m.contains(text)),
                    "{discovery}: {got:?}"
                ),
            }
        }
    }
}
