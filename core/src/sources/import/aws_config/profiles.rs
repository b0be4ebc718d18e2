//! One AWS profile at a time into catalog entries: a role profile becomes a shortcut (its
//! `source_profile` chain followed to the identity with keys, or to a parent role for `via`),
//! a profile with keys an identity, and a profile Rolehop exported comes back as it was. A
//! profile that cannot be used is skipped with the reason, never stopping the others.

use std::collections::HashMap;

use aws_config::profile::{Profile, ProfileSet};

use super::has_keys;
use crate::catalog::duration::Seconds;
use crate::catalog::model::{Client, Identity, Partition, Shortcut};
use crate::catalog::rules;
use crate::link::switch_role::hex_color;
use crate::sources::export::keys as rolehop_keys;
use crate::sources::import::naming::{ClientNaming, display_words, propose_production};
use crate::sources::import::{
    Ids, Origin, Proposal, ProposedIdentity, ProposedShortcut, SkipReason,
};

pub(super) struct Builder<'a> {
    pub(super) set: &'a ProfileSet,
    pub(super) naming: &'a ClientNaming,
    pub(super) ids: Ids,
    pub(super) identity_ids: Ids,
    pub(super) identities: Vec<ProposedIdentity>,
    pub(super) identity_index: HashMap<String, usize>,
    pub(super) clients: Vec<Client>,
    /// Where each client is in `clients` (thousands of profiles stay linear).
    pub(super) client_index: HashMap<String, usize>,
    pub(super) proposal: Proposal,
}

impl<'a> Builder<'a> {
    /// Turns one profile into a shortcut (and what it needs), or says why not.
    pub(super) fn profile(
        &mut self,
        p: &'a Profile,
        origin: &dyn Fn(&str) -> Origin,
    ) -> Result<(), SkipReason> {
        if let Some(reason) = unsupported(p) {
            if let Some(shortcut) = self.rolehop_export(p)? {
                self.push_shortcut(shortcut, origin(p.name()), Vec::new(), Vec::new());
                return Ok(());
            }
            return Err(SkipReason::from(reason));
        }
        if is_sso(p) && p.get("role_arn").is_none() {
            return self.sso_profile(p, origin);
        }
        let Some(role_arn) = p.get("role_arn") else {
            return Err(SkipReason::from(if has_keys(p) {
                "static keys that no role profile uses: set this identity up with `rolehop setup`"
                    .into()
            } else {
                "no `role_arn`: nothing to open".to_string()
            }));
        };
        let spec = rules::role_spec(role_arn).map_err(|e| format!("role_arn: {}", e.message))?;
        let (Some(partition), Some(account)) = (spec.partition, spec.account.clone()) else {
            return Err(SkipReason::from(format!(
                "role_arn `{role_arn}` is not a full role ARN"
            )));
        };
        if p.get("credential_source").is_some() {
            return Err(SkipReason::from("`credential_source` (environment, instance or container credentials) is not supported yet".to_string()));
        }
        let Some(source) = p.get("source_profile") else {
            return Err(SkipReason::from(
                "a `role_arn` without `source_profile` has no credentials to assume it with"
                    .to_string(),
            ));
        };

        let mut notes = Vec::new();
        let mut shortcut = Shortcut {
            id: self.ids.of(p.name()),
            account: Some(account),
            // Outside the commercial partition the role keeps its ARN: the partition is part
            // of what the profile says, and validation then checks it against the identity's.
            role: if partition == Partition::Aws {
                format!("{}{}", spec.path.trim_start_matches('/'), spec.name)
            } else {
                role_arn.trim().to_string()
            },
            ..Default::default()
        };
        // Walk the chain to the profile that holds keys (and refuse loops).
        let mut seen = vec![p.name().to_string()];
        let parent = if source == p.name() {
            if !has_keys(p) {
                return Err(SkipReason::from(
                    "`source_profile` names the profile itself but it has no keys".to_string(),
                ));
            }
            Parent::Keys(p)
        } else {
            self.parent_of(source, &mut seen)?
        };
        match parent {
            Parent::Keys(keys) => {
                let identity = self.identity(keys, p, partition, origin(keys.name()), &mut notes);
                shortcut.identity = Some(identity);
            }
            Parent::Role(via) => shortcut.via = Some(self.ids.of(via.name())),
        }

        let named = self.naming.name(p.name());
        shortcut.client = named.client.clone();
        shortcut.label = p
            .get("granted_description")
            .map(str::to_string)
            .or(named.label.map(|l| display_words(&l)));
        let proposed_tags = propose_production(&mut shortcut, p.name(), &mut notes);
        shortcut.region = p.get("region").map(str::to_string);
        shortcut.external_id = p.get("external_id").map(str::to_string);
        if let Some(d) = p.get("duration_seconds") {
            match d.trim().parse::<u32>() {
                Ok(s) => shortcut.duration = Some(Seconds(s)),
                Err(_) => notes.push(format!("duration_seconds `{d}` is not a number: left out")),
            }
        }
        let color = p.get("granted_color").and_then(granted_color);
        self.client(&named.client, color);
        self.push_shortcut(shortcut, origin(p.name()), notes, proposed_tags);
        Ok(())
    }

    /// An IAM Identity Center profile (`sso_session` + `sso_account_id` + `sso_role_name`, or
    /// the legacy form with `sso_start_url` and `sso_region` in the profile): a shortcut straight
    /// from the permission set, and the identity that signs in to its portal.
    fn sso_profile(
        &mut self,
        p: &'a Profile,
        origin: &dyn Fn(&str) -> Origin,
    ) -> Result<(), SkipReason> {
        let identity = self.sso_identity(p, origin)?;
        let (Some(account), Some(role)) = (p.get("sso_account_id"), p.get("sso_role_name")) else {
            return Err(SkipReason::from(
                "signs in with IAM Identity Center but names no `sso_account_id` and `sso_role_name`: nothing to open (its sign-in is imported with the profiles that use it)".to_string(),
            ));
        };
        rules::account_id(account).map_err(|e| format!("sso_account_id: {}", e.message))?;
        rules::permission_set(role).map_err(|e| format!("sso_role_name: {}", e.message))?;
        // Exported by Rolehop: its own keys say the rest (client, label, tags, …).
        if p.get(rolehop_keys::ROLE).is_some() {
            let get = |k: &str| p.get(k).map(str::to_string);
            let (mut shortcut, client) = rolehop_keys::read(&self.ids.of(p.name()), &get)?;
            shortcut.identity = Some(identity);
            shortcut.account = Some(account.to_string());
            shortcut.role = role.to_string();
            self.client(&client.id, client.color.clone());
            if let Some(c) = self.client_mut(&client.id) {
                c.name = client.name;
            }
            self.push_shortcut(shortcut, origin(p.name()), Vec::new(), Vec::new());
            return Ok(());
        }
        let named = self.naming.name(p.name());
        let mut shortcut = Shortcut {
            id: self.ids.of(p.name()),
            client: named.client.clone(),
            label: p
                .get("granted_description")
                .map(str::to_string)
                .or(named.label.map(|l| display_words(&l))),
            account: Some(account.to_string()),
            role: role.to_string(),
            identity: Some(identity),
            region: p.get("region").map(str::to_string),
            ..Default::default()
        };
        let mut notes = Vec::new();
        let proposed_tags = propose_production(&mut shortcut, p.name(), &mut notes);
        let color = p.get("granted_color").and_then(granted_color);
        self.client(&named.client, color);
        self.push_shortcut(shortcut, origin(p.name()), notes, proposed_tags);
        Ok(())
    }

    /// The Identity Center identity an SSO profile signs in with: its `[sso-session]` (the
    /// identity takes the session's name) or, in the legacy form, the profile's own start URL
    /// and region (the identity takes the portal's name, `my-org` of
    /// `https://my-org.awsapps.com/start`). One identity per portal.
    fn sso_identity(
        &mut self,
        p: &Profile,
        origin: &dyn Fn(&str) -> Origin,
    ) -> Result<String, SkipReason> {
        let set: &'a ProfileSet = self.set;
        let (name, start_url, region, session) = match p.get("sso_session") {
            Some(session) => {
                let section = set.sso_session(session).ok_or_else(|| {
                    SkipReason::from(format!(
                        "`sso_session = {session}` names no `[sso-session {session}]` section"
                    ))
                })?;
                let url = section.get("sso_start_url").ok_or_else(|| {
                    SkipReason::from(format!("`[sso-session {session}]` has no `sso_start_url`"))
                })?;
                let region = section.get("sso_region").ok_or_else(|| {
                    SkipReason::from(format!("`[sso-session {session}]` has no `sso_region`"))
                })?;
                (session.to_string(), url, region, Some(session))
            }
            None => {
                let url = p.get("sso_start_url").ok_or_else(|| {
                    SkipReason::from(
                        "has `sso_account_id` but no `sso_session` or `sso_start_url`".to_string(),
                    )
                })?;
                let region = p.get("sso_region").ok_or_else(|| {
                    SkipReason::from("has `sso_start_url` but no `sso_region`".to_string())
                })?;
                let host = url::Url::parse(url)
                    .ok()
                    .and_then(|u| {
                        u.host_str()
                            .map(|h| h.split('.').next().unwrap_or(h).to_string())
                    })
                    .unwrap_or_else(|| "sso".into());
                (host, url, region, None)
            }
        };
        rules::sso_start_url(url_trim(start_url))
            .map_err(|e| format!("sso_start_url: {}", e.message))?;
        if let Some(known) = self.identities.iter().find(|pi| {
            pi.identity.sso_start_url.as_deref() == Some(url_trim(start_url))
                && pi.identity.sso_region.as_deref() == Some(region)
        }) {
            return Ok(known.identity.id.clone());
        }
        let id = self.identity_ids.of(&name);
        self.identities.push(ProposedIdentity {
            identity: Identity {
                id: id.clone(),
                sso_start_url: Some(url_trim(start_url).to_string()),
                sso_region: Some(region.to_string()),
                sso_session: session
                    .filter(|s| rules::slug(s).is_ok())
                    .map(str::to_string),
                ..Identity::default()
            },
            origin: origin(
                &session.map_or_else(|| p.name().to_string(), |s| format!("sso-session {s}")),
            ),
            has_keys: false,
            notes: Vec::new(),
        });
        self.identity_index
            .insert(id.clone(), self.identities.len() - 1);
        Ok(id)
    }

    fn push_shortcut(
        &mut self,
        shortcut: Shortcut,
        origin: Origin,
        notes: Vec<String>,
        proposed_tags: Vec<String>,
    ) {
        self.proposal.shortcuts.push(ProposedShortcut {
            shortcut,
            origin,
            notes,
            proposed_tags,
        });
    }

    fn client_mut(&mut self, id: &str) -> Option<&mut Client> {
        let at = *self.client_index.get(id)?;
        self.clients.get_mut(at)
    }

    fn client(&mut self, id: &str, color: Option<String>) {
        match self.client_mut(id) {
            Some(c) => {
                if c.color.is_none() {
                    c.color = color;
                }
            }
            None => {
                self.client_index.insert(id.to_string(), self.clients.len());
                self.clients.push(Client {
                    id: id.to_string(),
                    name: id.to_string(),
                    color,
                    notes: None,
                    link: None,
                    browser: None,
                });
            }
        }
    }

    /// The profile a `source_profile` leads to: one with keys (an identity) or a role (`via`).
    fn parent_of(&self, source: &str, seen: &mut Vec<String>) -> Result<Parent<'a>, SkipReason> {
        let set: &'a ProfileSet = self.set;
        if seen.iter().any(|s| s == source) {
            seen.push(source.to_string());
            return Err(SkipReason::from(format!(
                "`source_profile` loops: {}",
                seen.join(" -> ")
            )));
        }
        let Some(sp) = set.get_profile(source) else {
            return Err(SkipReason::from(format!(
                "`source_profile = {source}` names no profile"
            )));
        };
        if let Some(reason) = unsupported(sp) {
            return Err(SkipReason::from(format!(
                "its source profile `{source}` {reason}"
            )));
        }
        if is_sso(sp) && sp.get("role_arn").is_none() {
            // A permission set's credentials assume the role (chaining): the SSO profile is
            // the parent shortcut, and must itself be one.
            if sp.get("sso_account_id").is_none() || sp.get("sso_role_name").is_none() {
                return Err(SkipReason::from(format!(
                    "its source profile `{source}` signs in with IAM Identity Center but names no `sso_account_id` and `sso_role_name`"
                )));
            }
            return Ok(Parent::Role(sp));
        }
        if sp.get("role_arn").is_some() {
            // `seen` holds the profile and the role parents so far: this one is hop
            // `seen.len()`. The bound keeps a 5,000-profile chain from costing 5,000 steps for
            // each of its profiles (and the recursion shallow).
            if seen.len() > rules::MAX_VIA_HOPS {
                return Err(SkipReason::from(format!(
                    "its `source_profile` chain is longer than {} roles (from `{}`): Rolehop chains at most {} roles, each one more AssumeRole",
                    rules::MAX_VIA_HOPS,
                    seen.first().map(String::as_str).unwrap_or_default(),
                    rules::MAX_VIA_HOPS
                )));
            }
            // The parent must itself be usable, all the way down.
            seen.push(source.to_string());
            match sp.get("source_profile") {
                Some(next) if next == source && has_keys(sp) => {}
                Some(next) => {
                    self.parent_of(next, seen)?;
                }
                None => {
                    return Err(SkipReason::from(format!(
                        "its source profile `{source}` has a role but no `source_profile`"
                    )));
                }
            }
            return Ok(Parent::Role(sp));
        }
        // A base profile with keys, or without: aws-vault users keep their keys in
        // aws-vault's own store and their config says only `mfa_serial` (and the region) for
        // the base profile. Either way the profile is the person's identity; one without keys
        // is the catalog's identity for the same account, or a new one whose keys the person
        // sets up once.
        Ok(Parent::Keys(sp))
    }

    /// The identity for a profile with keys; `role` is the role profile that led here (its
    /// `mfa_serial` and `role_session_name` describe the person).
    fn identity(
        &mut self,
        keys: &Profile,
        role: &Profile,
        partition: Partition,
        origin: Origin,
        notes: &mut Vec<String>,
    ) -> String {
        let id = self.identity_ids.of(keys.name());
        let serial = role.get("mfa_serial").or_else(|| keys.get("mfa_serial"));
        // aws-vault's key for a command that prints the code (a YubiKey).
        let code_command = role.get("mfa_process").or_else(|| keys.get("mfa_process"));
        let session_name = role
            .get("role_session_name")
            .or_else(|| keys.get("role_session_name"));
        let index = match self.identity_index.get(&id) {
            Some(i) => *i,
            None => {
                self.identities.push(ProposedIdentity {
                    identity: Identity {
                        id: id.clone(),
                        account: String::new(),
                        mfa_serial: None,
                        mfa_process: None,
                        partition,
                        region: keys.get("region").map(str::to_string),
                        session_duration: None,
                        session_name: None,
                        ..Default::default()
                    },
                    origin,
                    // Without keys in the files (aws-vault keeps them): the preview says what
                    // that means for a new identity (`plan::identities`).
                    has_keys: has_keys(keys),
                    notes: Vec::new(),
                });
                self.identity_index
                    .insert(id.clone(), self.identities.len() - 1);
                self.identities.len() - 1
            }
        };
        let Some(pi) = self.identities.get_mut(index) else {
            return id;
        };
        if let Some(serial) = serial {
            match &pi.identity.mfa_serial {
                None => {
                    pi.identity.mfa_serial = Some(serial.to_string());
                    if let Some(account) = serial_account(serial) {
                        pi.identity.account = account.to_string();
                    }
                }
                Some(known) if known != serial => notes.push(format!(
                    "mfa_serial `{serial}` differs from `{known}` seen first for identity `{id}`: the first is used"
                )),
                Some(_) => {}
            }
        }
        if let Some(command) = code_command
            && pi.identity.mfa_process.is_none()
        {
            match rules::mfa_process(command, pi.identity.mfa_serial.as_deref()) {
                Ok(()) => pi.identity.mfa_process = Some(command.to_string()),
                Err(e) => notes.push(format!("mfa_process `{command}` not used: {}", e.message)),
            }
        }
        if let Some(name) = session_name
            && pi.identity.session_name.is_none()
            && rules::session_name(name).is_ok()
        {
            pi.identity.session_name = Some(name.to_string());
        }
        id
    }

    /// A profile `rolehop export aws-config` wrote: `Ok(None)` when it is not one.
    fn rolehop_export(&mut self, p: &Profile) -> Result<Option<Shortcut>, SkipReason> {
        let Some(command) = p.get("credential_process") else {
            return Ok(None);
        };
        let mut words = command.split_whitespace();
        let is_ours = words
            .next()
            .is_some_and(|w| w.rsplit('/').next() == Some("rolehop"))
            && words.next() == Some("credential-process");
        if !is_ours || p.get(rolehop_keys::ROLE).is_none() {
            return Ok(None);
        }
        let get = |k: &str| p.get(k).map(str::to_string);
        let (shortcut, client) = rolehop_keys::read(&self.ids.of(p.name()), &get)?;
        self.client(&client.id, client.color.clone());
        if let Some(c) = self.client_mut(&client.id) {
            c.name = client.name;
        }
        Ok(Some(shortcut))
    }
}

fn url_trim(url: &str) -> &str {
    url.trim()
}

/// A profile that signs in with IAM Identity Center.
fn is_sso(p: &Profile) -> bool {
    p.get("sso_session").is_some()
        || p.get("sso_start_url").is_some()
        || p.get("sso_account_id").is_some()
}

enum Parent<'a> {
    /// The base profile: the person's identity (with static keys in the files, or without).
    Keys(&'a Profile),
    Role(&'a Profile),
}

/// Why a profile cannot be used yet, if it cannot.
pub(super) fn unsupported(p: &Profile) -> Option<String> {
    if p.get("credential_process").is_some() {
        return Some("gets credentials from `credential_process`, which Rolehop cannot use as a base identity".into());
    }
    if p.get("web_identity_token_file").is_some() {
        return Some("uses a web identity token, which Rolehop does not support".into());
    }
    None
}

/// `arn:aws:iam::111111111111:mfa/me` -> `111111111111` (virtual MFA devices and hardware
/// serials `GAHT12345678` carry no account).
fn serial_account(serial: &str) -> Option<&str> {
    let account = serial.strip_prefix("arn:")?.split(':').nth(3)?;
    rules::account_id(account).ok().map(|()| account)
}

/// granted writes colours as names or hex; hex is kept as `#rrggbb`, names are mapped.
fn granted_color(value: &str) -> Option<String> {
    let v = value.trim().to_ascii_lowercase();
    let named = match v.as_str() {
        "blue" => "#1f77b4",
        "turquoise" => "#17becf",
        "green" => "#2ca02c",
        "yellow" => "#e7ba00",
        "orange" => "#ff7f0e",
        "red" => "#d62728",
        "pink" => "#e377c2",
        "purple" => "#9467bd",
        _ => return hex_color(&v),
    };
    Some(named.to_string())
}
