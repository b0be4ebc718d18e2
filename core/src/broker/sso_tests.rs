//! Identity Center shortcuts at the seams: a fake Identity Center (tokens it issued, refresh
//! tokens it still honours, assignments), a fake STS for chaining, the in-memory keychain, and
//! a sign-in page that plays the browser against the real loopback redirect.

use std::collections::HashSet;
use std::sync::Mutex;

use crate::base::credentials::{AwsCredentials, CredentialOrigin};
use crate::base::secret::Secret;
use crate::broker::limits::RoleLimits;
use crate::broker::sts::{AssumeRoleRequest, CallerIdentity, SessionTokenRequest};
use crate::broker::{Broker, MfaPrompt, MfaRequest, NoPrompt, Sts, StsFailure};
use crate::catalog::Catalog;
use crate::sso::SignInPage;
use crate::sso::api::{Answer, DeviceAuthorization, Grant, Issued, SsoAccount, SsoApi, SsoFailure};
use crate::vault::sso::{Flow, Portal, SsoClient, SsoToken};
use crate::vault::{MemoryKeychain, Vault};

const CATALOG: &str = r#"
[[identity]]
id = "work"
sso_start_url = "https://my-org.awsapps.com/start"
sso_region = "eu-west-1"
[[client]]
id = "acme"
name = "Acme"
[[shortcut]]
id = "base"
client = "acme"
identity = "work"
account = "111111111111"
role = "AdministratorAccess"
[[shortcut]]
id = "acme-prod"
client = "acme"
account = "222222222222"
role = "ClientAdmin"
via = "base"
[[shortcut]]
id = "direct"
client = "acme"
identity = "work"
account = "333333333333"
role = "ReadOnly"
"#;

fn now() -> i64 {
    1_800_000_000
}

fn portal() -> Portal {
    Portal {
        start_url: "https://my-org.awsapps.com/start".into(),
        region: "eu-west-1".into(),
    }
}

/// Identity Center as the tests need it.
#[derive(Default)]
struct FakeSso {
    access_tokens: Mutex<HashSet<String>>,
    refresh_tokens: Mutex<HashSet<String>>,
    issued: Mutex<u32>,
    calls: Mutex<Vec<String>>,
    /// (account, role) pairs the person is assigned.
    assigned: Vec<(&'static str, &'static str)>,
}

impl FakeSso {
    fn new() -> Self {
        Self {
            assigned: vec![
                ("111111111111", "AdministratorAccess"),
                ("333333333333", "ReadOnly"),
            ],
            ..Self::default()
        }
    }
    fn issue(&self) -> Issued {
        let mut n = self.issued.lock().unwrap();
        *n += 1;
        let access = format!("access-{n}");
        let refresh = format!("refresh-{n}");
        self.access_tokens.lock().unwrap().insert(access.clone());
        self.refresh_tokens.lock().unwrap().insert(refresh.clone());
        Issued {
            access_token: Secret::new(access),
            expires_in: 8 * 3600,
            refresh_token: Some(Secret::new(refresh)),
        }
    }
    fn log(&self, call: &str) {
        self.calls.lock().unwrap().push(call.to_string());
    }
    fn count(&self, call: &str) -> usize {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|c| *c == call)
            .count()
    }
}

impl SsoApi for FakeSso {
    fn register_client<'a>(
        &'a self,
        portal: &'a Portal,
        flow: Flow,
        now: i64,
    ) -> Answer<'a, SsoClient> {
        Box::pin(async move {
            self.log("RegisterClient");
            Ok(SsoClient {
                client_id: "client-1".into(),
                client_secret: Secret::new("client-secret"),
                expires_at: now + 90 * 86_400,
                portal: portal.clone(),
                flow,
            })
        })
    }
    fn start_device_authorization<'a>(
        &'a self,
        _: &'a SsoClient,
    ) -> Answer<'a, DeviceAuthorization> {
        Box::pin(async move {
            self.log("StartDeviceAuthorization");
            Ok(DeviceAuthorization {
                device_code: Secret::new("device-1"),
                user_code: "ABCD-EFGH".into(),
                verification_uri: "https://device.sso.eu-west-1.amazonaws.com/".into(),
                verification_uri_complete: None,
                expires_in: 600,
                interval: 1,
            })
        })
    }
    fn create_token<'a>(&'a self, _: &'a SsoClient, grant: &'a Grant) -> Answer<'a, Issued> {
        Box::pin(async move {
            match grant {
                Grant::AuthorizationCode { code, verifier, .. } => {
                    self.log("CreateToken:authorization_code");
                    assert_eq!(code.expose(), "code-from-browser");
                    assert_eq!(verifier.expose().len(), 43);
                    Ok(self.issue())
                }
                Grant::DeviceCode { .. } => {
                    self.log("CreateToken:device_code");
                    Ok(self.issue())
                }
                Grant::Refresh { refresh_token } => {
                    self.log("CreateToken:refresh_token");
                    if self
                        .refresh_tokens
                        .lock()
                        .unwrap()
                        .remove(refresh_token.expose())
                    {
                        Ok(self.issue())
                    } else {
                        Err(SsoFailure::GrantEnded {
                            message: "Refresh token has expired".into(),
                        })
                    }
                }
            }
        })
    }
    fn role_credentials<'a>(
        &'a self,
        region: &'a str,
        access_token: &'a Secret,
        account_id: &'a str,
        role_name: &'a str,
    ) -> Answer<'a, AwsCredentials> {
        Box::pin(async move {
            self.log("GetRoleCredentials");
            assert_eq!(region, "eu-west-1", "the instance's region");
            if !self
                .access_tokens
                .lock()
                .unwrap()
                .contains(access_token.expose())
            {
                return Err(SsoFailure::Unauthorized {
                    message: "Session token not found or invalid".into(),
                });
            }
            if !self.assigned.contains(&(account_id, role_name)) {
                return Err(SsoFailure::NotAssigned {
                    message: "No access".into(),
                });
            }
            Ok(AwsCredentials {
                access_key_id: format!("ASIASSO{account_id}"),
                secret_access_key: Secret::new("sso-secret"),
                session_token: Some(Secret::new("sso-token")),
                expires_at: Some(now() + 4 * 3600),
                origin: CredentialOrigin::ChainedRole,
            })
        })
    }
    fn accounts<'a>(&'a self, _: &'a str, _: &'a Secret) -> Answer<'a, Vec<SsoAccount>> {
        Box::pin(async move { Ok(vec![]) })
    }
    fn account_roles<'a>(
        &'a self,
        _: &'a str,
        _: &'a Secret,
        _: &'a str,
    ) -> Answer<'a, Vec<String>> {
        Box::pin(async move { Ok(vec![]) })
    }
}

/// STS for the chained step: records who signed each AssumeRole.
#[derive(Default)]
struct ChainSts {
    signers: Mutex<Vec<(String, u32)>>,
}

impl Sts for ChainSts {
    async fn get_session_token(
        &self,
        _: &AwsCredentials,
        _: &SessionTokenRequest,
    ) -> Result<AwsCredentials, StsFailure> {
        panic!("an Identity Center identity has no GetSessionToken")
    }
    async fn assume_role(
        &self,
        signer: &AwsCredentials,
        request: &AssumeRoleRequest,
    ) -> Result<AwsCredentials, StsFailure> {
        self.signers
            .lock()
            .unwrap()
            .push((signer.access_key_id.clone(), request.duration_secs));
        Ok(AwsCredentials {
            access_key_id: "ASIACHAINED".into(),
            secret_access_key: Secret::new("s"),
            session_token: Some(Secret::new("t")),
            expires_at: Some(now() + 3600),
            origin: CredentialOrigin::ChainedRole,
        })
    }
    async fn caller_identity(
        &self,
        _: &AwsCredentials,
        _: &str,
    ) -> Result<CallerIdentity, StsFailure> {
        Err(StsFailure::Throttled)
    }
}

/// A person with a browser: opening the authorize page signs in and approves, and the browser
/// follows the redirect to Rolehop's loopback (a real HTTP request to it).
#[derive(Default)]
struct Browser {
    opened: Mutex<Vec<String>>,
}

impl SignInPage for Browser {
    fn open(&self, _identity: &str, url: &str) -> bool {
        self.opened.lock().unwrap().push(url.to_string());
        let parsed = url::Url::parse(url).unwrap();
        let q: std::collections::HashMap<String, String> =
            parsed.query_pairs().into_owned().collect();
        let redirect = url::Url::parse(&q["redirect_uri"]).unwrap();
        let target = format!(
            "{}?code=code-from-browser&state={}",
            redirect.path(),
            q["state"]
        );
        let port = redirect.port().unwrap();
        std::thread::spawn(move || {
            use std::io::{Read, Write};
            // A stray request first (a favicon): it must not end the wait.
            for path in ["/favicon.ico".to_string(), target] {
                let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
                write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
                let mut answer = String::new();
                let _ = s.read_to_string(&mut answer);
            }
        });
        true
    }
    fn show_code(&self, _: &str, _: &str, _: &str) {
        panic!("the browser flow works here")
    }
}

struct Person {
    browser: Browser,
}

impl MfaPrompt for Person {
    fn code(&self, _: &MfaRequest) -> Option<Secret> {
        None
    }
    fn interactive(&self) -> bool {
        true
    }
    fn sign_in_page(&self) -> Option<&dyn SignInPage> {
        Some(&self.browser)
    }
}

fn catalog() -> Catalog {
    let catalog: Catalog = toml::from_str(CATALOG).unwrap();
    assert_eq!(crate::catalog::validate::validate(&catalog), vec![]);
    catalog
}

fn signed_in(vault: &Vault<MemoryKeychain>, sso: &FakeSso, expires_at: i64) {
    let issued = sso.issue();
    vault
        .store_sso_client(
            "work",
            &SsoClient {
                client_id: "client-1".into(),
                client_secret: Secret::new("client-secret"),
                expires_at: now() + 86_400 * 30,
                portal: portal(),
                flow: Flow::Pkce,
            },
        )
        .unwrap();
    vault
        .store_sso_token(
            "work",
            &SsoToken {
                access_token: issued.access_token,
                expires_at,
                refresh_token: issued.refresh_token,
                portal: portal(),
                client_id: "client-1".into(),
            },
        )
        .unwrap();
}

fn run<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

#[test]
fn a_permission_set_shortcut_gets_sso_role_credentials_and_a_chain_assumes_from_them() {
    let catalog = catalog();
    let vault = Vault::new(MemoryKeychain::default());
    let sso = FakeSso::new();
    signed_in(&vault, &sso, now() + 3600);
    let sts = ChainSts::default();
    let limits = RoleLimits::in_memory();
    let gates = crate::broker::gate::Gates::default();
    let broker = Broker::new(&catalog, &vault, &sts, &NoPrompt, &limits)
        .with_clock(now)
        .with_gates(&gates)
        .with_sso(&sso);
    let direct = run(broker.role_credentials_of("direct")).unwrap();
    assert_eq!(
        direct.origin,
        CredentialOrigin::SsoRole,
        "signs in without SessionDuration"
    );
    assert_eq!(direct.access_key_id, "ASIASSO333333333333");
    // Chained: the base permission set's credentials sign AssumeRole into the client, 1 h.
    let chained = run(broker.role_credentials_of("acme-prod")).unwrap();
    assert_eq!(chained.origin, CredentialOrigin::ChainedRole);
    assert_eq!(
        *sts.signers.lock().unwrap(),
        [("ASIASSO111111111111".to_string(), 3600)]
    );
    // Cached: a second open asks Identity Center nothing.
    let calls = sso.count("GetRoleCredentials");
    run(broker.role_credentials_of("direct")).unwrap();
    assert_eq!(sso.count("GetRoleCredentials"), calls);
    assert_eq!(sso.count("CreateToken:refresh_token"), 0);
}

#[test]
fn an_expired_access_token_is_refreshed_silently() {
    let catalog = catalog();
    let vault = Vault::new(MemoryKeychain::default());
    let sso = FakeSso::new();
    signed_in(&vault, &sso, now() + 60);
    let sts = ChainSts::default();
    let limits = RoleLimits::in_memory();
    let gates = crate::broker::gate::Gates::default();
    let broker = Broker::new(&catalog, &vault, &sts, &NoPrompt, &limits)
        .with_clock(now)
        .with_gates(&gates)
        .with_sso(&sso);
    run(broker.role_credentials_of("direct")).unwrap();
    assert_eq!(sso.count("CreateToken:refresh_token"), 1);
    let token = vault.sso_token("work").unwrap().unwrap();
    assert_eq!(token.access_token.expose(), "access-2");
    assert_eq!(token.expires_at, now() + 8 * 3600);
    assert_eq!(
        token.refresh_token.as_ref().map(Secret::expose),
        Some("refresh-2")
    );
}

#[test]
fn an_ended_session_asks_for_one_sign_in_or_says_to_run_login() {
    let catalog = catalog();
    let limits = RoleLimits::in_memory();
    let sts = ChainSts::default();
    // Nobody to show a browser to: the error says what to run, and the dead token is gone.
    let vault = Vault::new(MemoryKeychain::default());
    let sso = FakeSso::new();
    signed_in(&vault, &sso, now() - 10);
    sso.refresh_tokens.lock().unwrap().clear();
    let gates = crate::broker::gate::Gates::default();
    let broker = Broker::new(&catalog, &vault, &sts, &NoPrompt, &limits)
        .with_clock(now)
        .with_gates(&gates)
        .with_sso(&sso);
    let err = run(broker.role_credentials_of("direct")).unwrap_err();
    assert_eq!(err.kind(), crate::ErrorKind::SsoSignIn);
    assert_eq!(
        err.to_string(),
        "identity `work` needs to sign in to IAM Identity Center (https://my-org.awsapps.com/start): its Identity Center session has ended. Run `rolehop login work`"
    );
    assert!(vault.sso_token("work").unwrap().is_none());

    // A person with a browser: two shortcuts opened at once share one sign-in (PKCE through
    // the loopback), and both open.
    let vault = Vault::new(MemoryKeychain::default());
    let sso = FakeSso::new();
    signed_in(&vault, &sso, now() - 10);
    sso.refresh_tokens.lock().unwrap().clear();
    let person = Person {
        browser: Browser::default(),
    };
    let gates = crate::broker::gate::Gates::default();
    let a = Broker::new(&catalog, &vault, &sts, &person, &limits)
        .with_clock(now)
        .with_gates(&gates)
        .with_sso(&sso);
    let b = Broker::new(&catalog, &vault, &sts, &person, &limits)
        .with_clock(now)
        .with_gates(&gates)
        .with_sso(&sso);
    let (x, y) = run(async {
        tokio::join!(
            a.role_credentials_of("direct"),
            b.role_credentials_of("base")
        )
    });
    x.unwrap();
    y.unwrap();
    assert_eq!(
        person.browser.opened.lock().unwrap().len(),
        1,
        "one sign-in"
    );
    assert_eq!(sso.count("CreateToken:authorization_code"), 1);
    let opened = person.browser.opened.lock().unwrap()[0].clone();
    assert!(
        opened.starts_with("https://oidc.eu-west-1.amazonaws.com/authorize?")
            || opened.contains("/authorize?"),
        "{opened}"
    );
    assert!(vault.sso_token("work").unwrap().is_some());
}

#[test]
fn a_permission_set_not_assigned_is_named_with_the_account() {
    let mut catalog = catalog();
    catalog.shortcuts[2].role = "PowerUser".into();
    let vault = Vault::new(MemoryKeychain::default());
    let sso = FakeSso::new();
    signed_in(&vault, &sso, now() + 3600);
    let sts = ChainSts::default();
    let limits = RoleLimits::in_memory();
    let gates = crate::broker::gate::Gates::default();
    let broker = Broker::new(&catalog, &vault, &sts, &NoPrompt, &limits)
        .with_clock(now)
        .with_gates(&gates)
        .with_sso(&sso);
    let err = run(broker.role_credentials_of("direct")).unwrap_err();
    assert_eq!(err.kind(), crate::ErrorKind::AccessDenied);
    assert!(
        err.to_string()
            .contains("permission set `PowerUser` in account 333333333333"),
        "{err}"
    );
}
