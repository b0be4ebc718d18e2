//! IAM Identity Center identities end to end, through the `rolehop` CLI against the Identity
//! Center stand-in (OIDC and portal APIs, reached only through `AWS_ENDPOINT_URL_SSO_OIDC` /
//! `AWS_ENDPOINT_URL_SSO`), moto behind the recording STS proxy (the stand-in's role credentials
//! are minted there), the federation stand-in and the Secret Service. The "browser" is curl:
//! it opens the sign-in page and clicks "Allow access", and follows console hand-offs.
// The suites drive Linux parts (Xvfb, D-Bus, the Secret Service, /proc): Linux only; the
// Windows and macOS builds are checked by the cross-checks in scripts/test.sh.
#![cfg(target_os = "linux")]
// Test code: a failed step is a failed test (see clippy.toml).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rolehop_tests::env::TestEnv;
use rolehop_tests::seed::client;
use rolehop_tests::sso_standin::Assignment;

const START_URL: &str = "https://my-org.awsapps.com/start";

fn assignments() -> Vec<Assignment> {
    vec![
        Assignment {
            account: "111111111111".into(),
            name: "Our organization".into(),
            roles: vec!["AdministratorAccess".into(), "ReadOnly".into()],
        },
        Assignment {
            account: "333333333333".into(),
            name: "Acme production".into(),
            roles: vec!["ReadOnly".into()],
        },
    ]
}

/// A world with the stand-in and a curl "browser".
fn world() -> TestEnv {
    let mut env = TestEnv::full();
    env.start_sso(assignments());
    env.use_curl_browser(None);
    env
}

fn setup_work(env: &TestEnv, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "setup",
        "--identity",
        "work",
        "--sso-start-url",
        START_URL,
        "--sso-region",
        "eu-west-1",
    ];
    args.extend_from_slice(extra);
    env.cmd().args(&args).output().unwrap()
}

fn shortcuts(env: &TestEnv) {
    env.seed(&[
        client("ops", "Our organization"),
        client("acme", "Acme Corp"),
    ]);
    for args in [
        &[
            "add",
            "shortcut",
            "base",
            "--client",
            "ops",
            "--identity",
            "work",
            "--account",
            "111111111111",
            "--role",
            "AdministratorAccess",
        ][..],
        &[
            "add",
            "shortcut",
            "direct",
            "--client",
            "acme",
            "--identity",
            "work",
            "--account",
            "333333333333",
            "--role",
            "ReadOnly",
        ][..],
        &[
            "add",
            "shortcut",
            "acme-prod",
            "--client",
            "acme",
            "--account",
            "222222222222",
            "--role",
            "ClientAdmin",
            "--via",
            "base",
        ][..],
    ] {
        env.ok(args);
    }
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn setup_signs_in_with_pkce_and_both_kinds_of_shortcut_land_in_their_accounts() {
    let env = world();
    let out = setup_work(&env, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let sso = env.sso();
    assert_eq!(
        sso.count("CreateToken:authorization_code"),
        1,
        "{:?}",
        sso.refusals()
    );
    assert_eq!(sso.count("Authorize"), 1);
    assert!(stderr(&out).contains("Identity `work` signs in to IAM Identity Center"));
    // The browser was given a private hand-off page, never the authorize URL itself: its
    // `state`, PKCE challenge and callback port stay off every command line.
    let followed = std::fs::read_to_string(env.root().join(rolehop_tests::env::HANDOFFS_SEEN))
        .unwrap_or_default();
    assert!(!followed.trim().is_empty(), "no hand-off page was followed");
    assert!(
        !followed.contains("code_challenge") && !followed.contains("state="),
        "{followed}"
    );
    // The tokens are in the keychain, the catalog names the portal only.
    let token = env
        .secrets()
        .lookup("identity/work/sso-token")
        .unwrap_or_default();
    assert!(
        token.contains("accessToken") || token.contains("access_token"),
        "{token}"
    );
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap();
    assert!(
        catalog.contains(&format!("sso_start_url = \"{START_URL}\""))
            && catalog.contains("sso_region = \"eu-west-1\""),
        "{catalog}"
    );
    assert!(
        !catalog.contains("account = \"\""),
        "no empty account: {catalog}"
    );

    // doctor says it is signed in (and sends nothing to check it).
    let doctor = env.cmd().arg("doctor").output().unwrap();
    let said = String::from_utf8_lossy(&doctor.stdout).into_owned() + &stderr(&doctor);
    assert!(
        said.contains("signed in to IAM Identity Center at https://my-org.awsapps.com/start"),
        "{said}"
    );

    shortcuts(&env);
    // A permission set straight from Identity Center: its own account, no SessionDuration.
    env.ok(&["open", "direct"]);
    // A client role chained from the base permission set.
    env.ok(&["open", "acme-prod"]);
    let standin = env.standin.as_ref().unwrap();
    let logins = standin.logins();
    assert_eq!(
        logins
            .iter()
            .map(|l| l.account.as_str())
            .collect::<Vec<_>>(),
        ["333333333333", "222222222222"],
        "{:?}",
        standin.refusals()
    );
    assert!(
        logins[0].arn.contains("AWSReservedSSO_ReadOnly"),
        "{}",
        logins[0].arn
    );
    assert_eq!(logins[0].session_duration, None);
    assert!(
        logins[1].arn.contains("assumed-role/ClientAdmin/"),
        "{}",
        logins[1].arn
    );
    // The chain: AssumeRole into the client signed by the base permission set's credentials.
    let proxy = env.proxy.as_ref().unwrap();
    let chained = proxy
        .registry
        .all_issued()
        .into_iter()
        .find(|i| {
            i.params
                .get("RoleArn")
                .is_some_and(|r| r.ends_with(":role/ClientAdmin"))
        })
        .expect("the chained AssumeRole");
    assert!(
        chained.signer.starts_with("ASIA"),
        "signed by role credentials: {}",
        chained.signer
    );
    assert_eq!(
        chained.params.get("DurationSeconds").map(String::as_str),
        Some("3600")
    );
    // credential_process for the AWS CLI: the permission set's account.
    let creds: serde_json::Value =
        serde_json::from_str(&env.ok(&["credential-process", "direct"])).unwrap();
    let (account, arn) = env
        .moto()
        .caller_identity(
            creds["AccessKeyId"].as_str().unwrap(),
            creds["SessionToken"].as_str(),
        )
        .unwrap();
    assert_eq!(account, "333333333333");
    assert!(arn.contains("AWSReservedSSO_ReadOnly"), "{arn}");
    // No token, client secret or credential in any file, log or command line.
    env.assert_no_leaks(&[out.stdout, out.stderr].concat());
    // `forget` removes the tokens and the sign-in's own browser profile.
    assert!(env.data_dir().join("sso/work").is_dir());
    env.ok(&["forget", "work"]);
    assert_eq!(env.secrets().lookup("identity/work/sso-token"), None);
    assert!(!env.data_dir().join("sso/work").exists());
}

#[test]
fn device_code_sign_in_then_silent_refresh_then_an_ended_session_asks_to_sign_in() {
    let env = world();
    // Recorded without signing in: opening says what to run, and nothing is stored.
    let out = setup_work(&env, &["--no-verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Not signed in yet: run `rolehop login work`"));
    shortcuts(&env);
    let out = env
        .cmd()
        .args(["credential-process", "direct"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("identity `work` needs to sign in to IAM Identity Center (https://my-org.awsapps.com/start): it has not signed in on this computer yet. Run `rolehop login work`"),
        "{}",
        stderr(&out)
    );

    // The device code flow: the code is shown, the page confirmed, the token stored.
    let sso = env.sso();
    sso.access_tokens_last(60);
    let out = env.cmd().args(["login", "--device-code"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.contains("confirm the code ABCD-") && said.contains("/device?user_code="),
        "{said}"
    );
    assert!(said.contains("Signed in identity `work`"), "{said}");
    assert_eq!(sso.count("StartDeviceAuthorization"), 1);
    assert_eq!(sso.count("Authorize"), 0, "no browser sign-in");

    // The access token lasts a minute, less than Rolehop's margin: the next open renews it
    // with the refresh token, without the browser.
    env.ok(&["credential-process", "direct"]);
    assert_eq!(sso.count("CreateToken:refresh_token"), 1);
    env.ok(&["credential-process", "base"]);
    assert_eq!(
        sso.count("CreateToken:refresh_token"),
        2,
        "short tokens are renewed each time"
    );

    // The Identity Center session ends: role credentials already fetched still serve (a chain
    // from `base` needs no Identity Center), a new permission set gets one clear error, the
    // dead token is dropped, and a new sign-in makes it work again.
    sso.end_sessions();
    sso.access_tokens_last(8 * 3600);
    env.ok(&["url", "acme-prod"]);
    env.ok(&[
        "add",
        "shortcut",
        "ops-ro",
        "--client",
        "ops",
        "--identity",
        "work",
        "--account",
        "111111111111",
        "--role",
        "ReadOnly",
    ]);
    let out = env.cmd().args(["url", "ops-ro"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("its Identity Center session has ended. Run `rolehop login work`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.secrets().lookup("identity/work/sso-token"), None);
    let out = env.cmd().args(["login", "work"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    env.ok(&["url", "ops-ro"]);
    env.assert_no_leaks(&[out.stdout, out.stderr].concat());
}

#[test]
fn identity_center_fields_are_checked_before_anything_happens() {
    let env = world();
    for (extra, want) in [
        (
            vec![
                "--sso-start-url",
                "http://my-org.awsapps.com/start",
                "--sso-region",
                "eu-west-1",
            ],
            "--sso-start-url: `http://my-org.awsapps.com/start` is not an IAM Identity Center start URL",
        ),
        (
            vec!["--sso-start-url", START_URL, "--sso-region", "mars-1"],
            "--sso-region:",
        ),
        (vec!["--sso-start-url", START_URL], "--sso-region"),
        (
            vec![
                "--sso-start-url",
                START_URL,
                "--sso-region",
                "eu-west-1",
                "--account",
                "111111111111",
            ],
            "cannot be used with",
        ),
    ] {
        let mut args = vec!["setup", "--identity", "work"];
        args.extend(extra.iter().copied());
        let out = env.cmd().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(env.sso().count("RegisterClient"), 0);
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap_or_default();
    assert!(!catalog.contains("sso_start_url"), "{catalog}");
    // An access-key identity cannot sign in.
    let out = env.cmd().args(["login", "nobody"]).output().unwrap();
    assert_ne!(out.status.code(), Some(0));
}

#[test]
fn discovery_lists_every_account_and_permission_set_and_a_refresh_shows_the_difference() {
    let mut env = TestEnv::full();
    // 50 accounts of 5 clients, each with two permission sets.
    let accounts: Vec<Assignment> = (0..50)
        .map(|i| Assignment {
            account: format!("{:012}", 100_000_000_000u64 + i),
            name: format!("client{}-env{i:02}", i % 5),
            roles: vec!["AdministratorAccess".into(), "ReadOnly".into()],
        })
        .collect();
    env.start_sso(accounts.clone());
    env.use_curl_browser(None);
    let out = setup_work(&env, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    env.ok(&["discover", "add", "sso", "--identity", "work"]);
    let preview = env.ok(&["discover", "sso"]);
    assert!(
        preview.contains("sso: 50 accounts -> 100 shortcuts in 5 clients (each permission set, IAM Identity Center identity work)")
            && preview.contains("Nothing was written"),
        "{preview}"
    );
    let sso = env.sso();
    assert!(
        sso.count("ListAccounts") >= 3,
        "paged: {}",
        sso.count("ListAccounts")
    );
    assert_eq!(sso.count("ListAccountRoles"), 50);
    let catalog_before = std::fs::read_to_string(env.catalog_path()).unwrap();
    env.ok(&["discover", "sso", "--apply"]);
    assert_eq!(
        std::fs::read_to_string(env.catalog_path()).unwrap(),
        catalog_before,
        "the personal catalog is not touched"
    );
    let list = env.ok(&["list"]);
    assert!(
        list.contains("client3-env13-readonly")
            && list.contains("client0-env00-administratoraccess"),
        "{list}"
    );
    // A discovered shortcut opens in its account.
    env.ok(&["open", "client3-env13-readonly"]);
    let logins = env.standin.as_ref().unwrap().logins();
    assert_eq!(
        logins.last().map(|l| l.account.as_str()),
        Some("100000000013")
    );

    // Identity Center changes: an account goes, another gets a third permission set.
    {
        let mut assigned = sso.records.assignments.lock().unwrap();
        assigned.retain(|a| a.account != "100000000007");
        if let Some(a) = assigned.iter_mut().find(|a| a.account == "100000000021") {
            a.roles.push("Billing".into());
        }
    }
    let refresh = env.ok(&["discover", "sso"]);
    assert!(
        refresh.contains("+ client1-env21-billing")
            && refresh.contains("- client2-env07-administratoraccess")
            && refresh.contains("- client2-env07-readonly"),
        "{refresh}"
    );
    assert!(
        !refresh.contains("+ client0-env00"),
        "unchanged rows are not repeated: {refresh}"
    );
}

/// The wizard sets up an Identity Center identity: the sign-in page opens in Chromium (a
/// Rolehop profile of its own), whose consent page is allowed there, Chromium follows the
/// redirect to Rolehop's loopback, and the wizard goes on to the client step by itself.
#[test]
fn the_wizard_signs_in_to_identity_center_through_chromium() {
    let mut env = TestEnv::full_with_desktop();
    env.start_sso(assignments());
    env.sso().approve_in_browser();
    let _watcher = rolehop_tests::tray::Watcher::start(&env.secrets().address, &env.display().name);
    let driver = rolehop_tests::webdriver::Driver::start(&env.vars());
    let session = driver.session(&rolehop_tests::env::rolehop_bin(), &[]);
    let wait = std::time::Duration::from_secs(30);
    session.wait_find("#identity-form", wait);
    session.click(&session.wait_find("#kind-sso", wait));
    session.wait_find("#sso-form", wait);
    // Checked as typed: an http portal address is named on its field.
    let url = session.wait_find("#sso-form [name=\"startUrl\"]", wait);
    session.type_into(&url, "http://my-org.awsapps.com/start");
    let said = rolehop_tests::eventually("the start URL's problem", wait, || {
        let p = session.wait_find("#sso-form [data-field=\"startUrl\"] .problem", wait);
        Some(session.text(&p)).filter(|t| !t.is_empty())
    });
    assert!(
        said.contains("is not an IAM Identity Center start URL"),
        "{said}"
    );
    session.set_value("#sso-form [name=\"startUrl\"]", START_URL);
    session.set_value("#sso-form [name=\"ssoRegion\"]", "eu-west-1");
    session.set_value("#sso-form [name=\"identity\"]", "work");
    let shot = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("../target"))
        .join("rolehop-screenshots");
    let _ = std::fs::create_dir_all(&shot);
    let path = shot.join("wizard-sso.png");
    rolehop_tests::eventually("the wizard drawn", wait, || {
        (env.display().screenshot_window("Set up Rolehop", &path)
            && std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) > 2_000)
            .then_some(())
    });
    session.click(&session.wait_find("#save-sso", wait));
    session.wait_text(
        "Signed in to IAM Identity Center as identity work",
        std::time::Duration::from_secs(120),
    );
    let sso = env.sso();
    assert_eq!(
        sso.count("CreateToken:authorization_code"),
        1,
        "{:?}",
        sso.refusals()
    );
    assert!(env.secrets().lookup("identity/work/sso-token").is_some());
    let catalog = std::fs::read_to_string(env.catalog_path()).unwrap();
    assert!(
        catalog.contains(&format!("sso_start_url = \"{START_URL}\"")),
        "{catalog}"
    );
    // The sign-in page opened in the identity's own Rolehop profile, not a console profile.
    assert!(env.data_dir().join("sso/work").is_dir());
    assert!(!env.data_dir().join("profiles/sso-work").exists());
    // Listed by `rolehop profiles`, with what removes it.
    let list = env.ok(&["profiles"]);
    assert!(
        list.contains("IAM Identity Center sign-in profiles")
            && list.contains("rolehop forget IDENTITY"),
        "{list}"
    );
    assert!(
        list.lines()
            .any(|l| l.starts_with("work ") && l.contains("/sso/work")),
        "{list}"
    );
    assert!(!env.data_dir().join("browsers").exists());
    env.assert_no_leaks(&env.app_logs());
}

/// The tray after the Identity Center session ended: two shortcuts opened at once (handed to
/// the running tray) wait for one sign-in — one consent page, one "sign in" notice — and then
/// both consoles open.
#[test]
fn the_tray_signs_in_once_for_several_opens_after_the_session_ended() {
    let mut env = TestEnv::full_with_desktop();
    env.start_sso(assignments());
    env.use_curl_browser(None);
    let out = setup_work(&env, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    shortcuts(&env);
    let sso = env.sso();
    sso.end_sessions();
    let authorized = sso.count("Authorize");
    let bus = env.secrets().address.clone();
    let _watcher = rolehop_tests::tray::Watcher::start(&bus, &env.display().name);
    let mut app = env.spawn_cmd().spawn().unwrap();
    rolehop_tests::eventually(
        "the tray to register",
        std::time::Duration::from_secs(30),
        || rolehop_tests::tray::tray_menu(&bus),
    );
    env.ok(&["open", "direct", "base"]);
    let standin = env.standin.as_ref().unwrap();
    rolehop_tests::eventually("both consoles", std::time::Duration::from_secs(90), || {
        let accounts: Vec<String> = standin.logins().iter().map(|l| l.account.clone()).collect();
        (accounts.contains(&"333333333333".to_string())
            && accounts.contains(&"111111111111".to_string()))
        .then_some(())
    });
    assert_eq!(
        sso.count("Authorize") - authorized,
        1,
        "one sign-in for both"
    );
    let logs = String::from_utf8_lossy(&env.app_logs()).into_owned();
    assert_eq!(
        logs.matches("Sign in to IAM Identity Center in the browser window that opened")
            .count(),
        1,
        "one notice: {logs}"
    );
    let _ = app.kill();
    let _ = app.wait();
    env.assert_no_leaks(&[]);
}

/// "Deny" on the portal's consent page: Rolehop says the sign-in was refused, in the
/// browser, and stores nothing; the stand-in saw no token asked for.
#[test]
fn a_denied_sign_in_says_so_and_stores_nothing() {
    let mut env = TestEnv::full();
    env.start_sso(assignments());
    env.use_curl_browser_answering(None, "deny");
    let out = setup_work(&env, &[]);
    let said = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("refused in the browser") && said.contains("access_denied"),
        "{said}"
    );
    assert_eq!(env.secrets().lookup("identity/work/sso-token"), None);
    assert_eq!(env.sso().count("CreateToken:authorization_code"), 0);
}

/// An authorization code that waited too long is refused at the exchange (as AWS refuses
/// it): the sign-in fails with a message, nothing is stored, and the next one works.
#[test]
fn an_expired_code_fails_the_sign_in_cleanly() {
    let env = world();
    *env.sso().records.code_lifetime.lock().unwrap() = -1;
    let out = setup_work(&env, &[]);
    let said = stderr(&out);
    assert_ne!(out.status.code(), Some(0), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    assert!(said.contains("work"), "{said}");
    assert!(
        env.sso()
            .refusals()
            .iter()
            .any(|r| r.contains("authorization code expired")),
        "{:?}",
        env.sso().refusals()
    );
    assert_eq!(env.secrets().lookup("identity/work/sso-token"), None);
    *env.sso().records.code_lifetime.lock().unwrap() = 300;
    let out = setup_work(&env, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The device code flow when the service says `slow_down`: Rolehop waits longer between
/// polls (it never polls faster than the interval, which the stand-in checks) and still signs
/// in.
#[test]
fn device_code_polling_slows_down_when_asked() {
    let env = world();
    let out = setup_work(&env, &["--no-verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    env.sso().slow_down(1);
    let out = env.cmd().args(["login", "--device-code"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(env.sso().count("CreateToken:device_code") >= 2);
    assert!(
        !env.sso()
            .refusals()
            .iter()
            .any(|r| r.contains("faster than the interval")),
        "{:?}",
        env.sso().refusals()
    );
}

/// The stand-in itself is as strict as AWS about where a code may go: only to a redirect URI
/// the client registered (a loopback one on any port).
#[test]
fn the_stand_in_sends_codes_only_to_registered_redirects() {
    let env = world();
    let sso = env.sso();
    let agent = rolehop_tests::http::agent();
    let mut registered = agent
        .post(&format!("{}/client/register", sso.endpoint()))
        .send(
            serde_json::json!({"clientName": "t", "clientType": "public",
                "grantTypes": ["authorization_code", "refresh_token"],
                "redirectUris": ["http://127.0.0.1/oauth/callback"]})
            .to_string()
            .as_str(),
        )
        .unwrap();
    let client: serde_json::Value =
        serde_json::from_str(&registered.body_mut().read_to_string().unwrap()).unwrap();
    let id = client["clientId"].as_str().unwrap();
    let status = |redirect: &str| {
        let url = format!(
            "{}/authorize?response_type=code&client_id={id}&redirect_uri={}&state=s&code_challenge={}&code_challenge_method=S256&scopes=sso:account:access",
            sso.endpoint(),
            url::form_urlencoded::byte_serialize(redirect.as_bytes()).collect::<String>(),
            "a".repeat(43)
        );
        match agent.get(&url).call() {
            Ok(r) => r.status().as_u16(),
            Err(ureq::Error::StatusCode(code)) => code,
            Err(e) => panic!("{e}"),
        }
    };
    assert_eq!(status("http://127.0.0.1:5555/oauth/callback"), 200);
    assert_eq!(status("http://evil.example/oauth/callback"), 400);
    assert_eq!(status("http://127.0.0.1:5555/elsewhere"), 400);
    assert_eq!(status("https://127.0.0.1:5555/oauth/callback"), 400);
}
