//! When and where a live console is renewed in place (pure; the channel host acts on it).
//! In daily mode AWS caps a console at the role session's hour (role chaining,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining>);
//! shortly before it ends the host signs the same profile in again with fresh credentials,
//! landing on the page the console's tab shows, in that tab.

use crate::catalog::resolve::ResolvedShortcut;

/// The most a renewal is done before the end.
pub const LEAD_SECS: i64 = 5 * 60;

/// How long before credentials that have `left` seconds to live a renewal is due: five
/// minutes, or a third of what is left when that is less (short sessions still get a
/// renewal before they end, and a renewal is never due as soon as it was made).
pub fn lead(left: i64) -> i64 {
    LEAD_SECS.min((left / 3).max(1))
}

/// When credentials ending at `expires_at`, seen at `now`, are to be renewed.
pub fn due(expires_at: i64, now: i64) -> i64 {
    expires_at - lead(expires_at - now)
}

/// The page a renewal lands on: the console page the tab shows when it is one of the
/// shortcut's own console (its partition, and not another account's multi-session page),
/// read as any console link is read ([`crate::link::console`], which also checks it); `None`
/// (the shortcut's own landing) for any other page.
pub fn destination(tab_url: &str, shortcut: &ResolvedShortcut) -> Option<String> {
    let link = crate::link::console::parse(tab_url)?.ok()?;
    (link.partition == shortcut.partition
        && link
            .account
            .as_deref()
            .is_none_or(|a| a == shortcut.account))
    .then_some(link.destination)
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renewals_come_before_the_end_and_never_at_once() {
        let table = [(3600, 300), (600, 200), (30, 10), (2, 1), (0, 1)];
        for (left, want) in table {
            assert_eq!(lead(left), want, "{left}");
        }
        assert_eq!(due(10_000, 6_400), 9_700);
    }

    #[test]
    fn a_renewal_lands_on_the_tabs_console_page_only() {
        let text = "[[identity]]\nid = \"me\"\naccount = \"111111111111\"\n[[client]]\nid = \"acme\"\nname = \"Acme\"\n[[shortcut]]\nid = \"acme-prod\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\n";
        let catalog = toml::from_str(text).unwrap();
        let shortcut = crate::catalog::resolve::resolve(&catalog, "acme-prod").unwrap();
        let table: [(&str, Option<&str>); 6] = [
            (
                "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:",
                Some(
                    "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:",
                ),
            ),
            (
                "https://222222222222-abc123.eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1",
                Some("https://eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1"),
            ),
            // Another account's multi-session page, another partition, not a console page.
            (
                "https://333333333333-abc123.eu-west-1.console.aws.amazon.com/s3/buckets",
                None,
            ),
            ("https://console.amazonaws.cn/ec2/home", None),
            ("http://127.0.0.1:4567/console?login=1", None),
            ("https://docs.aws.amazon.com/", None),
        ];
        for (url, want) in table {
            assert_eq!(destination(url, &shortcut).as_deref(), want, "{url}");
        }
    }
}
