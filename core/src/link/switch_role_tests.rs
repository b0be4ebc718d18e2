//! Tests of `switch_role.rs`: the links written for shortcuts (every partition, paths,
//! escaping), which shortcuts a link names, and the `add shortcut` line for one none names.

use super::*;
use crate::catalog::resolve::resolve;

fn catalog() -> Catalog {
    toml::from_str(
        r##"
[[identity]]
id = "me"
account = "111111111111"
[[identity]]
id = "gov"
account = "555555555555"
partition = "aws-us-gov"
[[identity]]
id = "other"
account = "666666666666"
[[client]]
id = "acme"
name = "Acme Corp"
color = "#d13212"
[[shortcut]]
id = "acme-prod"
client = "acme"
label = "Prod & Ops"
account = "222222222222"
role = "Admin"
identity = "me"
[[shortcut]]
id = "acme-prod-other"
client = "acme"
account = "222222222222"
role = "Admin"
identity = "other"
[[shortcut]]
id = "acme-audit"
client = "acme"
label = "Audit"
account = "333333333333"
role = "/team/ReadOnly"
identity = "me"
[[shortcut]]
id = "acme-gov"
client = "acme"
label = "Gov"
role = "arn:aws-us-gov:iam::444444444444:role/Ops"
identity = "gov"
"##,
    )
    .unwrap()
}

#[test]
fn a_shortcuts_link_names_its_account_role_label_and_colour() {
    let c = catalog();
    let table = [
        (
            "acme-prod",
            "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=222222222222&displayName=Prod%20%26%20Ops&color=d13212",
        ),
        (
            "acme-audit",
            "https://signin.aws.amazon.com/switchrole?roleName=team%2FReadOnly&account=333333333333&displayName=Audit&color=d13212",
        ),
        (
            "acme-gov",
            "https://signin.amazonaws-us-gov.com/switchrole?roleName=Ops&account=444444444444&displayName=Gov&color=d13212",
        ),
    ];
    for (id, want) in table {
        let r = resolve(&c, id).unwrap();
        let url = url_of(&r);
        assert_eq!(url, want);
        // And it reads back as what it names.
        let back = parse(&url).unwrap().unwrap();
        assert_eq!(
            (back.partition, back.account.as_str(), back.role.as_str()),
            (r.partition, r.account.as_str(), role_with_path(&r).as_str())
        );
        assert_eq!(back.display_name.as_deref(), Some(r.label.as_str()));
    }
}

#[test]
fn a_link_finds_every_shortcut_for_its_partition_account_and_role() {
    let c = catalog();
    let ids = |url: &str| -> Vec<String> {
        matching(&c, &parse(url).unwrap().unwrap())
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(
        ids(
            "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=222222222222&displayName=Whatever"
        ),
        ["acme-prod", "acme-prod-other"]
    );
    assert_eq!(
        ids(
            "https://eu-west-1.signin.aws.amazon.com/switchrole?roleName=team/ReadOnly&account=333333333333"
        ),
        ["acme-audit"]
    );
    // The role's path is part of the role: `ReadOnly` alone is another role.
    assert!(
        ids("https://signin.aws.amazon.com/switchrole?roleName=ReadOnly&account=333333333333")
            .is_empty()
    );
    assert_eq!(
        ids("https://signin.amazonaws-us-gov.com/switchrole?roleName=Ops&account=444444444444"),
        ["acme-gov"]
    );
    // The same account and role in another partition is not the same.
    assert!(
        ids("https://signin.aws.amazon.com/switchrole?roleName=Ops&account=444444444444")
            .is_empty()
    );
}

#[test]
fn the_add_line_for_an_unknown_link_is_quoted_for_a_shell() {
    let link = parse("https://signin.aws.amazon.com/switchrole?roleName=Admin&account=777777777777&displayName=Initech%20Prod%27s").unwrap().unwrap();
    assert_eq!(
        add_command(&link, "initech", "initech-prod"),
        r"rolehop add shortcut initech-prod --client initech --account 777777777777 --role Admin --label 'Initech Prod'\''s'"
    );
    let gov = parse(
        "https://signin.amazonaws-us-gov.com/switchrole?roleName=team/Ops&account=444444444444",
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        add_command(&gov, "acme", "acme-ops"),
        "rolehop add shortcut acme-ops --client acme --account 444444444444 --role arn:aws-us-gov:iam::444444444444:role/team/Ops"
    );
    for (word, want) in [
        ("a b", "'a b'"),
        ("", "''"),
        ("$(x)", "'$(x)'"),
        ("ok-1", "ok-1"),
    ] {
        assert_eq!(shell_quote(word), want);
    }
}
