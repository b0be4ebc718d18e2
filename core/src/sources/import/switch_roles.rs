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

/// Splits the text into sections the way the extension's own parser (the npm package
/// `aesr-config`, `IniParser`) reads it:
/// - lines end at `\r\n`, `\r` or `\n`;
/// - everything from the first `#` or `;` on a line is a comment, wherever it is: after a
///   value, after a section header (`[profile a] # note`), inside a value;
/// - a header is `[name]` (the whole line after the comment is cut); a `profile ` prefix (any
///   case) is dropped from the name;
/// - a parameter is `key = value`: the key as written (case kept), the value up to a second
///   `=` if there is one, never empty, quotes kept; a key given twice in one section, or text
///   before the first section, is an error there too.
///
/// The test command checks this against `aesr-config`'s own CLI on a corpus of
/// configurations (`tests/tests/aesr_differential.rs`).
pub fn parse(file: &str, text: &str) -> Result<Vec<Section>, ImportError> {
    let err = |line: usize, message: String| ImportError::Syntax {
        file: file.to_string(),
        line,
        message,
    };
    let mut sections: Vec<Section> = Vec::new();
    for (i, raw) in split_lines(text).enumerate() {
        let line = i + 1;
        let t = raw.find(['#', ';']).map_or(raw, |at| &raw[..at]).trim();
        if t.is_empty() {
            continue;
        }
        if let Some(inner) = t
            .strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .filter(|inner| !inner.is_empty())
        {
            let inner = inner.trim();
            let name = strip_profile_prefix(inner);
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
        let Some(section) = sections.last_mut() else {
            return Err(err(
                line,
                format!("`{t}` comes before any `[profile]` header"),
            ));
        };
        if t == "[]" {
            return Err(err(line, "a section needs a name: `[acme-prod]`".into()));
        }
        if t.starts_with('[') {
            return Err(err(line, format!("`{t}`: a section header ends with `]`")));
        }
        let mut parts = t.split('=');
        let key = parts.next().unwrap_or_default().trim();
        let Some(value) = parts.next().map(str::trim).filter(|v| !v.is_empty()) else {
            return Err(err(
                line,
                format!(
                    "`{t}`: expected `key = value` (a value that is not empty) or a `[profile]` header"
                ),
            ));
        };
        if section.keys.iter().any(|(k, _)| k == key) {
            return Err(err(
                line,
                format!("`{key}` is given twice in `[{}]`", section.name),
            ));
        }
        section.keys.push((key.to_string(), value.to_string()));
    }
    Ok(sections)
}

/// Lines as JavaScript's `split(/\r\n|\r|\n/)` gives them.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.find(['\r', '\n']) {
            Some(at) => {
                let skip = if r[at..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&r[at + skip..]);
                Some(&r[..at])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// `profile acme` → `acme`, as `aesr-config` does (`/^profile\s+/i`).
fn strip_profile_prefix(name: &str) -> &str {
    let lower = name.get(..7).map(str::to_ascii_lowercase);
    match (lower.as_deref(), name.get(7..)) {
        (Some("profile"), Some(rest)) if rest.starts_with(char::is_whitespace) => rest.trim_start(),
        _ => name,
    }
}

/// Reads a configuration into a proposal.
pub fn import(file: &str, text: &str, naming: &ClientNaming) -> Result<Proposal, ImportError> {
    let all = parse(file, text)?;
    let mut proposal = Proposal::default();
    // Profiles that others name in `source_profile` are base accounts. The extension lists
    // every section, two of the same name included: a second target of a name is a shortcut
    // of its own (`prod`, `prod-2`). A second base of a name is ignored, as the extension gives
    // all of a name's targets to the first.
    let bases: std::collections::HashSet<&str> =
        all.iter().filter_map(|s| s.get("source_profile")).collect();
    let mut first: HashMap<&str, &Section> = HashMap::new();
    let mut sections = Vec::new();
    for s in &all {
        match first.get(s.name.as_str()) {
            Some(earlier) if bases.contains(s.name.as_str()) => proposal.skipped.push(Skipped {
                origin: origin(s),
                reason: format!(
                    "`{}` appears again (first on line {}) and is a base account others name in `source_profile`: this one is ignored, as the extension does",
                    s.name, earlier.line
                ),
            }),
            Some(_) => sections.push(s),
            None => {
                first.insert(&s.name, s);
                sections.push(s);
            }
        }
    }

    let mut ids = Ids::default();
    ids.claim_exact(sections.iter().map(|s| s.name.as_str()));
    let mut identity_ids = Ids::default();
    let mut clients: Vec<Client> = Vec::new();
    let mut client_index: HashMap<String, usize> = HashMap::new();
    for s in &sections {
        let is_base = bases.contains(s.name.as_str());
        if is_base {
            proposal
                .identities
                .push(base_identity(s, &mut identity_ids));
        }
        match target(s, &first, naming, &mut ids, &mut identity_ids) {
            Ok(Some((shortcut, client, notes))) => {
                add_client(&mut clients, &mut client_index, client);
                proposal.shortcuts.push(ProposedShortcut {
                    shortcut,
                    origin: origin(s),
                    notes,
                    proposed_tags: Vec::new(),
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

/// Adds a client, or gives an existing one the colour it lacks. `index` says where each
/// client is, so a configuration of thousands of profiles stays linear.
fn add_client(clients: &mut Vec<Client>, index: &mut HashMap<String, usize>, client: Client) {
    match index.get(&client.id).and_then(|&i| clients.get_mut(i)) {
        Some(c) => {
            if c.color.is_none() {
                c.color = client.color;
            }
        }
        None => {
            index.insert(client.id.clone(), clients.len());
            clients.push(client);
        }
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
        let get = |k: &str| s.get(k).map(rolehop_keys::unescape_switch_roles);
        let (shortcut, client) = rolehop_keys::read(&ids.fresh(&s.name), &get)?;
        return Ok(Some((shortcut, client, notes)));
    }
    // A chain of `source_profile`s that comes back to where it started has no base account.
    let mut chain = vec![s.name.as_str()];
    let mut at = s;
    while let Some(next) = at.get("source_profile") {
        if chain.len() > rules::MAX_VIA_HOPS {
            return Err(SkipReason::from(format!(
                "its `source_profile` chain is longer than {} profiles",
                rules::MAX_VIA_HOPS
            )));
        }
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
        // Nothing names a target: each gets an id of its own, even under a repeated name.
        id: ids.fresh(&s.name),
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
