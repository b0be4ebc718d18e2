//! The broker's policy at the `Sts` seam: a fake STS that records calls and answers per rule,
//! an in-memory keychain, and scripted MFA prompts.

use std::cell::RefCell;
use std::collections::VecDeque;

use super::*;
use crate::base::secret::Secret;
use crate::broker::mfa::{FixedCode, MfaRequest, MfaRetry};
use crate::broker::sts::CallerIdentity;
use crate::vault::{BaseKeys, MemoryKeychain};

#[derive(Debug, Clone)]
struct Call {
    action: &'static str,
    signer: String,
    duration: u32,
    mfa_code: Option<String>,
    role: Option<String>,
    region: String,
}

#[derive(Default)]
struct FakeSts {
    calls: RefCell<Vec<Call>>,
    /// Failures to answer, in order, before succeeding.
    assume_failures: RefCell<VecDeque<StsFailure>>,
    session_failures: RefCell<VecDeque<StsFailure>>,
    max_duration: Option<u32>,
}

impl FakeSts {
    fn count(&self, action: &str) -> usize {
        self.calls
            .borrow()
            .iter()
            .filter(|c| c.action == action)
            .count()
    }
    fn creds(&self, prefix: &str, duration: u32) -> AwsCredentials {
        let n = self.calls.borrow().len();
        AwsCredentials {
            access_key_id: format!("ASIA{prefix}{n}"),
            secret_access_key: Secret::new(format!("secret{n}")),
            session_token: Some(Secret::new(format!("token{n}"))),
            expires_at: Some(now() + i64::from(duration)),
            origin: CredentialOrigin::SessionToken,
        }
    }
}

fn now() -> i64 {
    1_800_000_000
}

impl Sts for FakeSts {
    async fn get_session_token(
        &self,
        base: &AwsCredentials,
        request: &SessionTokenRequest,
    ) -> Result<AwsCredentials, StsFailure> {
        // Yield once so that parallel callers really interleave.
        tokio::task::yield_now().await;
        self.calls.borrow_mut().push(Call {
            action: "GetSessionToken",
            signer: base.access_key_id.clone(),
            duration: request.duration_secs,
            mfa_code: request.mfa.as_ref().map(|m| m.code.expose().to_string()),
            role: None,
            region: request.region.clone(),
        });
        if let Some(f) = self.session_failures.borrow_mut().pop_front() {
            return Err(f);
        }
        Ok(self.creds("SESSION", request.duration_secs))
    }

    async fn assume_role(
        &self,
        credentials: &AwsCredentials,
        request: &AssumeRoleRequest,
    ) -> Result<AwsCredentials, StsFailure> {
        tokio::task::yield_now().await;
        self.calls.borrow_mut().push(Call {
            action: "AssumeRole",
            signer: credentials.access_key_id.clone(),
            duration: request.duration_secs,
            mfa_code: request.mfa.as_ref().map(|m| m.code.expose().to_string()),
            role: Some(request.role_arn.clone()),
            region: request.region.clone(),
        });
        if let Some(f) = self.assume_failures.borrow_mut().pop_front() {
            return Err(f);
        }
        if self
            .max_duration
            .is_some_and(|max| request.duration_secs > max)
        {
            return Err(StsFailure::DurationTooLong {
                message: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.".into(),
            });
        }
        Ok(self.creds("ROLE", request.duration_secs))
    }

    async fn caller_identity(
        &self,
        _: &AwsCredentials,
        _: &str,
    ) -> Result<CallerIdentity, StsFailure> {
        Err(StsFailure::Throttled)
    }
}

/// A person at a prompt, answering from a script, recording why they were asked.
struct ScriptedPerson {
    answers: RefCell<VecDeque<&'static str>>,
    asked: RefCell<Vec<Option<MfaRetry>>>,
}

impl ScriptedPerson {
    fn new(answers: &[&'static str]) -> Self {
        Self {
            answers: RefCell::new(answers.iter().copied().collect()),
            asked: RefCell::new(Vec::new()),
        }
    }
}

impl MfaPrompt for ScriptedPerson {
    fn code(&self, request: &MfaRequest) -> Option<Secret> {
        self.asked.borrow_mut().push(request.retry);
        self.answers.borrow_mut().pop_front().map(Secret::new)
    }
    fn interactive(&self) -> bool {
        true
    }
}

const CATALOG: &str = r#"
[[identity]]
id = "alice"
account = "111111111111"
mfa_serial = "arn:aws:iam::111111111111:mfa/alice"
[[client]]
id = "acme"
name = "Acme"
[[shortcut]]
id = "prod"
client = "acme"
account = "222222222222"
role = "Admin"
[[shortcut]]
id = "stage"
client = "acme"
account = "333333333333"
role = "Admin"
duration = "8h"
[[shortcut]]
id = "deep"
client = "acme"
account = "444444444444"
role = "Deep"
via = "prod"
[[shortcut]]
id = "long-a"
client = "acme"
account = "555555555555"
role = "Admin"
session = "long"
duration = "8h"
[[shortcut]]
id = "long-b"
client = "acme"
account = "666666666666"
role = "Admin"
session = "long"
"#;

struct World {
    catalog: Catalog,
    vault: Vault<MemoryKeychain>,
    limits: RoleLimits,
}

fn world() -> World {
    let catalog: Catalog = toml::from_str(CATALOG).unwrap();
    assert_eq!(crate::catalog::validate::validate(&catalog), vec![]);
    let vault = Vault::new(MemoryKeychain::default());
    vault
        .store_base_keys(
            "alice",
            &BaseKeys {
                access_key_id: "AKIAALICE".into(),
                secret_access_key: Secret::new("base-secret"),
            },
        )
        .unwrap();
    World {
        catalog,
        vault,
        limits: RoleLimits::in_memory(),
    }
}

fn fp(catalog: &Catalog, id: &str) -> String {
    crate::broker::fingerprint::fingerprint(catalog, id).unwrap()
}

fn run<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(f)
}

#[test]
fn daily_opens_in_parallel_share_one_session_and_one_mfa_code() {
    let w = world();
    let sts = FakeSts::default();
    let mfa = FixedCode::new(Secret::new("123456"));
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &mfa, &w.limits).with_clock(now);
    let (a, b) = run(async {
        tokio::join!(
            broker.role_credentials_of("prod"),
            broker.role_credentials_of("stage")
        )
    });
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(sts.count("GetSessionToken"), 1);
    assert_eq!(mfa.times_asked(), 1);
    assert_eq!(a.origin, CredentialOrigin::RoleFromSessionToken);
    assert_eq!(b.origin, CredentialOrigin::RoleFromSessionToken);
    let calls = sts.calls.borrow().clone();
    assert_eq!(calls[0].signer, "AKIAALICE");
    assert_eq!(calls[0].duration, DEFAULT_SESSION_SECS);
    for c in calls.iter().filter(|c| c.action == "AssumeRole") {
        assert!(c.signer.starts_with("ASIASESSION"));
        assert_eq!(c.duration, 3600, "daily roles are capped at 1h");
        assert_eq!(c.mfa_code, None);
    }
    // `stage` asked for 8h: the person is told it is 1h.
    assert!(
        broker
            .take_notices()
            .iter()
            .any(|n| n.contains("stage") && n.contains("1h"))
    );
}

#[test]
fn chained_roles_are_signed_by_their_parent_and_cached_credentials_are_reused() {
    let w = world();
    let sts = FakeSts::default();
    let mfa = FixedCode::new(Secret::new("123456"));
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &mfa, &w.limits).with_clock(now);
    let deep = run(broker.role_credentials_of("deep")).unwrap();
    assert_eq!(deep.origin, CredentialOrigin::ChainedRole);
    let prod = w
        .vault
        .role("prod", &fp(&w.catalog, "prod"))
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("parent cached"));
    let calls = sts.calls.borrow().clone();
    let last = calls.last().unwrap_or_else(|| panic!("calls"));
    assert_eq!(last.signer, prod.access_key_id);
    assert_eq!(
        last.role.as_deref(),
        Some("arn:aws:iam::444444444444:role/Deep")
    );
    let before = calls.len();
    run(broker.role_credentials_of("deep")).unwrap();
    run(broker.role_credentials_of("prod")).unwrap();
    assert_eq!(
        sts.calls.borrow().len(),
        before,
        "both served from the cache"
    );
}

#[test]
fn credentials_close_to_expiry_are_renewed_without_mfa_in_daily_mode() {
    let w = world();
    let sts = FakeSts::default();
    let mfa = FixedCode::new(Secret::new("123456"));
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &mfa, &w.limits).with_clock(now);
    run(broker.role_credentials_of("prod")).unwrap();
    let mut cached = w
        .vault
        .role("prod", &fp(&w.catalog, "prod"))
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("cached"));
    cached.expires_at = Some(now() + FREE_REFRESH_MARGIN_SECS - 1);
    w.vault
        .store_role("prod", &fp(&w.catalog, "prod"), &cached)
        .unwrap();
    run(broker.role_credentials_of("prod")).unwrap();
    assert_eq!(sts.count("AssumeRole"), 2);
    assert_eq!(sts.count("GetSessionToken"), 1);
    assert_eq!(mfa.times_asked(), 1);
}

#[test]
fn a_second_code_in_the_same_window_is_asked_for_not_sent() {
    let w = world();
    let sts = FakeSts::default();
    let person = ScriptedPerson::new(&["123456", "123456", "654321"]);
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &person, &w.limits).with_clock(now);
    let a = run(broker.role_credentials_of("long-a")).unwrap();
    assert_eq!(a.origin, CredentialOrigin::RoleFromLongTermKeys);
    run(broker.role_credentials_of("long-b")).unwrap();
    let asked = person.asked.borrow().clone();
    assert_eq!(
        asked,
        vec![
            None,
            None,
            Some(MfaRetry::AlreadyUsed {
                wait_secs: 30 - now() % 30
            })
        ]
    );
    let codes: Vec<Option<String>> = sts
        .calls
        .borrow()
        .iter()
        .map(|c| c.mfa_code.clone())
        .collect();
    assert_eq!(codes, vec![Some("123456".into()), Some("654321".into())]);
    let calls = sts.calls.borrow().clone();
    assert!(
        calls.iter().all(|c| c.signer == "AKIAALICE"),
        "long mode signs with the base keys"
    );
    assert_eq!(calls[0].duration, 8 * 3600);
    assert_eq!(calls[1].duration, DEFAULT_LONG_SECS);
}

#[test]
fn without_a_person_a_reused_code_is_an_error_that_says_how_long_to_wait() {
    let w = world();
    let sts = FakeSts::default();
    let mfa = FixedCode::new(Secret::new("123456"));
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &mfa, &w.limits).with_clock(now);
    run(broker.role_credentials_of("long-a")).unwrap();
    let err = run(broker.role_credentials_of("long-b"))
        .err()
        .unwrap_or_else(|| panic!("should fail"));
    assert_eq!(err.kind(), crate::ErrorKind::MfaReused);
    let text = err.to_string();
    assert!(
        text.contains("already used") && text.contains("wait 30 s"),
        "{text}"
    );
    assert_eq!(sts.count("AssumeRole"), 1);
}

#[test]
fn a_rejected_code_is_asked_again_then_accepted() {
    let w = world();
    let sts = FakeSts::default();
    sts.session_failures
        .borrow_mut()
        .push_back(StsFailure::MfaFailed {
            message: "MultiFactorAuthentication failed with invalid MFA one time pass code.".into(),
        });
    let person = ScriptedPerson::new(&["12 34", "111111", "222222"]);
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &person, &w.limits).with_clock(now);
    run(broker.role_credentials_of("prod")).unwrap();
    assert_eq!(
        person.asked.borrow().clone(),
        vec![None, Some(MfaRetry::BadFormat), Some(MfaRetry::Rejected)]
    );
    assert_eq!(sts.count("GetSessionToken"), 2);
}

#[test]
fn with_nobody_to_ask_mfa_is_a_clear_error() {
    let w = world();
    let sts = FakeSts::default();
    let broker = Broker::new(
        &w.catalog,
        &w.vault,
        &sts,
        &crate::broker::NoPrompt,
        &w.limits,
    )
    .with_clock(now);
    let err = run(broker.role_credentials_of("prod"))
        .err()
        .unwrap_or_else(|| panic!("should fail"));
    assert_eq!(err.kind(), crate::ErrorKind::MfaRequired);
    assert!(err.to_string().contains("--mfa-code"));
    assert_eq!(sts.calls.borrow().len(), 0);
}

#[test]
fn durations_above_the_role_maximum_step_down_and_are_remembered() {
    let w = world();
    let sts = FakeSts {
        max_duration: Some(7200),
        ..Default::default()
    };
    let person = ScriptedPerson::new(&["123456"]);
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &person, &w.limits).with_clock(now);
    let creds = run(broker.role_credentials_of("long-b")).unwrap();
    assert_eq!(creds.expires_at, Some(now() + 7200));
    let durations: Vec<u32> = sts.calls.borrow().iter().map(|c| c.duration).collect();
    assert_eq!(
        durations,
        vec![43_200, 36_000, 28_800, 21_600, 14_400, 7_200]
    );
    assert_eq!(
        w.limits.get("arn:aws:iam::666666666666:role/Admin"),
        Some(7200)
    );
    assert!(broker.take_notices().iter().any(|n| n.contains("2h")));
    assert_eq!(
        person.asked.borrow().len(),
        1,
        "one code for all the lengths tried"
    );
    assert_eq!(next_shorter(3600), None);
}

#[test]
fn broker_errors_carry_kinds_and_context() {
    let table = [
        (
            StsFailure::InvalidKeys {
                code: "InvalidClientTokenId".into(),
            },
            crate::ErrorKind::InvalidKeys,
            "AKIAALICE",
        ),
        (
            StsFailure::AccessDenied {
                message: "not authorized".into(),
            },
            crate::ErrorKind::AccessDenied,
            "arn:aws:iam::222222222222:role/Admin",
        ),
        (
            StsFailure::Network {
                detail: "connection refused".into(),
            },
            crate::ErrorKind::Network,
            "connection refused",
        ),
        (
            StsFailure::Throttled,
            crate::ErrorKind::Throttled,
            "AssumeRole",
        ),
        (
            StsFailure::Other {
                code: "Weird".into(),
                message: "odd".into(),
            },
            crate::ErrorKind::Aws,
            "Weird",
        ),
    ];
    for (failure, kind, mention) in table {
        let w = world();
        let sts = FakeSts::default();
        // A fresh session, so the failure is reported, not recovered from.
        sts.assume_failures.borrow_mut().push_back(failure);
        let mfa = FixedCode::new(Secret::new("123456"));
        let broker = Broker::new(&w.catalog, &w.vault, &sts, &mfa, &w.limits).with_clock(now);
        let err = run(broker.role_credentials_of("prod"))
            .err()
            .unwrap_or_else(|| panic!("should fail"));
        assert_eq!(err.kind(), kind, "{err}");
        let text = err.to_string();
        assert!(
            text.contains(mention) || kind == crate::ErrorKind::InvalidKeys,
            "{text}"
        );
        assert!(!text.contains("base-secret") && !text.contains("secret0"));
    }
}

#[test]
fn a_rejected_key_on_the_daily_session_names_the_key_and_the_fix() {
    let w = world();
    let sts = FakeSts::default();
    sts.session_failures
        .borrow_mut()
        .push_back(StsFailure::InvalidKeys {
            code: "InvalidClientTokenId".into(),
        });
    let mfa = FixedCode::new(Secret::new("123456"));
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &mfa, &w.limits).with_clock(now);
    let err = run(broker.role_credentials_of("prod"))
        .err()
        .unwrap_or_else(|| panic!("should fail"));
    assert_eq!(err.kind(), crate::ErrorKind::InvalidKeys, "{err}");
    let text = err.to_string();
    assert!(
        text.contains("AKIAALICE") && text.contains("rolehop setup --identity alice"),
        "{text}"
    );
}

#[test]
fn an_edited_shortcut_never_gets_the_old_accounts_credentials() {
    let mut w = world();
    let sts = FakeSts::default();
    let mfa = FixedCode::new(Secret::new("123456"));
    {
        let broker = Broker::new(&w.catalog, &w.vault, &sts, &mfa, &w.limits).with_clock(now);
        run(broker.role_credentials_of("prod")).unwrap();
        run(broker.role_credentials_of("deep")).unwrap();
    }
    // Each edit path ends in the same place: the catalog says another account now.
    w.catalog.shortcuts[0].account = Some("777777777777".into());
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &mfa, &w.limits).with_clock(now);
    run(broker.role_credentials_of("prod")).unwrap();
    let calls = sts.calls.borrow().clone();
    let last = calls.last().unwrap_or_else(|| panic!("calls"));
    assert_eq!(
        last.role.as_deref(),
        Some("arn:aws:iam::777777777777:role/Admin"),
        "a miss: AssumeRole for the new account"
    );
    assert_eq!(
        sts.count("GetSessionToken"),
        1,
        "the day's session still serves"
    );
    // The chained shortcut's parent changed, so its own cache misses too.
    run(broker.role_credentials_of("deep")).unwrap();
    assert_eq!(sts.count("AssumeRole"), 4);
    let last = sts
        .calls
        .borrow()
        .last()
        .cloned()
        .unwrap_or_else(|| panic!("calls"));
    assert!(
        last.signer.starts_with("ASIAROLE"),
        "signed by the new parent credentials"
    );
}

#[test]
fn prune_drops_what_no_longer_matches_and_keeps_the_rest() {
    let mut w = world();
    let sts = FakeSts::default();
    let mfa = FixedCode::new(Secret::new("123456"));
    {
        let broker = Broker::new(&w.catalog, &w.vault, &sts, &mfa, &w.limits).with_clock(now);
        for id in ["prod", "stage", "deep"] {
            run(broker.role_credentials_of(id)).unwrap();
        }
    }
    // `stage` gets an external id, `deep` is removed, `prod` is unchanged.
    w.catalog.shortcuts[1].external_id = Some("abc123".into());
    w.catalog.shortcuts.retain(|s| s.id != "deep");
    let current = crate::broker::fingerprint::Fingerprints::new(&w.catalog).all();
    let mut dropped = w.vault.prune_roles(&current).map(|p| p.dropped).unwrap();
    dropped.sort();
    assert_eq!(dropped, ["deep", "stage"]);
    let left: Vec<String> = w
        .vault
        .cached_roles()
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(left, ["prod"]);
    assert_eq!(
        w.vault.keychain().names(),
        [
            "identity/alice/keys",
            "identity/alice/mfa-used",
            "identity/alice/session",
            "index/roles",
            "shortcut/prod/role"
        ]
    );
}

#[test]
fn brokers_of_one_process_share_one_prompt_and_one_session() {
    // The tray builds one broker per click: five of them at once.
    let w = world();
    let sts = FakeSts::default();
    let mfa = FixedCode::new(Secret::new("123456"));
    let gates = crate::broker::gate::Gates::default();
    let brokers: Vec<_> = (0..5)
        .map(|_| {
            Broker::new(&w.catalog, &w.vault, &sts, &mfa, &w.limits)
                .with_clock(now)
                .with_gates(&gates)
        })
        .collect();
    let ids = ["prod", "stage", "prod", "deep", "stage"];
    let results = run(futures_util::future::join_all(
        brokers
            .iter()
            .zip(ids)
            .map(|(b, id)| b.role_credentials_of(id)),
    ));
    for r in results {
        r.unwrap();
    }
    assert_eq!(mfa.times_asked(), 1);
    assert_eq!(sts.count("GetSessionToken"), 1);
    // prod, stage and deep once each: the second click on a shortcut found the first's.
    assert_eq!(sts.count("AssumeRole"), 3);
}

/// A person who notes how many STS calls had been made when each code was asked for.
struct Watching<'a> {
    sts: &'a FakeSts,
    codes: RefCell<VecDeque<&'static str>>,
    asked_after_calls: RefCell<Vec<usize>>,
}

impl MfaPrompt for Watching<'_> {
    fn code(&self, _: &MfaRequest) -> Option<Secret> {
        self.asked_after_calls
            .borrow_mut()
            .push(self.sts.calls.borrow().len());
        self.codes.borrow_mut().pop_front().map(Secret::new)
    }
    fn interactive(&self) -> bool {
        true
    }
}

#[test]
fn long_sessions_of_one_identity_ask_one_after_the_other() {
    let w = world();
    let sts = FakeSts::default();
    let person = Watching {
        sts: &sts,
        codes: RefCell::new(["111111", "222222"].into_iter().collect()),
        asked_after_calls: RefCell::new(Vec::new()),
    };
    let gates = crate::broker::gate::Gates::default();
    let a = Broker::new(&w.catalog, &w.vault, &sts, &person, &w.limits)
        .with_clock(now)
        .with_gates(&gates);
    let b = Broker::new(&w.catalog, &w.vault, &sts, &person, &w.limits)
        .with_clock(now)
        .with_gates(&gates);
    let (x, y) = run(async {
        tokio::join!(
            a.role_credentials_of("long-a"),
            b.role_credentials_of("long-b")
        )
    });
    x.unwrap();
    y.unwrap();
    // The second code is asked for only once the first one has been spent.
    assert_eq!(*person.asked_after_calls.borrow(), [0, 1]);
    let codes: Vec<Option<String>> = sts
        .calls
        .borrow()
        .iter()
        .map(|c| c.mfa_code.clone())
        .collect();
    assert_eq!(
        codes,
        [Some("111111".to_string()), Some("222222".to_string())]
    );
}

#[test]
fn sts_is_called_in_the_identitys_region_not_the_consoles() {
    let mut w = world();
    w.catalog.identities[0].region = Some("eu-west-1".into());
    w.catalog.shortcuts[0].region = Some("af-south-1".into());
    let sts = FakeSts::default();
    let mfa = FixedCode::new(Secret::new("123456"));
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &mfa, &w.limits).with_clock(now);
    run(broker.role_credentials_of("prod")).unwrap();
    let regions: Vec<String> = sts
        .calls
        .borrow()
        .iter()
        .map(|c| c.region.clone())
        .collect();
    assert_eq!(regions, ["eu-west-1", "eu-west-1"]);
    // Without an identity region: the partition's default.
    w.catalog.identities[0].region = None;
    w.vault.drop_role("prod").unwrap();
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &mfa, &w.limits).with_clock(now);
    run(broker.role_credentials_of("prod")).unwrap();
    assert_eq!(
        sts.calls.borrow().last().map(|c| c.region.clone()),
        Some("us-east-1".into())
    );
}

#[test]
fn a_code_aws_took_counts_as_used_and_one_that_never_reached_it_does_not() {
    for (failure, spent) in [
        (
            StsFailure::AccessDenied {
                message: "not authorized to perform sts:GetSessionToken".into(),
            },
            true,
        ),
        (
            StsFailure::Network {
                detail: "connection refused".into(),
            },
            false,
        ),
        (StsFailure::Throttled, false),
    ] {
        let w = world();
        let sts = FakeSts::default();
        sts.session_failures.borrow_mut().push_back(failure.clone());
        let mfa = FixedCode::new(Secret::new("123456"));
        let broker = Broker::new(&w.catalog, &w.vault, &sts, &mfa, &w.limits).with_clock(now);
        assert!(run(broker.role_credentials_of("prod")).is_err());
        let used = w.vault.last_mfa_use("alice").unwrap();
        assert_eq!(used.is_some(), spent, "{failure:?}");
    }
}

/// A security key's command, answering from a script and recording what was run.
#[derive(Default)]
struct FakeKey {
    outputs: std::sync::Mutex<VecDeque<crate::broker::code_command::CommandOutput>>,
    runs: std::sync::Mutex<Vec<Vec<String>>>,
}

impl FakeKey {
    fn answering(answers: &[(i32, &str, &str)]) -> Self {
        let key = Self::default();
        for (code, stdout, stderr) in answers {
            key.outputs
                .lock()
                .unwrap()
                .push_back(crate::broker::code_command::CommandOutput {
                    code: Some(*code),
                    stdout: Secret::new(*stdout),
                    stderr: (*stderr).into(),
                });
        }
        key
    }
    fn runs(&self) -> usize {
        self.runs.lock().unwrap().len()
    }
}

impl crate::broker::code_command::CodeCommand for FakeKey {
    fn run<'a>(
        &'a self,
        argv: &'a [String],
    ) -> std::pin::Pin<
        Box<
            dyn std::future::Future<
                    Output = Result<
                        crate::broker::code_command::CommandOutput,
                        crate::broker::code_command::CodeCommandError,
                    >,
                > + Send
                + 'a,
        >,
    > {
        Box::pin(async move {
            self.runs.lock().unwrap().push(argv.to_vec());
            Ok(self
                .outputs
                .lock()
                .unwrap()
                .pop_front()
                .expect("the key was asked more often than scripted"))
        })
    }
}

/// Records the "touch your key" signals a front end gets.
#[derive(Default)]
struct Tray {
    waiting: RefCell<Vec<bool>>,
}

impl MfaPrompt for Tray {
    fn code(&self, _: &MfaRequest) -> Option<Secret> {
        panic!("a person was asked although the identity has a code command")
    }
    fn interactive(&self) -> bool {
        true
    }
    fn device_waiting(&self, _: &MfaRequest, waiting: bool) {
        self.waiting.borrow_mut().push(waiting);
    }
}

const YKMAN: &str = "ykman oath accounts code --single 'Amazon Web Services:alice@111111111111'";

fn with_key(w: World) -> World {
    let w = with_unconfirmed_key(w);
    // The person confirmed it (set-up, Settings, or the question at its first use).
    w.vault.confirm_mfa_process("alice", YKMAN).unwrap();
    w
}

fn with_unconfirmed_key(mut w: World) -> World {
    w.catalog.identities[0].mfa_process = Some(YKMAN.into());
    assert_eq!(crate::catalog::validate::validate(&w.catalog), vec![]);
    w
}

/// A prompt that answers the command question as scripted.
struct Answers(Option<bool>, RefCell<Vec<String>>);

impl MfaPrompt for Answers {
    fn code(&self, _: &MfaRequest) -> Option<Secret> {
        None
    }
    fn interactive(&self) -> bool {
        false
    }
    fn confirm_command(&self, identity: &str, command: &str) -> Option<bool> {
        self.1.borrow_mut().push(format!("{identity}: {command}"));
        self.0
    }
}

/// A command the person never confirmed (an import wrote it) does not run: the person is
/// asked, with the command in full; no answer or "no" is an error naming it and where to
/// confirm it; "yes" runs it and is remembered.
#[test]
fn an_unconfirmed_code_command_runs_only_after_the_person_says_so() {
    for answer in [None, Some(false)] {
        let w = with_unconfirmed_key(world());
        let sts = FakeSts::default();
        let key = FakeKey::answering(&[]);
        let prompt = Answers(answer, RefCell::new(Vec::new()));
        let broker = Broker::new(&w.catalog, &w.vault, &sts, &prompt, &w.limits)
            .with_clock(now)
            .with_codes(&key);
        let err = run_timed(broker.role_credentials_of("prod")).unwrap_err();
        assert_eq!(key.runs(), 0, "the command did not run");
        assert_eq!(prompt.1.borrow().as_slice(), [format!("alice: {YKMAN}")]);
        let text = err.to_string();
        assert!(text.contains(YKMAN) && text.contains("Settings"), "{text}");
        assert_eq!(err.kind(), crate::ErrorKind::MfaProcess);
        assert!(!w.vault.mfa_process_confirmed("alice", YKMAN).unwrap());
    }
    let w = with_unconfirmed_key(world());
    let sts = FakeSts::default();
    let key = FakeKey::answering(&[(0, "111111\n", "")]);
    let prompt = Answers(Some(true), RefCell::new(Vec::new()));
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &prompt, &w.limits)
        .with_clock(now)
        .with_codes(&key);
    run_timed(broker.role_credentials_of("prod")).unwrap();
    assert_eq!(key.runs(), 1);
    assert!(w.vault.mfa_process_confirmed("alice", YKMAN).unwrap());
}

fn run_timed<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
        .block_on(f)
}

#[test]
fn a_code_command_answers_instead_of_the_person_and_each_code_is_sent_once() {
    let w = with_key(world());
    let sts = FakeSts::default();
    let key = FakeKey::answering(&[
        (0, "111111\n", ""),
        (0, "222222\n", ""),
        (0, "333333\n", ""),
    ]);
    let tray = Tray::default();
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &tray, &w.limits)
        .with_clock(now)
        .with_codes(&key);
    // daily: one code for the day's session, then none for a second shortcut.
    run_timed(broker.role_credentials_of("prod")).unwrap();
    run_timed(broker.role_credentials_of("stage")).unwrap();
    assert_eq!(key.runs(), 1);
    // long: one code per shortcut, each a new one.
    run_timed(broker.role_credentials_of("long-a")).unwrap();
    run_timed(broker.role_credentials_of("long-b")).unwrap();
    assert_eq!(key.runs(), 3);
    let codes: Vec<Option<String>> = sts
        .calls
        .borrow()
        .iter()
        .map(|c| c.mfa_code.clone())
        .collect();
    assert_eq!(
        codes,
        [
            Some("111111".to_string()),
            None,
            None,
            Some("222222".to_string()),
            Some("333333".to_string())
        ]
    );
    // Run without a shell, with the account name as one argument.
    assert_eq!(
        key.runs.lock().unwrap()[0].last().map(String::as_str),
        Some("Amazon Web Services:alice@111111111111")
    );
    // The front end was told to show "touch your key" around each run.
    assert_eq!(
        *tray.waiting.borrow(),
        [true, false, true, false, true, false]
    );
    // Nobody at a prompt (credential_process, a script): the key still answers.
    let w = with_key(world());
    let key = FakeKey::answering(&[(0, "444444", "")]);
    let broker = Broker::new(
        &w.catalog,
        &w.vault,
        &sts,
        &crate::broker::NoPrompt,
        &w.limits,
    )
    .with_clock(now)
    .with_codes(&key);
    run_timed(broker.role_credentials_of("prod")).unwrap();
    assert_eq!(key.runs(), 1);
}

/// A clock one second before the authenticator's next code.
fn just_before_next_code() -> i64 {
    // 1_800_000_000 is a multiple of 30.
    1_800_000_029
}

#[test]
fn a_used_code_from_the_key_is_not_sent_the_next_one_is_waited_for() {
    let w = with_key(world());
    let sts = FakeSts::default();
    // TOTP: the key prints the same code until the 30 s step ends.
    let key = FakeKey::answering(&[(0, "111111", ""), (0, "111111", ""), (0, "222222", "")]);
    let broker = Broker::new(
        &w.catalog,
        &w.vault,
        &sts,
        &crate::broker::NoPrompt,
        &w.limits,
    )
    .with_clock(just_before_next_code)
    .with_codes(&key);
    run_timed(broker.role_credentials_of("long-a")).unwrap();
    run_timed(broker.role_credentials_of("long-b")).unwrap();
    assert_eq!(key.runs(), 3, "run again after the used code");
    let codes: Vec<Option<String>> = sts
        .calls
        .borrow()
        .iter()
        .map(|c| c.mfa_code.clone())
        .collect();
    assert_eq!(
        codes,
        [Some("111111".to_string()), Some("222222".to_string())]
    );
}

#[test]
fn a_failing_key_command_is_an_error_with_its_stderr_and_nothing_is_sent() {
    let w = with_key(world());
    let sts = FakeSts::default();
    let key = FakeKey::answering(&[(
        1,
        "",
        "WARNING: PC/SC not available.\nERROR: No YubiKey detected!\n",
    )]);
    let tray = Tray::default();
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &tray, &w.limits)
        .with_clock(now)
        .with_codes(&key);
    let err = run_timed(broker.role_credentials_of("prod")).unwrap_err();
    assert_eq!(err.kind(), crate::ErrorKind::MfaProcess);
    assert_eq!(
        err.to_string(),
        "the MFA code command of identity `alice` gave no code: `ykman` failed (exit status 1): WARNING: PC/SC not available. / ERROR: No YubiKey detected!"
    );
    assert!(sts.calls.borrow().is_empty());
    assert_eq!(
        *tray.waiting.borrow(),
        [true, false],
        "the wait ends on failure too"
    );
    // A code AWS refuses is not retried with the person: the message names the command.
    let w = with_key(world());
    let sts = FakeSts::default();
    sts.session_failures
        .borrow_mut()
        .push_back(StsFailure::MfaFailed {
            message: "MultiFactorAuthentication failed with invalid MFA one time pass code.".into(),
        });
    let key = FakeKey::answering(&[(0, "999999", "")]);
    let broker = Broker::new(&w.catalog, &w.vault, &sts, &tray, &w.limits)
        .with_clock(now)
        .with_codes(&key);
    let err = run_timed(broker.role_credentials_of("prod")).unwrap_err();
    assert_eq!(err.kind(), crate::ErrorKind::MfaRejected);
    assert!(
        err.to_string().contains("The code came from `ykman oath"),
        "{err}"
    );
    assert_eq!(key.runs(), 1);
}
