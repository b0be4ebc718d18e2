//! Tests of `target.rs`: what an id, a `rolehop://` link and a switch-role link name.

use super::*;
use crate::ErrorKind;

fn catalog() -> Catalog {
    toml::from_str(
        r##"
[[identity]]
id = "me"
account = "111111111111"
[[identity]]
id = "other"
account = "666666666666"
[[client]]
id = "acme"
name = "Acme Corp"
[[shortcut]]
id = "acme-prod"
client = "acme"
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
account = "333333333333"
role = "team/ReadOnly"
identity = "me"
"##,
    )
    .unwrap()
}

#[test]
fn ids_and_links_name_shortcuts() {
    let c = catalog();
    assert_eq!(
        named(&c, "acme-audit").unwrap(),
        Named::One(Target::plain("acme-audit"))
    );
    assert_eq!(
        named(&c, "rolehop://open/acme-audit?destination=s3").unwrap(),
        Named::One(Target {
            shortcut: "acme-audit".into(),
            landing: Landing {
                destination: Some("s3".into()),
                region: None
            }
        })
    );
    assert_eq!(
        named(
            &c,
            "https://signin.aws.amazon.com/switchrole?roleName=team/ReadOnly&account=333333333333&displayName=x"
        )
        .unwrap(),
        Named::One(Target::plain("acme-audit"))
    );
    match named(
        &c,
        "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=222222222222",
    )
    .unwrap()
    {
        Named::Several { shortcuts, .. } => assert_eq!(
            shortcuts.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            ["acme-prod", "acme-prod-other"]
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_link_no_shortcut_opens_says_how_to_add_one() {
    let c = catalog();
    match named(
        &c,
        "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=777777777777&displayName=Initech%20Prod",
    )
    .unwrap()
    {
        Named::Nothing { add, link } => {
            assert_eq!(link.account, "777777777777");
            assert_eq!(
                add,
                [
                    "rolehop add client initech --name Initech".to_string(),
                    "rolehop add shortcut initech-prod --client initech --account 777777777777 --role Admin --label 'Initech Prod' --identity ID".to_string(),
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    // A known client is not added again; a taken id gets a suffix.
    match named(
        &c,
        "https://signin.aws.amazon.com/switchrole?roleName=Ops&account=888888888888&displayName=Acme%20Prod",
    )
    .unwrap()
    {
        Named::Nothing { add, .. } => assert_eq!(
            add,
            ["rolehop add shortcut acme-prod-2 --client acme --account 888888888888 --role Ops --label 'Acme Prod' --identity ID"]
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn what_cannot_be_opened_says_why() {
    let c = catalog();
    for (text, kind, want) in [
        ("nope", ErrorKind::NotFound, "nope"),
        ("rolehop://open/nope", ErrorKind::NotFound, "nope"),
        (
            "rolehop://open/acme-prod?browser=x",
            ErrorKind::InvalidLink,
            "`browser`",
        ),
        (
            "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=acme-prod",
            ErrorKind::InvalidLink,
            "alias",
        ),
        (
            "https://example.com/x",
            ErrorKind::InvalidLink,
            "neither a Rolehop link",
        ),
        (
            "http://signin.aws.amazon.com/switchrole?roleName=Admin&account=222222222222",
            ErrorKind::InvalidLink,
            "neither",
        ),
    ] {
        let err = crate::Error::from(named(&c, text).unwrap_err());
        assert_eq!(err.kind(), kind, "{text}: {err}");
        assert!(err.to_string().contains(want), "{text}: {err}");
    }
}
