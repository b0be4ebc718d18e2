//! Whole-catalog validation: every field by [`super::rules`], unique ids, every reference
//! resolves, no `via` cycles, partitions agree. Pure: a catalog in, located problems out.
//! One function per section (`top`, `identities`, `clients`, `shortcuts`, `sources`),
//! each adding to one `Collector`.

mod clients;
mod identities;
mod shortcuts;
mod sources;
mod top;

use super::locate::Loc;
use super::model::Catalog;
use super::rules::RuleError;

/// A browser kind named in the catalog (as a rule, for [`Collector::rule`]).
pub(super) fn browser_ok(value: &str) -> Result<(), RuleError> {
    crate::base::browser_kind::BrowserKind::parse(value)
        .map(|_| ())
        .map_err(|e| RuleError {
            message: e.to_string(),
            example: "\"chromium\"",
        })
}

/// A problem before it is given a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub loc: Loc,
    pub key: String,
    pub message: String,
    pub example: Option<String>,
}

pub(super) struct Collector {
    problems: Vec<Problem>,
}

impl Collector {
    pub(super) fn push(&mut self, loc: Loc, key: String, message: String, example: Option<&str>) {
        self.problems.push(Problem {
            loc,
            key,
            message,
            example: example.map(str::to_string),
        });
    }

    /// `key` is built only when the rule is broken: validation of thousands of entries
    /// should not allocate a key path per field.
    pub(super) fn rule(
        &mut self,
        loc: Loc,
        key: impl FnOnce() -> String,
        result: Result<(), RuleError>,
    ) {
        if let Err(e) = result {
            self.push(loc, key(), e.message, Some(e.example));
        }
    }
}

pub(super) fn at(section: &'static str, index: usize, field: &'static str) -> Loc {
    Loc {
        section: Some(section),
        index,
        field: Some(field),
    }
}

pub(super) fn key(section: &str, id: &str, field: &str) -> String {
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
    top::check(catalog, &mut c);
    identities::check(catalog, &mut c);
    clients::check(catalog, &mut c);
    shortcuts::check(catalog, &mut c);
    sources::check(catalog, &mut c);
    c.problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Partition;
    use crate::catalog::resolve::Lookup;

    fn parse(text: &str) -> Catalog {
        toml::from_str(text).unwrap()
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
    fn identity_center_identities_and_their_shortcuts() {
        let sso = "[[identity]]\nid = \"work\"\nsso_start_url = \"https://my-org.awsapps.com/start\"\nsso_region = \"eu-west-1\"\n";
        let ok = format!(
            "{sso}[[shortcut]]\nid = \"base\"\nclient = \"acme\"\nidentity = \"work\"\naccount = \"333333333333\"\nrole = \"AdministratorAccess\"\n[[shortcut]]\nid = \"chain\"\nclient = \"acme\"\naccount = \"444444444444\"\nrole = \"/ops/ClientAdmin\"\nvia = \"base\"\nexternal_id = \"acme-7f3a9c\"\n"
        );
        // (BASE's `acme-prod` names no identity, which two identities make ambiguous.)
        let problems: Vec<String> = problems_with(&ok)
            .into_iter()
            .filter(|p| !p.starts_with("shortcut[acme-prod].identity"))
            .collect();
        assert_eq!(problems, Vec::<String>::new());
        let table: &[(&str, &str)] = &[
            (
                "[[identity]]\nid = \"work\"\nsso_start_url = \"http://my-org.awsapps.com/start\"\nsso_region = \"eu-west-1\"\n",
                "identity[work].sso_start_url: `http://my-org.awsapps.com/start` is not an IAM Identity Center start URL",
            ),
            (
                "[[identity]]\nid = \"work\"\nsso_start_url = \"https://my-org.awsapps.com/start\"\n",
                "identity[work].sso_region: an IAM Identity Center identity needs the region",
            ),
            (
                "[[identity]]\nid = \"work\"\nsso_region = \"eu-west-1\"\n",
                "identity[work].sso_start_url: an IAM Identity Center identity needs its start URL",
            ),
            (
                "[[identity]]\nid = \"work\"\nsso_start_url = \"https://my-org.awsapps.com/start\"\nsso_region = \"eu-west-1\"\nmfa_serial = \"arn:aws:iam::111111111111:mfa/me\"\n",
                "identity[work].mfa_serial: `mfa_serial` does not apply to an IAM Identity Center identity",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"acme\"\nidentity = \"work\"\naccount = \"333333333333\"\nrole = \"arn:aws:iam::333333333333:role/Admin\"\n",
                "shortcut[x].role: `arn:aws:iam::333333333333:role/Admin` is not a permission set name",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"acme\"\nidentity = \"work\"\nrole = \"ReadOnly\"\n",
                "shortcut[x].account: an Identity Center shortcut needs the `account`",
            ),
            (
                "[[shortcut]]\nid = \"x\"\nclient = \"acme\"\nidentity = \"work\"\naccount = \"333333333333\"\nrole = \"ReadOnly\"\nsession = \"long\"\n",
                "shortcut[x].session: `session` does not apply to a shortcut straight from an IAM Identity Center identity",
            ),
        ];
        for (extra, want) in table {
            let text = if extra.starts_with("[[identity]]") {
                extra.to_string()
            } else {
                format!("{sso}{extra}")
            };
            let got = problems_with(&text);
            assert!(
                got.iter().any(|p| p.starts_with(want)),
                "{extra}\nwant {want}\ngot {got:#?}"
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
