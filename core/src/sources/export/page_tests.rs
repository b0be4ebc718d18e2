//! Tests of `page.rs`: the page's shape in both formats, escaping of what the catalog holds,
//! and the round trip through `import links`.

use super::*;
use crate::sources::import::naming::ClientNaming;
use crate::sources::import::{Change, links, plan};

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
[[client]]
id = "acme"
name = "Acme Corp"
color = "#d13212"
notes = "On call: <b>Ops</b>\nSecond line"
link = "https://wiki.example.com/acme"
[[client]]
id = "globex"
name = "Globex"
link = "javascript:alert(1)"
[[client]]
id = "empty"
name = "Nobody"
[[shortcut]]
id = "acme-prod"
client = "acme"
label = "Prod"
account = "222222222222"
role = "Admin"
identity = "me"
region = "eu-west-1"
tags = ["prod"]
[[shortcut]]
id = "acme-audit"
client = "acme"
account = "333333333333"
role = "/team/ReadOnly"
identity = "me"
[[shortcut]]
id = "globex-ops"
client = "globex"
label = "Ops"
role = "arn:aws-us-gov:iam::444444444444:role/Ops"
identity = "gov"
"##,
    )
    .unwrap()
}

#[test]
fn the_page_groups_by_client_with_both_links() {
    let c = catalog();
    for format in [PageFormat::Html, PageFormat::Markdown] {
        let page = page(&c, format);
        assert!(page.skipped.is_empty());
        let t = &page.text;
        let acme = t.find("Acme Corp").unwrap();
        let globex = t.find("Globex").unwrap();
        assert!(acme < t.find("rolehop://open/acme-prod").unwrap());
        assert!(t.find("rolehop://open/acme-audit").unwrap() < globex);
        assert!(globex < t.find("rolehop://open/globex-ops").unwrap());
        assert!(t.contains("signin.amazonaws-us-gov.com/switchrole?roleName=Ops"));
        // A client with no shortcut is left out; a link that is not a web page too.
        assert!(!t.contains("Nobody"));
        assert!(!t.contains("javascript"));
        assert!(t.contains("https://wiki.example.com/acme"));
        assert!(t.contains("#d13212"));
        assert!(
            !t.contains("111111111111"),
            "identities are not on the page"
        );
    }
    let html = page(&c, PageFormat::Html).text;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("On call: &lt;b&gt;Ops&lt;/b&gt;<br>Second line"));
    assert!(html.contains("roleName=Admin&amp;account=222222222222"));
    let md = page(&c, PageFormat::Markdown).text;
    assert!(md.contains("\n## Acme Corp\n"));
    assert!(md.contains("On call: \\<b\\>Ops\\</b\\> Second line"));
}

#[test]
fn the_page_reads_back_as_the_same_shortcuts() {
    let c = catalog();
    for format in [PageFormat::Html, PageFormat::Markdown] {
        let text = page(&c, format).text;
        let proposal = links::import("page", &text, &ClientNaming::default());
        assert!(proposal.skipped.is_empty(), "{:?}", proposal.skipped);
        let got: Vec<_> = proposal
            .shortcuts
            .iter()
            .map(|p| {
                let s = &p.shortcut;
                (
                    s.id.as_str(),
                    s.label.as_deref(),
                    s.account.as_deref(),
                    s.role.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("acme-prod", Some("Prod"), Some("222222222222"), "Admin"),
                ("acme-audit", None, Some("333333333333"), "team/ReadOnly"),
                (
                    "globex-ops",
                    Some("Ops"),
                    Some("444444444444"),
                    "arn:aws-us-gov:iam::444444444444:role/Ops"
                ),
            ],
            "{format:?}"
        );
        // Into the catalog it came from: nothing to add, nothing differs (what a link cannot
        // say, such as the region and tags, is not a difference).
        let plan = plan(&proposal, &c);
        for row in &plan.rows {
            assert_eq!(row.change, Change::Unchanged, "{format:?} {row:?}");
        }
    }
}

/// A client link from a team layer that hides a line break (the URL parser drops it, so the
/// text passed as https before) or Markdown's own characters never becomes a second link.
#[test]
fn a_client_link_cannot_break_out_of_its_markdown_link() {
    let mut c = catalog();
    c.clients[0].link = Some("https://wiki.example.com/acme\n[x](javascript:alert(1))".into());
    c.clients[1].link = Some("https://wiki.example.com/g(lo)bex)[y](javascript:alert(2)".into());
    for format in [PageFormat::Html, PageFormat::Markdown] {
        let t = page(&c, format).text;
        // (In HTML a `](` inside a quoted href is only text.)
        assert!(
            format == PageFormat::Html || !t.contains("](javascript"),
            "{t}"
        );
        assert!(!t.contains("javascript:alert(1)"), "{t}");
        assert!(!t.contains("href=\"javascript"), "{t}");
    }
    let md = page(&c, PageFormat::Markdown).text;
    // The one with a line break is left out; the other is one target, encoded.
    assert!(!md.contains("wiki.example.com/acme"), "{md}");
    assert!(
        md.contains(
            "(https://wiki.example.com/g%28lo%29bex%29%5By%5D%28javascript:alert%282%29)\n"
        ),
        "{md}"
    );
}

#[test]
fn markdown_targets_stay_one_target() {
    for (raw, want) in [
        ("https://a.example/x y", "https://a.example/x%20y"),
        ("https://a.example/(x)", "https://a.example/%28x%29"),
        ("https://a.example/<x>", "https://a.example/%3Cx%3E"),
        ("https://a.example/\n[x]", "https://a.example/%0A%5Bx%5D"),
        ("https://a.example/`\\'\"", "https://a.example/%60%5C%27%22"),
    ] {
        assert_eq!(md_target(raw), want, "{raw:?}");
    }
}
