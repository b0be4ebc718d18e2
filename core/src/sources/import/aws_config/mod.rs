//! `~/.aws/config` (and `~/.aws/credentials`) into a [`Proposal`], read with the AWS SDK's own
//! profile-file parser (aws-config / aws-runtime), so Rolehop reads them exactly as the AWS CLI
//! and SDKs do (<https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html>).
//!
//! - `role_arn` + `source_profile` (any depth): a shortcut; a source profile with static keys
//!   becomes an identity, one with a `role_arn` becomes the shortcut's `via` (role chaining).
//!   `source_profile` naming the profile itself means "its own keys", as in the SDK.
//! - `mfa_serial` names the identity's MFA device (and its account); `external_id`,
//!   `duration_seconds`, `region` carry over; `role_session_name` sets the identity's session
//!   name; granted's `granted_color` / `granted_description` become the client colour and the
//!   shortcut label (<https://docs.commonfate.io/granted/usage/console#profile-colours>).
//! - Profiles written by `rolehop export aws-config` (`credential_process = rolehop
//!   credential-process …` with `rolehop_*` keys) come back as the shortcuts they were.
//! - IAM Identity Center profiles (`sso_session` + `[sso-session]`, or the legacy
//!   `sso_start_url`/`sso_region` in the profile) with `sso_account_id` + `sso_role_name`
//!   become permission-set shortcuts of one Identity Center identity per portal (named after
//!   the session); a `role_arn` profile whose `source_profile` is such a profile chains from it
//!   (`via`).
//! - `credential_process`, web identity and `credential_source` profiles cannot be used: they
//!   are listed as skipped with the reason.

use std::collections::HashMap;
use std::future::Future;
use std::task::{Context, Poll, Waker};

use aws_config::profile::{Profile, ProfileSet};
use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
use aws_types::os_shim_internal::{Env, Fs};

mod profiles;

pub(crate) use crate::link::switch_role::hex_color;
use profiles::Builder;

use super::naming::ClientNaming;
use super::{Ids, ImportError, Origin, Proposal, Skipped, header_lines};
use crate::base::secret::Secret;

/// The texts to import: the config file and, optionally, the credentials file. Both may hold
/// access keys, so `Debug` shows only the file names.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub config: &'a str,
    pub config_name: &'a str,
    pub credentials: Option<&'a str>,
    pub credentials_name: &'a str,
}

impl std::fmt::Debug for Input<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("config_name", &self.config_name)
            .field("credentials_name", &self.credentials_name)
            .finish_non_exhaustive()
    }
}

/// The SDK's profile parser refused the text (its message, with line).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
struct ParseFailure(String);

impl From<&str> for ParseFailure {
    fn from(reason: &str) -> Self {
        Self(reason.to_string())
    }
}

/// Parses with the SDK's parser. Its `load` is async only to read files; given contents it
/// never waits, so it is polled once here to keep this function pure and runtime-free.
fn parse_profiles(
    config: Option<&str>,
    credentials: Option<&str>,
) -> Result<ProfileSet, ParseFailure> {
    let mut builder = EnvConfigFiles::builder();
    if let Some(text) = config {
        builder = builder.with_contents(EnvConfigFileKind::Config, text.to_string());
    }
    if let Some(text) = credentials {
        builder = builder.with_contents(EnvConfigFileKind::Credentials, text.to_string());
    }
    let files = builder.build();
    let fs = Fs::from_slice(&[]);
    let env = Env::from_slice(&[]);
    let future = aws_config::profile::load(&fs, &env, &files, None);
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(result) => result.map_err(|e| {
            ParseFailure(aws_smithy_types::error::display::DisplayErrorContext(&e).to_string())
        }),
        Poll::Pending => Err(ParseFailure::from("the profile parser did not finish")),
    }
}

/// The SDK reports `error parsing <path> on line N:\n  <message>`: line and message.
fn syntax_error(file: &str, text: &str) -> ImportError {
    let line = text
        .split("on line ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let message = text
        .split_once(":\n")
        .map(|(_, m)| m.trim())
        .unwrap_or(text)
        .to_string();
    ImportError::Syntax {
        file: file.to_string(),
        line,
        message,
    }
}

/// The static keys of one profile, for moving them into the keychain when the person asks to.
/// They go straight into a [`Secret`]; Rolehop never writes them anywhere else.
pub fn static_keys(input: Input<'_>, profile: &str) -> Option<(String, Secret)> {
    let set = parse_profiles(Some(input.config), input.credentials).ok()?;
    let p = set.get_profile(profile)?;
    Some((
        p.get("aws_access_key_id")?.to_string(),
        Secret::new(p.get("aws_secret_access_key")?),
    ))
}

/// Reads the profiles of an AWS config (and credentials) file into a proposal.
pub fn import(input: Input<'_>, naming: &ClientNaming) -> Result<Proposal, ImportError> {
    let set = match parse_profiles(Some(input.config), input.credentials) {
        Ok(set) => set,
        Err(combined) => {
            // Say which file is broken.
            if let Err(e) = parse_profiles(Some(input.config), None) {
                return Err(syntax_error(input.config_name, &e.0));
            }
            if let Err(e) = parse_profiles(None, input.credentials) {
                return Err(syntax_error(input.credentials_name, &e.0));
            }
            return Err(syntax_error(input.config_name, &combined.0));
        }
    };
    let config_lines = header_lines(input.config);
    let credential_lines = input.credentials.map(header_lines).unwrap_or_default();
    let origin = |name: &str| Origin {
        profile: name.to_string(),
        line: config_lines
            .get(name)
            .or_else(|| credential_lines.get(name))
            .copied()
            .unwrap_or(0),
    };

    // In file order (the SDK keeps a map).
    let mut names: Vec<&str> = set.profiles().collect();
    names.sort_by_key(|n| {
        (
            config_lines.get(*n).copied().unwrap_or(usize::MAX),
            credential_lines.get(*n).copied().unwrap_or(usize::MAX),
            n.to_string(),
        )
    });

    let mut out = Builder {
        set: &set,
        naming,
        ids: Ids::default(),
        identity_ids: Ids::default(),
        identities: Vec::new(),
        identity_index: HashMap::new(),
        clients: Vec::new(),
        client_index: HashMap::new(),
        proposal: Proposal::default(),
    };
    out.ids.claim_exact(names.iter().copied());
    let mut referenced: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for name in &names {
        if let Some(src) = set
            .get_profile(name)
            .filter(|p| p.get("role_arn").is_some())
            .and_then(|p| p.get("source_profile"))
        {
            referenced.insert(src);
        }
    }
    for name in &names {
        let Some(profile) = set.get_profile(name) else {
            continue;
        };
        match out.profile(profile, &origin) {
            Ok(()) => {}
            Err(reason) => {
                // A base profile others assume roles from is not a skip: it is an identity
                // (with keys in the files, or without: aws-vault keeps them elsewhere). One
                // Rolehop cannot use yet still says why.
                if !(referenced.contains(name)
                    && !is_role(profile)
                    && profiles::unsupported(profile).is_none())
                {
                    out.proposal.skipped.push(Skipped {
                        origin: origin(name),
                        reason: reason.to_string(),
                    });
                }
            }
        }
    }
    // Sections the SDK dropped (with only a log warning): say so rather than lose them.
    for (name, line) in dropped_sections(input.config, &set) {
        out.proposal.skipped.push(Skipped {
            origin: Origin {
                profile: name.clone(),
                line,
            },
            reason: if name.chars().any(|c| c.is_whitespace()) || line == 0 {
                format!("`[{name}]` is not a profile section: the AWS CLI ignores it")
            } else if name.contains(|c: char| !(c.is_ascii_alphanumeric() || "-_.@/+:=%".contains(c))) {
                "its name has characters the AWS CLI does not accept in a profile name: the AWS CLI ignores it".into()
            } else {
                format!("in a config file a profile section is `[profile {name}]`: the AWS CLI ignores `[{name}]`")
            },
        });
    }
    out.proposal.skipped.sort_by_key(|s| s.origin.line);
    let Builder {
        identities,
        clients,
        mut proposal,
        ..
    } = out;
    proposal.identities = identities;
    proposal.clients = clients;
    Ok(proposal)
}

/// Sections of the config file that are neither a parsed profile, `[sso-session …]` nor
/// `[services …]`, with their lines.
fn dropped_sections(config: &str, set: &ProfileSet) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = header_lines(config)
        .into_iter()
        .filter(|(name, _)| {
            set.get_profile(name).is_none()
                && !name.starts_with("sso-session")
                && !name.starts_with("services")
        })
        .collect();
    out.sort_by_key(|(_, line)| *line);
    out
}

pub(super) fn has_keys(p: &Profile) -> bool {
    p.get("aws_access_key_id").is_some()
}

pub(super) fn is_role(p: &Profile) -> bool {
    p.get("role_arn").is_some()
}
