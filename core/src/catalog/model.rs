//! The catalog's typed shape, as it is read from `catalog.toml`.
//!
//! ```toml
//! schema_version = 1
//!
//! [[identity]]
//! id = "me"
//! account = "111111111111"
//! mfa_serial = "arn:aws:iam::111111111111:mfa/me"
//!
//! [[client]]
//! id = "acme"
//! name = "Acme Corp"
//! color = "#d13212"
//!
//! [[shortcut]]
//! id = "acme-prod"
//! client = "acme"
//! account = "222222222222"
//! role = "Admin"
//! ```
//!
//! Reading is lenient about what is missing (defaults) and strict about what is unknown
//! (`deny_unknown_fields`, so a typo is an error, not a silently ignored key). Everything else
//! is checked by [`super::validate`].

use serde::{Deserialize, Serialize};

use super::duration::Seconds;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    #[serde(default = "current_schema")]
    pub schema_version: u32,
    /// The person's default browser kind (used by the browser launcher).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
    /// The command for browser kind `custom`: `{url}` and `{profile}` are replaced; run
    /// without a shell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser_command: Option<String>,
    /// Chromium-family consoles as profiles of one shared browser (the default) or as a
    /// browser each (see [`crate::base::browser_kind::ProfileLayout`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_layout: Option<crate::base::browser_kind::ProfileLayout>,
    #[serde(default, rename = "identity")]
    pub identities: Vec<Identity>,
    #[serde(default, rename = "client")]
    pub clients: Vec<Client>,
    #[serde(default, rename = "shortcut")]
    pub shortcuts: Vec<Shortcut>,
    /// Read-only team catalogs merged under this one (see [`crate::sources::layers`]).
    #[serde(default, rename = "layer", skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<LayerSpec>,
    /// AWS Organizations discovery sources (see [`crate::sources::discover`]).
    #[serde(default, rename = "discovery", skip_serializing_if = "Vec::is_empty")]
    pub discoveries: Vec<DiscoverySpec>,
}

fn current_schema() -> u32 {
    SCHEMA_VERSION
}

impl Default for Catalog {
    fn default() -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            browser: None,
            browser_command: None,
            profile_layout: None,
            identities: Vec::new(),
            clients: Vec::new(),
            shortcuts: Vec::new(),
            layers: Vec::new(),
            discoveries: Vec::new(),
        }
    }
}

impl Catalog {
    pub fn identity(&self, id: &str) -> Option<&Identity> {
        self.identities.iter().find(|i| i.id == id)
    }

    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.id == id)
    }

    pub fn shortcut(&self, id: &str) -> Option<&Shortcut> {
        self.shortcuts.iter().find(|s| s.id == id)
    }

    /// The identity a shortcut without `identity` or `via` uses: the only one there is.
    pub fn sole_identity(&self) -> Option<&Identity> {
        match self.identities.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }
}

pub use crate::partition::Partition;

/// Which kind of catalog entry a person edits, removes, or sees coming from a layer (the
/// catalog's `[[client]]` and `[[shortcut]]` tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Client,
    Shortcut,
}

impl EntryKind {
    /// The catalog table's name, as messages say it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Shortcut => "shortcut",
        }
    }
}

impl std::fmt::Display for EntryKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a shortcut gets its role credentials (ARCHITECTURE.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum SessionMode {
    /// One MFA code per identity per day: GetSessionToken, then AssumeRole (<= 1 h).
    #[default]
    Daily,
    /// AssumeRole directly with the base keys and MFA, up to the role's maximum.
    Long,
}

impl SessionMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Daily => "daily",
            Self::Long => "long",
        }
    }
}

/// A person's base identity: an IAM user's access key in their home account (kept only in the
/// keychain), or an IAM Identity Center sign-in (`sso_start_url` + `sso_region`; its tokens
/// are kept only in the keychain).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub id: String,
    /// The IAM user's account (access-key identities; empty for Identity Center ones).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub account: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_serial: Option<String>,
    /// A command that prints the current MFA code (a YubiKey:
    /// `ykman oath accounts code --single "<account>"`), run without a shell instead of asking
    /// the person (see [`crate::broker::code_command`]). Personal: team layers cannot set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_process: Option<String>,
    #[serde(default)]
    pub partition: Partition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// How long the daily GetSessionToken session lasts (default 12h, 900s..36h).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_duration: Option<Seconds>,
    /// The name AWS CloudTrail shows for this person's role sessions (default: the identity id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
    /// IAM Identity Center: the AWS access portal URL (`https://my-org.awsapps.com/start`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso_start_url: Option<String>,
    /// IAM Identity Center: the region the instance lives in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso_region: Option<String>,
    /// The AWS CLI `[sso-session]` name this identity corresponds to (for import and export).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso_session: Option<String>,
}

/// Which kind of base identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityKind {
    /// An IAM user's access key.
    Keys,
    /// An IAM Identity Center sign-in.
    Sso,
}

impl Identity {
    pub fn kind(&self) -> IdentityKind {
        if self.sso_start_url.is_some() || self.sso_region.is_some() {
            IdentityKind::Sso
        } else {
            IdentityKind::Keys
        }
    }

    /// The Identity Center portal an `sso` identity signs in to.
    pub fn portal(&self) -> Option<crate::vault::sso::Portal> {
        Some(crate::vault::sso::Portal {
            start_url: self.sso_start_url.clone()?,
            region: self.sso_region.clone()?,
        })
    }

    /// The region STS is called in for this identity: its own, else the partition's default.
    /// Never a shortcut's console region: an opt-in region the calling account has not
    /// enabled answers InvalidClientTokenId
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_region-endpoints.html>).
    pub fn sts_region(&self) -> String {
        self.region
            .clone()
            .unwrap_or_else(|| self.partition.default_region().to_string())
    }
}

/// A customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
}

/// One role in one account.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shortcut {
    pub id: String,
    pub client: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// 12-digit account id; optional when `role` is a full ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// A role name (`Admin`), a name with a path (`/ops/Admin`), or a full role ARN.
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// Another shortcut whose role credentials assume this one (role chaining).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Seconds>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pinned: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// A read-only catalog layer: a file, a directory of `*.toml` files (a team's git checkout), or
/// an https URL (fetched with `rolehop layers refresh`, cached with its ETag, used offline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerSpec {
    /// A short name shown as the entries' origin (`team`).
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Where discovered accounts come from (an AWS organization read through a `via` shortcut, or
/// what an IAM Identity Center sign-in can see) and how they become shortcuts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscoverySpec {
    pub id: String,
    /// The shortcut whose role can read the organization (management or delegated admin).
    /// Empty for an Identity Center source.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub via: String,
    /// IAM Identity Center instead of AWS Organizations: the identity whose sign-in lists the
    /// accounts and permission sets (ListAccounts, ListAccountRoles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// The role to open in each member account (default `OrganizationAccountAccessRole`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// How accounts become clients: `ou` (the account's organizational unit, the default),
    /// `tag:<key>` (an account tag such as `tag:client`), or `name:<regex with a client group>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<String>,
    /// Region for the discovered shortcuts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}
