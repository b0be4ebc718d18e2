//! Per-field rules, as pure functions from text to "fine" or "what is wrong, and an example of
//! right". The limits are AWS's:
//! - account ids: 12 digits;
//! - role names `[\w+=,.@-]{1,64}`, paths `/`-delimited, 1..512 printable ASCII
//!   (<https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html>);
//! - RoleSessionName `[\w+=,.@-]{2,64}`, ExternalId `[\w+=,.@:/-]{2,1224}`, SerialNumber
//!   `[\w+=/:,.@-]{9,256}` (<https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html>);
//! - AssumeRole DurationSeconds 900..43200, GetSessionToken 900..129600.

use super::model::Partition;

/// A broken rule: what is wrong and an example of right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub message: String,
    pub example: &'static str,
}

type Rule = Result<(), RuleError>;

fn fail(message: impl Into<String>, example: &'static str) -> Rule {
    Err(RuleError {
        message: message.into(),
        example,
    })
}

fn is_iam_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

/// Whether a link as written holds a control character or white space. The URL parser drops
/// tabs and newlines silently (the WHATWG rule), so `https://wiki/\n[x](javascript:…)` would
/// pass as an https URL and still break out of whatever the raw text is later written into
/// (a Markdown page, a notification): such a link is refused before it is parsed.
pub fn link_has_control(link: &str) -> bool {
    link.chars()
        .any(|c| c.is_control() || c.is_whitespace() || is_bidi_control(c))
}

/// Names refuse the characters that reorder text (a leaf fact: terminal lines and
/// notifications drop them too).
pub use crate::base::text::is_bidi_control;

const CONTROL_IN_LINK: &str =
    "it holds a control character, a space or a line break, which no link has";

/// A team layer's URL: https, or http to this machine only (a local mirror, or a test server).
pub fn layer_url(url: &str) -> Rule {
    if link_has_control(url) {
        return fail(
            format!("`{}`: {CONTROL_IN_LINK}", shown_url(url)),
            "https://git.example.com/team/catalog/raw/main/catalog.toml",
        );
    }
    let parsed = url::Url::parse(url);
    let ok = match &parsed {
        Ok(u) if u.scheme() == "https" => u.host_str().is_some(),
        Ok(u) if u.scheme() == "http" => {
            matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        fail(
            format!(
                "`{}` is not an https URL (plain http only to 127.0.0.1 or localhost)",
                shown_url(url)
            ),
            "https://git.example.com/team/catalog/raw/main/catalog.toml",
        )
    }
}

/// A client's link (its wiki page, its ticket queue): https only, like a team layer's, because
/// Rolehop opens it for the person (no files, programs or other schemes).
pub fn client_link(link: &str) -> Rule {
    if link_has_control(link) {
        return fail(
            format!("a client link: {CONTROL_IN_LINK}"),
            "\"https://wiki.example.com/clients/acme\"",
        );
    }
    match url::Url::parse(link) {
        Ok(u) if u.scheme() == "https" && u.host_str().is_some() => Ok(()),
        _ => fail(
            "a client link must be an https:// address (no files, programs or other schemes)",
            "\"https://wiki.example.com/clients/acme\"",
        ),
    }
}

/// A name people read (a client's name, a shortcut's label, a client's notes): no bidi
/// controls, which make a name read as another one (`U+202E` turns `exe.fdp` into `pdf.exe`)
/// in menus, windows and terminals alike. Other control characters are kept as written and
/// made harmless where the text is shown (a terminal line: [`crate::base::terminal::shown`]; a
/// notification: [`crate::base::notification::shown`]; a page: escaped).
pub fn display_text(text: &str) -> Rule {
    match text.chars().find(|&c| is_bidi_control(c)) {
        None => Ok(()),
        Some(c) => fail(
            format!(
                "it holds U+{:04X}, a character that reorders the text around it so that it reads as something else",
                c as u32
            ),
            "\"Acme Corp\"",
        ),
    }
}

/// Text from outside made fit for [`display_text`] (one line): bidi controls dropped, other
/// control characters as spaces, runs of white space one space.
pub fn tidy_display(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_bidi_control(c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// How discovered accounts are grouped into clients: `ou`, `tag:<key>` or `name:<regex>` with a
/// `client` group.
pub fn group_by(value: &str) -> Rule {
    let example = "\"tag:client\"";
    if value == "ou" {
        return Ok(());
    }
    if let Some(key) = value.strip_prefix("tag:") {
        return if key.trim().is_empty() {
            fail("`tag:` needs the tag key, like `tag:client`", example)
        } else {
            Ok(())
        };
    }
    if let Some(pattern) = value.strip_prefix("name:") {
        return match regex::Regex::new(pattern) {
            Ok(r) if r.capture_names().any(|n| n == Some("client")) => Ok(()),
            Ok(_) => fail(
                "the `name:` pattern needs a group named `client`",
                "\"name:^(?P<client>[^-]+)-\"",
            ),
            Err(e) => fail(
                format!("the `name:` pattern does not parse: {e}"),
                "\"name:^(?P<client>[^-]+)-\"",
            ),
        };
    }
    fail(
        format!("`{value}`: use `ou`, `tag:<key>` or `name:<regex>`"),
        example,
    )
}

/// Catalog ids are slugs: they name profile directories and keychain entries, and people type
/// them on the command line.
/// The most `via` hops from a shortcut to the shortcut that is assumed with an identity's
/// credentials. Real chains are one to three hops (home account, a jump account, the client's
/// account); each hop is another AssumeRole call and a chained role lasts at most an hour
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining>).
/// The bound also keeps every walk along a chain short: a catalog of 6,000 shortcuts chained
/// one after the other is refused at once instead of validated in quadratic time.
pub const MAX_VIA_HOPS: usize = 10;

pub fn slug(id: &str) -> Rule {
    let ok_len = (1..=64).contains(&id.len());
    let mut chars = id.chars();
    let ok_first = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let ok_rest = id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
    if ok_len && ok_first && ok_rest {
        Ok(())
    } else {
        fail(
            format!(
                "`{id}` is not a valid id: use 1-64 lowercase letters, digits, `-`, `_` or `.`, starting with a letter or digit"
            ),
            "acme-prod",
        )
    }
}

pub fn account_id(account: &str) -> Rule {
    if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        fail(
            format!(
                "`{account}` is not an AWS account id: it must be exactly 12 digits, leading zeros included"
            ),
            "\"012345678901\"",
        )
    }
}

pub fn role_name(name: &str) -> Rule {
    if (1..=64).contains(&name.len()) && name.chars().all(is_iam_name_char) {
        Ok(())
    } else {
        fail(
            format!("`{name}` is not an IAM role name: 1-64 letters, digits and `+=,.@_-`"),
            "OrganizationAccountAccessRole",
        )
    }
}

/// An IAM path: `/` or `/segment/.../`, printable ASCII, at most 512 characters.
pub fn role_path(path: &str) -> Rule {
    let printable = path.chars().all(|c| ('\u{21}'..='\u{7e}').contains(&c));
    if path.starts_with('/')
        && path.ends_with('/')
        && path.len() <= 512
        && printable
        && !path.contains("//")
    {
        Ok(())
    } else {
        fail(
            format!("`{path}` is not an IAM path: it starts and ends with `/`"),
            "/ops/",
        )
    }
}

/// A role as written in a shortcut, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleSpec {
    pub partition: Option<Partition>,
    pub account: Option<String>,
    pub path: String,
    pub name: String,
}

/// Parses `Admin`, `/ops/Admin`, `ops/Admin` or `arn:<partition>:iam::<account>:role/<path><name>`.
pub fn role_spec(text: &str) -> Result<RoleSpec, RuleError> {
    if let Some(rest) = text.strip_prefix("arn:") {
        return role_arn(rest, text);
    }
    let (path, name) = split_path_name(text);
    role_path(&path)?;
    role_name(name)?;
    Ok(RoleSpec {
        partition: None,
        account: None,
        path,
        name: name.to_string(),
    })
}

fn split_path_name(text: &str) -> (String, &str) {
    match text.rfind('/') {
        Some(i) => {
            let dir = &text[..=i];
            let path = if dir.starts_with('/') {
                dir.to_string()
            } else {
                format!("/{dir}")
            };
            (path, &text[i + 1..])
        }
        None => ("/".to_string(), text),
    }
}

fn role_arn(after_arn: &str, whole: &str) -> Result<RoleSpec, RuleError> {
    let bad = || RuleError {
        message: format!(
            "`{whole}` is not an IAM role ARN: arn:<aws|aws-us-gov|aws-cn|aws-eusc>:iam::<12-digit account>:role/<path/><name>"
        ),
        example: "arn:aws:iam::222222222222:role/Admin",
    };
    let mut parts = after_arn.splitn(5, ':');
    let (Some(partition), Some(service), Some(region), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(bad());
    };
    let partition = Partition::parse(partition).ok_or_else(bad)?;
    if service != "iam" || !region.is_empty() {
        return Err(bad());
    }
    account_id(account)?;
    let Some(path_name) = resource.strip_prefix("role/") else {
        return Err(bad());
    };
    let (path, name) = split_path_name(path_name);
    role_path(&path)?;
    role_name(name)?;
    Ok(RoleSpec {
        partition: Some(partition),
        account: Some(account.to_string()),
        path,
        name: name.to_string(),
    })
}

/// Builds the ARN of a role from its parts.
pub fn role_arn_of(partition: Partition, account: &str, path: &str, name: &str) -> String {
    format!("arn:{}:iam::{account}:role{path}{name}", partition.as_str())
}

/// AWS region codes such as `eu-west-1`, `us-gov-west-1`, `cn-north-1`, `ap-southeast-4`, and
/// that the region belongs to the partition.
pub fn region(region: &str, partition: Partition) -> Rule {
    let parts: Vec<&str> = region.split('-').collect();
    // `eu-west-1`, `us-gov-west-1`, `eusc-de-east-1`.
    let shape = parts.len() >= 3
        && (2..=4).contains(&parts[0].len())
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].parse::<u8>().is_ok_and(|n| n > 0);
    if !shape {
        return fail(format!("`{region}` is not an AWS region code"), "eu-west-1");
    }
    let region_partition = Partition::of_region(region);
    if region_partition != partition {
        return fail(
            format!(
                "region `{region}` is in partition {} but this entry is in {}",
                region_partition.as_str(),
                partition.as_str()
            ),
            partition.default_region(),
        );
    }
    Ok(())
}

pub fn color(color: &str) -> Rule {
    let hex = color.strip_prefix('#').unwrap_or("");
    if (hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        fail(
            format!("`{color}` is not a colour: write it as #rgb or #rrggbb"),
            "#d13212",
        )
    }
}

pub fn external_id(value: &str) -> Rule {
    let ok_chars = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_+=,.@:/-".contains(c));
    if (2..=1224).contains(&value.len()) && ok_chars {
        Ok(())
    } else {
        fail(
            "an external id is 2-1224 letters, digits and `+=,.@:/-_`",
            "acme-7f3a9c",
        )
    }
}

pub fn mfa_serial(value: &str) -> Rule {
    let ok_chars = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_+=/:,.@-".contains(c));
    let arn_shape = !value.starts_with("arn:")
        || (value.contains(":iam::") && value.contains(":mfa/"))
        || value.contains(":u2f/");
    if (9..=256).contains(&value.len()) && ok_chars && arn_shape {
        Ok(())
    } else {
        fail(
            format!(
                "`{value}` is not an MFA device serial: use the device ARN (or a hardware token's serial)"
            ),
            "arn:aws:iam::111111111111:mfa/alice",
        )
    }
}

/// An IAM Identity Center start URL: the https address of the AWS access portal
/// (`https://d-1234567890.awsapps.com/start`, or a custom `https://my-org.awsapps.com/start`).
pub fn sso_start_url(url: &str) -> Rule {
    match url::Url::parse(url) {
        Ok(u) if u.scheme() == "https" && u.host_str().is_some_and(|h| !h.is_empty()) => Ok(()),
        // A local stand-in (tests, a mirror on this machine).
        Ok(u)
            if u.scheme() == "http" && matches!(u.host_str(), Some("127.0.0.1" | "localhost")) =>
        {
            Ok(())
        }
        _ => fail(
            format!(
                "`{url}` is not an IAM Identity Center start URL: the https address of your AWS access portal"
            ),
            "https://my-org.awsapps.com/start",
        ),
    }
}

/// A permission set name as GetRoleCredentials takes it (an IAM role name without a path):
/// 1-32 letters, digits and `+=,.@-_`.
pub fn permission_set(name: &str) -> Rule {
    if (1..=32).contains(&name.len()) && name.chars().all(is_iam_name_char) {
        Ok(())
    } else {
        fail(
            format!(
                "`{name}` is not a permission set name: 1-32 letters, digits and `+=,.@_-` (an Identity Center shortcut names the permission set, not a role ARN)"
            ),
            "AdministratorAccess",
        )
    }
}

/// An identity's `mfa_process`: a command line that splits (it is run without a shell), for an
/// identity that has an MFA device to make codes for.
pub fn mfa_process(command: &str, mfa_serial: Option<&str>) -> Rule {
    // The same split the broker runs it with (`shlex`, POSIX quoting).
    let problem = match shlex::split(command) {
        None => Some("a quote is not closed"),
        Some(words) if words.is_empty() => Some("the command is empty"),
        Some(_) => None,
    };
    if let Some(problem) = problem {
        return fail(
            format!("{problem}: the command is run without a shell, so quote words with spaces"),
            "ykman oath accounts code --single 'Amazon Web Services:alice@111111111111'",
        );
    }
    if mfa_serial.is_none() {
        return fail(
            "an MFA code command needs the MFA device it makes codes for: set the MFA device (mfa_serial) too",
            "arn:aws:iam::111111111111:mfa/alice",
        );
    }
    Ok(())
}

pub fn session_name(value: &str) -> Rule {
    if (2..=64).contains(&value.len()) && value.chars().all(is_iam_name_char) {
        Ok(())
    } else {
        fail(
            format!("`{value}` is not a role session name: 2-64 letters, digits and `+=,.@_-`"),
            "alice@agency",
        )
    }
}

/// AssumeRole's DurationSeconds range.
pub fn role_duration(seconds: u32) -> Rule {
    if (900..=43_200).contains(&seconds) {
        Ok(())
    } else {
        fail(
            format!("{seconds} s is outside AWS's role session range of 15m to 12h"),
            "\"8h\"",
        )
    }
}

/// GetSessionToken's DurationSeconds range.
pub fn session_token_duration(seconds: u32) -> Rule {
    if (900..=129_600).contains(&seconds) {
        Ok(())
    } else {
        fail(
            format!("{seconds} s is outside AWS's session token range of 15m to 36h"),
            "\"12h\"",
        )
    }
}

/// Derives a valid RoleSessionName from whatever names the person (an identity id, an email,
/// a user name): disallowed characters become `-`, the result is 2..64 characters long.
pub fn derive_session_name(person: &str) -> String {
    let mut name: String = person
        .chars()
        .map(|c| if is_iam_name_char(c) { c } else { '-' })
        .take(64)
        .collect();
    if name.len() < 2 {
        name = format!("rolehop-{name}");
        name.truncate(64);
    }
    name
}

/// A layer URL as messages and the settings window show it: without user info or query, which
/// may hold an access token (`https://host/path?…`).
pub fn shown_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            let had_query = u.query().is_some();
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.set_query(None);
            u.set_fragment(None);
            let mut text = u.to_string();
            if had_query {
                text.push_str("?…");
            }
            text
        }
        Err(_) => "(a URL that does not parse)".to_string(),
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
