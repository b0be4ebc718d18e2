//! Team catalogs as read-only layers, through the CLI: a directory (a shared git checkout) and
//! an http(s) URL served by a local server that honours ETags. The personal file wins, origins
//! and conflicts are shown, a layer that could run code is refused whole, team shortcuts open
//! like personal ones (moto), and a URL layer keeps working from its cache when the server is
//! gone.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rolehop_tests::env::TestEnv;

const TEAM: &str = "schema_version = 1\n\n[[client]]\nid = \"globex\"\nname = \"Globex\"\n\n[[shortcut]]\nid = \"globex-prod\"\nclient = \"globex\"\naccount = \"333333333333\"\nrole = \"ReadOnly\"\n\n# the team's idea of acme-prod: the personal file wins\n[[shortcut]]\nid = \"acme-prod\"\nclient = \"globex\"\naccount = \"999999999999\"\nrole = \"Admin\"\n";

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn sources(env: &TestEnv) -> serde_json::Value {
    json(&env.ok(&["list", "--sources", "--json"]))
}

fn source_of(v: &serde_json::Value, id: &str) -> String {
    v["shortcuts"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| s["id"] == id)
        .map(|s| s["source"].as_str().unwrap_or_default().to_string())
        .unwrap_or_else(|| panic!("no {id} in {v}"))
}

#[test]
fn a_team_directory_merges_under_the_personal_catalog_and_refuses_what_could_run_code() {
    let env = TestEnv::full();
    env.seed_alice(&[]);
    let team = env.root().join("team-checkout");
    std::fs::create_dir_all(&team).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(team.join("clients.toml"), TEAM).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        team.join("evil.toml"),
        "schema_version = 1\n[[client]]\nid = \"evil\"\nname = \"Evil\"\n[[shortcut]]\nid = \"evil-prod\"\nclient = \"evil\"\naccount = \"444444444444\"\nrole = \"Admin\"\ndestination = \"https://attacker.example.com/\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    env.ok(&[
        "layers",
        "add",
        "team",
        "--path",
        &team.display().to_string(),
    ]);

    let v = sources(&env);
    assert_eq!(source_of(&v, "globex-prod"), "team");
    assert_eq!(source_of(&v, "acme-prod"), "personal");
    assert!(
        v["shortcuts"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|s| s["id"] != "evil-prod"),
        "{v}"
    );
    let conflicts = v["conflicts"].to_string();
    assert!(
        conflicts.contains("\"acme-prod\"") && conflicts.contains("\"kept\":\"personal\""),
        "{conflicts}"
    );
    let evil = v["layers"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|l| {
            l["file"]
                .as_str()
                .unwrap_or_default()
                .ends_with("evil.toml")
        })
        .map(|l| l["problem"].as_str().unwrap_or_default().to_string())
        .unwrap_or_default();
    assert!(
        evil.contains("evil.toml:10:") && evil.contains("must stay on the AWS console"),
        "{evil}"
    );

    // The table view says the same for people, and `doctor` marks the refused file.
    let table = env.ok(&["list", "--sources"]);
    assert!(
        table.contains("NOT USED") && table.contains("Conflicts"),
        "{table}"
    );
    let doctor = env
        .cmd()
        .arg("doctor")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let report = String::from_utf8_lossy(&doctor.stdout);
    assert!(
        report.lines().any(|l| l.contains("layer team")
            && l.contains("not used")
            && l.contains("evil.toml:10")),
        "{report}"
    );
    assert!(
        report.contains("`acme-prod` is defined by personal and team"),
        "{report}"
    );
    assert!(!doctor.status.success());
    assert!(
        table.contains("NOT USED") && table.contains("Conflicts"),
        "{table}"
    );

    // A team shortcut opens like a personal one: credentials for 333333333333 from moto.
    let creds = json(&env.ok(&["credential-process", "globex-prod"]));
    let (account, _) = env
        .moto()
        .caller_identity(
            creds["AccessKeyId"].as_str().unwrap_or_default(),
            creds["SessionToken"].as_str(),
        )
        .unwrap_or_else(|| panic!("{creds}"));
    assert_eq!(account, "333333333333");

    // Read-only: removing a team entry says where it comes from; the team files are untouched.
    let out = env
        .cmd()
        .args(["remove", "shortcut", "globex-prod"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("read-only layer `team`"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(team.join("clients.toml")).unwrap_or_default(),
        TEAM
    );
}

/// A server for one file with an ETag; counts requests and conditional requests.
struct TeamServer {
    server: Arc<tiny_http::Server>,
    port: u16,
    requests: Arc<AtomicUsize>,
    conditional: Arc<Mutex<Vec<String>>>,
}

impl TeamServer {
    fn start(body: &'static str, etag: &'static str) -> Self {
        let server =
            Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}")));
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .unwrap_or_default();
        let requests = Arc::new(AtomicUsize::new(0));
        let conditional = Arc::new(Mutex::new(Vec::new()));
        let (s, r, c) = (server.clone(), requests.clone(), conditional.clone());
        std::thread::spawn(move || {
            for request in s.incoming_requests() {
                r.fetch_add(1, Ordering::SeqCst);
                let inm = rolehop_tests::http::header(&request, "If-None-Match");
                let etag_header = tiny_http::Header::from_bytes("ETag", etag)
                    .unwrap_or_else(|_| panic!("header"));
                let response = if inm.as_deref() == Some(etag) {
                    c.lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push(etag.to_string());
                    tiny_http::Response::from_string("").with_status_code(304)
                } else {
                    tiny_http::Response::from_string(body)
                }
                .with_header(etag_header);
                let _ = request.respond(response);
            }
        });
        Self {
            server,
            port,
            requests,
            conditional,
        }
    }
}

#[test]
fn a_url_layer_is_fetched_with_its_etag_and_works_offline_from_the_cache() {
    let env = TestEnv::full();
    env.seed_alice(&[]);
    let server = TeamServer::start(TEAM, "\"v1\"");
    let url = format!("http://127.0.0.1:{}/team/catalog.toml", server.port);

    // Before any fetch the layer says how to get it.
    std::fs::write(
        env.catalog_path(),
        format!(
            "{}\n[[layer]]\nid = \"remote\"\nurl = \"{url}\"\n",
            std::fs::read_to_string(env.catalog_path()).unwrap_or_default()
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let layers = env.ok(&["layers"]);
    assert!(layers.contains("layers refresh"), "{layers}");

    env.ok(&["layers", "refresh"]);
    assert_eq!(source_of(&sources(&env), "globex-prod"), "remote");
    env.ok(&["layers", "refresh"]);
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
    assert_eq!(
        server
            .conditional
            .lock()
            .map(|c| c.clone())
            .unwrap_or_default(),
        ["\"v1\""],
        "the second fetch sends If-None-Match and gets a 304"
    );

    // Offline: the refresh fails and says the cache stays; everything still works.
    server.server.unblock();
    drop(server);
    let out = env
        .cmd()
        .args(["layers", "refresh"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("cached copy stays in use"),
        "{stderr}"
    );
    assert_eq!(source_of(&sources(&env), "globex-prod"), "remote");

    // Plain http to another host is refused by the catalog's own rules.
    let out = env
        .cmd()
        .args([
            "layers",
            "add",
            "other",
            "--url",
            "http://example.com/c.toml",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an https URL"));
}
