//! Links through the CLI against real parts (Secret Service, moto behind the STS proxy, the
//! federation stand-in, the curl "browser"): `rolehop export page` then `rolehop import links`
//! gives the same shortcuts (into the catalog it came from: nothing changes; into a colleague's
//! empty one: the same ids, accounts, roles and labels); `rolehop link` prints each form;
//! `rolehop open` takes a switch-role link (the one shortcut, several, or none: the add lines)
//! and a `rolehop://` link (where it lands).
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolehop_tests::env::TestEnv;
use rolehop_tests::seed::{client, shortcut};

/// The catalog's shortcuts as `list --json` gives them: (id, client, account, role, label).
fn listed(env: &TestEnv) -> Vec<(String, String, String, String, String)> {
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["list", "--json"])).unwrap();
    let s = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    let mut rows: Vec<_> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                s(v, "id"),
                s(v, "client"),
                s(v, "account"),
                s(v, "role_arn"),
                s(v, "label"),
            )
        })
        .collect();
    rows.sort();
    rows
}

/// A catalog as an agency keeps it: two clients, role paths, a region, tags, a label-less
/// shortcut, notes and a knowledge-base link.
fn agency(env: &TestEnv) {
    env.seed_alice(&[]);
    env.seed(&[
        client("acme", "Acme Corp")
            .color("#d13212")
            .with(&[
                "--notes",
                "On call: Bob <bob@acme.example>",
                "--link",
                "https://wiki.example.com/acme",
            ])
            .replace(),
        client("globex", "Globex Corporation"),
        shortcut("acme-audit", "acme", "333333333333", "/security/ReadOnly")
            .label("Audit & Compliance")
            .with(&["--region", "eu-west-1", "--tag", "audit"]),
        shortcut(
            "globex-prod",
            "globex",
            "444444444444",
            "OrganizationAccountAccessRole",
        )
        .label("Prod_EU")
        .with(&["--destination", "ec2"]),
    ]);
}

#[test]
fn a_page_exported_for_the_wiki_imports_back_as_the_same_shortcuts() {
    let env = TestEnv::full();
    agency(&env);
    let md = env.root().join("accounts.md");
    let html = env.root().join("accounts.html");
    // Written to a file: stdout stays empty, stderr says what was written.
    let out = env
        .cmd()
        .args(["export", "page", "-o", md.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("Wrote {}", md.display())) && said.contains("bytes"),
        "{said}"
    );
    env.ok(&[
        "export",
        "page",
        "--format",
        "html",
        "-o",
        html.to_str().unwrap(),
    ]);
    let page = std::fs::read_to_string(&md).unwrap();
    assert!(page.contains("\n## Acme Corp\n"), "{page}");
    assert!(
        page.contains("[Open in Rolehop](rolehop://open/acme-audit)"),
        "{page}"
    );
    assert!(page.contains("https://signin.aws.amazon.com/switchrole?roleName=security%2FReadOnly&account=333333333333&displayName=Audit%20%26%20Compliance&color=d13212"), "{page}");
    assert!(page.contains("https://wiki.example.com/acme"), "{page}");
    assert!(
        !page.contains("111111111111"),
        "no identity on a shared page: {page}"
    );
    let html_text = std::fs::read_to_string(&html).unwrap();
    assert!(html_text.starts_with("<!DOCTYPE html>"));
    assert!(
        html_text.contains("Bob &lt;bob@acme.example&gt;"),
        "{html_text}"
    );
    // Printed on stdout too, and Markdown by default only for a .md file.
    assert!(env.ok(&["export", "page"]).starts_with("<!DOCTYPE html>"));

    // Into the catalog it came from: nothing to add, nothing differs (a link cannot say a
    // region, destination or tags: they are kept, not differences).
    for file in [&md, &html] {
        let preview = env.ok(&["import", "links", file.to_str().unwrap()]);
        assert!(preview.contains("Nothing to add."), "{preview}");
        assert!(!preview.contains("differs"), "{preview}");
        assert!(!preview.contains("duplicate"), "{preview}");
        let again = env.ok(&[
            "import",
            "links",
            file.to_str().unwrap(),
            "--apply",
            "--replace",
        ]);
        assert!(again.contains("Nothing changed"), "{again}");
    }
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap();
    assert!(catalog.contains("region = \"eu-west-1\""), "{catalog}");
    assert!(catalog.contains("destination = \"ec2\""), "{catalog}");

    // Into a colleague's catalog: the same shortcuts.
    let colleague = TestEnv::full();
    colleague.seed_alice(&[]);
    colleague.ok(&["remove", "shortcut", "acme-prod"]);
    colleague.ok(&["import", "links", html.to_str().unwrap(), "--apply"]);
    let mine: Vec<_> = listed(&env);
    let theirs: Vec<_> = listed(&colleague);
    assert_eq!(theirs, mine);
}

#[test]
fn link_prints_each_form_and_checks_where_it_lands() {
    let env = TestEnv::full();
    agency(&env);
    assert_eq!(
        env.ok(&["link", "acme-audit"]).trim(),
        "rolehop://open/acme-audit"
    );
    assert_eq!(
        env.ok(&["link", "acme-audit", "--format", "switchrole"])
            .trim(),
        "https://signin.aws.amazon.com/switchrole?roleName=security%2FReadOnly&account=333333333333&displayName=Audit%20%26%20Compliance&color=d13212"
    );
    let md = env.ok(&["link", "globex-prod", "--format", "markdown"]);
    assert!(md.starts_with("[Globex Corporation – Prod\\_EU](rolehop://open/globex-prod) · [Switch role in the AWS console](https://signin.aws.amazon.com/switchrole?"), "{md}");
    let html = env.ok(&["link", "acme-audit", "--format", "html"]);
    assert!(
        html.contains("Audit &amp; Compliance") && html.contains("&amp;account=333333333333"),
        "{html}"
    );
    assert_eq!(
        env.ok(&[
            "link",
            "acme-audit",
            "--destination",
            "s3",
            "--region",
            "us-east-2"
        ])
        .trim(),
        "rolehop://open/acme-audit?destination=s3&region=us-east-2"
    );
    let refused = env
        .cmd()
        .args([
            "link",
            "acme-audit",
            "--destination",
            "https://evil.example/",
        ])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("leaves the AWS console"));
    let unknown = env.cmd().args(["link", "nope"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no shortcut `nope`"));
}

#[test]
fn open_takes_switch_role_and_rolehop_links() {
    let env = TestEnv::full();
    agency(&env);
    env.use_curl_browser(None);
    let standin = env.standin.as_ref().unwrap();

    // The one shortcut for the link's account and role (its path included).
    env.ok(&[
        "open",
        "--here",
        "https://eu-west-1.signin.aws.amazon.com/switchrole?account=333333333333&roleName=security/ReadOnly&displayName=whatever",
    ]);
    assert_eq!(standin.logins()[0].account, "333333333333");

    // A rolehop:// link lands where it says.
    env.ok(&[
        "open",
        "--here",
        "rolehop://open/globex-prod?destination=s3&region=eu-west-2",
    ]);
    let login = standin.logins()[1].clone();
    assert_eq!(login.account, "444444444444");
    assert!(
        login
            .destination
            .starts_with("https://console.aws.amazon.com/s3/home?region=eu-west-2"),
        "{login:?}"
    );

    // None: says so, with the lines that would add it.
    let none = env
        .cmd()
        .args(["open", "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=777777777777&displayName=Initech%20Prod"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1));
    let err = String::from_utf8_lossy(&none.stderr);
    assert!(
        err.contains("no shortcut opens account 777777777777 as role Admin"),
        "{err}"
    );
    assert!(
        err.contains("rolehop add client initech --name Initech"),
        "{err}"
    );
    assert!(
        err.contains("rolehop add shortcut initech-prod --client initech --account 777777777777 --role Admin --label 'Initech Prod'"),
        "{err}"
    );

    // Several (the same role through two identities): with no terminal to ask on, it names them.
    let (key, secret) = env.moto().create_user("111111111111", "bob");
    env.setup("bob", "111111111111", &key, &secret, &[]);
    env.seed(&[shortcut(
        "acme-audit-bob",
        "acme",
        "333333333333",
        "/security/ReadOnly",
    )
    .with(&["--identity", "bob"])]);
    let several = env
        .cmd()
        .args(["open", "https://signin.aws.amazon.com/switchrole?roleName=security%2FReadOnly&account=333333333333"])
        .output()
        .unwrap();
    assert_eq!(several.status.code(), Some(2));
    let err = String::from_utf8_lossy(&several.stderr);
    assert!(
        err.contains("acme-audit (") && err.contains("acme-audit-bob ("),
        "{err}"
    );

    // An alias, a foreign link, a link that asks for a browser: refused, nothing opened.
    for (link, why) in [
        (
            "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=acme-prod",
            "account alias",
        ),
        (
            "https://example.com/switchrole?roleName=Admin&account=222222222222",
            "neither a Rolehop link",
        ),
        (
            "rolehop://open/acme-audit?browser=firefox",
            "sets `browser`",
        ),
    ] {
        let out = env.cmd().args(["open", link]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{link}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(why), "{link}");
    }
    assert_eq!(standin.logins().len(), 2);
    env.assert_no_leaks(&[]);
}

/// AWS console links as engineers receive them open in the console of the shortcut for their
/// account, on their page (issue 28): a multi-session page, an IAM Identity Center shortcut
/// link, and a console page that names no account (which client is asked).
#[test]
fn open_takes_console_links_into_their_accounts_console() {
    let env = TestEnv::full();
    agency(&env);
    env.use_curl_browser(None);
    let standin = env.standin.as_ref().unwrap();

    // A multi-session page of Globex's account: its shortcut, the page on the plain host.
    env.ok(&[
        "open",
        "--here",
        "https://444444444444-ab12cd34.eu-west-2.console.aws.amazon.com/rds/home?region=eu-west-2#databases:",
    ]);
    let login = standin.logins()[0].clone();
    assert_eq!(login.account, "444444444444");
    assert_eq!(
        login.destination,
        "https://eu-west-2.console.aws.amazon.com/rds/home?region=eu-west-2#databases:",
        "{login:?}"
    );

    // An IAM Identity Center shortcut link: the account's shortcut with that role (its path
    // aside), at the link's destination.
    env.ok(&[
        "open",
        "--here",
        "https://d-1234567890.awsapps.com/start/#/console?account_id=333333333333&role_name=ReadOnly&destination=https%3A%2F%2Fconsole.aws.amazon.com%2Fcloudtrail%2Fhome%3Fregion%3Deu-west-1",
    ]);
    let login = standin.logins()[1].clone();
    assert_eq!(login.account, "333333333333");
    assert!(login.arn.contains(":assumed-role/ReadOnly/"), "{login:?}");
    assert_eq!(
        login.destination,
        "https://console.aws.amazon.com/cloudtrail/home?region=eu-west-1"
    );

    // A console page that names no account: without a terminal it says how to open it…
    let page = "https://console.aws.amazon.com/s3/buckets/logs?region=eu-west-1";
    let out = env.cmd().args(["open", "--here", page]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("names no account"), "{err}");
    assert!(
        err.contains("rolehop open 'rolehop://open/SHORTCUT?destination="),
        "{err}"
    );
    assert_eq!(standin.logins().len(), 2);
    // …and at a terminal it asks which client, then which of its shortcuts.
    let (code, shown) = env.at_terminal(&["open", "--here", page], "1\n2\n");
    assert_eq!(code, 0, "{shown}");
    assert!(
        shown.contains("Which client's console opens it?"),
        "{shown}"
    );
    assert!(
        shown.contains("Acme Corp (acme)") && shown.contains("Globex Corporation (globex)"),
        "{shown}"
    );
    let login = standin.logins()[2].clone();
    assert_eq!(login.account, "333333333333", "{shown}");
    assert_eq!(login.destination, page);

    // A console page of an account no shortcut opens: says so and how to add one.
    let out = env
        .cmd()
        .args([
            "open",
            "--here",
            "https://777777777777-x1.console.aws.amazon.com/iam/home",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no shortcut opens account 777777777777"),
        "{err}"
    );
    assert!(err.contains("--account 777777777777 --role ROLE"), "{err}");
    assert_eq!(standin.logins().len(), 3);
    env.assert_no_leaks(&[]);
}

#[test]
fn links_import_for_one_of_several_identities() {
    let env = TestEnv::full();
    env.seed_alice(&[]);
    let (key, secret) = env.moto().create_user("111111111111", "bob");
    env.setup("bob", "111111111111", &key, &secret, &[]);
    let page = env.root().join("kb.md");
    std::fs::write(
        &page,
        "## Initech\n\n- [Initech Prod](https://signin.aws.amazon.com/switchrole?roleName=Admin&account=777777777777&displayName=Initech%20Prod)\n",
    )
    .unwrap();
    let page = page.to_str().unwrap();
    let preview = env.ok(&["import", "links", page]);
    assert!(
        preview.contains("blocked") && preview.contains("--identity ID"),
        "{preview}"
    );
    let unknown = env
        .cmd()
        .args(["import", "links", page, "--identity", "carol"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("carol"));
    env.ok(&["import", "links", page, "--identity", "bob", "--apply"]);
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap();
    assert!(catalog.contains("identity = \"bob\""), "{catalog}");
}
