//! `[[identity]]` entries: ids unique, accounts, MFA devices, regions, durations, names.

use std::collections::HashSet;

use super::{Collector, at, key};
use crate::catalog::model::{Catalog, Identity, IdentityKind};
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
        if identity.kind() == IdentityKind::Sso {
            sso(identity, i, c);
        } else {
            c.rule(
                at("identity", i, "account"),
                || k("account"),
                rules::account_id(&identity.account),
            );
        }
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

/// An IAM Identity Center identity: a start URL and a region; what only an access key has
/// (an account, an MFA device, a daily session) does not apply (Identity Center asks for MFA
/// at its own sign-in).
fn sso(identity: &Identity, i: usize, c: &mut Collector) {
    let k = |f: &str| key("identity", &identity.id, f);
    match &identity.sso_start_url {
        Some(url) => c.rule(
            at("identity", i, "sso_start_url"),
            || k("sso_start_url"),
            rules::sso_start_url(url),
        ),
        None => c.push(
            at("identity", i, "sso_region"),
            k("sso_start_url"),
            "an IAM Identity Center identity needs its start URL (the AWS access portal address)"
                .into(),
            Some("sso_start_url = \"https://my-org.awsapps.com/start\""),
        ),
    }
    match &identity.sso_region {
        Some(region) => c.rule(
            at("identity", i, "sso_region"),
            || k("sso_region"),
            rules::region(region, identity.partition),
        ),
        None => c.push(
            at("identity", i, "sso_start_url"),
            k("sso_region"),
            "an IAM Identity Center identity needs the region its instance is in".into(),
            Some("sso_region = \"eu-west-1\""),
        ),
    }
    if let Some(name) = &identity.sso_session {
        c.rule(
            at("identity", i, "sso_session"),
            || k("sso_session"),
            rules::slug(name),
        );
    }
    for (field, set) in [
        ("account", !identity.account.is_empty()),
        ("mfa_serial", identity.mfa_serial.is_some()),
        ("mfa_process", identity.mfa_process.is_some()),
        ("session_duration", identity.session_duration.is_some()),
    ] {
        if set {
            c.push(
                at("identity", i, field),
                k(field),
                format!(
                    "`{field}` does not apply to an IAM Identity Center identity (it signs in at its access portal, which asks for MFA itself): remove it"
                ),
                None,
            );
        }
    }
}
