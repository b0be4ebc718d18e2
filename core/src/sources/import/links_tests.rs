//! Tests of `links.rs`: the link parser as a table, the four shapes teams keep links in, and
//! inputs of any kind.

use proptest::prelude::*;

use super::*;

/// (partition, account, role, display name, colour) a link names.
type Named<'a> = (
    Partition,
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
);

#[test]
fn links_of_every_partition_and_form_are_read_as_a_browser_reads_them() {
    let ok = |url: &str| parse_link(url).and_then(Result::ok);
    let table: &[(&str, Option<Named>)] = &[
        (
            "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=222222222222&displayName=Acme%20Prod&color=d13212",
            Some((
                Partition::Aws,
                "222222222222",
                "Admin",
                Some("Acme Prod"),
                Some("#d13212"),
            )),
        ),
        (
            "https://eu-west-1.signin.aws.amazon.com/switchrole?account=333333333333&roleName=team%2FReadOnly",
            Some((Partition::Aws, "333333333333", "team/ReadOnly", None, None)),
        ),
        (
            "https://signin.amazonaws-us-gov.com/switchrole?account=444444444444&roleName=Ops&displayName=Gov+Ops",
            Some((
                Partition::AwsUsGov,
                "444444444444",
                "Ops",
                Some("Gov Ops"),
                None,
            )),
        ),
        (
            "https://signin.amazonaws.cn/switchrole/?roleName=Admin&account=555555555555",
            Some((Partition::AwsCn, "555555555555", "Admin", None, None)),
        ),
        (
            "https://eusc-de-east-1.signin.amazonaws-eusc.eu/switchrole?account=666666666666&roleName=Admin",
            Some((Partition::AwsEusc, "666666666666", "Admin", None, None)),
        ),
        // The European Sovereign Cloud signs in only regionally, in its own regions.
        (
            "https://signin.amazonaws-eusc.eu/switchrole?account=666666666666&roleName=Admin",
            None,
        ),
        ("https://signin.aws.amazon.com/console", None),
        (
            "https://signin.aws.amazon.com.evil.example/switchrole?account=222222222222&roleName=A",
            None,
        ),
        (
            "http://signin.aws.amazon.com/switchrole?account=222222222222&roleName=A",
            None,
        ),
        ("not a url", None),
    ];
    for (url, want) in table {
        let got = ok(url).map(|l| (l.partition, l.account, l.role, l.display_name, l.color));
        let want = want.map(|(p, a, r, d, c)| {
            (
                p,
                a.to_string(),
                r.to_string(),
                d.map(str::to_string),
                c.map(str::to_string),
            )
        });
        assert_eq!(got, want, "{url}");
    }
    // A switch-role link that cannot become a shortcut says why.
    let alias =
        parse_link("https://signin.aws.amazon.com/switchrole?account=acme-prod&roleName=Admin");
    let reason = alias.and_then(Result::err).unwrap().0;
    assert!(
        reason.contains("alias") && reason.contains("acme-prod"),
        "{reason}"
    );
    assert!(
        parse_link("https://signin.aws.amazon.com/switchrole?account=222222222222")
            .is_some_and(|r| r.is_err())
    );
    // As HTML escapes it.
    assert_eq!(
        unescape("?roleName=Admin&amp;account=222222222222&#38;x=1&#x26;y"),
        "?roleName=Admin&account=222222222222&x=1&y"
    );
}

const PAGE_HTML: &str = r#"<html><body>
<h1>Clients</h1>
<h2 id="acme">Acme Corp</h2>
<p>Production: <a href="https://signin.aws.amazon.com/switchrole?roleName=Admin&amp;account=222222222222&amp;displayName=Acme%20Prod&amp;color=d13212">Acme Prod</a></p>
<p>Read-only: <a class="external" href="https://signin.aws.amazon.com/switchrole?roleName=team/ReadOnly&amp;account=333333333333">Acme Audit</a></p>
<h2>Globex</h2>
<p><a href="https://signin.aws.amazon.com/switchrole?roleName=Admin&amp;account=globex-prod">Globex (alias)</a></p>
<p><a href="https://signin.amazonaws-us-gov.com/switchrole?roleName=Ops&amp;account=444444444444&amp;displayName=Globex%20Gov">gov</a></p>
<p>Again: <a href="https://signin.aws.amazon.com/switchrole?roleName=Admin&amp;account=222222222222">dup</a></p>
</body></html>
"#;

const PAGE_MD: &str = "# Clients\n\n## Acme Corp\n\n- [Acme Prod](https://signin.aws.amazon.com/switchrole?roleName=Admin&account=222222222222&displayName=Acme%20Prod&color=d13212)\n- audit: https://signin.aws.amazon.com/switchrole?roleName=team/ReadOnly&account=333333333333\n\n## Globex\n\n[cn](https://signin.amazonaws.cn/switchrole?roleName=Admin&account=555555555555)\n";

const CHROMIUM: &str = r#"{
   "checksum": "0",
   "roots": {
      "bookmark_bar": {
         "children": [ {
            "children": [ {
               "name": "Acme Prod",
               "type": "url",
               "url": "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=222222222222&displayName=Acme%20Prod"
            }, {
               "name": "News",
               "type": "url",
               "url": "https://example.com/"
            } ],
            "name": "Acme Corp",
            "type": "folder"
         }, {
            "name": "Loose",
            "type": "url",
            "url": "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=666666666666"
         } ],
         "name": "Bookmarks bar",
         "type": "folder"
      },
      "other": { "children": [], "name": "Other bookmarks", "type": "folder" }
   },
   "version": 1
}
"#;

const NETSCAPE: &str = r#"<!DOCTYPE NETSCAPE-Bookmark-file-1>
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1">Clients</H3>
    <DL><p>
        <DT><H3>Acme Corp</H3>
        <DL><p>
            <DT><A HREF="https://signin.aws.amazon.com/switchrole?roleName=Admin&amp;account=222222222222" ADD_DATE="1">Acme Prod</A>
        </DL><p>
        <DT><A HREF="https://signin.aws.amazon.com/switchrole?roleName=Admin&amp;account=777777777777">Initech Prod</A>
    </DL><p>
</DL><p>
"#;

fn shortcuts(p: &Proposal) -> Vec<(String, String, String, String, usize)> {
    p.shortcuts
        .iter()
        .map(|s| {
            (
                s.shortcut.id.clone(),
                s.shortcut.client.clone(),
                s.shortcut.account.clone().unwrap_or_default(),
                s.shortcut.role.clone(),
                s.origin.line,
            )
        })
        .collect()
}

#[test]
fn a_knowledge_base_page_gives_clients_from_its_headings() {
    let p = import("kb.html", PAGE_HTML, &ClientNaming::default());
    let s = shortcuts(&p);
    assert_eq!(s.len(), 3, "{s:?}");
    assert_eq!(
        s[0],
        (
            "acme-prod".into(),
            "acme".into(),
            "222222222222".into(),
            "Admin".into(),
            4
        )
    );
    assert_eq!(s[1].2, "333333333333");
    assert_eq!(s[1].3, "team/ReadOnly");
    assert_eq!(s[2].1, "globex");
    assert_eq!(s[2].3, "arn:aws-us-gov:iam::444444444444:role/Ops");
    assert!(
        p.shortcuts[0].notes[0].contains("heading “Acme Corp”"),
        "{:?}",
        p.shortcuts[0].notes
    );
    assert_eq!(p.shortcuts[0].shortcut.label.as_deref(), Some("Acme Prod"));
    let acme = p.clients.iter().find(|c| c.id == "acme").unwrap();
    assert_eq!(
        (acme.name.as_str(), acme.color.as_deref()),
        ("Acme Corp", Some("#d13212"))
    );
    // The alias and the duplicate are skipped with their line and reason; the rest imports.
    let skipped: Vec<(usize, &str)> = p
        .skipped
        .iter()
        .map(|s| (s.origin.line, s.reason.as_str()))
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(
        skipped[0].0 == 7 && skipped[0].1.contains("alias"),
        "{skipped:?}"
    );
    assert!(
        skipped[1].0 == 9 && skipped[1].1.contains("line 4"),
        "{skipped:?}"
    );
}

#[test]
fn the_same_page_in_markdown_gives_the_same_shortcuts() {
    let p = import("kb.md", PAGE_MD, &ClientNaming::default());
    let s = shortcuts(&p);
    assert_eq!(s.len(), 3, "{s:?}");
    assert_eq!(s[0].0, "acme-prod");
    assert_eq!(
        (s[1].1.as_str(), s[1].3.as_str(), s[1].4),
        ("acme", "team/ReadOnly", 6)
    );
    assert_eq!(
        (s[2].1.as_str(), s[2].3.as_str()),
        ("globex", "arn:aws-cn:iam::555555555555:role/Admin")
    );
}

#[test]
fn bookmarks_give_clients_from_their_folders() {
    let p = import("Bookmarks", CHROMIUM, &ClientNaming::default());
    let s = shortcuts(&p);
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!((s[0].1.as_str(), s[0].4), ("acme", 9));
    assert!(p.shortcuts[0].notes[0].contains("folder “Acme Corp”"));
    // Outside any folder: the client comes from the bookmark's title.
    assert_eq!(s[1].1, "loose");
    let p = import("bookmarks.html", NETSCAPE, &ClientNaming::default());
    let s = shortcuts(&p);
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!((s[0].1.as_str(), s[0].4), ("acme", 9));
    assert!(
        p.shortcuts[0].notes[0].contains("Clients/Acme Corp"),
        "{:?}",
        p.shortcuts[0].notes
    );
    // After the Acme folder closed, the link is in "Clients" again.
    assert_eq!((s[1].1.as_str(), s[1].4), ("clients", 11));
}

#[test]
fn a_plain_link_names_its_client_by_the_pattern() {
    let text = "see https://signin.aws.amazon.com/switchrole?account=888888888888&roleName=Admin&displayName=Umbrella-Prod there";
    let p = import("notes.txt", text, &ClientNaming::default());
    let s = shortcuts(&p);
    assert_eq!(
        s,
        [(
            "umbrella-prod".into(),
            "umbrella".into(),
            "888888888888".into(),
            "Admin".into(),
            1
        )]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any text, and any text around real links: no panic, and every line reported is a line
    /// of the text.
    #[test]
    fn no_input_panics_and_lines_are_inside_the_text(
        noise in proptest::collection::vec(any::<char>(), 0..200),
        picks in proptest::collection::vec(0usize..4, 0..6),
    ) {
        let parts = [PAGE_HTML, PAGE_MD, NETSCAPE, "&amp;<a href=\"https://signin.aws.amazon.com/switchrole?roleName=%ZZ&amp;account=1"];
        let mut text: String = noise.into_iter().collect();
        for i in picks {
            text.push_str(parts[i]);
        }
        let lines = text.lines().count().max(1);
        let p = import("x", &text, &ClientNaming::default());
        for line in p.shortcuts.iter().map(|s| s.origin.line).chain(p.skipped.iter().map(|s| s.origin.line)) {
            prop_assert!(line >= 1 && line <= lines, "line {} of {}", line, lines);
        }
        let _ = import("x", CHROMIUM.replace("Acme", &text).as_str(), &ClientNaming::default());
    }
}

/// The four shapes teams keep links in, as the tools write them (`core/fixtures/import/links/`:
/// a Confluence HTML export, the same page from Notion as Markdown, Chromium's `Bookmarks`,
/// Firefox's bookmarks export), each holding the same links: every file gives the same
/// shortcuts and clients, and skips the alias and the duplicate with their line and reason.
#[test]
fn the_shapes_real_tools_write_give_the_same_shortcuts() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import/links");
    for file in [
        "confluence-export.html",
        "notion-export.md",
        "Bookmarks",
        "firefox-bookmarks.html",
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let p = import(file, &text, &ClientNaming::default());
        let got: Vec<(&str, &str, &str, &str, Option<&str>)> = p
            .shortcuts
            .iter()
            .map(|s| {
                let s = &s.shortcut;
                (
                    s.id.as_str(),
                    s.client.as_str(),
                    s.account.as_deref().unwrap_or_default(),
                    s.role.as_str(),
                    s.label.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "acme-prod",
                    "acme",
                    "222222222222",
                    "Admin",
                    Some("Acme Prod")
                ),
                (
                    "acme-audit",
                    "acme",
                    "333333333333",
                    "security/ReadOnly",
                    Some("Acme – Audit")
                ),
                (
                    "globex-govcloud",
                    "globex",
                    "444444444444",
                    "arn:aws-us-gov:iam::444444444444:role/Ops",
                    Some("Globex GovCloud")
                ),
                (
                    "globex-china",
                    "globex",
                    "555555555555",
                    "arn:aws-cn:iam::555555555555:role/Admin",
                    Some("Globex China")
                ),
            ],
            "{file}"
        );
        let clients: Vec<(&str, &str, Option<&str>)> = p
            .clients
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str(), c.color.as_deref()))
            .collect();
        assert_eq!(
            clients,
            [
                ("acme", "Acme Corp", Some("#d13212")),
                ("globex", "Globex Corporation", Some("#1f77b4")),
            ],
            "{file}"
        );
        let lines = text.lines().count();
        let skipped: Vec<&str> = p.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(skipped.len(), 2, "{file}: {skipped:?}");
        assert!(skipped[0].contains("account alias"), "{file}: {skipped:?}");
        assert!(
            skipped[1].contains("the same account and role as the link on line"),
            "{file}: {skipped:?}"
        );
        for line in p
            .shortcuts
            .iter()
            .map(|s| s.origin.line)
            .chain(p.skipped.iter().map(|s| s.origin.line))
        {
            assert!(
                (1..=lines).contains(&line),
                "{file}: line {line} of {lines}"
            );
        }
    }
}

/// A minified (one-line) wiki page: each link takes the heading nearest above it on that line,
/// not the line's last heading, and its own `<a>` text.
#[test]
fn a_minified_page_gives_each_link_its_own_heading() {
    let mut page = String::from("<html><body>");
    for (client, account) in [("Acme", 1u64), ("Beta", 2), ("Gamma", 3)] {
        page.push_str(&format!(
            "<h2>{client}</h2><p>words</p><a href=\"https://signin.aws.amazon.com/switchrole?account={:012}&amp;roleName=Admin\">Prod</a>",
            100_000_000_000u64 + account
        ));
    }
    page.push_str("<h2>Trailing</h2></body></html>");
    let found = find(&page);
    let got: Vec<(&str, Option<&str>, usize)> = found
        .iter()
        .map(|f| {
            (
                f.context.as_ref().map_or("", |(c, _)| c.as_str()),
                f.text.as_deref(),
                f.line,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Acme", Some("Prod"), 1),
            ("Beta", Some("Prod"), 1),
            ("Gamma", Some("Prod"), 1)
        ]
    );
    // A heading at the end of one line is the context of the next line's link.
    let two = format!(
        "{page}\n<a href=\"https://signin.aws.amazon.com/switchrole?account=100000000009&roleName=Admin\">Dev</a>"
    );
    let last = find(&two).pop().and_then(|f| f.context).map(|(c, _)| c);
    assert_eq!(last.as_deref(), Some("Trailing"));
}

/// 20,000 links on one line: every one is found, with its client, and each gets an id of its
/// own (they are all named `Prod`). (How long it takes is measured by `cargo bench -p
/// rolehop-core --bench import`, which prints the time per MB at 1, 2, 4 and 20 MB.)
#[test]
fn a_large_minified_page_is_read_whole() {
    let mut page = String::new();
    for i in 0..20_000u64 {
        page.push_str(&format!(
            "<h3>Client {i}</h3><a href=\"https://signin.aws.amazon.com/switchrole?account={:012}&amp;roleName=Admin&amp;displayName=Prod\">Prod</a>",
            200_000_000_000u64 + i
        ));
    }
    let p = import("page", &page, &ClientNaming::default());
    assert_eq!(p.shortcuts.len(), 20_000);
    assert_eq!(p.shortcuts[19_999].shortcut.client, "client");
    let ids: std::collections::HashSet<&str> =
        p.shortcuts.iter().map(|s| s.shortcut.id.as_str()).collect();
    assert_eq!(ids.len(), 20_000);
}

/// Chromium's `Bookmarks`: each bookmark's line is found walking forward once; a URL the file
/// writes with escapes of its own does not make later ones search the whole file again.
#[test]
fn bookmark_lines_are_counted_once_forward() {
    let text = "{\n \"roots\": {\n  \"bookmark_bar\": {\n   \"children\": [ {\n    \"name\": \"A\",\n    \"type\": \"url\",\n    \"url\": \"https://signin.aws.amazon.com/switchrole?account=111111111111&roleName=Admin\"\n   }, {\n    \"name\": \"B\",\n    \"type\": \"url\",\n    \"url\": \"https://signin.aws.amazon.com/switchrole?account=222222222222&roleName=Admin\"\n   } ],\n   \"type\": \"folder\"\n  }\n },\n \"version\": 1\n}\n";
    let lines: Vec<usize> = find(text).iter().map(|f| f.line).collect();
    assert_eq!(lines, [7, 11]);
}

/// A link whose text says production is proposed with the `prod` tag; one that does not is
/// not, and the client's heading saying "Production" does not tag every link under it.
#[test]
fn links_whose_text_says_production_are_proposed_as_production() {
    let page = "## Hooli\n\n\
- [Hooli prod](https://signin.aws.amazon.com/switchrole?roleName=Admin&account=222222222222&displayName=Hooli%20prod)\n\
- [Hooli staging](https://signin.aws.amazon.com/switchrole?roleName=Admin&account=333333333333&displayName=Hooli%20staging)\n\
- [Hooli product analytics](https://signin.aws.amazon.com/switchrole?roleName=Admin&account=444444444444&displayName=Product%20analytics)\n";
    let p = import("kb.md", page, &ClientNaming::default());
    let tags = |account: &str| {
        p.shortcuts
            .iter()
            .find(|s| s.shortcut.account.as_deref() == Some(account))
            .map(|s| (s.shortcut.tags.clone(), s.notes.clone()))
            .unwrap()
    };
    let (prod, notes) = tags("222222222222");
    assert_eq!(prod, vec!["prod".to_string()]);
    assert!(
        notes.iter().any(|n| n.contains("says production")),
        "{notes:?}"
    );
    assert!(tags("333333333333").0.is_empty());
    assert!(
        tags("444444444444").0.is_empty(),
        "product is no production"
    );
}
