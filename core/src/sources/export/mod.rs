//! The catalog written out for other tools: an AWS config whose profiles get their credentials
//! from `rolehop credential-process <shortcut>` (so the AWS CLI and SDKs share Rolehop's
//! keychain and MFA session), except permission sets straight from IAM Identity Center, which
//! are written in the AWS CLI's own `sso_session` form with their `[sso-session]`; and an AWS
//! Extend Switch Roles configuration. Both carry the
//! [`keys`] that let Rolehop's importers give back the same catalog. Pure: a catalog in, text
//! out. Identities are not exported: they are personal, and their keys stay in the keychain.

pub mod keys;
pub mod page;

use std::fmt::Write;

use crate::catalog::model::{Catalog, Partition, Shortcut};
use crate::catalog::resolve::Lookup;
use crate::catalog::rules;

const HEADER: &str = "# Written by `rolehop export`";

fn client_of<'a>(catalog: &'a Catalog, s: &Shortcut) -> Option<&'a crate::catalog::model::Client> {
    catalog.client(&s.client)
}

/// Values in these files run to the end of the line; a newline would start a new key.
fn one_line(value: &str) -> String {
    value.replace(['\n', '\r'], " ")
}

/// An AWS config file with one profile per shortcut (`[profile <shortcut id>]`).
/// `program` is how the AWS CLI should run Rolehop (`rolehop` when it is on PATH).
/// See <https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html>.
pub fn aws_config(catalog: &Catalog, program: &str) -> String {
    let mut out = format!(
        "{HEADER} aws-config: each profile gets its credentials from Rolehop\n# (keychain + MFA session). Add it to ~/.aws/config or point AWS_CONFIG_FILE at it.\n"
    );
    let lookup = Lookup::new(catalog);
    // Identity Center sessions the profiles below name, in first-use order.
    let mut sessions: Vec<(String, &crate::catalog::model::Identity)> = Vec::new();
    for s in &catalog.shortcuts {
        let _ = write!(out, "\n[profile {}]\n", s.id);
        let sso = lookup
            .root_identity(&s.id)
            .ok()
            .filter(|i| s.via.is_none() && i.portal().is_some());
        match sso {
            // A permission set straight from Identity Center: the AWS CLI's own form, so
            // `aws sso login` and the SDKs sign in without Rolehop.
            Some(identity) => {
                let session = identity
                    .sso_session
                    .clone()
                    .unwrap_or_else(|| identity.id.clone());
                let _ = writeln!(out, "sso_session = {session}");
                let _ = writeln!(
                    out,
                    "sso_account_id = {}",
                    s.account.as_deref().unwrap_or_default()
                );
                let _ = writeln!(out, "sso_role_name = {}", s.role);
                if !sessions.iter().any(|(name, _)| *name == session) {
                    sessions.push((session, identity));
                }
            }
            None => {
                let _ = writeln!(
                    out,
                    "credential_process = {program} credential-process {}",
                    s.id
                );
            }
        }
        for (key, value) in keys::write(s, client_of(catalog, s)) {
            let _ = writeln!(out, "{key} = {}", one_line(&value));
        }
    }
    for (name, identity) in sessions {
        let _ = write!(out, "\n[sso-session {name}]\n");
        let _ = writeln!(
            out,
            "sso_start_url = {}",
            one_line(identity.sso_start_url.as_deref().unwrap_or_default())
        );
        let _ = writeln!(
            out,
            "sso_region = {}",
            identity.sso_region.as_deref().unwrap_or_default()
        );
        let _ = writeln!(out, "sso_registration_scopes = sso:account:access");
    }
    out
}

/// An AWS Extend Switch Roles configuration (<https://github.com/tilfin/aws-extend-switch-roles>):
/// one `[<shortcut id>]` per shortcut with its full `role_arn`, the client's `color`, `region`.
pub fn switch_roles(catalog: &Catalog) -> String {
    let lookup = Lookup::new(catalog);
    let mut out =
        format!("{HEADER} switch-roles: paste it into AWS Extend Switch Roles' configuration.\n");
    for s in &catalog.shortcuts {
        let _ = write!(out, "\n[{}]\n", s.id);
        if let Some(arn) = role_arn(s, &lookup) {
            let _ = writeln!(out, "role_arn = {arn}");
        }
        if let Some(color) = client_of(catalog, s).and_then(|c| c.color.as_deref()) {
            let _ = writeln!(out, "color = {}", color.trim_start_matches('#'));
        }
        for (key, value) in keys::write(s, client_of(catalog, s)) {
            let value = one_line(&value);
            // The extension's parser cuts at `#`, `;` and a second `=` (its `region` would
            // not hold them anyway).
            let value = if key.starts_with("rolehop_") {
                keys::escape_switch_roles(&value)
            } else {
                value
            };
            let _ = writeln!(out, "{key} = {value}");
        }
    }
    out
}

fn role_arn(s: &Shortcut, lookup: &Lookup<'_>) -> Option<String> {
    let spec = rules::role_spec(&s.role).ok()?;
    let partition = spec
        .partition
        .or_else(|| lookup.root_identity(&s.id).ok().map(|i| i.partition))
        .unwrap_or(Partition::Aws);
    let account = spec.account.or_else(|| s.account.clone())?;
    Some(rules::role_arn_of(
        partition, &account, &spec.path, &spec.name,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::duration::Seconds;
    use crate::catalog::model::{Client, Identity, SessionMode};
    use crate::sources::import::{self, ClientNaming, Proposal};

    fn catalog() -> Catalog {
        let identity = Identity {
            id: "me".into(),
            account: "111111111111".into(),
            mfa_serial: Some("arn:aws:iam::111111111111:mfa/me".into()),
            mfa_process: None,
            partition: Partition::Aws,
            region: None,
            session_duration: None,
            session_name: None,
            ..Default::default()
        };
        let client = |id: &str, name: &str, color: Option<&str>| Client {
            id: id.into(),
            name: name.into(),
            color: color.map(str::to_string),
            notes: None,
            link: None,
            browser: None,
        };
        Catalog {
            identities: vec![identity],
            clients: vec![
                client("acme", "Acme Corp", Some("#d13212")),
                client("globex", "Globex", None),
            ],
            shortcuts: vec![
                Shortcut {
                    id: "acme-prod".into(),
                    client: "acme".into(),
                    label: Some("Production = live".into()),
                    account: Some("222222222222".into()),
                    role: "ops/Admin".into(),
                    region: Some("eu-west-1".into()),
                    session: Some(SessionMode::Long),
                    duration: Some(Seconds(7200)),
                    external_id: Some("ext-1".into()),
                    pinned: true,
                    tags: vec!["prod".into(), "eu".into()],
                    destination: Some("/cloudwatch/home".into()),
                    ..Default::default()
                },
                Shortcut {
                    id: "globex-audit".into(),
                    client: "globex".into(),
                    account: Some("333333333333".into()),
                    role: "Auditor".into(),
                    via: Some("acme-prod".into()),
                    ..Default::default()
                },
            ],
            ..Catalog::default()
        }
    }

    /// What an import gives when applied to a catalog holding only the identities.
    fn reimported(proposal: &Proposal, original: &Catalog) -> Catalog {
        let base = Catalog {
            identities: original.identities.clone(),
            ..Catalog::default()
        };
        let plan = import::plan(proposal, &base);
        let mut out = base;
        out.clients = plan.proposal.clients.clone();
        out.shortcuts = plan
            .proposal
            .shortcuts
            .iter()
            .map(|p| p.shortcut.clone())
            .collect();
        assert!(plan.skipped.is_empty(), "{:#?}", plan.skipped);
        out
    }

    #[test]
    fn aws_config_round_trips_through_credential_process_profiles() {
        let original = catalog();
        let text = aws_config(&original, "rolehop");
        assert!(
            text.contains(
                "[profile acme-prod]\ncredential_process = rolehop credential-process acme-prod\n"
            ),
            "{text}"
        );
        assert!(
            !text.contains("role_arn"),
            "the AWS CLI must use credential_process: {text}"
        );
        let proposal = import::aws_config::import(
            import::aws_config::Input {
                config: &text,
                config_name: "exported",
                credentials: None,
                credentials_name: "",
            },
            &ClientNaming::default(),
        )
        .unwrap();
        assert_eq!(reimported(&proposal, &original), original);
    }

    #[test]
    fn identity_center_shortcuts_export_in_the_aws_clis_sso_session_form_and_come_back() {
        let mut original = catalog();
        original.identities.push(Identity {
            id: "work".into(),
            sso_start_url: Some("https://my-org.awsapps.com/start".into()),
            sso_region: Some("eu-west-1".into()),
            ..Identity::default()
        });
        original.shortcuts.push(Shortcut {
            id: "ops-admin".into(),
            client: "globex".into(),
            label: Some("Ops admin".into()),
            identity: Some("work".into()),
            account: Some("444444444444".into()),
            role: "AdministratorAccess".into(),
            region: Some("eu-west-1".into()),
            ..Default::default()
        });
        original.shortcuts.push(Shortcut {
            id: "client-via-sso".into(),
            client: "acme".into(),
            account: Some("555555555555".into()),
            role: "ClientAdmin".into(),
            via: Some("ops-admin".into()),
            ..Default::default()
        });
        original.shortcuts[0].identity = Some("me".into());
        assert_eq!(crate::catalog::validate::validate(&original), vec![]);
        let text = aws_config(&original, "rolehop");
        assert!(
            text.contains("[profile ops-admin]\nsso_session = work\nsso_account_id = 444444444444\nsso_role_name = AdministratorAccess\n"),
            "{text}"
        );
        assert!(
            text.contains("[sso-session work]\nsso_start_url = https://my-org.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n"),
            "{text}"
        );
        // A role chained from the permission set still needs Rolehop.
        assert!(
            text.contains("[profile client-via-sso]\ncredential_process = rolehop credential-process client-via-sso\n"),
            "{text}"
        );
        let proposal = import::aws_config::import(
            import::aws_config::Input {
                config: &text,
                config_name: "exported",
                credentials: None,
                credentials_name: "",
            },
            &ClientNaming::default(),
        )
        .unwrap();
        assert_eq!(reimported(&proposal, &original), original);
    }

    #[test]
    fn switch_roles_round_trips_and_carries_the_full_arn() {
        let original = catalog();
        let text = switch_roles(&original);
        assert!(
            text.contains(
                "[acme-prod]\nrole_arn = arn:aws:iam::222222222222:role/ops/Admin\ncolor = d13212\n"
            ),
            "{text}"
        );
        let proposal =
            import::switch_roles::import("exported", &text, &ClientNaming::default()).unwrap();
        assert_eq!(reimported(&proposal, &original), original);
    }
}
