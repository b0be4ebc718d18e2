//! Tests of `enroll.rs`.

use super::*;
use crate::base::credentials::AwsCredentials;
use crate::broker::sts::{AssumeRoleRequest, CallerIdentity, SessionTokenRequest, StsFailure};
use crate::vault::MemoryKeychain;

/// An STS whose GetCallerIdentity answers with a fixed account (or a failure).
struct Caller(Result<&'static str, StsFailure>);

impl Sts for Caller {
    async fn get_session_token(
        &self,
        _: &AwsCredentials,
        _: &SessionTokenRequest,
    ) -> Result<AwsCredentials, StsFailure> {
        Err(StsFailure::Throttled)
    }
    async fn assume_role(
        &self,
        _: &AwsCredentials,
        _: &AssumeRoleRequest,
    ) -> Result<AwsCredentials, StsFailure> {
        Err(StsFailure::Throttled)
    }
    async fn caller_identity(
        &self,
        _: &AwsCredentials,
        _: &str,
    ) -> Result<CallerIdentity, StsFailure> {
        match &self.0 {
            Ok(account) => Ok(CallerIdentity {
                account: account.to_string(),
                arn: format!("arn:aws:iam::{account}:user/team/alice.smith"),
                user_id: "AIDA".into(),
            }),
            Err(StsFailure::InvalidKeys { code }) => {
                Err(StsFailure::InvalidKeys { code: code.clone() })
            }
            Err(_) => Err(StsFailure::Throttled),
        }
    }
}

fn enrollment() -> Enrollment {
    Enrollment {
        identity: "alice".into(),
        account: "111111111111".into(),
        access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
        secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        mfa_serial: Some("arn:aws:iam::111111111111:mfa/alice".into()),
        mfa_process: None,
        region: None,
        partition: Partition::Aws,
        session_duration: None,
        browser: Some("chromium".into()),
        verify: true,
    }
}

fn run(
    e: Enrollment,
    sts: Caller,
) -> (
    tempfile::TempDir,
    Vault<MemoryKeychain>,
    Result<Enrolled, EnrollError>,
) {
    let dir = tempfile::tempdir().unwrap();
    let store = CatalogStore::new(dir.path().join("catalog.toml"));
    let vault = Vault::new(MemoryKeychain::default());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let result = rt.block_on(enroll(&store, &vault, &sts, e));
    (dir, vault, result)
}

#[test]
fn stores_keys_then_records_identity_with_session_name() {
    let (dir, vault, result) = run(enrollment(), Caller(Ok("111111111111")));
    let done = result.unwrap();
    assert_eq!(done.identity.session_name.as_deref(), Some("alice.smith"));
    let keys = vault.base_keys("alice").unwrap();
    assert_eq!(
        keys.map(|k| k.access_key_id).as_deref(),
        Some("AKIAIOSFODNN7EXAMPLE")
    );
    let text = std::fs::read_to_string(dir.path().join("catalog.toml")).unwrap();
    assert!(
        text.contains("[[identity]]") || text.contains("identity"),
        "{text}"
    );
    assert!(text.contains("browser = \"chromium\""), "{text}");
    assert!(!text.contains("wJalr"), "no secret in the catalog: {text}");
}

#[test]
fn a_second_identity_keeps_the_first_ones_shortcuts_opening_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let store = CatalogStore::new(dir.path().join("catalog.toml"));
    std::fs::write(
        store.path(),
        "schema_version = 1\n[[identity]]\nid = \"alice\"\naccount = \"111111111111\"\n[[client]]\nid = \"acme\"\nname = \"Acme\"\n# mine\n[[shortcut]]\nid = \"acme-prod\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\n[[shortcut]]\nid = \"acme-chain\"\nclient = \"acme\"\naccount = \"333333333333\"\nrole = \"Admin\"\nvia = \"acme-prod\"\n",
    )
    .unwrap();
    let vault = Vault::new(MemoryKeychain::default());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let bob = Enrollment {
        identity: "bob".into(),
        account: "444444444444".into(),
        ..enrollment()
    };
    rt.block_on(enroll(&store, &vault, &Caller(Ok("444444444444")), bob))
        .unwrap();
    let catalog = store.load().unwrap();
    assert_eq!(catalog.identities.len(), 2);
    assert_eq!(
        catalog
            .shortcut("acme-prod")
            .and_then(|s| s.identity.as_deref()),
        Some("alice")
    );
    assert_eq!(
        catalog
            .shortcut("acme-chain")
            .and_then(|s| s.identity.as_deref()),
        None,
        "a chained shortcut follows its parent"
    );
    let text = std::fs::read_to_string(store.path()).unwrap_or_default();
    assert!(text.contains("# mine"), "comments kept: {text}");
}

#[test]
fn keys_of_another_account_are_refused_and_not_stored() {
    let (_dir, vault, result) = run(enrollment(), Caller(Ok("999999999999")));
    match result {
        Err(EnrollError::WrongAccount { actual, .. }) => assert_eq!(actual, "999999999999"),
        other => panic!("{other:?}"),
    }
    assert!(vault.base_keys("alice").unwrap().is_none());
}

#[test]
fn rejected_keys_are_invalid_keys() {
    let sts = Caller(Err(StsFailure::InvalidKeys {
        code: "InvalidClientTokenId".into(),
    }));
    let (_dir, vault, result) = run(enrollment(), sts);
    let err = result.err().unwrap_or_else(|| panic!("accepted"));
    assert_eq!(err.kind(), ErrorKind::InvalidKeys);
    assert!(vault.base_keys("alice").unwrap().is_none());
}

#[test]
fn every_bad_field_is_reported_at_once() {
    let e = Enrollment {
        identity: "Alice Smith".into(),
        account: "12345".into(),
        access_key_id: "ASIAIOSFODNN7EXAMPLE".into(),
        secret_access_key: Secret::new("short"),
        mfa_serial: Some("x".into()),
        mfa_process: Some("ykman 'unclosed".into()),
        ..enrollment()
    };
    let fields: Vec<&str> = check(&e).iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        [
            "identity",
            "account",
            "mfa_serial",
            "mfa_process",
            "access_key_id",
            "secret_access_key"
        ]
    );
}

#[test]
fn offline_enrollment_skips_aws() {
    let e = Enrollment {
        verify: false,
        ..enrollment()
    };
    let (_dir, _vault, result) = run(e, Caller(Err(StsFailure::Throttled)));
    let done = result.unwrap();
    assert_eq!(done.caller_arn, None);
}

#[test]
fn a_code_command_is_recorded_kept_by_a_new_key_and_removed_when_emptied() {
    let dir = tempfile::tempdir().unwrap();
    let store = CatalogStore::new(dir.path().join("catalog.toml"));
    let vault = Vault::new(MemoryKeychain::default());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let sts = Caller(Ok("111111111111"));
    let command = "ykman oath accounts code --single 'Amazon Web Services:alice@111111111111'";
    let with = Enrollment {
        mfa_process: Some(command.into()),
        ..enrollment()
    };
    rt.block_on(enroll(&store, &vault, &sts, with)).unwrap();
    let process = |store: &CatalogStore| {
        store
            .load()
            .unwrap()
            .identity("alice")
            .and_then(|i| i.mfa_process.clone())
    };
    assert_eq!(process(&store).as_deref(), Some(command));
    rt.block_on(enroll(&store, &vault, &sts, enrollment()))
        .unwrap();
    assert_eq!(
        process(&store).as_deref(),
        Some(command),
        "kept by a new key"
    );
    let emptied = Enrollment {
        mfa_process: Some(String::new()),
        ..enrollment()
    };
    rt.block_on(enroll(&store, &vault, &sts, emptied)).unwrap();
    assert_eq!(process(&store), None);
    let without_device = Enrollment {
        mfa_serial: None,
        mfa_process: Some("ykman oath accounts code".into()),
        ..enrollment()
    };
    let fields: Vec<&str> = check(&without_device).iter().map(|f| f.field).collect();
    assert_eq!(fields, ["mfa_process"], "a code command needs a device");
}
