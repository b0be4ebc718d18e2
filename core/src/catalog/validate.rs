//! Whole-catalog validation: every field by [`super::rules`], unique ids, every reference
//! resolves, no `via` cycles, partitions agree. Pure: a catalog in, located problems out.

use std::collections::{HashMap, HashSet};

use super::locate::Loc;
use super::model::{Catalog, SCHEMA_VERSION};
use super::resolve::Lookup;
use super::rules::{self, RuleError};
use crate::partition::destination::destination_url;

/// A problem before it is given a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub loc: Loc,
    pub key: String,
    pub message: String,
    pub example: Option<String>,
}

struct Collector {
    problems: Vec<Problem>,
}

impl Collector {
    fn push(&mut self, loc: Loc, key: String, message: String, example: Option<&str>) {
        self.problems.push(Problem {
            loc,
            key,
            message,
            example: example.map(str::to_string),
        });
    }

    /// `key` is built only when the rule is broken: validation of thousands of entries
    /// should not allocate a key path per field.
    fn rule(&mut self, loc: Loc, key: impl FnOnce() -> String, result: Result<(), RuleError>) {
        if let Err(e) = result {
            self.push(loc, key(), e.message, Some(e.example));
        }
    }
}

fn at(section: &'static str, index: usize, field: &'static str) -> Loc {
    Loc {
        section: Some(section),
        index,
        field: Some(field),
    }
}

fn key(section: &str, id: &str, field: &str) -> String {
    if id.is_empty() {
        format!("{section}.{field}")
    } else {
        format!("{section}[{id}].{field}")
    }
}

/// Checks a parsed catalog.
pub fn validate(catalog: &Catalog) -> Vec<Problem> {
    let mut c = Collector {
        problems: Vec::new(),
    };
    if catalog.schema_version != SCHEMA_VERSION {
        let message = if catalog.schema_version > SCHEMA_VERSION {
            format!(
                "schema_version {} was written by a newer Rolehop; this one reads version {SCHEMA_VERSION}: upgrade Rolehop",
                catalog.schema_version
            )
        } else {
            format!("schema_version {} is unknown", catalog.schema_version)
        };
        c.push(
            Loc {
                section: None,
                index: 0,
                field: Some("schema_version"),
            },
            "schema_version".into(),
            message,
            Some("1"),
        );
    }

    let browser_ok = |value: &str| {
        crate::browser_kind::BrowserKind::parse(value)
            .map(|_| ())
            .map_err(|e| RuleError {
                message: e.to_string(),
                example: "\"chromium\"",
            })
    };
    if let Some(browser) = &catalog.browser {
        c.rule(
            Loc {
                section: None,
                index: 0,
                field: Some("browser"),
            },
            || "browser".to_string(),
            browser_ok(browser),
        );
    }
    if let Some(command) = &catalog.browser_command {
        let words = crate::browser_kind::split_command(command);
        if !command.contains("{url}") || words.map(|w| w.is_empty()).unwrap_or(true) {
            c.push(
                Loc { section: None, index: 0, field: Some("browser_command") },
                "browser_command".into(),
                "the custom browser command needs a program and a {url} placeholder (quotes must be closed)".into(),
                Some("\"my-browser --profile {profile} {url}\""),
            );
        }
    }

    let mut seen: HashSet<&str> = HashSet::new();
    for (i, identity) in catalog.identities.iter().enumerate() {
        let k = |f: &str| key("identity", &identity.id, f);
        c.rule(
            at("identity", i, "id"),
            || k("id"),
            rules::slug(&identity.id),
        );
        if !seen.insert(&identity.id) {
            c.push(
                at("identity", i, "id"),
                k("id"),
                format!("identity `{}` is defined twice", identity.id),
                None,
            );
        }
        c.rule(
            at("identity", i, "account"),
            || k("account"),
            rules::account_id(&identity.account),
        );
        if let Some(serial) = &identity.mfa_serial {
            c.rule(
                at("identity", i, "mfa_serial"),
                || k("mfa_serial"),
                rules::mfa_serial(serial),
            );
        }
        if let Some(region) = &identity.region {
            c.rule(
                at("identity", i, "region"),
                || k("region"),
                rules::region(region, identity.partition),
            );
        }
        if let Some(d) = identity.session_duration {
            c.rule(
                at("identity", i, "session_duration"),
                || k("session_duration"),
                rules::session_token_duration(d.0),
            );
        }
        if let Some(name) = &identity.session_name {
            c.rule(
                at("identity", i, "session_name"),
                || k("session_name"),
                rules::session_name(name),
            );
        }
    }

    let mut seen: HashSet<&str> = HashSet::new();
    for (i, client) in catalog.clients.iter().enumerate() {
        let k = |f: &str| key("client", &client.id, f);
        c.rule(at("client", i, "id"), || k("id"), rules::slug(&client.id));
        if !seen.insert(&client.id) {
            c.push(
                at("client", i, "id"),
                k("id"),
                format!("client `{}` is defined twice", client.id),
                None,
            );
        }
        if client.name.trim().is_empty() {
            c.push(
                at("client", i, "name"),
                k("name"),
                "a client needs a name".into(),
                Some("\"Acme Corp\""),
            );
        }
        if let Some(browser) = &client.browser {
            c.rule(
                at("client", i, "browser"),
                || k("browser"),
                browser_ok(browser),
            );
        }
        if let Some(color) = &client.color {
            c.rule(at("client", i, "color"), || k("color"), rules::color(color));
        }
        if let Some(link) = &client.link {
            c.rule(
                at("client", i, "link"),
                || k("link"),
                rules::client_link(link),
            );
        }
    }

    let lookup = Lookup::new(catalog);
    let shortcut_index: HashMap<&str, usize> = catalog
        .shortcuts
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let client_ids: HashSet<&str> = catalog.clients.iter().map(|c| c.id.as_str()).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    for (i, s) in catalog.shortcuts.iter().enumerate() {
        let k = |f: &str| key("shortcut", &s.id, f);
        c.rule(at("shortcut", i, "id"), || k("id"), rules::slug(&s.id));
        if !seen.insert(&s.id) {
            c.push(
                at("shortcut", i, "id"),
                k("id"),
                format!("shortcut `{}` is defined twice", s.id),
                None,
            );
        }
        if !client_ids.contains(s.client.as_str()) {
            c.push(
                at("shortcut", i, "client"),
                k("client"),
                format!("client `{}` is not defined", s.client),
                Some("add it with `rolehop add client ID --name NAME`"),
            );
        }
        if let Some(account) = &s.account {
            c.rule(
                at("shortcut", i, "account"),
                || k("account"),
                rules::account_id(account),
            );
        }
        // The identity the chain ends at decides the partition.
        let partition = lookup
            .root_identity(&s.id)
            .map(|id| id.partition)
            .unwrap_or_default();
        match rules::role_spec(&s.role) {
            Err(e) => c.rule(at("shortcut", i, "role"), || k("role"), Err(e)),
            Ok(spec) => {
                if let (Some(arn_account), Some(account)) = (&spec.account, &s.account)
                    && arn_account != account
                {
                    c.push(
                        at("shortcut", i, "account"),
                        k("account"),
                        format!(
                            "account {account} does not match the role ARN's account {arn_account}"
                        ),
                        None,
                    );
                }
                if spec.account.is_none() && s.account.is_none() {
                    c.push(
                        at("shortcut", i, "role"),
                        k("account"),
                        "a shortcut needs an `account` unless `role` is a full role ARN".into(),
                        Some("account = \"222222222222\""),
                    );
                }
                if let Some(p) = spec.partition
                    && p != partition
                {
                    c.push(
                        at("shortcut", i, "role"),
                        k("role"),
                        format!(
                            "the role is in partition {} but its identity is in {}",
                            p.as_str(),
                            partition.as_str()
                        ),
                        None,
                    );
                }
            }
        }
        match (&s.identity, &s.via) {
            (Some(_), Some(_)) => c.push(
                at("shortcut", i, "via"),
                k("via"),
                "set either `identity` or `via`, not both: a chained role uses its parent's identity".into(),
                None,
            ),
            (Some(identity), None) if catalog.identity(identity).is_none() => c.push(
                at("shortcut", i, "identity"),
                k("identity"),
                format!("identity `{identity}` is not defined"),
                Some("create it with `rolehop setup --identity NAME …`"),
            ),
            (None, Some(via)) => {
                if !shortcut_index.contains_key(via.as_str()) {
                    c.push(at("shortcut", i, "via"), k("via"), format!("shortcut `{via}` is not defined"), None);
                } else if chain_has_cycle(catalog, &shortcut_index, i) {
                    c.push(
                        at("shortcut", i, "via"),
                        k("via"),
                        format!("`via` chain starting at `{}` loops back on itself", s.id),
                        None,
                    );
                }
            }
            (None, None) if catalog.identities.len() != 1 => c.push(
                at("shortcut", i, "id"),
                k("identity"),
                if catalog.identities.is_empty() {
                    "no identity is set up yet: run `rolehop setup` first".to_string()
                } else {
                    "several identities exist: say which one this shortcut uses".to_string()
                },
                Some("identity = \"me\""),
            ),
            _ => {}
        }
        if let Some(region) = &s.region {
            c.rule(
                at("shortcut", i, "region"),
                || k("region"),
                rules::region(region, partition),
            );
        }
        if let Some(destination) = &s.destination {
            let region = s.region.as_deref().unwrap_or(partition.default_region());
            // Service short names always map to a console URL; only paths and URLs need the
            // full check (which parses a URL).
            let short_name = !destination.is_empty()
                && destination
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !short_name && let Err(e) = destination_url(partition, region, Some(destination)) {
                c.push(
                    at("shortcut", i, "destination"),
                    k("destination"),
                    e.to_string(),
                    Some("\"s3\""),
                );
            }
        }
        if let Some(d) = s.duration {
            c.rule(
                at("shortcut", i, "duration"),
                || k("duration"),
                rules::role_duration(d.0),
            );
        }
        if let Some(browser) = &s.browser {
            c.rule(
                at("shortcut", i, "browser"),
                || k("browser"),
                browser_ok(browser),
            );
        }
        if let Some(external_id) = &s.external_id {
            c.rule(
                at("shortcut", i, "external_id"),
                || k("external_id"),
                rules::external_id(external_id),
            );
        }
        if s.label.as_deref().is_some_and(|l| l.trim().is_empty()) {
            c.push(
                at("shortcut", i, "label"),
                k("label"),
                "label is empty; remove it or name the account".into(),
                Some("\"Production\""),
            );
        }
    }
    layers_and_discoveries(catalog, &mut c);
    c.problems
}

fn layers_and_discoveries(catalog: &Catalog, c: &mut Collector) {
    let mut names: HashSet<&str> = HashSet::new();
    for (i, layer) in catalog.layers.iter().enumerate() {
        let k = |f: &str| key("layer", &layer.id, f);
        c.rule(at("layer", i, "id"), || k("id"), rules::slug(&layer.id));
        if !names.insert(&layer.id) {
            c.push(
                at("layer", i, "id"),
                k("id"),
                format!("layer `{}` is named twice", layer.id),
                Some("\"team\""),
            );
        }
        match (&layer.path, &layer.url) {
            (Some(_), None) => {}
            (None, Some(url)) => c.rule(at("layer", i, "url"), || k("url"), rules::layer_url(url)),
            _ => c.push(
                at("layer", i, "id"),
                k("path"),
                "a layer has either a `path` (file or directory) or a `url`".into(),
                Some("path = \"~/src/team-catalog\""),
            ),
        }
    }
    let lookup_shortcut = |id: &str| catalog.shortcut(id).is_some();
    let mut ids: HashSet<&str> = HashSet::new();
    for (i, d) in catalog.discoveries.iter().enumerate() {
        let k = |f: &str| key("discovery", &d.id, f);
        c.rule(at("discovery", i, "id"), || k("id"), rules::slug(&d.id));
        if !ids.insert(&d.id) || names.contains(d.id.as_str()) {
            c.push(
                at("discovery", i, "id"),
                k("id"),
                format!("`{}` names another layer or discovery already", d.id),
                Some("\"org\""),
            );
        }
        if !lookup_shortcut(&d.via) {
            c.push(
                at("discovery", i, "via"),
                k("via"),
                format!(
                    "no shortcut `{}`: name the shortcut that can read the organization",
                    d.via
                ),
                Some("\"acme-management\""),
            );
        }
        if let Some(role) = &d.role {
            c.rule(
                at("discovery", i, "role"),
                || k("role"),
                rules::role_spec(role).map(|_| ()),
            );
        }
        if let Some(group) = &d.group_by {
            c.rule(
                at("discovery", i, "group_by"),
                || k("group_by"),
                rules::group_by(group),
            );
        }
    }
}

fn chain_has_cycle(catalog: &Catalog, index: &HashMap<&str, usize>, start: usize) -> bool {
    let mut visited = HashSet::new();
    let mut current = start;
    loop {
        if !visited.insert(current) {
            return true;
        }
        match catalog
            .shortcuts
            .get(current)
            .and_then(|s| s.via.as_deref())
        {
            Some(via) => match index.get(via) {
                Some(next) => current = *next,
                None => return false,
            },
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Partition;

    fn parse(text: &str) -> Catalog {
        toml::from_str(text).unwrap_or_else(|e| panic!("{e}"))
    }

    const BASE: &str = r##"
schema_version = 1
[[identity]]
id = "me"
account = "111111111111"
mfa_serial = "arn:aws:iam::111111111111:mfa/me"
[[client]]
id = "acme"
name = "Acme Corp"
color = "#d13212"
[[shortcut]]
id = "acme-prod"
client = "acme"
account = "222222222222"
role = "Admin"
"##;

    #[test]
    fn a_good_catalog_has_no_problems() {
        assert_eq!(validate(&parse(BASE)), vec![]);
    }

    fn problems_with(extra: &str) -> Vec<String> {
        validate(&parse(&format!("{BASE}{extra}")))
            .into_iter()
            .map(|p| format!("{}: {}", p.key, p.message))
            .collect()
    }

    #[test]
    fn finds_each_kind_of_problem() {
        let table: &[(&str, &str)] = &[
            (
                "[[shortcut]]\nid = \"acme-prod\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\n",
                "defined twice",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"nope\"\naccount = \"222222222222\"\nrole = \"Admin\"\n",
                "client `nope` is not defined",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"acme\"\naccount = \"2222\"\nrole = \"Admin\"\n",
                "12 digits",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"acme\"\nrole = \"Admin\"\n",
                "needs an `account`",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"acme\"\naccount = \"333333333333\"\nrole = \"arn:aws:iam::222222222222:role/Admin\"\n",
                "does not match",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\nregion = \"eu-west\"\n",
                "region code",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\nduration = \"13h\"\n",
                "outside",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\ndestination = \"https://evil.example.com\"\n",
                "leaves the AWS console",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\nvia = \"x\"\n",
                "loops",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\nvia = \"ghost\"\n",
                "`ghost` is not defined",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\nidentity = \"me\"\nvia = \"acme-prod\"\n",
                "not both",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\nexternal_id = \"a\"\n",
                "external id",
            ),
            (
                "[[shortcut]]\nid = \"X Y\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\n",
                "not a valid id",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"acme\"\nrole = \"arn:aws-cn:iam::222222222222:role/Admin\"\n",
                "partition aws-cn",
            ),
            (
                "[[client]]\nid = \"beta\"\nname = \"\"\ncolor = \"blue\"\n",
                "needs a name",
            ),
            (
                "[[client]]\nid = \"beta\"\nname = \"Beta\"\ncolor = \"blue\"\n",
                "not a colour",
            ),
            (
                "[[identity]]\nid = \"other\"\naccount = \"111111111111\"\nregion = \"cn-north-1\"\n",
                "partition aws-cn",
            ),
            (
                "[[identity]]\nid = \"other\"\naccount = \"111111111111\"\n",
                "several identities",
            ),
        ];
        for (extra, want) in table {
            let found = problems_with(extra);
            assert!(
                found.iter().any(|p| p.contains(want)),
                "{want:?} not in {found:?} for {extra}"
            );
        }
    }

    #[test]
    fn chains_take_their_partition_from_the_root_identity() {
        let text = format!(
            "{BASE}[[shortcut]]\nid = \"hop\"\nclient = \"acme\"\naccount = \"333333333333\"\nrole = \"Admin\"\nvia = \"acme-prod\"\n"
        );
        let catalog = parse(&text);
        assert_eq!(validate(&catalog), vec![]);
        assert_eq!(
            Lookup::new(&catalog)
                .root_identity("hop")
                .map(|i| i.partition)
                .ok(),
            Some(Partition::Aws)
        );
    }
}
