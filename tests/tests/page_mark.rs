//! The page mark's scripts, run by a JavaScript engine (Node) against the pages a console
//! profile may show: the banner names the client and account, so it must be drawn on AWS's
//! console and sign-in pages and Rolehop's hand-off pages, and on no other site (a third-party
//! page would read it from its DOM). The script is the one Rolehop writes
//! (`rolehop_core::browser::mark`), evaluated with a minimal `location` and `document`.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolehop_core::browser::mark::{MarkScope, WindowMark, page_script};

/// How many elements the script adds to a page at `url`.
fn drawn(script: &str, url: &str) -> usize {
    let harness = format!(
        r#"
const u = new URL({url});
globalThis.location = {{ protocol: u.protocol, hostname: u.hostname, host: u.host, origin: u.origin, port: u.port, pathname: u.pathname, hash: u.hash }};
globalThis.window = globalThis;
globalThis.top = globalThis;
let added = 0;
const element = () => ({{ setAttribute() {{}}, style: {{}}, remove() {{}} }});
globalThis.document = {{
  documentElement: {{ append: (...els) => {{ added += els.length; }} }},
  querySelectorAll: () => [],
  createElement: element,
  addEventListener() {{}},
}};
{script}
console.log(added);
"#,
        url = serde_json::to_string(url).unwrap(),
    );
    let out = std::process::Command::new("node")
        .args(["-e", &harness])
        .output()
        .unwrap_or_else(|e| panic!("node (installed by scripts/deps.sh): {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
fn the_mark_is_drawn_on_aws_and_hand_off_pages_only() {
    let mark = WindowMark {
        name: "Acme Corp – Production".into(),
        title: "PRODUCTION · Acme Corp – Production (222222222222)".into(),
        color: "#d13212".into(),
        production: true,
    };
    // Sign-ins through a local stand-in (tests): its origin is marked too, nothing else on
    // that host.
    let scope = MarkScope::new(Some("http://127.0.0.1:4567"));
    let script = page_script(&mark, &scope);
    let marked = [
        "https://console.aws.amazon.com/console/home",
        "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1",
        "https://us-gov-west-1.console.amazonaws-us-gov.com/s3/home",
        "https://console.amazonaws.cn/iam/home",
        "https://eusc-de-east-1.console.amazonaws-eusc.eu/console/home",
        "https://signin.aws.amazon.com/federation",
        "http://127.0.0.1:4567/console?login=1",
        "file:///home/a/.local/share/rolehop/profiles/acme-prod/rolehop-handoff-0a1b.html",
    ];
    for url in marked {
        assert_eq!(drawn(&script, url), 2, "{url}: frame and banner");
    }
    let unmarked = [
        "https://evil.example/",
        "https://console.aws.amazon.com.evil.example/",
        "https://evilconsole.aws.amazon.com/",
        "http://console.aws.amazon.com/",
        "https://console.aws.amazon.com:8443/",
        "http://127.0.0.1:9999/",
        "http://localhost:4567/",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/",
        "file:///home/a/Downloads/page.html",
    ];
    for url in unmarked {
        assert_eq!(drawn(&script, url), 0, "{url}: no mark");
    }
    // Without a stand-in, the loopback is no console.
    let script = page_script(&mark, &MarkScope::new(None));
    assert_eq!(drawn(&script, "http://127.0.0.1:4567/console"), 0);
    assert_eq!(drawn(&script, "https://console.aws.amazon.com/"), 2);
}
