//! Tests of `rules.rs`.

use super::*;

#[test]
fn slugs() {
    for ok in ["acme", "acme-prod", "a", "0x", "beta_corp.eu"] {
        assert!(slug(ok).is_ok(), "{ok}");
    }
    for bad in ["", "Acme", "-acme", "acme prod", "ácme", &"a".repeat(65)] {
        assert!(slug(bad).is_err(), "{bad}");
    }
}

#[test]
fn client_links_are_https() {
    assert!(client_link("https://wiki.example.com/acme").is_ok());
    for bad in [
        "http://wiki.example.com/acme",
        "file:///usr/bin/xterm",
        "javascript:alert(1)",
        "wiki.example.com",
        "",
        // The URL parser drops the newline: the raw text must not pass.
        "https://wiki.example.com/acme\n[x](javascript:alert(1))",
        "https://wiki.example.com/a\tb",
        "https://wiki.example.com/a b",
        "https://wiki.example.com/\u{202E}fdp.exe",
    ] {
        assert!(client_link(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn layer_urls_hold_no_control_characters() {
    assert!(layer_url("https://git.example.com/team.toml").is_ok());
    for bad in [
        "https://git.example.com/team.toml\n",
        "https://git.example.com/te\ram.toml",
        "http://127.0.0.1/\x1b[31m",
    ] {
        assert!(layer_url(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn account_ids() {
    assert!(account_id("012345678901").is_ok());
    for bad in ["12345678901", "1234567890123", "12345678901a", ""] {
        assert!(account_id(bad).is_err(), "{bad}");
    }
}

/// (input, partition, account, path, name)
type RoleRow<'a> = (
    &'a str,
    Option<Partition>,
    Option<&'a str>,
    &'a str,
    &'a str,
);

#[test]
fn role_specs_in_all_partitions() {
    let table: &[RoleRow] = &[
        ("Admin", None, None, "/", "Admin"),
        ("/ops/Admin", None, None, "/ops/", "Admin"),
        ("ops/team/Admin", None, None, "/ops/team/", "Admin"),
        (
            "arn:aws:iam::222222222222:role/Admin",
            Some(Partition::Aws),
            Some("222222222222"),
            "/",
            "Admin",
        ),
        (
            "arn:aws-us-gov:iam::222222222222:role/ops/ReadOnly",
            Some(Partition::AwsUsGov),
            Some("222222222222"),
            "/ops/",
            "ReadOnly",
        ),
        (
            "arn:aws-cn:iam::222222222222:role/a+b=c,d.e@f-g_h",
            Some(Partition::AwsCn),
            Some("222222222222"),
            "/",
            "a+b=c,d.e@f-g_h",
        ),
    ];
    for (text, partition, account, path, name) in table {
        let spec = role_spec(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        assert_eq!(spec.partition, *partition, "{text}");
        assert_eq!(spec.account.as_deref(), *account, "{text}");
        assert_eq!(spec.path, *path, "{text}");
        assert_eq!(spec.name, *name, "{text}");
    }
    for bad in [
        "",
        "Admin Role",
        "arn:aws:iam::22222222222:role/Admin",
        "arn:aws:s3:::bucket",
        "arn:aws:iam::222222222222:user/alice",
        "arn:aws-eu:iam::222222222222:role/Admin",
        "arn:aws:iam:us-east-1:222222222222:role/Admin",
        &"x".repeat(65),
    ] {
        assert!(role_spec(bad).is_err(), "{bad}");
    }
}

#[test]
fn arn_round_trip() {
    assert_eq!(
        role_arn_of(Partition::AwsUsGov, "222222222222", "/ops/", "Admin"),
        "arn:aws-us-gov:iam::222222222222:role/ops/Admin"
    );
}

#[test]
fn regions_and_partitions() {
    let table = [
        ("eu-west-1", Partition::Aws, true),
        ("ap-southeast-4", Partition::Aws, true),
        ("il-central-1", Partition::Aws, true),
        ("us-gov-west-1", Partition::AwsUsGov, true),
        ("cn-northwest-1", Partition::AwsCn, true),
        ("us-gov-west-1", Partition::Aws, false),
        ("cn-north-1", Partition::Aws, false),
        ("eu-west-1", Partition::AwsCn, false),
        ("eu-west", Partition::Aws, false),
        ("EU-WEST-1", Partition::Aws, false),
        ("euwest1", Partition::Aws, false),
        ("eu-west-0", Partition::Aws, false),
    ];
    for (r, p, ok) in table {
        assert_eq!(region(r, p).is_ok(), ok, "{r} in {p:?}");
    }
}

#[test]
fn colours_external_ids_serials_names_durations() {
    assert!(color("#d13212").is_ok() && color("#FFF").is_ok());
    assert!(color("red").is_err() && color("#12345").is_err() && color("d13212").is_err());
    assert!(external_id("ab").is_ok() && external_id("a:b/c@d").is_ok());
    assert!(external_id("a").is_err() && external_id("has space").is_err());
    assert!(external_id(&"x".repeat(1225)).is_err());
    assert!(mfa_serial("arn:aws:iam::111111111111:mfa/alice").is_ok());
    assert!(mfa_serial("GAHT12345678").is_ok());
    assert!(mfa_serial("short").is_err() && mfa_serial("arn:aws:iam::1:user/x1").is_err());
    assert!(session_name("alice@agency.com").is_ok() && session_name("a").is_err());
    assert!(role_duration(900).is_ok() && role_duration(43_200).is_ok());
    assert!(role_duration(899).is_err() && role_duration(43_201).is_err());
    assert!(session_token_duration(129_600).is_ok() && session_token_duration(129_601).is_err());
}

#[test]
fn derived_session_names_are_always_valid() {
    for person in [
        "alice",
        "a",
        "",
        "Zoë Smith",
        "bob@example.com",
        &"y".repeat(100),
    ] {
        let name = derive_session_name(person);
        assert!(session_name(&name).is_ok(), "{person:?} -> {name:?}");
    }
    assert_eq!(derive_session_name("Zoë Smith"), "Zo--Smith");
}

#[test]
fn shown_urls_hold_no_token() {
    assert_eq!(
        shown_url("https://me:tok@git.example.com/raw/c.toml?private_token=abc#x"),
        "https://git.example.com/raw/c.toml?…"
    );
    assert_eq!(
        shown_url("https://example.com/c.toml"),
        "https://example.com/c.toml"
    );
}

#[test]
fn display_text_refuses_bidi_controls() {
    assert!(display_text("Acme Corp – Prod (EU) 日本").is_ok());
    assert!(display_text("On call\n\tOps").is_ok());
    for bad in ["exe.\u{202E}fdp", "a\u{2066}b", "a\u{200F}b", "a\u{061C}"] {
        assert!(display_text(bad).is_err(), "{bad:?}");
    }
}
