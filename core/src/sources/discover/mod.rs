//! Discovery: the accounts of an AWS organization (or those an IAM Identity Center sign-in can
//! see, [`sso`]) become shortcuts in a read-only layer (`<data dir>/discovered/<id>.toml`,
//! merged by [`crate::sources::layers`]).
//!
//! A discovery source ([`DiscoverySpec`]) names the shortcut whose role can read the
//! organization (management or delegated administrator account), the role to open in each
//! member account (default `OrganizationAccountAccessRole`, which AWS creates in accounts made
//! by the organization: <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html>),
//! and how accounts become clients. [`list`] walks the organization through the
//! [`Organizations`] seam — ListAccounts page by page, then ListParents (and
//! DescribeOrganizationalUnit once per OU, ListTagsForResource only for `tag:` grouping) for a
//! few accounts at a time — reporting progress. [`propose`] and [`diff`] are pure.

pub mod aws;
mod layer_file;
mod propose;
pub mod sso;

pub use layer_file::{layer_path, remove_layer};

pub use propose::{DiffRow, Discovered, Flagged, diff, layer_text, propose};

use std::collections::HashMap;
use std::future::Future;

use futures_util::StreamExt;

use crate::base::error_kind::ErrorKind;
use crate::catalog::DiscoverySpec;

/// The role opened in member accounts when the source names none.
pub const DEFAULT_ROLE: &str = "OrganizationAccountAccessRole";

/// Per-account calls in flight at once: Organizations allows a few requests per second per
/// account; the SDK retries throttling with backoff.
const CONCURRENCY: usize = 4;

/// An account as ListAccounts reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInfo {
    pub id: String,
    pub name: String,
    /// `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, …
    pub status: String,
}

/// The parent of an account (ListParents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parent {
    Root,
    Ou(String),
}

/// An account with what grouping needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgAccount {
    pub id: String,
    pub name: String,
    pub status: String,
    /// The name of the OU the account is directly in (None under the root).
    pub ou: Option<String>,
    pub tags: Vec<(String, String)>,
}

/// A failed Organizations call.
#[derive(Debug, Clone, thiserror::Error)]
#[error("Organizations {operation} failed: {message}{}", hint(code.as_deref()))]
pub struct DiscoverError {
    pub operation: &'static str,
    pub code: Option<String>,
    pub message: String,
}

fn hint(code: Option<&str>) -> &'static str {
    match code {
        Some("AccessDeniedException") => {
            " (the `via` shortcut's role needs organizations:ListAccounts, ListParents, DescribeOrganizationalUnit and ListTagsForResource, in the management or a delegated administrator account)"
        }
        Some("AWSOrganizationsNotInUseException") => {
            " (this account is not in an organization: point `via` at the management account)"
        }
        _ => "",
    }
}

impl DiscoverError {
    pub fn kind(&self) -> ErrorKind {
        match self.code.as_deref() {
            Some("AccessDeniedException") => ErrorKind::AccessDenied,
            Some("TooManyRequestsException") => ErrorKind::Throttled,
            Some("network") => ErrorKind::Network,
            _ => ErrorKind::Aws,
        }
    }
}

/// The side-effect seam: the Organizations API calls discovery makes.
pub trait Organizations {
    /// One page of ListAccounts and the token of the next one.
    fn list_accounts(
        &self,
        next: Option<String>,
    ) -> impl Future<Output = Result<(Vec<AccountInfo>, Option<String>), DiscoverError>>;
    fn list_parents(&self, account: &str) -> impl Future<Output = Result<Parent, DiscoverError>>;
    fn ou_name(&self, ou: &str) -> impl Future<Output = Result<String, DiscoverError>>;
    fn list_tags(
        &self,
        account: &str,
    ) -> impl Future<Output = Result<Vec<(String, String)>, DiscoverError>>;
}

/// Where a discovery run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Pages of ListAccounts read so far, and accounts found.
    Listing { pages: usize, accounts: usize },
    /// Accounts whose parent (and tags) are known, of the total.
    Reading { done: usize, total: usize },
}

/// Lists every account of the organization with its OU and (for `tag:` grouping) its tags.
pub async fn list<O: Organizations>(
    org: &O,
    spec: &DiscoverySpec,
    progress: &dyn Fn(Progress),
) -> Result<Vec<OrgAccount>, DiscoverError> {
    let mut accounts = Vec::new();
    let mut next = None;
    let mut pages = 0;
    loop {
        let (page, token) = org.list_accounts(next).await?;
        pages += 1;
        accounts.extend(page);
        progress(Progress::Listing {
            pages,
            accounts: accounts.len(),
        });
        match token {
            Some(t) if !t.is_empty() => next = Some(t),
            _ => break,
        }
    }
    let needs_tags = spec
        .group_by
        .as_deref()
        .is_some_and(|g| g.starts_with("tag:"));
    let needs_ou = spec.group_by.as_deref().unwrap_or("ou") == "ou";
    let total = accounts.len();
    let mut done = 0;
    let mut ou_names: HashMap<String, String> = HashMap::new();
    let mut out = Vec::with_capacity(total);
    let mut results = futures_util::stream::iter(accounts.into_iter().map(|a| async move {
        let parent = if needs_ou {
            Some(org.list_parents(&a.id).await?)
        } else {
            None
        };
        let tags = if needs_tags {
            org.list_tags(&a.id).await?
        } else {
            Vec::new()
        };
        Ok::<_, DiscoverError>((a, parent, tags))
    }))
    .buffered(CONCURRENCY);
    while let Some(item) = results.next().await {
        let (a, parent, tags) = item?;
        let ou = match parent {
            Some(Parent::Ou(id)) => Some(match ou_names.get(&id) {
                Some(name) => name.clone(),
                None => {
                    let name = org.ou_name(&id).await?;
                    ou_names.insert(id, name.clone());
                    name
                }
            }),
            _ => None,
        };
        out.push(OrgAccount {
            id: a.id,
            name: a.name,
            status: a.status,
            ou,
            tags,
        });
        done += 1;
        progress(Progress::Reading { done, total });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
