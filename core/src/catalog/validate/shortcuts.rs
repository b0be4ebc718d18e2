//! `[[shortcut]]` entries: ids unique, the client, account and role agree, exactly one way to
//! credentials (an identity or a `via` chain without loops), and the optional fields.

use std::collections::{HashMap, HashSet};

use super::{Collector, at, browser_ok, key};
use crate::catalog::model::{Catalog, IdentityKind, Partition, Shortcut};
use crate::catalog::resolve::Lookup;
use crate::catalog::rules;
use crate::partition::destination::destination_url;

/// Checks every shortcut.
pub(super) fn check(catalog: &Catalog, c: &mut Collector) {
    let lookup = Lookup::new(catalog);
    let shortcut_index: HashMap<&str, usize> = catalog
        .shortcuts
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let client_ids: HashSet<&str> = catalog.clients.iter().map(|c| c.id.as_str()).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    for (i, s) in catalog.shortcuts.iter().enumerate() {
        id_and_client(c, i, s, &mut seen, &client_ids);
        // The identity the chain ends at decides the partition.
        let root = lookup.root_identity(&s.id).ok();
        let partition = root.map(|id| id.partition).unwrap_or_default();
        if s.via.is_none() && root.is_some_and(|id| id.kind() == IdentityKind::Sso) {
            permission_set(c, i, s);
        } else {
            role_and_account(c, i, s, partition);
        }
        credentials_source(catalog, c, i, s, &shortcut_index);
        optional_fields(c, i, s, partition);
    }
}

/// A unique, valid id, a defined client and a valid account.
fn id_and_client<'a>(
    c: &mut Collector,
    i: usize,
    s: &'a Shortcut,
    seen: &mut HashSet<&'a str>,
    client_ids: &HashSet<&str>,
) {
    let k = |f: &str| key("shortcut", &s.id, f);
    c.rule(at("shortcut", i, "id"), || k("id"), rules::slug(&s.id));
    if !seen.insert(&s.id) {
        c.push(
            at("shortcut", i, "id"),
            k("id"),
            format!("shortcut `{}` is defined twice", s.id),
            None,
        );
    }
    if !client_ids.contains(s.client.as_str()) {
        c.push(
            at("shortcut", i, "client"),
            k("client"),
            format!("client `{}` is not defined", s.client),
            Some("add it with `rolehop add client ID --name NAME`"),
        );
    }
    if let Some(account) = &s.account {
        c.rule(
            at("shortcut", i, "account"),
            || k("account"),
            rules::account_id(account),
        );
    }
}

/// The role: a name or an ARN whose account and partition agree with the shortcut's.
fn role_and_account(c: &mut Collector, i: usize, s: &Shortcut, partition: Partition) {
    let k = |f: &str| key("shortcut", &s.id, f);
    match rules::role_spec(&s.role) {
        Err(e) => c.rule(at("shortcut", i, "role"), || k("role"), Err(e)),
        Ok(spec) => {
            if let (Some(arn_account), Some(account)) = (&spec.account, &s.account)
                && arn_account != account
            {
                c.push(
                    at("shortcut", i, "account"),
                    k("account"),
                    format!(
                        "account {account} does not match the role ARN's account {arn_account}"
                    ),
                    None,
                );
            }
            if spec.account.is_none() && s.account.is_none() {
                c.push(
                    at("shortcut", i, "role"),
                    k("account"),
                    "a shortcut needs an `account` unless `role` is a full role ARN".into(),
                    Some("account = \"222222222222\""),
                );
            }
            if let Some(p) = spec.partition
                && p != partition
            {
                c.push(
                    at("shortcut", i, "role"),
                    k("role"),
                    format!(
                        "the role is in partition {} but its identity is in {}",
                        p.as_str(),
                        partition.as_str()
                    ),
                    None,
                );
            }
        }
    }
}

/// A shortcut straight from an Identity Center identity: an account and a permission set;
/// the session's length is the permission set's, and there is no external id.
fn permission_set(c: &mut Collector, i: usize, s: &Shortcut) {
    let k = |f: &str| key("shortcut", &s.id, f);
    c.rule(
        at("shortcut", i, "role"),
        || k("role"),
        rules::permission_set(&s.role),
    );
    if s.account.is_none() {
        c.push(
            at("shortcut", i, "role"),
            k("account"),
            "an Identity Center shortcut needs the `account` its permission set is assigned in"
                .into(),
            Some("account = \"222222222222\""),
        );
    }
    for (field, set) in [
        ("session", s.session.is_some()),
        ("duration", s.duration.is_some()),
        ("external_id", s.external_id.is_some()),
    ] {
        if set {
            c.push(
                at("shortcut", i, field),
                k(field),
                format!(
                    "`{field}` does not apply to a shortcut straight from an IAM Identity Center identity (the permission set decides the session length): remove it"
                ),
                None,
            );
        }
    }
}

/// Exactly one way to credentials: an identity that exists, or a `via` chain that ends.
fn credentials_source(
    catalog: &Catalog,
    c: &mut Collector,
    i: usize,
    s: &Shortcut,
    shortcut_index: &HashMap<&str, usize>,
) {
    let k = |f: &str| key("shortcut", &s.id, f);
    match (&s.identity, &s.via) {
        (Some(_), Some(_)) => c.push(
            at("shortcut", i, "via"),
            k("via"),
            "set either `identity` or `via`, not both: a chained role uses its parent's identity"
                .into(),
            None,
        ),
        (Some(identity), None) if catalog.identity(identity).is_none() => c.push(
            at("shortcut", i, "identity"),
            k("identity"),
            format!("identity `{identity}` is not defined"),
            Some("create it with `rolehop setup --identity NAME …`"),
        ),
        (None, Some(via)) => {
            if !shortcut_index.contains_key(via.as_str()) {
                c.push(
                    at("shortcut", i, "via"),
                    k("via"),
                    format!("shortcut `{via}` is not defined"),
                    None,
                );
            } else {
                match chain_problem(catalog, shortcut_index, i) {
                    Some(Chain::Loops) => c.push(
                        at("shortcut", i, "via"),
                        k("via"),
                        format!("`via` chain starting at `{}` loops back on itself", s.id),
                        None,
                    ),
                    Some(Chain::TooLong) => c.push(
                        at("shortcut", i, "via"),
                        k("via"),
                        format!(
                            "`via` chain starting at `{}` is longer than {} hops: each hop is one more AssumeRole; chain from a shortcut nearer the identity",
                            s.id,
                            rules::MAX_VIA_HOPS
                        ),
                        None,
                    ),
                    None => {}
                }
            }
        }
        (None, None) if catalog.identities.len() != 1 => c.push(
            at("shortcut", i, "id"),
            k("identity"),
            if catalog.identities.is_empty() {
                "no identity is set up yet: run `rolehop setup` first".to_string()
            } else {
                "several identities exist: say which one this shortcut uses".to_string()
            },
            Some("identity = \"me\""),
        ),
        _ => {}
    }
}

/// Region, destination, duration, browser, external id and label, when set.
fn optional_fields(c: &mut Collector, i: usize, s: &Shortcut, partition: Partition) {
    let k = |f: &str| key("shortcut", &s.id, f);
    if let Some(region) = &s.region {
        c.rule(
            at("shortcut", i, "region"),
            || k("region"),
            rules::region(region, partition),
        );
    }
    if let Some(destination) = &s.destination {
        let region = s.region.as_deref().unwrap_or(partition.default_region());
        // Service short names always map to a console URL; only paths and URLs need the
        // full check (which parses a URL).
        let short_name = !destination.is_empty()
            && destination
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !short_name && let Err(e) = destination_url(partition, region, Some(destination)) {
            c.push(
                at("shortcut", i, "destination"),
                k("destination"),
                e.to_string(),
                Some("\"s3\""),
            );
        }
    }
    if let Some(d) = s.duration {
        c.rule(
            at("shortcut", i, "duration"),
            || k("duration"),
            rules::role_duration(d.0),
        );
    }
    if let Some(browser) = &s.browser {
        c.rule(
            at("shortcut", i, "browser"),
            || k("browser"),
            browser_ok(browser),
        );
    }
    if let Some(external_id) = &s.external_id {
        c.rule(
            at("shortcut", i, "external_id"),
            || k("external_id"),
            rules::external_id(external_id),
        );
    }
    if s.label.as_deref().is_some_and(|l| l.trim().is_empty()) {
        c.push(
            at("shortcut", i, "label"),
            k("label"),
            "label is empty; remove it or name the account".into(),
            Some("\"Production\""),
        );
    }
    if let Some(label) = &s.label {
        c.rule(
            at("shortcut", i, "label"),
            || k("label"),
            rules::display_text(label),
        );
    }
}

enum Chain {
    Loops,
    TooLong,
}

/// A loop, or more than [`rules::MAX_VIA_HOPS`] hops, along `via` from `start`. Bounded walk:
/// a long chain costs at most that many steps per shortcut, not its whole length.
fn chain_problem(catalog: &Catalog, index: &HashMap<&str, usize>, start: usize) -> Option<Chain> {
    let mut visited = Vec::with_capacity(rules::MAX_VIA_HOPS + 1);
    let mut current = start;
    for _ in 0..=rules::MAX_VIA_HOPS {
        if visited.contains(&current) {
            return Some(Chain::Loops);
        }
        visited.push(current);
        match catalog
            .shortcuts
            .get(current)
            .and_then(|s| s.via.as_deref())
        {
            Some(via) => match index.get(via) {
                Some(next) => current = *next,
                None => return None,
            },
            None => return None,
        }
    }
    Some(if visited.contains(&current) {
        Chain::Loops
    } else {
        Chain::TooLong
    })
}
