//! An AWS Extend Switch Roles configuration into a [`Proposal`]
//! (<https://github.com/tilfin/aws-extend-switch-roles#configuration>).
//!
//! Its format is INI-like but not the AWS CLI's: sections are `[profile x]` or `[x]`; a target
//! has `role_arn`, or `aws_account_id` + `role_name`; `color` is hex without `#`; `region`,
//! `image`. A profile that others name in `source_profile` is a *base account* (the account the
//! person signs in to, so an identity here); its `target_role_name` / `target_region` fill in
//! its targets' missing role name and region, and `aws_account_alias` may stand for its id.
//! The parser is small and exact about positions: every error names its line, and no input
//! makes it panic (property-tested below).

use std::collections::HashMap;

use super::naming::ClientNaming;
use super::{
    Ids, ImportError, Origin, Proposal, ProposedIdentity, ProposedShortcut, SkipReason, Skipped,
};
use crate::catalog::model::{Client, Identity, Partition, Shortcut};
use crate::catalog::rules;
use crate::sources::export::keys as rolehop_keys;
use crate::sources::import::aws_config::hex_color;

/// One `[section]` with its keys, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub line: usize,
    pub keys: Vec<(String, String)>,
}

impl Section {
    fn get(&self, key: &str) -> Option<&str> {
        self.keys
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

/// Splits the text into sections. `#` and `;` start comment lines.
pub fn parse(file: &str, text: &str) -> Result<Vec<Section>, ImportError> {
    let err = |line: usize, message: String| ImportError::Syntax {
        file: file.to_string(),
        line,
        message,
    };
    let mut sections: Vec<Section> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        if let Some(rest) = t.strip_prefix('[') {
            let Some(inner) = rest.strip_suffix(']') else {
                return Err(err(line, format!("`{t}`: a section header ends with `]`")));
            };
            let inner = inner.trim();
            let name = match inner.strip_prefix("profile") {
                Some(after) if after.starts_with([' ', '\t']) => after.trim(),
                _ => inner,
            };
            if name.is_empty() {
                return Err(err(line, "a section needs a name: `[acme-prod]`".into()));
            }
            sections.push(Section {
                name: name.to_string(),
                line,
                keys: Vec::new(),
            });
            continue;
        }
        let Some((key, value)) = t.split_once('=') else {
            return Err(err(
                line,
                format!("`{t}`: expected `key = value` or a `[profile]` header"),
            ));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(err(line, format!("`{t}`: the key before `=` is missing")));
        }
        let Some(section) = sections.last_mut() else {
            return Err(err(
                line,
                format!("`{key}` comes before any `[profile]` header"),
            ));
        };
        let value = value.trim().trim_matches('"').to_string();
        section.keys.push((key.to_ascii_lowercase(), value));
    }
    Ok(sections)
}

/// Reads a configuration into a proposal.
pub fn import(file: &str, text: &str, naming: &ClientNaming) -> Result<Proposal, ImportError> {
    let all = parse(file, text)?;
    let mut proposal = Proposal::default();
    // The first section of a name counts; later ones are listed as skipped.
    let mut first: HashMap<&str, &Section> = HashMap::new();
    let mut sections = Vec::new();
    for s in &all {
        match first.get(s.name.as_str()) {
            Some(earlier) => proposal.skipped.push(Skipped {
                origin: origin(s),
                reason: format!(
                    "`{}` appears again (first on line {}): this one is ignored",
                    s.name, earlier.line
                ),
            }),
            None => {
                first.insert(&s.name, s);
                sections.push(s);
            }
        }
    }
    let bases: std::collections::HashSet<&str> = sections
        .iter()
        .filter_map(|s| s.get("source_profile"))
        .collect();

    let mut ids = Ids::default();
    let mut identity_ids = Ids::default();
    let mut clients: Vec<Client> = Vec::new();
    for s in &sections {
        let is_base = bases.contains(s.name.as_str());
        if is_base {
            proposal
                .identities
                .push(base_identity(s, &mut identity_ids));
        }
        match target(s, &first, naming, &mut ids, &mut identity_ids) {
            Ok(Some((shortcut, client, notes))) => {
                add_client(&mut clients, client);
                proposal.shortcuts.push(ProposedShortcut {
                    shortcut,
                    origin: origin(s),
                    notes,
                });
            }
            Ok(None) if is_base => {}
            Ok(None) => proposal.skipped.push(Skipped {
                origin: origin(s),
                reason: "no `role_arn`, or `aws_account_id` with `role_name`: nothing to open"
                    .into(),
            }),
            Err(reason) => proposal.skipped.push(Skipped {
                origin: origin(s),
                reason: reason.to_string(),
            }),
        }
    }
    proposal.clients = clients;
    Ok(proposal)
}

fn origin(s: &Section) -> Origin {
    Origin {
        profile: s.name.clone(),
        line: s.line,
    }
}

fn add_client(clients: &mut Vec<Client>, client: Client) {
    match clients.iter_mut().find(|c| c.id == client.id) {
        Some(c) => {
            if c.color.is_none() {
                c.color = client.color;
            }
        }
        None => clients.push(client),
    }
}

fn base_identity(s: &Section, ids: &mut Ids) -> ProposedIdentity {
    let account = s
        .get("aws_account_id")
        .filter(|a| rules::account_id(a).is_ok())
        .unwrap_or_default();
    let mut notes = Vec::new();
    if let Some(alias) = s
        .get("aws_account_id")
        .or(s.get("aws_account_alias"))
        .filter(|_| account.is_empty())
    {
        notes.push(format!(
            "`{alias}` is an account alias: Rolehop needs the 12-digit id"
        ));
    }
    ProposedIdentity {
        identity: Identity {
            id: ids.of(&s.name),
            account: account.to_string(),
            mfa_serial: None,
            mfa_process: None,
            partition: Partition::Aws,
            region: s.get("region").map(str::to_string),
            session_duration: None,
            session_name: None,
            ..Default::default()
        },
        origin: origin(s),
        has_keys: false,
        notes,
    }
}

type Target = (Shortcut, Client, Vec<String>);

fn target(
    s: &Section,
    by_name: &HashMap<&str, &Section>,
    naming: &ClientNaming,
    ids: &mut Ids,
    identity_ids: &mut Ids,
) -> Result<Option<Target>, SkipReason> {
    let mut notes = Vec::new();
    if s.get(rolehop_keys::ROLE).is_some() {
        let get = |k: &str| s.get(k).map(str::to_string);
        let (shortcut, client) = rolehop_keys::read(&ids.of(&s.name), &get)?;
        return Ok(Some((shortcut, client, notes)));
    }
    // A chain of `source_profile`s that comes back to where it started has no base account.
    let mut chain = vec![s.name.as_str()];
    let mut at = s;
    while let Some(next) = at.get("source_profile") {
        if chain.contains(&next) {
            chain.push(next);
            return Err(SkipReason::from(format!(
                "`source_profile` loops: {}",
                chain.join(" → ")
            )));
        }
        chain.push(next);
        match by_name.get(next) {
            Some(section) => at = section,
            None => break,
        }
    }
    let base = match s.get("source_profile") {
        Some(name) => Some(
            *by_name
                .get(name)
                .ok_or_else(|| format!("`source_profile = {name}` names no profile"))?,
        ),
        None => None,
    };
    let (account, role) = if let Some(arn) = s.get("role_arn") {
        let spec = rules::role_spec(arn).map_err(|e| format!("role_arn: {}", e.message))?;
        let account = spec
            .account
            .ok_or_else(|| format!("role_arn `{arn}` is not a full role ARN"))?;
        // Outside the commercial partition the role keeps its ARN, so the partition is not
        // lost and validation checks it against the identity's.
        let role = if spec.partition.is_some_and(|p| p != Partition::Aws) {
            arn.trim().to_string()
        } else {
            format!("{}{}", spec.path.trim_start_matches('/'), spec.name)
        };
        (account, role)
    } else if let Some(account) = s.get("aws_account_id") {
        let role = s
            .get("role_name")
            .or_else(|| base.and_then(|b| b.get("target_role_name")));
        let Some(role) = role else {
            return Ok(None);
        };
        rules::account_id(account).map_err(|_| {
            format!("aws_account_id `{account}` is not a 12-digit account id (aliases work only for base accounts)")
        })?;
        rules::role_spec(role).map_err(|e| format!("role_name: {}", e.message))?;
        (account.to_string(), role.to_string())
    } else {
        return Ok(None);
    };
    if s.get("image").is_some() {
        notes.push("`image` is not carried over".into());
    }
    let named = naming.name(&s.name);
    let region = s
        .get("region")
        .or_else(|| base.and_then(|b| b.get("target_region")))
        .map(str::to_string);
    let shortcut = Shortcut {
        id: ids.of(&s.name),
        client: named.client.clone(),
        label: named.label,
        account: Some(account),
        role,
        identity: base.map(|b| identity_ids.of(&b.name)),
        region,
        ..Default::default()
    };
    let client = Client {
        id: named.client.clone(),
        name: named.client,
        color: s.get("color").and_then(hex_color),
        notes: None,
        link: None,
        browser: None,
    };
    Ok(Some((shortcut, client, notes)))
}
