//! Tests of `deep.rs`: the link reader as a table (what opens, what is refused and why), the
//! landing's checks against the shortcut's partition, and inputs of any kind.

use proptest::prelude::*;

use super::*;
use crate::catalog::Catalog;
use crate::catalog::resolve::resolve;

fn link(shortcut: &str, destination: Option<&str>, region: Option<&str>) -> DeepLink {
    DeepLink {
        shortcut: shortcut.into(),
        landing: Landing {
            destination: destination.map(str::to_string),
            region: region.map(str::to_string),
        },
    }
}

#[test]
fn links_that_open() {
    let table: &[(&str, DeepLink)] = &[
        ("rolehop://open/acme-prod", link("acme-prod", None, None)),
        ("rolehop://open/acme-prod/", link("acme-prod", None, None)),
        (
            "  rolehop://open/acme-prod\n",
            link("acme-prod", None, None),
        ),
        ("ROLEHOP://OPEN/acme-prod", link("acme-prod", None, None)),
        (
            "rolehop://open/acme-prod?destination=s3",
            link("acme-prod", Some("s3"), None),
        ),
        (
            "rolehop://open/acme-prod?region=eu-west-1&destination=%2Fcloudwatch%2Fhome",
            link("acme-prod", Some("/cloudwatch/home"), Some("eu-west-1")),
        ),
        (
            "rolehop://open/acme.prod_2?destination=https%3A%2F%2Fconsole.aws.amazon.com%2Fs3%2Fhome",
            link(
                "acme.prod_2",
                Some("https://console.aws.amazon.com/s3/home"),
                None,
            ),
        ),
        (
            "rolehop://open/acme-prod#top",
            link("acme-prod", None, None),
        ),
    ];
    for (text, want) in table {
        assert_eq!(parse(text).as_ref(), Ok(want), "{text}");
        assert!(is_deep_link(text), "{text}");
    }
}

#[test]
fn links_that_are_refused_say_why() {
    let table: &[(&str, &str)] = &[
        ("rolehop://open/", "names no shortcut"),
        ("rolehop://open", "names no shortcut"),
        (
            "rolehop://add/acme-prod",
            "`add` is not something a link can do",
        ),
        ("rolehop://remove/acme-prod", "`remove` is not something"),
        ("rolehop://open/a/b", "more than one shortcut"),
        ("rolehop://open/Acme-Prod", "is not a valid id"),
        ("rolehop://open/..%2F..%2Fetc", "is not a valid id"),
        ("rolehop://open/%2e%2e", "names no shortcut"),
        ("rolehop://open/acme-prod?browser=firefox", "sets `browser`"),
        ("rolehop://open/acme-prod?identity=other", "sets `identity`"),
        ("rolehop://open/acme-prod?host=evil.example", "sets `host`"),
        (
            "rolehop://open/acme-prod?region=eu-west-1&region=us-east-1",
            "twice",
        ),
        ("rolehop://open/acme-prod?destination=", "is empty"),
        (
            "rolehop://user:pw@open/acme-prod",
            "user name, password or port",
        ),
        (
            "rolehop://open:8080/acme-prod",
            "user name, password or port",
        ),
        ("https://open/acme-prod", "scheme is not rolehop"),
        ("rolehop:open", "names no action"),
        ("not a link", "does not parse"),
        ("rolehop://open/acme\n-prod", "control character"),
        (
            "rolehop://open/acme-prod?destination=s\t3",
            "control character",
        ),
    ];
    for (text, want) in table {
        let err = parse(text).expect_err(text).to_string();
        assert!(err.contains(want), "{text}: {err}");
        assert!(
            err.contains("rolehop://open/<shortcut>") || err.contains("never the browser"),
            "{text}: {err}"
        );
    }
    let long = format!("rolehop://open/a?destination={}", "x".repeat(3000));
    let err = parse(&long).unwrap_err().to_string();
    assert!(err.contains("longer than any") && err.len() < 600, "{err}");
}

fn catalog() -> Catalog {
    toml::from_str(
        r#"
[[identity]]
id = "me"
account = "111111111111"
[[identity]]
id = "gov"
account = "555555555555"
partition = "aws-us-gov"
[[client]]
id = "acme"
name = "Acme Corp"
[[shortcut]]
id = "acme-prod"
client = "acme"
account = "222222222222"
role = "Admin"
identity = "me"
region = "eu-west-1"
destination = "ec2"
[[shortcut]]
id = "acme-gov"
client = "acme"
role = "arn:aws-us-gov:iam::444444444444:role/Ops"
identity = "gov"
"#,
    )
    .unwrap()
}

#[test]
fn a_landing_is_checked_by_the_catalogs_rules_for_the_shortcuts_partition() {
    let catalog = catalog();
    let prod = resolve(&catalog, "acme-prod").unwrap();
    // No landing: the shortcut's own.
    let same = Landing::default().apply(prod.clone()).unwrap();
    assert_eq!(
        (same.region.as_str(), same.destination.as_deref()),
        ("eu-west-1", Some("ec2"))
    );
    let s3 = link("acme-prod", Some("s3"), Some("us-east-2"))
        .landing
        .apply(prod.clone())
        .unwrap();
    assert_eq!(
        (s3.region.as_str(), s3.destination.as_deref()),
        ("us-east-2", Some("s3"))
    );
    for (landing, want) in [
        (
            link(
                "x",
                Some(
                    "/cloudformation/home#/stacks/quickcreate?templateURL=https://evil.example/t.yaml&stackName=x",
                ),
                None,
            ),
            "acts on what the link carries",
        ),
        (
            link(
                "x",
                Some("https://eu-west-1.console.aws.amazon.com/s3/home?next=https://evil.example/"),
                None,
            ),
            "sets `next`",
        ),
        (
            link("x", Some("https://evil.example/"), None),
            "leaves the AWS console",
        ),
        (
            link("x", Some("//evil.example/"), None),
            "is not a console path",
        ),
        (
            link("x", Some("http://console.aws.amazon.com/s3"), None),
            "does not use https",
        ),
        (link("x", Some("javascript:alert(1)"), None), "destination"),
        (
            link("x", None, Some("us-gov-west-1")),
            "is in partition aws-us-gov",
        ),
        (link("x", None, Some("mars-1")), "not an AWS region"),
    ] {
        let err = landing.landing.apply(prod.clone()).unwrap_err().to_string();
        assert!(err.contains(want), "{landing:?}: {err}");
    }
    // The gov shortcut lands on the gov console only.
    let gov = resolve(&catalog, "acme-gov").unwrap();
    assert!(
        link("x", Some("https://console.aws.amazon.com/s3/home"), None)
            .landing
            .apply(gov.clone())
            .is_err()
    );
    assert!(
        link("x", Some("s3"), Some("us-gov-east-1"))
            .landing
            .apply(gov)
            .is_ok()
    );
}

#[test]
fn written_links_read_back() {
    for (id, landing) in [
        ("acme-prod", Landing::default()),
        (
            "a.b_c",
            Landing {
                destination: Some("/cloudwatch/home?x=1&y=2".into()),
                region: Some("eu-west-1".into()),
            },
        ),
        (
            "x",
            Landing {
                destination: Some("https://console.aws.amazon.com/s3/buckets/a b".into()),
                region: None,
            },
        ),
    ] {
        let text = link_of(id, &landing);
        assert_eq!(
            parse(&text),
            Ok(DeepLink {
                shortcut: id.into(),
                landing
            }),
            "{text}"
        );
    }
}

proptest! {
    /// No input panics; what reads as a link names a valid id and only the two parameters.
    #[test]
    fn any_text_is_read_or_refused(text in ".{0,300}") {
        if let Ok(link) = parse(&text) {
            prop_assert!(rules::slug(&link.shortcut).is_ok());
        }
    }

    #[test]
    fn any_link_shaped_text_is_read_or_refused(
        id in "[a-zA-Z0-9%./_-]{0,20}",
        query in "[a-z=&%0-9./:-]{0,40}",
    ) {
        let text = format!("rolehop://open/{id}?{query}");
        match parse(&text) {
            Ok(link) => prop_assert!(rules::slug(&link.shortcut).is_ok()),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

#[test]
fn a_handed_link_is_the_only_argument() {
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        lone_link(&args(&["rolehop-tray", "rolehop://open/acme-prod"])),
        Some("rolehop://open/acme-prod")
    );
    assert_eq!(
        lone_link(&args(&["rolehop", "ROLEHOP://open/x?destination=s3"])),
        Some("ROLEHOP://open/x?destination=s3")
    );
    // A malformed one still counts as a link (and is reported as one).
    assert_eq!(
        lone_link(&args(&["rolehop-tray", "rolehop:nonsense"])),
        Some("rolehop:nonsense")
    );
    assert_eq!(
        lone_link(&args(&["rolehop-tray", "show", "settings"])),
        None
    );
    assert_eq!(
        lone_link(&args(&["rolehop", "open", "rolehop://open/x"])),
        None
    );
    assert_eq!(lone_link(&args(&["rolehop-tray", "https://x"])), None);
    assert_eq!(lone_link(&args(&["rolehop-tray"])), None);
}
