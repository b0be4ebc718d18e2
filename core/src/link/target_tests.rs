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
            assert_eq!(link.account.as_deref(), Some("777777777777"));
            assert_eq!(
                add,
                [
                    "rolehop add client initech --name Initech".to_string(),
                    "rolehop add shortcut initech-prod --client initech --account 777777777777 --role Admin --label 'Initech Prod' --tag prod --identity ID".to_string(),
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
            ["rolehop add shortcut acme-prod-2 --client acme --account 888888888888 --role Ops --label 'Acme Prod' --tag prod --identity ID"]
        ),
        other => panic!("{other:?}"),
    }
}

/// The Settings form "Add this shortcut…" opens is filled from the same proposal as the
/// `rolehop add` lines: a new client with the link's colour, a free id, the label, the prod
/// tag for a name that says production, and whether the person must pick an identity.
#[test]
fn a_link_s_proposal_fills_the_form_and_the_lines_alike() {
    let c = catalog();
    let link = |text: &str| switch_role::parse(text).unwrap().unwrap();
    let p = proposed(
        &c,
        &link(
            "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=777777777777&displayName=Initech%20Prod&color=00ff00",
        ),
    );
    assert_eq!(p.client, "initech");
    assert_eq!(
        p.new_client,
        Some(NewClient {
            name: "Initech".into(),
            color: Some("#00ff00".into())
        })
    );
    assert_eq!(
        (p.shortcut.as_str(), p.account.as_str(), p.role.as_str()),
        ("initech-prod", "777777777777", "Admin")
    );
    assert_eq!(p.label.as_deref(), Some("Initech Prod"));
    assert_eq!(p.tags, ["prod"]);
    assert!(p.identity.is_none() && p.identity_needed);
    // A known client is not proposed again; a test account is no production; a link without
    // a name is named after its client and role.
    let p = proposed(
        &c,
        &link(
            "https://signin.aws.amazon.com/switchrole?roleName=team/Dev&account=888888888888&displayName=Acme%20Test",
        ),
    );
    assert_eq!((p.client.as_str(), p.new_client), ("acme", None));
    assert!(p.tags.is_empty());
    let p = proposed(
        &c,
        &link("https://signin.aws.amazon.com/switchrole?roleName=team/Dev&account=888888888888"),
    );
    assert_eq!(
        (p.client.as_str(), p.shortcut.as_str()),
        ("client", "client-team-dev")
    );
    // Outside the commercial partition the role is its ARN.
    let p = proposed(
        &c,
        &link(
            "https://signin.amazonaws-us-gov.com/switchrole?roleName=Admin&account=999999999999&displayName=Gov%20Ops",
        ),
    );
    assert_eq!(p.role, "arn:aws-us-gov:iam::999999999999:role/Admin");
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

/// A console link opens in the console of its account's shortcut, on its page.
#[test]
fn a_console_link_names_its_accounts_shortcut_and_lands_on_its_page() {
    let c = catalog();
    let page = |text: &str| Landing {
        destination: Some(text.to_string()),
        region: Some("eu-west-1".into()),
    };
    // An ARN in a console page names 333333333333: its one shortcut, at that page.
    let lambda = "https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/arn:aws:lambda:eu-west-1:333333333333:function:billing";
    assert_eq!(
        named(&c, lambda).unwrap(),
        Named::One(Target {
            shortcut: "acme-audit".into(),
            landing: page(lambda),
        })
    );
    // A multi-session page of 222222222222 (two shortcuts there): the person chooses; the
    // page is on the plain console host.
    match named(
        &c,
        "https://222222222222-ab12cd.eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1",
    )
    .unwrap()
    {
        Named::Several { link, shortcuts } => {
            assert_eq!(
                shortcuts.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
                ["acme-prod", "acme-prod-other"]
            );
            assert_eq!(
                link.target("acme-prod").landing,
                page("https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1")
            );
            assert_eq!(link.what(), "account 222222222222");
        }
        other => panic!("{other:?}"),
    }
    // An Identity Center link with the role a shortcut has: that one (the path aside).
    let sso = "https://d-1234567890.awsapps.com/start/#/console?account_id=333333333333&role_name=ReadOnly&destination=https%3A%2F%2Fconsole.aws.amazon.com%2Fs3%2Fhome%3Fregion%3Deu-west-1";
    assert_eq!(
        named(&c, sso).unwrap(),
        Named::One(Target {
            shortcut: "acme-audit".into(),
            landing: page("https://console.aws.amazon.com/s3/home?region=eu-west-1"),
        })
    );
    // Any other address carrying an ARN (a paging tool's incident): its account's console
    // home, in the ARN's region.
    assert_eq!(
        named(
            &c,
            "https://mycorp.pagerduty.com/incidents/Q1?details=arn%3Aaws%3Ards%3Aeu-west-1%3A333333333333%3Adb%3Aorders"
        )
        .unwrap(),
        Named::One(Target {
            shortcut: "acme-audit".into(),
            landing: Landing {
                destination: None,
                region: Some("eu-west-1".into()),
            },
        })
    );
    // A console page without an account: any shortcut, the person says which.
    match named(
        &c,
        "https://console.aws.amazon.com/s3/buckets/logs?region=eu-west-1",
    )
    .unwrap()
    {
        Named::NoAccount { link } => {
            assert_eq!(link.account, None);
            assert_eq!(link.what(), "no account");
        }
        other => panic!("{other:?}"),
    }
    // An account no shortcut opens: how to add one (with the role when the link says it).
    match named(
        &c,
        "https://mycorp.awsapps.com/start/#/console?account_id=777777777777&role_name=Ops",
    )
    .unwrap()
    {
        Named::Nothing { link, add } => {
            assert!(link.switch_role.is_some());
            assert!(
                add.last()
                    .unwrap()
                    .contains("--account 777777777777 --role Ops"),
                "{add:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    match named(
        &c,
        "https://777777777777-x1.console.aws.amazon.com/iam/home",
    )
    .unwrap()
    {
        Named::Nothing { link, add } => {
            assert!(link.switch_role.is_none());
            assert_eq!(
                add,
                ["rolehop add shortcut ID --client CLIENT --account 777777777777 --role ROLE"]
            );
        }
        other => panic!("{other:?}"),
    }
    // A console link that cannot be followed says so as a link error.
    let err = named(&c, "http://console.aws.amazon.com/ec2/home").unwrap_err();
    assert!(err.to_string().contains("console link"), "{err}");
}
