//! Team catalogs as read-only layers, through the CLI: a directory (a shared git checkout) and
//! an http(s) URL served by a local server that honours ETags. The personal file wins, origins
//! and conflicts are shown, a layer that could run code is refused whole, team shortcuts open
//! like personal ones (moto), and a URL layer keeps working from its cache when the server is
//! gone.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

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
    std::fs::create_dir_all(&team).unwrap();
    std::fs::write(team.join("clients.toml"), TEAM).unwrap();
    std::fs::write(
        team.join("evil.toml"),
        "schema_version = 1\n[[client]]\nid = \"evil\"\nname = \"Evil\"\n[[shortcut]]\nid = \"evil-prod\"\nclient = \"evil\"\naccount = \"444444444444\"\nrole = \"Admin\"\ndestination = \"https://attacker.example.com/\"\n",
    )
    .unwrap();
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
    let doctor = env.cmd().arg("doctor").output().unwrap();
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
        .unwrap();
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
    /// Every request's header names (lowercase), to show what a fetch sends.
    header_names: Arc<Mutex<Vec<String>>>,
}

impl TeamServer {
    fn start(body: &'static str, etag: &'static str) -> Self {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .unwrap_or_default();
        let requests = Arc::new(AtomicUsize::new(0));
        let conditional = Arc::new(Mutex::new(Vec::new()));
        let header_names = Arc::new(Mutex::new(Vec::new()));
        let (s, r, c, h) = (
            server.clone(),
            requests.clone(),
            conditional.clone(),
            header_names.clone(),
        );
        std::thread::spawn(move || {
            for request in s.incoming_requests() {
                r.fetch_add(1, Ordering::SeqCst);
                h.lock().unwrap_or_else(|p| p.into_inner()).extend(
                    request
                        .headers()
                        .iter()
                        .map(|x| x.field.as_str().as_str().to_ascii_lowercase()),
                );
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
            header_names,
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
    .unwrap();
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
    // A fetch tells the team's server nothing about where it came from: no Referer (nor a
    // cookie).
    let names = server
        .header_names
        .lock()
        .map(|h| h.clone())
        .unwrap_or_default();
    assert!(names.iter().any(|n| n == "host"), "{names:?}");
    assert!(
        !names.iter().any(|n| n == "referer" || n == "cookie"),
        "{names:?}"
    );

    // Offline: the refresh fails and says the cache stays; everything still works.
    server.server.unblock();
    drop(server);
    let out = env.cmd().args(["layers", "refresh"]).output().unwrap();
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
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an https URL"));
}

/// An https server for one file (openssl's own `s_server`), with a certificate from a test CA
/// that the test's commands trust through `SSL_CERT_FILE`.
struct HttpsServer {
    child: std::process::Child,
    port: u16,
    ca: std::path::PathBuf,
}

impl HttpsServer {
    fn start(dir: &std::path::Path, file: &str, body: &str) -> Self {
        let openssl = |args: &[&str]| {
            let out = std::process::Command::new("openssl")
                .args(args)
                .current_dir(dir)
                .output()
                .unwrap_or_else(|e| panic!("openssl: {e}"));
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=Rolehop Test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        openssl(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "srv.key",
            "-out",
            "srv.csr",
            "-subj",
            "/CN=localhost",
        ]);
        std::fs::write(
            dir.join("ext.cnf"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        openssl(&[
            "x509",
            "-req",
            "-in",
            "srv.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "srv.pem",
            "-days",
            "2",
            "-extfile",
            "ext.cnf",
        ]);
        let www = dir.join("www");
        std::fs::create_dir_all(&www).unwrap();
        // s_server -WWW serves the request target as a file name, query included.
        std::fs::write(www.join(file), body).unwrap();
        let port = rolehop_tests::moto::free_port();
        let child = std::process::Command::new("openssl")
            .args(["s_server", "-quiet", "-WWW", "-accept", &port.to_string()])
            .arg("-cert")
            .arg(dir.join("srv.pem"))
            .arg("-key")
            .arg(dir.join("srv.key"))
            .current_dir(&www)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("s_server: {e}"));
        // Started when it accepts connections.
        let start = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(start.elapsed().as_secs() < 30, "s_server did not start");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Self {
            child,
            port,
            ca: dir.join("ca.pem"),
        }
    }
}

impl Drop for HttpsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn an_https_layer_with_a_token_is_fetched_and_the_token_is_kept_out_of_files_and_messages() {
    let env = TestEnv::full();
    env.seed_alice(&[]);
    let certs = env.root().join("tls");
    std::fs::create_dir_all(&certs).unwrap();
    let token = "glpat-SECRETLAYERTOKEN";
    let server = HttpsServer::start(&certs, &format!("team.toml?private_token={token}"), TEAM);
    let url = format!(
        "https://localhost:{}/team.toml?private_token={token}",
        server.port
    );
    std::fs::write(
        env.catalog_path(),
        format!(
            "{}\n[[layer]]\nid = \"remote\"\nurl = \"{url}\"\n",
            std::fs::read_to_string(env.catalog_path()).unwrap_or_default()
        ),
    )
    .unwrap();
    let out = env
        .cmd()
        .env("SSL_CERT_FILE", &server.ca)
        .args(["layers", "refresh"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{stderr}");
    assert_eq!(source_of(&sources(&env), "globex-prod"), "remote");
    let listed = env.ok(&["layers"]);
    for text in [&stderr, &stdout, &listed] {
        assert!(!text.contains(token), "the token shows: {text}");
    }
    // The token is in the catalog (where the person put it) and in no file Rolehop wrote.
    let hits =
        rolehop_tests::scan::files_containing(&env.data_dir(), &[token.to_string()], &|_| false);
    assert!(hits.is_empty(), "{hits:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let layers = env.data_dir().join("layers");
        let mode = |p: &std::path::Path| {
            std::fs::metadata(p)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0)
        };
        assert_eq!(mode(&layers), 0o700);
        assert_eq!(mode(&layers.join("remote.toml")), 0o600);
        assert_eq!(mode(&layers.join("remote.json")), 0o600);
    }
    // Without the test CA the server is not trusted: refused, the cached copy stays.
    let out = env.cmd().args(["layers", "refresh"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("cached copy stays in use"),
        "{stderr}"
    );
    assert!(!stderr.contains(token), "{stderr}");
}

#[test]
fn a_layer_that_redirects_to_another_host_is_not_followed() {
    let env = TestEnv::full();
    env.seed_alice(&[]);
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or_default();
    let asked = Arc::new(AtomicUsize::new(0));
    let (s, a) = (server.clone(), asked.clone());
    std::thread::spawn(move || {
        for request in s.incoming_requests() {
            a.fetch_add(1, Ordering::SeqCst);
            // The same port under another name: another host as far as the token goes.
            let location = format!("http://localhost:{port}/elsewhere.toml");
            let response = tiny_http::Response::from_string("")
                .with_status_code(302)
                .with_header(
                    tiny_http::Header::from_bytes("Location", location.as_bytes())
                        .unwrap_or_else(|_| panic!("header")),
                );
            let _ = request.respond(response);
        }
    });
    std::fs::write(
        env.catalog_path(),
        format!(
            "{}\n[[layer]]\nid = \"remote\"\nurl = \"http://127.0.0.1:{port}/team.toml?token=abc\"\n",
            std::fs::read_to_string(env.catalog_path()).unwrap_or_default()
        ),
    )
    .unwrap();
    let out = env.cmd().args(["layers", "refresh"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("another host or plain http"), "{stderr}");
    assert_eq!(
        asked.load(Ordering::SeqCst),
        1,
        "the redirect was not followed"
    );
    assert!(!stderr.contains("token=abc"), "{stderr}");
    server.unblock();
}

/// A team URL whose body never ends (chunked, no length): the fetch stops reading at the
/// 8 MB cap and says so, instead of buffering all it is sent (6.5 GB in 15 s before).
#[test]
fn an_endless_layer_body_is_cut_at_the_cap() {
    use std::io::{Read, Write};
    let env = TestEnv::full();
    env.seed_alice(&[]);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        // The request's head, then a body that goes on until the client hangs up.
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
            head.push(byte[0]);
        }
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n",
        );
        let line = "# a team catalog that never ends\n".repeat(2000);
        let chunk = format!("{:x}\r\n{line}\r\n", line.len());
        while stream.write_all(chunk.as_bytes()).is_ok() {
            counter.fetch_add(line.len(), Ordering::SeqCst);
        }
    });
    std::fs::write(
        env.catalog_path(),
        format!(
            "{}\n[[layer]]\nid = \"remote\"\nurl = \"http://127.0.0.1:{port}/team.toml\"\n",
            std::fs::read_to_string(env.catalog_path()).unwrap_or_default()
        ),
    )
    .unwrap();
    let out = env.cmd().args(["layers", "refresh"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("larger than 8 MB"), "{stderr}");
    // What the server got out: the cap and what the sockets' buffers hold, not gigabytes.
    let total = sent.load(Ordering::SeqCst);
    assert!(total < 24 * 1024 * 1024, "{total} bytes were read");
    assert!(
        !env.data_dir().join("layers").join("remote.toml").exists(),
        "nothing is kept of it"
    );
}
