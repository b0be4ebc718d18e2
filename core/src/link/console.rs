//! AWS console links as engineers receive them all day — in an alert, a ticket, a chat — read
//! for the account they belong to, so Rolehop opens them in that client's console instead of
//! whatever browser window is in front. Pure: a text in, what it names out.
//!
//! Read here (switch-role links are [`super::switch_role`]'s, `rolehop://` links
//! [`super::deep`]'s):
//! - a console URL: `https://<region>.console.aws.amazon.com/…` or
//!   `https://console.aws.amazon.com/…` (any partition's console host); it names an account
//!   only through an ARN it carries (`…/lambda/home#/functions/arn:aws:lambda:eu-west-1:
//!   222222222222:function:x`), else the person is asked which client;
//! - a multi-session console URL: `https://<account>-<id>.<region>.console.aws.amazon.com/…`
//!   (<https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/multisession.html>): the
//!   account is the host's first label's digits; the page is opened on the plain console host
//!   (the multi-session host belongs to a session in someone else's browser);
//! - any other web address that carries an ARN with an account id (a ticket, an alert tool's
//!   page, a chat): that account's console home, in the ARN's partition and region;
//! - an IAM Identity Center shortcut link:
//!   `https://<portal>.awsapps.com/start/#/console?account_id=…&role_name=…&destination=…`
//!   (<https://docs.aws.amazon.com/singlesignon/latest/userguide/createshortcutlink.html>):
//!   the account, the permission set's name as the role, and the destination.
//!
//! The destination is always a page on the partition's console host (the sign-in checks it
//! again, [`crate::partition::destination`]): a link cannot send a fresh sign-in elsewhere.

use url::Url;

use crate::partition::Partition;
use crate::partition::hosts::{console_host, is_console_host};

/// What kind of console link it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleKind {
    /// A console page.
    Console,
    /// A page of a multi-session console.
    MultiSession,
    /// An IAM Identity Center shortcut link.
    IdentityCenter,
    /// Any other web address that carries an ARN (a ticket, an alert tool, a chat): the ARN's
    /// account, on its partition's console home (in its region).
    Arn,
}

/// A console link, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleLink {
    pub kind: ConsoleKind,
    pub partition: Partition,
    /// The 12-digit account it belongs to; `None` when the link does not say.
    pub account: Option<String>,
    /// The role (an Identity Center link's permission set name) when the link names one.
    pub role: Option<String>,
    /// The console page to land on (on the partition's plain console host).
    pub destination: Option<String>,
    /// The region the page is in, when the link says.
    pub region: Option<String>,
}

/// Why a console link cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable(pub String);

/// Reads `text` as a console link: `None` when it is not one (another kind of link, or no
/// link at all), `Some(Err)` when it is one that cannot be followed, with the reason.
pub fn parse(text: &str) -> Option<Result<ConsoleLink, Unusable>> {
    let url = Url::parse(text.trim()).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    if host.ends_with(".awsapps.com") || host.ends_with(".awsapps.cn") {
        return identity_center(&url);
    }
    match Partition::ALL
        .into_iter()
        .find(|p| is_console_host(*p, &host))
    {
        Some(partition) => Some(console(&url, &host, partition)),
        None => carried_arn(&url),
    }
}

/// A web address that is no console link but carries ARNs of one account: that account's
/// console home, in the ARN's partition and region. `None` when it carries none.
fn carried_arn(url: &Url) -> Option<Result<ConsoleLink, Unusable>> {
    if !matches!(url.scheme(), "https" | "http") {
        return None;
    }
    let arns = arns_in(url);
    let first = arns.first()?;
    if arns.len() > 1 {
        return unusable(format!(
            "it names several accounts ({})",
            arns.iter()
                .map(|a| a.account.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let Some(partition) = Partition::parse(&first.partition) else {
        return unusable(format!(
            "`{}` is not an AWS partition",
            crate::base::terminal::shown(&first.partition)
        ));
    };
    Some(Ok(ConsoleLink {
        kind: ConsoleKind::Arn,
        partition,
        account: Some(first.account.clone()),
        role: None,
        destination: None,
        region: Some(first.region.clone()).filter(|r| is_region(r)),
    }))
}

fn unusable(reason: impl Into<String>) -> Option<Result<ConsoleLink, Unusable>> {
    Some(Err(Unusable(reason.into())))
}

/// `<12 digits>-<id>`, the first label of a multi-session host: the account.
fn multi_session_account(label: &str) -> Option<&str> {
    let (account, id) = label.split_once('-')?;
    (account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_alphanumeric()))
    .then_some(account)
}

/// Whether a host label is a region (`eu-west-1`, `us-gov-west-1`, `cn-north-1`).
fn is_region(label: &str) -> bool {
    let parts: Vec<&str> = label.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

fn console(url: &Url, host: &str, partition: Partition) -> Result<ConsoleLink, Unusable> {
    if url.scheme() != "https" {
        return Err(Unusable("a console link must use https".into()));
    }
    if !url.username().is_empty() || url.password().is_some() || url.port().is_some() {
        return Err(Unusable(
            "a console link cannot carry credentials or a port".into(),
        ));
    }
    let base = console_host(partition);
    let sub = host.strip_suffix(base).unwrap_or_default();
    let labels: Vec<&str> = sub.split('.').filter(|l| !l.is_empty()).collect();
    let (kind, account, rest) = match labels.first().and_then(|l| multi_session_account(l)) {
        Some(account) => (
            ConsoleKind::MultiSession,
            Some(account.to_string()),
            &labels[1..],
        ),
        None => (ConsoleKind::Console, None, &labels[..]),
    };
    // The page on the plain host: the same path, query and fragment.
    let mut page = url.clone();
    let plain_host = rest.iter().map(|l| format!("{l}.")).collect::<String>() + base;
    page.set_host(Some(&plain_host))
        .map_err(|_| Unusable("its host cannot be read".into()))?;
    let region = url
        .query_pairs()
        .find(|(k, _)| k == "region")
        .map(|(_, v)| v.into_owned())
        .filter(|r| is_region(r))
        .or_else(|| rest.first().filter(|l| is_region(l)).map(|l| l.to_string()));
    let arn_accounts: Vec<String> = arns_in(url).into_iter().map(|a| a.account).collect();
    let account = match (account, arn_accounts.as_slice()) {
        (Some(a), _) => Some(a),
        (None, []) => None,
        (None, [one]) => Some(one.clone()),
        (None, several) => {
            return Err(Unusable(format!(
                "it names several accounts ({})",
                several.join(", ")
            )));
        }
    };
    Ok(ConsoleLink {
        kind,
        partition,
        account,
        role: None,
        destination: Some(page.to_string()),
        region,
    })
}

/// An ARN seen in a URL: the fields that say where it lives.
struct SeenArn {
    partition: String,
    region: String,
    account: String,
}

/// The ARNs a URL carries (path, query and fragment, decoded), one per account.
fn arns_in(url: &Url) -> Vec<SeenArn> {
    let raw = format!(
        "{}?{}#{}",
        url.path(),
        url.query().unwrap_or_default(),
        url.fragment().unwrap_or_default()
    );
    let text = percent_encoding::percent_decode_str(&raw)
        .decode_utf8_lossy()
        .into_owned();
    let mut found: Vec<SeenArn> = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("arn:") {
        let arn = &rest[at..];
        // arn:<partition>:<service>:<region>:<account>:…
        let fields: Vec<&str> = arn.splitn(6, ':').collect();
        if fields.len() == 6
            && fields[1].starts_with("aws")
            && fields[4].len() == 12
            && fields[4].bytes().all(|b| b.is_ascii_digit())
            && !found.iter().any(|f| f.account == fields[4])
        {
            found.push(SeenArn {
                partition: fields[1].to_string(),
                region: fields[3].to_string(),
                account: fields[4].to_string(),
            });
        }
        rest = &arn[4..];
    }
    found
}

fn identity_center(url: &Url) -> Option<Result<ConsoleLink, Unusable>> {
    // `/start/#/console?account_id=…&role_name=…&destination=…`: the query is in the fragment.
    let fragment = url.fragment()?;
    let query = fragment
        .strip_prefix("/console?")
        .or_else(|| fragment.strip_prefix("console?"))?;
    if url.scheme() != "https" {
        return unusable("an IAM Identity Center link must use https");
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let Some(account) = get("account_id") else {
        return unusable("it names no account (`account_id`)");
    };
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return unusable(format!("`{account}` is not a 12-digit account id"));
    }
    // The destination decides the partition (its console host); without one, the commercial
    // partition's console home.
    let (partition, destination, region) = match get("destination") {
        Some(destination) => match parse(&destination) {
            Some(Ok(page)) if page.kind != ConsoleKind::IdentityCenter => {
                (page.partition, page.destination, page.region)
            }
            _ => {
                return unusable(format!(
                    "its destination `{}` is not an AWS console page",
                    crate::base::terminal::shown(&destination)
                ));
            }
        },
        None => (Partition::Aws, None, None),
    };
    Some(Ok(ConsoleLink {
        kind: ConsoleKind::IdentityCenter,
        partition,
        account: Some(account),
        role: get("role_name"),
        destination,
        region,
    }))
}

#[cfg(test)]
#[path = "console_tests.rs"]
mod tests;
