//! The environment `rolehop exec` gives its child: the shortcut's role credentials in the
//! variables every AWS SDK and the AWS CLI read first (or, with the credential server, the
//! container endpoint they fetch fresh ones from), with the variables that would take
//! precedence over them (or point the SDK elsewhere) removed, and the `ROLEHOP_*` variables
//! prompts and scripts read to know which account they are in. Pure: from the parent's
//! environment and what the flow resolved to the child's environment; the CLI only runs the
//! child.
//!
//! The SDKs' order (<https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html>):
//! environment keys come first, but a `AWS_PROFILE`, a container credential endpoint or a
//! web-identity token left in the parent's environment would still be used by tools that
//! read them explicitly (the AWS CLI's `--profile` default, Terraform's provider), so they go.
//!
//! A nested exec (a `rolehop exec` run from inside another one's child) into another account
//! is refused by the caller unless asked for: [`nested`] says which shortcut the parent is in.

use crate::base::secret::Secret;

/// The credentials the child gets (role credentials from the flow).
#[derive(Debug, Clone)]
pub struct ChildCredentials {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub session_token: Secret,
    /// Unix seconds.
    pub expires_at: Option<i64>,
}

impl ChildCredentials {
    /// A role's credentials as a child gets them (a role's always have a session token).
    pub fn from_role(c: &crate::base::credentials::AwsCredentials) -> Self {
        Self {
            access_key_id: c.access_key_id.clone(),
            secret_access_key: c.secret_access_key.clone(),
            session_token: c.session_token.clone().unwrap_or_else(|| Secret::new("")),
            expires_at: c.expires_at,
        }
    }

    /// When they end in RFC 3339 (`2026-12-07T18:00:00Z`), as `AWS_CREDENTIAL_EXPIRATION`,
    /// `credential_process` and the container endpoint say it.
    pub fn expiration(&self) -> Option<String> {
        rfc3339(self.expires_at?)
    }
}

/// Unix seconds as RFC 3339 in UTC.
pub fn rfc3339(unix: i64) -> Option<String> {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).ok()?;
    t.format(&time::format_description::well_known::Rfc3339)
        .ok()
}

/// How the child gets its credentials.
#[derive(Debug, Clone, Copy)]
pub enum Provided<'a> {
    /// The role's credentials themselves, in `AWS_ACCESS_KEY_ID` and its siblings: they end
    /// when the role session does.
    Keys(&'a ChildCredentials),
    /// The SDKs' container credential endpoint (`AWS_CONTAINER_CREDENTIALS_FULL_URI` and
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN`), which renews them
    /// (<https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html>).
    Server { uri: &'a str, token: &'a Secret },
}

/// Which account the child is in, for `ROLEHOP_*` and the region variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildTarget {
    pub shortcut: String,
    pub client: String,
    pub account: String,
    pub production: bool,
    /// The shortcut's region, else its identity's; `None` keeps the parent's.
    pub region: Option<String>,
}

/// Variables removed from the child's environment: each would point an SDK or a tool at
/// other credentials than the ones given (a profile, a container endpoint, a web identity),
/// or is an older name of one that is set.
pub const REMOVED: [&str; 14] = [
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
];

/// The `ROLEHOP_*` variables a child is marked with.
pub const MARKS: [&str; 4] = [
    "ROLEHOP_SHORTCUT",
    "ROLEHOP_CLIENT",
    "ROLEHOP_ACCOUNT",
    "ROLEHOP_PRODUCTION",
];

impl ChildTarget {
    /// The target of a resolved shortcut: the region only when the shortcut or its identity
    /// names one (the partition's default would override a region the person chose).
    pub fn of(
        catalog: &crate::catalog::Catalog,
        shortcut: &crate::catalog::ResolvedShortcut,
    ) -> Self {
        let own = catalog
            .shortcuts
            .iter()
            .find(|s| s.id == shortcut.id)
            .and_then(|s| s.region.clone());
        let identity = crate::catalog::resolve::root_identity_of(catalog, &shortcut.id)
            .ok()
            .and_then(|i| i.region.clone());
        Self {
            shortcut: shortcut.id.clone(),
            client: shortcut.client.clone(),
            account: shortcut.account.clone(),
            production: shortcut.production,
            region: own.or(identity),
        }
    }
}

/// The child's whole environment: the parent's, less [`REMOVED`] and any earlier `ROLEHOP_*`
/// marks, plus the credentials (or the endpoint that serves them), the region (when the
/// shortcut or identity has one) and the marks. Values are [`Secret`]s: the credentials are
/// among them, and the list is handed to the process launcher only.
pub fn child_environment(
    parent: &[(String, String)],
    target: &ChildTarget,
    provided: Provided<'_>,
) -> Vec<(String, Secret)> {
    let sets_region = target.region.is_some();
    let mut out: Vec<(String, Secret)> = parent
        .iter()
        .filter(|(name, _)| {
            !REMOVED.contains(&name.as_str())
                && !MARKS.contains(&name.as_str())
                && !(sets_region && (name == "AWS_REGION" || name == "AWS_DEFAULT_REGION"))
        })
        .map(|(name, value)| (name.clone(), Secret::new(value.clone())))
        .collect();
    let mut set = |name: &str, value: &str| out.push((name.to_string(), Secret::new(value)));
    match provided {
        Provided::Keys(credentials) => {
            set("AWS_ACCESS_KEY_ID", &credentials.access_key_id);
            set(
                "AWS_SECRET_ACCESS_KEY",
                credentials.secret_access_key.expose(),
            );
            set("AWS_SESSION_TOKEN", credentials.session_token.expose());
            if let Some(expiration) = credentials.expiration() {
                set("AWS_CREDENTIAL_EXPIRATION", &expiration);
            }
        }
        Provided::Server { uri, token } => {
            set("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri);
            set("AWS_CONTAINER_AUTHORIZATION_TOKEN", token.expose());
        }
    }
    if let Some(region) = &target.region {
        set("AWS_REGION", region);
        set("AWS_DEFAULT_REGION", region);
    }
    set("ROLEHOP_SHORTCUT", &target.shortcut);
    set("ROLEHOP_CLIENT", &target.client);
    set("ROLEHOP_ACCOUNT", &target.account);
    set(
        "ROLEHOP_PRODUCTION",
        if target.production { "1" } else { "0" },
    );
    out
}

/// The exec a process is already inside: its shortcut and account, from the marks it was
/// given; `None` outside any.
pub fn nested(parent: &[(String, String)]) -> Option<(String, String)> {
    let get = |name: &str| {
        parent
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    Some((get("ROLEHOP_SHORTCUT")?, get("ROLEHOP_ACCOUNT")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn target(region: Option<&str>) -> ChildTarget {
        ChildTarget {
            shortcut: "acme-prod".into(),
            client: "acme".into(),
            account: "222222222222".into(),
            production: true,
            region: region.map(str::to_string),
        }
    }

    fn credentials() -> ChildCredentials {
        ChildCredentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: Secret::new("the-secret"),
            session_token: Secret::new("the-token"),
            expires_at: Some(1_796_670_000),
        }
    }

    fn get<'a>(env: &'a [(String, Secret)], name: &str) -> Option<&'a str> {
        env.iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.expose())
    }

    #[test]
    fn the_child_gets_the_role_and_nothing_that_would_override_it() {
        let parent = vars(&[
            ("PATH", "/usr/bin"),
            ("HOME", "/home/jane"),
            ("AWS_PROFILE", "other-client"),
            ("AWS_ACCESS_KEY_ID", "AKIAOTHER"),
            ("AWS_SECURITY_TOKEN", "old"),
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://169.254.170.23/v1",
            ),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_CONFIG_FILE", "/home/jane/.aws/config"),
            ("ROLEHOP_SHORTCUT", "beta-dev"),
        ]);
        let creds = credentials();
        let env = child_environment(&parent, &target(Some("eu-west-1")), Provided::Keys(&creds));
        for removed in REMOVED
            .iter()
            .filter(|n| !n.starts_with("AWS_ACCESS") && !n.starts_with("AWS_SECRET"))
            .filter(|n| **n != "AWS_SESSION_TOKEN" && **n != "AWS_CREDENTIAL_EXPIRATION")
        {
            assert_eq!(get(&env, removed), None, "{removed}");
        }
        assert_eq!(get(&env, "AWS_ACCESS_KEY_ID"), Some("ASIAEXAMPLE"));
        assert_eq!(get(&env, "AWS_SECRET_ACCESS_KEY"), Some("the-secret"));
        assert_eq!(get(&env, "AWS_SESSION_TOKEN"), Some("the-token"));
        assert_eq!(
            get(&env, "AWS_CREDENTIAL_EXPIRATION"),
            Some("2026-12-07T19:00:00Z")
        );
        assert_eq!(get(&env, "AWS_REGION"), Some("eu-west-1"));
        assert_eq!(get(&env, "AWS_DEFAULT_REGION"), Some("eu-west-1"));
        assert_eq!(get(&env, "ROLEHOP_SHORTCUT"), Some("acme-prod"));
        assert_eq!(get(&env, "ROLEHOP_CLIENT"), Some("acme"));
        assert_eq!(get(&env, "ROLEHOP_ACCOUNT"), Some("222222222222"));
        assert_eq!(get(&env, "ROLEHOP_PRODUCTION"), Some("1"));
        assert_eq!(get(&env, "AWS_CONFIG_FILE"), Some("/home/jane/.aws/config"));
        assert_eq!(get(&env, "PATH"), Some("/usr/bin"));
        // Each name once: no earlier value hides behind a later one.
        let mut names: Vec<&str> = env.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "{names:?}");
        // The list's Debug shows no secret.
        let shown = format!("{env:?}");
        assert!(!shown.contains("the-secret") && !shown.contains("the-token"));
    }

    #[test]
    fn without_a_region_of_its_own_the_parents_stays() {
        let parent = vars(&[
            ("AWS_REGION", "us-east-1"),
            ("AWS_DEFAULT_REGION", "us-east-1"),
        ]);
        let mut no_expiry = credentials();
        no_expiry.expires_at = None;
        let mut t = target(None);
        t.production = false;
        let env = child_environment(&parent, &t, Provided::Keys(&no_expiry));
        assert_eq!(get(&env, "AWS_REGION"), Some("us-east-1"));
        assert_eq!(get(&env, "AWS_DEFAULT_REGION"), Some("us-east-1"));
        assert_eq!(get(&env, "AWS_CREDENTIAL_EXPIRATION"), None);
        assert_eq!(get(&env, "ROLEHOP_PRODUCTION"), Some("0"));
    }

    #[test]
    fn with_the_server_the_child_gets_the_endpoint_and_no_keys() {
        let parent = vars(&[
            ("AWS_ACCESS_KEY_ID", "AKIAOTHER"),
            ("AWS_SECRET_ACCESS_KEY", "other"),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "someone-elses"),
        ]);
        let token = Secret::new("fresh-token");
        let env = child_environment(
            &parent,
            &target(None),
            Provided::Server {
                uri: "http://127.0.0.1:4321/",
                token: &token,
            },
        );
        assert_eq!(get(&env, "AWS_ACCESS_KEY_ID"), None);
        assert_eq!(get(&env, "AWS_SECRET_ACCESS_KEY"), None);
        assert_eq!(get(&env, "AWS_SESSION_TOKEN"), None);
        assert_eq!(get(&env, "AWS_CREDENTIAL_EXPIRATION"), None);
        assert_eq!(
            get(&env, "AWS_CONTAINER_CREDENTIALS_FULL_URI"),
            Some("http://127.0.0.1:4321/")
        );
        assert_eq!(
            get(&env, "AWS_CONTAINER_AUTHORIZATION_TOKEN"),
            Some("fresh-token")
        );
        assert_eq!(
            env.iter()
                .filter(|(n, _)| n == "AWS_CONTAINER_AUTHORIZATION_TOKEN")
                .count(),
            1
        );
    }

    #[test]
    fn expiration_is_rfc3339_utc() {
        assert_eq!(rfc3339(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            credentials().expiration().as_deref(),
            Some("2026-12-07T19:00:00Z")
        );
    }

    #[test]
    fn a_process_inside_an_exec_knows_which() {
        assert_eq!(nested(&vars(&[("PATH", "/bin")])), None);
        assert_eq!(
            nested(&vars(&[
                ("ROLEHOP_SHORTCUT", "acme-prod"),
                ("ROLEHOP_ACCOUNT", "222222222222")
            ])),
            Some(("acme-prod".into(), "222222222222".into()))
        );
        assert_eq!(
            nested(&vars(&[
                ("ROLEHOP_SHORTCUT", "acme-prod"),
                ("ROLEHOP_ACCOUNT", "")
            ])),
            None
        );
    }
}
