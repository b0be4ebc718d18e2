//! The open flow with fakes at every seam: STS, the sign-in endpoint, the keychain and the
//! process launcher (a fake "browser" that follows the hand-off like a real one would).

use std::cell::RefCell;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};

use super::*;
use crate::broker::FixedCode;
use crate::broker::sts::{AssumeRoleRequest, CallerIdentity, SessionTokenRequest, StsFailure};
use crate::browser::detect::{Found, Launcher, Os};
use crate::browser::plan::LaunchPlan;
use crate::browser::{BrowserError, BrowserKind, ProcessLauncher, profile};
use crate::link::target::Target;
use crate::vault::{BaseKeys, MemoryKeychain};
use std::time::Duration;

#[derive(Default)]
struct CountingSts {
    calls: RefCell<Vec<&'static str>>,
}

impl Sts for CountingSts {
    async fn get_session_token(
        &self,
        _: &AwsCredentials,
        r: &SessionTokenRequest,
    ) -> Result<AwsCredentials, StsFailure> {
        tokio::task::yield_now().await;
        self.calls.borrow_mut().push("GetSessionToken");
        Ok(creds("SESSION", r.duration_secs))
    }
    async fn assume_role(
        &self,
        _: &AwsCredentials,
        r: &AssumeRoleRequest,
    ) -> Result<AwsCredentials, StsFailure> {
        tokio::task::yield_now().await;
        self.calls.borrow_mut().push("AssumeRole");
        Ok(creds("ROLE", r.duration_secs))
    }
    async fn caller_identity(
        &self,
        _: &AwsCredentials,
        _: &str,
    ) -> Result<CallerIdentity, StsFailure> {
        Err(StsFailure::Throttled)
    }
}

fn creds(kind: &str, secs: u32) -> AwsCredentials {
    AwsCredentials {
        access_key_id: format!("ASIA{kind}"),
        secret_access_key: Secret::new("s"),
        session_token: Some(Secret::new("t")),
        expires_at: Some(now_unix() + i64::from(secs)),
        origin: CredentialOrigin::SessionToken,
    }
}

struct FakeSignin;

impl SigninClient for FakeSignin {
    async fn signin_token(&self, _: &str, _: &Secret) -> Result<Secret, FederationError> {
        Ok(Secret::new("the-signin-token"))
    }
}

/// A browser that, like a real one, requests the URL it is given and records the answer.
#[derive(Default)]
struct FakeBrowser {
    plans: Mutex<Vec<LaunchPlan>>,
    answers: Arc<Mutex<Vec<String>>>,
    fail: bool,
}

impl ProcessLauncher for FakeBrowser {
    fn launch(&self, plan: &LaunchPlan) -> Result<(), BrowserError> {
        if let Ok(mut p) = self.plans.lock() {
            p.push(plan.clone());
        }
        if self.fail {
            return Err(BrowserError::ExitedAtOnce {
                program: plan.program.clone(),
                status: "exit status: 1".into(),
            });
        }
        let given = plan.args.last().cloned().unwrap_or_default();
        let answers = self.answers.clone();
        std::thread::spawn(move || {
            // The hand-off page forwards to the loopback URL, as a browser would follow it.
            let url = match url::Url::parse(&given)
                .ok()
                .filter(|u| u.scheme() == "file")
                .and_then(|u| u.to_file_path().ok())
            {
                Some(path) => std::fs::read_to_string(path)
                    .unwrap_or_default()
                    .split("url=")
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .unwrap_or_default()
                    .to_string(),
                None => given,
            };
            let rest = url.trim_start_matches("http://");
            let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
            if let Ok(mut s) = std::net::TcpStream::connect(host) {
                let _ = write!(s, "GET /{path} HTTP/1.1\r\nHost: {host}\r\n\r\n");
                let mut out = String::new();
                let _ = s.read_to_string(&mut out);
                if let Ok(mut a) = answers.lock() {
                    a.push(out);
                }
            }
        });
        Ok(())
    }
}

const CATALOG: &str = r##"
browser = "firefox"
[[identity]]
id = "me"
account = "111111111111"
mfa_serial = "arn:aws:iam::111111111111:mfa/me"
[[client]]
id = "acme"
name = "Acme Corp"
browser = "brave"
[[client]]
id = "beta"
name = "Beta"
[[shortcut]]
id = "prod"
client = "acme"
label = "Production"
account = "222222222222"
role = "Admin"
browser = "chromium"
[[shortcut]]
id = "stage"
client = "acme"
account = "333333333333"
role = "Admin"
[[shortcut]]
id = "beta"
client = "beta"
account = "444444444444"
role = "Admin"
"##;

fn found(kinds: &[BrowserKind]) -> Vec<Found> {
    kinds
        .iter()
        .map(|k| Found {
            kind: *k,
            program: format!("/usr/bin/{k}"),
            launcher: Launcher::Direct,
            source: "PATH",
        })
        .collect()
}

fn run<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

#[test]
fn the_browser_is_chosen_by_flag_then_shortcut_then_client_then_catalog_then_first_found() {
    let catalog: Catalog = toml::from_str(CATALOG).unwrap();
    let all = found(&[
        BrowserKind::Chromium,
        BrowserKind::Brave,
        BrowserKind::Firefox,
    ]);
    let pick = |id: &str, flag: Option<BrowserKind>| {
        choose_browser(&catalog, id, flag, &all)
            .map(|(k, _)| k)
            .ok()
    };
    assert_eq!(
        pick("prod", Some(BrowserKind::Firefox)),
        Some(BrowserKind::Firefox)
    );
    assert_eq!(pick("prod", None), Some(BrowserKind::Chromium));
    assert_eq!(pick("stage", None), Some(BrowserKind::Brave));
    assert_eq!(pick("beta", None), Some(BrowserKind::Firefox));
    let mut bare = catalog.clone();
    bare.browser = None;
    assert_eq!(
        choose_browser(&bare, "beta", None, &all)
            .map(|(k, _)| k)
            .ok(),
        Some(BrowserKind::Chromium)
    );
    assert!(matches!(
        choose_browser(&bare, "beta", None, &[]),
        Err(Error::Browser(BrowserError::NoneFound))
    ));
    assert!(matches!(
        choose_browser(&catalog, "prod", None, &found(&[BrowserKind::Firefox])),
        Err(Error::Browser(BrowserError::Missing { .. }))
    ));
    assert!(matches!(
        choose_browser(&catalog, "prod", Some(BrowserKind::Custom), &all),
        Err(Error::Browser(BrowserError::NoCustomCommand))
    ));
    assert_eq!(
        choose_browser(&catalog, "prod", Some(BrowserKind::Default), &[])
            .map(|(k, f)| (k, f.is_none()))
            .ok(),
        Some((BrowserKind::Default, true))
    );
}

struct World {
    catalog: Catalog,
    vault: Vault<MemoryKeychain>,
    limits: RoleLimits,
    data: tempfile::TempDir,
}

fn world() -> World {
    let catalog: Catalog = toml::from_str(CATALOG).unwrap();
    let vault = Vault::new(MemoryKeychain::default());
    vault
        .store_base_keys(
            "me",
            &BaseKeys {
                access_key_id: "AKIAME".into(),
                secret_access_key: Secret::new("base"),
            },
        )
        .unwrap();
    World {
        catalog,
        vault,
        limits: RoleLimits::in_memory(),
        data: tempfile::tempdir().unwrap(),
    }
}

#[test]
fn opening_several_shares_one_mfa_code_and_hands_off_through_loopback() {
    let w = world();
    let sts = CountingSts::default();
    let mfa = FixedCode::new(Secret::new("123456"));
    let engine = Engine {
        catalog: &w.catalog,
        vault: &w.vault,
        sts: &sts,
        signin: &FakeSignin,
        mfa: &mfa,
        limits: &w.limits,
    };
    let browser = FakeBrowser::default();
    let installed = found(&[BrowserKind::Chromium, BrowserKind::Brave]);
    let browsers = Browsers {
        found: &installed,
        data_dir: w.data.path(),
        os: Os::Linux,
        is_root: false,
        launcher: &browser,
        handoff_wait: Duration::from_secs(10),
        work_area: None,
        console_host: None,
    };
    let ids = vec![Target::plain("prod"), Target::plain("stage")];
    let results = run(engine.open_many(&ids, &OpenOptions::default(), &browsers));
    let opened: Vec<Opened> = results.into_iter().map(|r| r.unwrap()).collect();
    assert_eq!(mfa.times_asked(), 1, "one MFA code for both (daily mode)");
    assert_eq!(
        sts.calls
            .borrow()
            .iter()
            .filter(|c| **c == "GetSessionToken")
            .count(),
        1
    );
    assert_eq!(opened[0].kind, BrowserKind::Chromium);
    assert_eq!(opened[1].kind, BrowserKind::Brave);
    for o in &opened {
        let profile = o.profile.clone().unwrap_or_default();
        // Chromium-family kinds share a browser per kind (the default layout), each
        // shortcut a profile in it.
        let want = w
            .data
            .path()
            .join("browsers")
            .join(o.kind.as_str())
            .join(format!("shortcut-{}", o.shortcut.id));
        assert_eq!(profile, want);
        assert!(o.created_profile);
    }
    let plans = browser.plans.lock().map(|p| p.clone()).unwrap_or_default();
    assert_eq!(plans.len(), 2);
    // Started together, the two windows open at different places: each shared profile
    // carries its place (a shared browser would apply a command-line position to every window).
    let place = |o: &Opened| {
        let prefs: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(o.profile.clone().unwrap_or_default().join("Preferences"))
                .unwrap_or_default(),
        )
        .unwrap_or_default();
        prefs["browser"]["window_placement"]["left"].clone()
    };
    assert!(place(&opened[0]).is_i64());
    assert_ne!(place(&opened[0]), place(&opened[1]));
    assert!(
        plans
            .iter()
            .all(|p| !p.args.iter().any(|a| a.starts_with("--window-position=")))
    );
    for plan in &plans {
        let all = plan.args.join(" ");
        assert!(
            !all.contains("the-signin-token") && !all.contains("federation"),
            "{all}"
        );
        assert!(
            plan.args
                .last()
                .is_some_and(|u| u.starts_with("file:///") && u.contains(".html#rolehop-mark=")),
            "the browser is given the private hand-off page, with the profile's page mark"
        );
        let directory = format!(
            "--profile-directory=shortcut-{}",
            if all.contains("/brave") {
                "stage"
            } else {
                "prod"
            }
        );
        assert!(plan.args.contains(&directory), "{all}");
    }
    let answers = browser
        .answers
        .lock()
        .map(|a| a.clone())
        .unwrap_or_default();
    assert_eq!(answers.len(), 2);
    for a in &answers {
        assert!(
            a.starts_with("HTTP/1.1 302") && a.contains("SigninToken=the-signin-token"),
            "{a}"
        );
    }
}

#[test]
fn a_browser_that_fails_to_start_leaves_no_new_profile() {
    let w = world();
    let sts = CountingSts::default();
    let mfa = FixedCode::new(Secret::new("123456"));
    let engine = Engine {
        catalog: &w.catalog,
        vault: &w.vault,
        sts: &sts,
        signin: &FakeSignin,
        mfa: &mfa,
        limits: &w.limits,
    };
    let browser = FakeBrowser {
        fail: true,
        ..Default::default()
    };
    let installed = found(&[BrowserKind::Chromium]);
    let browsers = Browsers {
        found: &installed,
        data_dir: w.data.path(),
        os: Os::Linux,
        is_root: true,
        launcher: &browser,
        handoff_wait: Duration::from_secs(1),
        work_area: None,
        console_host: None,
    };
    let results = run(engine.open_many(
        &[Target::plain("prod")],
        &OpenOptions {
            browser: None,
            new_window: true,
        },
        &browsers,
    ));
    assert!(matches!(
        results.first(),
        Some(Err(Error::Browser(BrowserError::ExitedAtOnce { .. })))
    ));
    assert!(
        !profile::place(
            w.data.path(),
            "prod",
            BrowserKind::Chromium,
            crate::base::browser_kind::ProfileLayout::Shared
        )
        .unwrap()
        .dir
        .exists()
    );
    assert!(profile::list(w.data.path()).is_empty());
    let plans = browser.plans.lock().map(|p| p.clone()).unwrap_or_default();
    assert!(
        plans[0].args.contains(&"--no-sandbox".to_string())
            && plans[0].args.contains(&"--new-window".to_string())
    );
}

/// The tray's window and clipboard, recorded.
#[derive(Default)]
struct FakeHost {
    shown: RefCell<Vec<String>>,
    copied: RefCell<Vec<String>>,
    /// The copied sign-in URLs' `Destination`.
    destinations: RefCell<Vec<String>>,
}

impl ConsoleHost for FakeHost {
    fn show(&self, signin: SigninUrl) -> Result<(), Error> {
        self.shown.borrow_mut().push(signin.shortcut.id);
        Ok(())
    }

    fn copy(&self, signin: SigninUrl) -> Result<(), Error> {
        let destination = url::Url::parse(signin.url.expose())
            .ok()
            .and_then(|u| {
                u.query_pairs()
                    .find(|(k, _)| k == "Destination")
                    .map(|(_, v)| v.into_owned())
            })
            .unwrap_or_default();
        self.destinations.borrow_mut().push(destination);
        self.copied.borrow_mut().push(signin.shortcut.id);
        Ok(())
    }
}

#[test]
fn open_as_decides_browser_built_in_window_or_link_once_in_the_flow() {
    let mut w = world();
    // `beta` is set to the built-in window (through its client).
    if let Some(client) = w.catalog.clients.iter_mut().find(|c| c.id == "beta") {
        client.browser = Some("builtin".into());
    }
    let sts = CountingSts::default();
    let mfa = FixedCode::new(Secret::new("123456"));
    let engine = Engine {
        catalog: &w.catalog,
        vault: &w.vault,
        sts: &sts,
        signin: &FakeSignin,
        mfa: &mfa,
        limits: &w.limits,
    };
    let browser = FakeBrowser::default();
    let installed = found(&[BrowserKind::Chromium, BrowserKind::Brave]);
    let browsers = Browsers {
        found: &installed,
        data_dir: w.data.path(),
        os: Os::Linux,
        is_root: false,
        launcher: &browser,
        handoff_wait: Duration::from_secs(10),
        work_area: None,
        console_host: None,
    };
    let host = FakeHost::default();
    let open = |id: &str, how| {
        let target = Target::plain(id).resolve(&w.catalog)?;
        run(engine.open_as(&target, how, &browsers, &host))
    };
    open("prod", OpenAs::Browser).unwrap();
    assert_eq!(browser.plans.lock().map(|p| p.len()).unwrap_or(0), 1);
    open("beta", OpenAs::Browser).unwrap();
    open("stage", OpenAs::Builtin).unwrap();
    open("prod", OpenAs::CopyLink).unwrap();
    assert_eq!(*host.shown.borrow(), ["beta", "stage"]);
    assert_eq!(*host.copied.borrow(), ["prod"]);
    assert_eq!(
        browser.plans.lock().map(|p| p.len()).unwrap_or(0),
        1,
        "only the browser open started a browser"
    );
    // Every way counts as a use for "recently used".
    let usage = crate::base::usage::Usage::load(w.data.path());
    for id in ["prod", "beta", "stage"] {
        assert!(usage.last_used(id).is_some(), "{id}");
    }
    // An unknown shortcut is an error before anything else happens.
    assert!(open("nope", OpenAs::CopyLink).is_err());
    assert_eq!(host.copied.borrow().len(), 1);
}

#[test]
fn a_landing_sets_where_the_console_lands_and_is_checked_before_aws_is_asked() {
    let w = world();
    let sts = CountingSts::default();
    let mfa = FixedCode::new(Secret::new("123456"));
    let engine = Engine {
        catalog: &w.catalog,
        vault: &w.vault,
        sts: &sts,
        signin: &FakeSignin,
        mfa: &mfa,
        limits: &w.limits,
    };
    let browser = FakeBrowser::default();
    let installed = found(&[BrowserKind::Chromium]);
    let browsers = Browsers {
        found: &installed,
        data_dir: w.data.path(),
        os: Os::Linux,
        is_root: false,
        launcher: &browser,
        handoff_wait: Duration::from_secs(10),
        work_area: None,
        console_host: None,
    };
    let host = FakeHost::default();
    let at = |destination: &str, region: Option<&str>| Target {
        shortcut: "prod".into(),
        landing: crate::link::deep::Landing {
            destination: Some(destination.into()),
            region: region.map(str::to_string),
        },
    };
    run(engine.open_as(
        &at("s3", Some("us-east-2")).resolve(&w.catalog).unwrap(),
        OpenAs::CopyLink,
        &browsers,
        &host,
    ))
    .unwrap();
    assert_eq!(
        *host.destinations.borrow(),
        ["https://console.aws.amazon.com/s3/home?region=us-east-2"]
    );
    let asked = sts.calls.borrow().len();
    for bad in [
        at("https://evil.example/", None),
        at("s3", Some("cn-north-1")),
    ] {
        // Refused where the front end resolves it, before the flow is asked to open it.
        let err = crate::Error::from(bad.resolve(&w.catalog).unwrap_err());
        assert_eq!(err.kind(), crate::ErrorKind::InvalidLink, "{err}");
        let err = run(engine.open_many(
            std::slice::from_ref(&bad),
            &OpenOptions::default(),
            &browsers,
        ))
        .remove(0)
        .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidLink, "{err}");
    }
    assert_eq!(
        sts.calls.borrow().len(),
        asked,
        "AWS was not asked for a refused landing"
    );
    assert_eq!(host.copied.borrow().len(), 1);
}

#[test]
fn sign_out_opens_the_logout_page_in_every_profile_of_the_shortcut_and_only_there() {
    use crate::base::browser_kind::ProfileLayout;
    use crate::browser::mark::WindowMark;
    let w = world();
    let mark = WindowMark {
        name: "Prod".into(),
        title: "Prod (222222222222)".into(),
        color: "#d13212".into(),
        production: false,
    };
    // Opened once in the shared Chromium, once in Firefox, once in Brave (since uninstalled);
    // another shortcut has a profile in the same shared browser.
    for (id, kind, layout) in [
        ("prod", BrowserKind::Chromium, ProfileLayout::Shared),
        ("prod", BrowserKind::Firefox, ProfileLayout::Shared),
        ("prod", BrowserKind::Brave, ProfileLayout::Shared),
        ("stage", BrowserKind::Chromium, ProfileLayout::Shared),
    ] {
        let place = profile::place(w.data.path(), id, kind, layout).unwrap();
        profile::prepare_place(
            &place,
            id,
            &mark,
            kind,
            1,
            crate::browser::placement::placement(0, crate::browser::placement::Area::ASSUMED),
            None,
        )
        .unwrap();
    }
    let browser = FakeBrowser::default();
    let installed = found(&[BrowserKind::Chromium, BrowserKind::Firefox]);
    let browsers = Browsers {
        found: &installed,
        data_dir: w.data.path(),
        os: Os::Linux,
        is_root: false,
        launcher: &browser,
        handoff_wait: Duration::from_secs(10),
        work_area: None,
        console_host: None,
    };
    let done = sign_out(&w.catalog, &w.vault, "prod", &browsers).unwrap();
    assert_eq!(done.browsers, [BrowserKind::Chromium, BrowserKind::Firefox]);
    assert_eq!(done.skipped, [BrowserKind::Brave]);
    assert!(done.failed.is_empty());
    let plans = browser.plans.lock().map(|p| p.clone()).unwrap_or_default();
    let chromium = plans[0].args.join(" ");
    let shared = w.data.path().join("browsers").join("chromium");
    assert!(
        chromium.contains(&format!("--user-data-dir={}", shared.display()))
            && chromium.contains("--profile-directory=shortcut-prod")
            && !chromium.contains("shortcut-stage")
            && chromium.contains("Action=logout"),
        "{chromium}"
    );
    // This may be the start of the shared browser later consoles open in: the same page-mark
    // and cache-guard extension, title and position an open gives it.
    let extension = shared.join(profile::CHROMIUM_MARK_DIR);
    assert!(extension.is_dir(), "the open made the extension");
    assert!(
        chromium.contains(&format!("--load-extension={}", extension.display()))
            && chromium.contains("--window-name=Acme Corp – Production (222222222222)"),
        "{chromium}"
    );
    let firefox = plans[1].args.join(" ");
    assert!(
        firefox.contains(&format!(
            "-profile {}",
            w.data.path().join("profiles").join("prod").display()
        )),
        "{firefox}"
    );
    assert_eq!(plans.len(), 2);
    // A shortcut never opened has nothing to sign out in a browser.
    let browser = FakeBrowser::default();
    let browsers = Browsers {
        launcher: &browser,
        ..browsers
    };
    let none = sign_out(&w.catalog, &w.vault, "beta", &browsers);
    assert!(none.is_ok_and(|d| d.browsers.is_empty() && d.skipped.is_empty()));
    // A browser that fails to start for one profile: the other profile still signs out, and
    // the failure is named.
    let failing = FakeBrowser {
        fail: true,
        ..FakeBrowser::default()
    };
    let browsers = Browsers {
        launcher: &failing,
        ..browsers
    };
    let done = sign_out(&w.catalog, &w.vault, "prod", &browsers).unwrap();
    assert_eq!(done.browsers, []);
    assert_eq!(done.failed.len(), 2, "{:?}", done.failed);
    assert!(
        done.failed[0].1.contains("exited at once"),
        "{:?}",
        done.failed
    );
}
