//! `[[identity]]` entries: ids unique, accounts, MFA devices, regions, durations, names.

use std::collections::HashSet;

use super::{Collector, at, key};
use crate::catalog::model::Catalog;
use crate::catalog::rules;

/// Checks every identity.
pub(super) fn check(catalog: &Catalog, c: &mut Collector) {
    let mut seen: HashSet<&str> = HashSet::new();
    for (i, identity) in catalog.identities.iter().enumerate() {
        let k = |f: &str| key("identity", &identity.id, f);
        c.rule(
            at("identity", i, "id"),
            || k("id"),
            rules::slug(&identity.id),
        );
        if !seen.insert(&identity.id) {
            c.push(
                at("identity", i, "id"),
                k("id"),
                format!("identity `{}` is defined twice", identity.id),
                None,
            );
        }
        c.rule(
            at("identity", i, "account"),
            || k("account"),
            rules::account_id(&identity.account),
        );
        if let Some(serial) = &identity.mfa_serial {
            c.rule(
                at("identity", i, "mfa_serial"),
                || k("mfa_serial"),
                rules::mfa_serial(serial),
            );
        }
        if let Some(command) = &identity.mfa_process {
            c.rule(
                at("identity", i, "mfa_process"),
                || k("mfa_process"),
                rules::mfa_process(command, identity.mfa_serial.as_deref()),
            );
        }
        if let Some(region) = &identity.region {
            c.rule(
                at("identity", i, "region"),
                || k("region"),
                rules::region(region, identity.partition),
            );
        }
        if let Some(d) = identity.session_duration {
            c.rule(
                at("identity", i, "session_duration"),
                || k("session_duration"),
                rules::session_token_duration(d.0),
            );
        }
        if let Some(name) = &identity.session_name {
            c.rule(
                at("identity", i, "session_name"),
                || k("session_name"),
                rules::session_name(name),
            );
        }
    }
}
