//! The whole flow against real parts: moto (behind the recording proxy) for STS, gnome-keyring's
//! Secret Service for the keychain, the federation stand-in for console sign-in, all driven
//! through the `rolehop` CLI with only the documented environment variables.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolehop_tests::env::TestEnv;
use rolehop_tests::http::{agent, form};
use rolehop_tests::scan::{contains, files_containing};
use rolehop_tests::seed::{client, shortcut};

const HOME_ACCOUNT: &str = "111111111111";
const MFA: &str = "arn:aws:iam::111111111111:mfa/alice";

fn setup_alice(env: &TestEnv) -> (String, String) {
    let (key, secret) = env.moto().create_user(HOME_ACCOUNT, "alice");
    env.setup(
        "alice",
        HOME_ACCOUNT,
        &key,
        &secret,
        &["--mfa-serial", MFA, "--region", "eu-west-1"],
    );
    env.seed(&[client("acme", "Acme Corp").color("#d13212")]);
    env.seed(&[client("beta", "Beta GmbH")]);
    (key, secret)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn creds_of(env: &TestEnv, shortcut: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["credential-process", shortcut];
    args.extend_from_slice(extra);
    let v = json(&env.ok(&args));
    assert_eq!(v["Version"], 1);
    assert!(
        v["Expiration"].as_str().is_some_and(|e| e.ends_with('Z')),
        "{v}"
    );
    v
}

fn caller(env: &TestEnv, creds: &serde_json::Value) -> (String, String) {
    env.moto()
        .caller_identity(
            creds["AccessKeyId"].as_str().unwrap_or_default(),
            creds["SessionToken"].as_str(),
        )
        .unwrap_or_else(|| panic!("GetCallerIdentity failed for {creds}"))
}

#[test]
fn three_accounts_from_one_identity_with_one_daily_session_and_a_chain() {
    let env = TestEnv::full();
    let (key, secret) = setup_alice(&env);

    // The keys are in the Secret Service, where secret-tool sees them.
    let stored = env
        .secrets()
        .lookup("identity/alice/keys")
        .unwrap_or_default();
    assert!(
        stored.contains(&key) && stored.contains(&secret),
        "keychain entry: {stored:?}"
    );
    // The catalog names the identity, and no secret.
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
    assert!(
        catalog.contains("id = \"alice\"") && catalog.contains("session_name = \"alice\""),
        "{catalog}"
    );
    assert!(!catalog.contains(&secret));

    env.seed(&[shortcut("acme-prod", "acme", "222222222222", "Admin")]);
    env.seed(&[shortcut("acme-stage", "acme", "333333333333", "ReadOnly").label("Staging")]);
    env.seed(&[shortcut("beta-prod", "beta", "444444444444", "Admin")
        .with(&["--external-id", "beta-7f3a9c"])]);
    env.seed(
        &[shortcut("acme-deep", "acme", "555555555555", "Deep").with(&["--via", "acme-prod"])],
    );

    let proxy = env.proxy.as_ref().unwrap_or_else(|| panic!("proxy"));
    let prod = creds_of(&env, "acme-prod", &["--mfa-code", "123456"]);
    assert_eq!(
        caller(&env, &prod),
        (
            "222222222222".into(),
            "arn:aws:sts::222222222222:assumed-role/Admin/alice".into()
        )
    );
    // No MFA code this time: the daily session is cached.
    let stage = creds_of(&env, "acme-stage", &[]);
    assert_eq!(
        caller(&env, &stage),
        (
            "333333333333".into(),
            "arn:aws:sts::333333333333:assumed-role/ReadOnly/alice".into()
        )
    );
    let beta = creds_of(&env, "beta-prod", &[]);
    assert_eq!(caller(&env, &beta).0, "444444444444");

    // `daily`: one GetSessionToken, with the MFA device and code, reused for every shortcut.
    assert_eq!(proxy.registry.count("GetSessionToken"), 1);
    assert_eq!(proxy.registry.count("AssumeRole"), 3);
    let issued = proxy.registry.all_issued();
    let session = issued
        .iter()
        .find(|i| i.action == "GetSessionToken")
        .unwrap_or_else(|| panic!("no session"));
    assert_eq!(session.signer, key);
    assert_eq!(
        session.params.get("SerialNumber").map(String::as_str),
        Some(MFA)
    );
    assert_eq!(
        session.params.get("TokenCode").map(String::as_str),
        Some("123456")
    );
    for role in issued.iter().filter(|i| i.action == "AssumeRole") {
        assert_eq!(
            role.signer, session.access_key_id,
            "daily roles are signed by the session"
        );
        assert_eq!(
            role.params.get("DurationSeconds").map(String::as_str),
            Some("3600")
        );
        assert_eq!(
            role.params.get("RoleSessionName").map(String::as_str),
            Some("alice")
        );
        assert!(!role.params.contains_key("TokenCode"));
    }
    let beta_call = proxy
        .registry
        .issued(beta["AccessKeyId"].as_str().unwrap_or_default())
        .unwrap_or_else(|| panic!("beta"));
    assert_eq!(
        beta_call.params.get("ExternalId").map(String::as_str),
        Some("beta-7f3a9c")
    );

    // Role chaining: acme-deep is assumed with acme-prod's role credentials.
    let deep = creds_of(&env, "acme-deep", &[]);
    assert_eq!(caller(&env, &deep).0, "555555555555");
    let deep_call = proxy
        .registry
        .issued(deep["AccessKeyId"].as_str().unwrap_or_default())
        .unwrap_or_else(|| panic!("deep"));
    assert_eq!(
        deep_call.signer,
        prod["AccessKeyId"].as_str().unwrap_or_default()
    );

    // Cached role credentials are reused, with no new STS call.
    let again = creds_of(&env, "acme-prod", &[]);
    assert_eq!(again["AccessKeyId"], prod["AccessKeyId"]);
    assert_eq!(proxy.registry.count("AssumeRole"), 4);
    assert_eq!(proxy.registry.count("GetSessionToken"), 1);

    // doctor: every check passes against the local endpoints (overrides are flagged as warnings).
    let report = env.ok(&["doctor"]);
    assert!(report.contains("ok    keychain: reachable"), "{report}");
    assert!(
        report.contains(&format!(
            "ok    identity alice: key {key} works: arn:aws:iam::111111111111:user/alice"
        )),
        "{report}"
    );
    assert!(
        report.contains("sign-in endpoint") && !report.contains("FAIL"),
        "{report}"
    );

    let list = json(&env.ok(&["list", "--json"]));
    let rows = list.as_array().unwrap_or_else(|| panic!("{list}"));
    assert_eq!(rows.len(), 4);
    let deep_row = rows
        .iter()
        .find(|r| r["id"] == "acme-deep")
        .unwrap_or_else(|| panic!("{list}"));
    for k in [
        "id", "client", "label", "account", "role", "region", "session", "source",
    ] {
        assert!(!deep_row[k].is_null(), "missing {k} in {deep_row}");
    }
    assert_eq!(deep_row["via"], "acme-prod");
    assert_eq!(deep_row["region"], "eu-west-1");
}

fn follow_login(url: &str) -> (String, String) {
    let agent = agent();
    let mut response = agent
        .get(url)
        .call()
        .unwrap_or_else(|e| panic!("login: {e}"));
    assert_eq!(
        response.status().as_u16(),
        302,
        "login refused: {}",
        response.body_mut().read_to_string().unwrap_or_default()
    );
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|c| c.split(';').next().map(str::to_string))
        .collect();
    let base = url.split("/federation").next().unwrap_or_default();
    let mut page = agent
        .get(&format!("{base}/console"))
        .header("Cookie", &cookies.join("; "))
        .call()
        .unwrap_or_else(|e| panic!("console: {e}"));
    (
        cookies.join("; "),
        page.body_mut().read_to_string().unwrap_or_default(),
    )
}

#[test]
fn sign_in_urls_land_on_the_right_account_with_session_duration_only_where_allowed() {
    let env = TestEnv::full();
    setup_alice(&env);
    env.seed(&[
        shortcut("acme-prod", "acme", "222222222222", "Admin").with(&["--destination", "s3"])
    ]);
    env.seed(&[
        shortcut("acme-long", "acme", "333333333333", "Admin").with(&[
            "--session",
            "long",
            "--duration",
            "2h",
        ]),
    ]);
    env.seed(
        &[shortcut("beta-long", "beta", "444444444444", "Admin").with(&["--session", "long"])],
    );
    env.seed(
        &[shortcut("acme-deep", "acme", "555555555555", "Deep").with(&["--via", "acme-prod"])],
    );
    let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
    let proxy = env.proxy.as_ref().unwrap_or_else(|| panic!("proxy"));

    // daily: accepted without SessionDuration, lands on account 222222222222 at S3.
    let url = env.ok(&["url", "acme-prod", "--mfa-code", "123456"]);
    let url = url.trim();
    assert!(
        url.starts_with(&format!("{}?Action=login&", standin.federation_url())),
        "{url}"
    );
    let (cookie, page) = follow_login(url);
    assert!(cookie.contains("standin_account=222222222222"), "{cookie}");
    assert!(page.contains("Signed in to account 222222222222"), "{page}");
    let login = standin.logins().pop().unwrap_or_else(|| panic!("no login"));
    assert_eq!(login.session_duration, None);
    assert_eq!(
        login.destination,
        "https://console.aws.amazon.com/s3/home?region=eu-west-1"
    );
    assert!(login.arn.ends_with(":assumed-role/Admin/alice"));

    // long: AssumeRole with the base keys and MFA, console with SessionDuration.
    let url = env.ok(&["url", "acme-long", "--mfa-code", "654321"]);
    let (_, page) = follow_login(url.trim());
    assert!(page.contains("Signed in to account 333333333333"), "{page}");
    let login = standin.logins().pop().unwrap_or_else(|| panic!("no login"));
    let duration = login.session_duration.unwrap_or_default();
    assert!(
        (7000..=7200).contains(&duration),
        "SessionDuration {duration}"
    );
    let long_call = proxy
        .registry
        .all_issued()
        .into_iter()
        .rfind(|i| i.action == "AssumeRole")
        .unwrap_or_else(|| panic!("no call"));
    assert!(long_call.signer.starts_with("AKIA"));
    assert_eq!(
        long_call.params.get("DurationSeconds").map(String::as_str),
        Some("7200")
    );
    assert_eq!(
        long_call.params.get("TokenCode").map(String::as_str),
        Some("654321")
    );

    // A second long session inside the same TOTP window needs a new code: say so, call nothing.
    let before = proxy.registry.count("AssumeRole");
    let out = env
        .cmd()
        .args(["url", "beta-long", "--mfa-code", "654321"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("already used") && stderr.contains("wait"),
        "{stderr}"
    );
    assert_eq!(proxy.registry.count("AssumeRole"), before);
    // And with no code and no terminal, it says to pass --mfa-code.
    let out = env.cmd().args(["url", "beta-long"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--mfa-code"));

    // Revoked cached role credentials: the sign-in refuses them, Rolehop renews them once
    // (no MFA in daily mode) and the URL still works.
    let cached = env
        .secrets()
        .lookup("shortcut/acme-prod/role")
        .unwrap_or_default();
    let mut revoked = json(&cached);
    revoked["secret_access_key"] = serde_json::Value::String("revoked".into());
    assert!(
        env.secrets()
            .store("shortcut/acme-prod/role", &revoked.to_string())
    );
    let before = proxy.registry.count("AssumeRole");
    let url = env.ok(&["url", "acme-prod"]);
    let (_, page) = follow_login(url.trim());
    assert!(page.contains("Signed in to account 222222222222"), "{page}");
    assert_eq!(proxy.registry.count("AssumeRole"), before + 1);
    assert!(
        standin
            .refusals()
            .iter()
            .any(|r| r.contains("do not match")),
        "{:?}",
        standin.refusals()
    );

    // Chained: no SessionDuration, accepted.
    let url = env.ok(&["url", "acme-deep"]);
    let (_, page) = follow_login(url.trim());
    assert!(page.contains("Signed in to account 555555555555"), "{page}");
    assert_eq!(
        standin.logins().pop().and_then(|l| l.session_duration),
        None
    );

    // The stand-in rejects what AWS rejects: SessionDuration with chained credentials, and
    // GetSessionToken credentials at all.
    let issued = proxy.registry.all_issued();
    let chained = issued
        .iter()
        .rfind(|i| i.action == "AssumeRole" && i.signer.starts_with("ASIA"))
        .unwrap_or_else(|| panic!("chained"));
    let session = issued
        .iter()
        .find(|i| i.action == "GetSessionToken")
        .unwrap_or_else(|| panic!("session"));
    for (creds, duration) in [(chained, Some("3600")), (session, None)] {
        let json = serde_json::json!({"sessionId": creds.access_key_id, "sessionKey": creds.secret_access_key, "sessionToken": creds.session_token}).to_string();
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        q.append_pair("Action", "getSigninToken");
        if let Some(d) = duration {
            q.append_pair("SessionDuration", d);
        }
        q.append_pair("Session", &json);
        let response = agent()
            .get(&format!("{}?{}", standin.federation_url(), q.finish()))
            .call()
            .unwrap();
        assert_eq!(response.status().as_u16(), 400);
    }
}

#[test]
fn no_secret_reaches_a_file_or_a_log_and_forget_removes_everything() {
    let env = TestEnv::full();
    let (key, secret) = env.moto().create_user(HOME_ACCOUNT, "alice");
    let mut logs = Vec::new();
    let mut run = |args: &[&str], stdin: Option<String>| -> String {
        let mut cmd = env.cmd();
        cmd.arg("-vv").args(args);
        if let Some(s) = stdin {
            cmd.write_stdin(s);
        }
        let out = cmd.output().unwrap();
        logs.extend_from_slice(&out.stderr);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(
        &[
            "setup",
            "--identity",
            "alice",
            "--account",
            HOME_ACCOUNT,
            "--access-key-id",
            &key,
            "--mfa-serial",
            MFA,
            "--secret-stdin",
        ],
        Some(format!("{secret}\n")),
    );
    run(&["add", "client", "acme", "--name", "Acme"], None);
    run(
        &[
            "add",
            "shortcut",
            "acme-prod",
            "--client",
            "acme",
            "--account",
            "222222222222",
            "--role",
            "Admin",
        ],
        None,
    );
    run(
        &[
            "add",
            "shortcut",
            "acme-long",
            "--client",
            "acme",
            "--account",
            "333333333333",
            "--role",
            "Admin",
            "--session",
            "long",
        ],
        None,
    );
    let url1 = run(&["url", "acme-prod", "--mfa-code", "123456"], None);
    let url2 = run(&["url", "acme-long", "--mfa-code", "234567"], None);
    let creds = run(&["credential-process", "acme-prod"], None);
    run(&["list"], None);

    let proxy = env.proxy.as_ref().unwrap_or_else(|| panic!("proxy"));
    let mut needles = vec![secret.clone()];
    for issued in proxy.registry.all_issued() {
        needles.push(issued.secret_access_key);
        needles.push(issued.session_token);
    }
    for url in [&url1, &url2] {
        let token = form(
            url.trim()
                .split_once('?')
                .map(|(_, q)| q)
                .unwrap_or_default(),
        )
        .remove("SigninToken")
        .unwrap_or_else(|| panic!("no token in {url}"));
        needles.push(token.clone());
        // The whole sign-in URL too (it is the bearer secret).
        needles.push(url.trim().to_string());
    }
    assert!(needles.len() >= 7, "{}", needles.len());
    assert!(
        creds.contains(&needles[1]) || creds.contains(&needles[3]),
        "credential-process printed the role secret"
    );

    // Files: config, data and cache dirs and the whole home (the keyring files are encrypted).
    let hits = files_containing(env.root(), &needles, &|_| false);
    assert!(hits.is_empty(), "secrets found in files: {hits:?}");
    // Logs: everything the commands wrote to stderr at -vv.
    for (i, needle) in needles.iter().enumerate() {
        assert!(
            !contains(&logs, needle.as_bytes()),
            "secret #{i} found in the logs"
        );
    }
    assert!(!logs.is_empty());

    // forget removes keys, the daily session and cached role credentials.
    for entry in [
        "identity/alice/keys",
        "identity/alice/session",
        "shortcut/acme-prod/role",
        "shortcut/acme-long/role",
    ] {
        assert!(
            env.secrets().lookup(entry).is_some(),
            "{entry} should be stored before forget"
        );
    }
    let out = env.cmd().args(["forget", "alice"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Forgot identity `alice`"));
    for entry in [
        "identity/alice/keys",
        "identity/alice/session",
        "identity/alice/mfa-used",
        "shortcut/acme-prod/role",
        "shortcut/acme-long/role",
    ] {
        assert_eq!(env.secrets().lookup(entry), None, "{entry} survived forget");
    }
    // Without keys, the flow says how to set them up again.
    let out = env
        .cmd()
        .args(["url", "acme-prod", "--mfa-code", "345678"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rolehop setup --identity alice"));
}

/// A sign-in in each partition, end to end: an identity set up with `setup --partition`, the
/// daily session and the role assumed in the partition's own region (moto answers with the
/// partition's ARNs), and the federation stand-in, which only lets a session land on its own
/// partition's console, signs it in: GovCloud, China and the AWS European Sovereign Cloud.
#[test]
fn a_sign_in_in_every_partition() {
    for (partition, console) in [
        ("aws-us-gov", "console.amazonaws-us-gov.com"),
        ("aws-cn", "console.amazonaws.cn"),
        ("aws-eusc", "console.amazonaws-eusc.eu"),
    ] {
        let env = TestEnv::full();
        let (key, secret) = env.moto().create_user(HOME_ACCOUNT, "alice");
        env.setup(
            "alice",
            HOME_ACCOUNT,
            &key,
            &secret,
            &["--partition", partition],
        );
        env.seed(&[client("acme", "Acme Corp")]);
        env.seed(&[shortcut("acme-prod", "acme", "222222222222", "Admin")]);
        let standin = env.standin.as_ref().unwrap_or_else(|| panic!("standin"));
        let url = env.ok(&["url", "acme-prod"]);
        let url = url.trim();
        let (cookie, page) = follow_login(url);
        assert!(
            cookie.contains("standin_account=222222222222"),
            "{partition}: {cookie}"
        );
        assert!(page.contains("Signed in to account 222222222222"), "{page}");
        let login = standin.logins().pop().unwrap_or_else(|| panic!("no login"));
        assert!(
            login.arn.starts_with(&format!(
                "arn:{partition}:sts::222222222222:assumed-role/Admin/"
            )),
            "{partition}: {}",
            login.arn
        );
        let host = url::Url::parse(&login.destination)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        assert!(
            host == console || host.ends_with(&format!(".{console}")),
            "{partition}: {}",
            login.destination
        );
        // The same kind of session may not land on another partition's console.
        let url = env.ok(&["url", "acme-prod"]);
        let mut parsed = url::Url::parse(url.trim()).unwrap();
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(k, v)| {
                let v = if k == "Destination" {
                    "https://console.aws.amazon.com/console/home".to_string()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
        let refused = agent().get(parsed.as_str()).call().unwrap();
        assert_eq!(refused.status().as_u16(), 400, "{partition}");
    }
}

/// A label holding terminal controls (a team layer's, an import's) is printed through the one
/// terminal sanitiser: `open`'s "Opened …" line carries no ESC, BEL or CR (before, the OSC in
/// it retitled the terminal and the CR rewrote the line).
#[test]
fn an_open_prints_a_label_with_terminal_controls_harmlessly() {
    let env = TestEnv::full();
    env.seed_alice(&[]);
    env.seed(&[shortcut("acme-esc", "acme", "333333333333", "Admin")
        .label("Prod\u{1b}]0;pwned\u{7}\rOpened nothing")]);
    env.use_curl_browser(None);
    let out = env.cmd().args(["open", "acme-esc"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Opened acme-esc"), "{stderr}");
    for c in ['\u{1b}', '\u{7}', '\r'] {
        assert!(
            !stderr.contains(c),
            "{c:?} reached the terminal: {stderr:?}"
        );
    }
    assert!(
        stderr.contains("Prod\u{fffd}]0;pwned\u{fffd}"),
        "{stderr:?}"
    );
}
