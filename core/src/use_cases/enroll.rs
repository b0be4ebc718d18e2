//! Enrolling an identity: the one set-up step both `rolehop setup` and the setup wizard run.
//! Checks every field (with the catalog's own rules), asks AWS whom the keys belong to
//! (GetCallerIdentity, <https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html>),
//! stores the keys in the keychain, and only then records the identity (no secrets) in the
//! catalog. When the catalog write fails, the stored keys are removed again.

use crate::Secret;
use crate::broker::{BrokerError, Sts};
use crate::catalog::duration::Seconds;
use crate::catalog::model::{Identity, Partition};
use crate::catalog::rules::{self, RuleError};
use crate::catalog::store::CatalogStore;
use crate::error::{Error, ErrorKind};
use crate::vault::{BaseKeys, Keychain, Vault};

/// What a person typed to set up an identity.
#[derive(Debug)]
pub struct Enrollment {
    pub identity: String,
    pub account: String,
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub mfa_serial: Option<String>,
    /// A command that prints the MFA code (a YubiKey), see [`crate::broker::code_command`].
    pub mfa_process: Option<String>,
    pub region: Option<String>,
    pub partition: Partition,
    pub session_duration: Option<Seconds>,
    /// A default browser kind to record with the identity (when the catalog has none yet, or
    /// the person chose one).
    pub browser: Option<String>,
    /// Skip GetCallerIdentity (offline set-up).
    pub verify: bool,
}

/// One field a person has to correct; `field` names the form field / CLI flag stem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl From<FieldError> for Error {
    fn from(e: FieldError) -> Self {
        Error::Environment {
            kind: ErrorKind::Config,
            message: e.to_string(),
        }
    }
}

/// A rule's example is written for the catalog file (`"012345678901"`); here it is a value
/// to type (a flag or a form field), so it is shown without the file's quotes.
pub(crate) fn rule(field: &'static str, r: Result<(), RuleError>) -> Result<(), FieldError> {
    r.map_err(|e| FieldError {
        field,
        message: format!(
            "{} (for example: {})",
            e.message,
            e.example.trim_start_matches('"').trim_end_matches('"')
        ),
    })
}

/// Checks every field of an enrollment without side effects; all problems, not just the first.
pub fn check(e: &Enrollment) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut push = |r: Result<(), FieldError>| {
        if let Err(e) = r {
            out.push(e);
        }
    };
    push(rule("identity", rules::slug(&e.identity)));
    push(rule("account", rules::account_id(&e.account)));
    if let Some(serial) = &e.mfa_serial {
        push(rule("mfa_serial", rules::mfa_serial(serial)));
    }
    if let Some(command) = e.mfa_process.as_ref().filter(|c| !c.trim().is_empty()) {
        push(rule(
            "mfa_process",
            rules::mfa_process(command, e.mfa_serial.as_deref()),
        ));
    }
    if let Some(region) = &e.region {
        push(rule("region", rules::region(region, e.partition)));
    }
    if let Some(d) = e.session_duration {
        push(rule("session_duration", rules::session_token_duration(d.0)));
    }
    push(access_key_id(&e.access_key_id));
    push(secret_access_key(&e.secret_access_key));
    out
}

fn access_key_id(key_id: &str) -> Result<(), FieldError> {
    let field = "access_key_id";
    if !(16..=128).contains(&key_id.len()) || !key_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(FieldError {
            field,
            message: "an access key id is 16-128 letters and digits, like AKIAIOSFODNN7EXAMPLE"
                .into(),
        });
    }
    if key_id.starts_with("ASIA") {
        return Err(FieldError {
            field,
            message: "ASIA… keys are temporary; set up the IAM user's long-term key (AKIA…)".into(),
        });
    }
    Ok(())
}

fn secret_access_key(secret: &Secret) -> Result<(), FieldError> {
    let s = secret.expose();
    if s.len() < 16 || s.contains(char::is_whitespace) {
        return Err(FieldError {
            field: "secret_access_key",
            message: "that does not look like a secret access key (40 characters, no spaces)"
                .into(),
        });
    }
    Ok(())
}

/// What enrolling did.
#[derive(Debug, Clone)]
pub struct Enrolled {
    pub identity: Identity,
    /// The IAM user ARN AWS reported (None when not verified).
    pub caller_arn: Option<String>,
}

/// Why enrolling stopped.
#[derive(Debug, thiserror::Error)]
pub enum EnrollError {
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Fields(Vec<FieldError>),
    #[error("these keys belong to account {actual} ({arn}), not {expected}: check the account id")]
    WrongAccount {
        expected: String,
        actual: String,
        arn: String,
    },
    #[error(transparent)]
    Core(#[from] Error),
}

impl EnrollError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Fields(_) | Self::WrongAccount { .. } => ErrorKind::Config,
            Self::Core(e) => e.kind(),
        }
    }
}

/// Runs an enrollment: check, verify with AWS, store keys, record the identity.
pub async fn enroll<K: Keychain, S: Sts>(
    store: &CatalogStore,
    vault: &Vault<K>,
    sts: &S,
    e: Enrollment,
) -> Result<Enrolled, EnrollError> {
    enroll_as(store, vault, sts, e, true).await
}

/// [`enroll`]; `typed`: the person typed this enrollment's `mfa_process` here (set-up, the
/// wizard), which allows it. An import's command is not allowed by enrolling it.
async fn enroll_as<K: Keychain, S: Sts>(
    store: &CatalogStore,
    vault: &Vault<K>,
    sts: &S,
    e: Enrollment,
    typed_here: bool,
) -> Result<Enrolled, EnrollError> {
    let problems = check(&e);
    if !problems.is_empty() {
        return Err(EnrollError::Fields(problems));
    }
    // The catalog must be readable before anything is stored for it.
    let before = store.load().map_err(Error::from)?;
    // Setting up a new key keeps the identity's code command unless one is given (an empty
    // one removes it): a re-run of set-up must not lose what the person configured.
    // A command the person typed here is one they confirmed (`broker::asking`): it runs at
    // the next open without asking. One kept from before keeps its own standing.
    let typed = e
        .mfa_process
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    let mfa_process = match e.mfa_process {
        Some(command) if command.trim().is_empty() => None,
        Some(command) => Some(command),
        None => before
            .identity(&e.identity)
            .and_then(|i| i.mfa_process.clone())
            .filter(|_| e.mfa_serial.is_some()),
    };
    let keys = BaseKeys {
        access_key_id: e.access_key_id.trim().to_string(),
        secret_access_key: e.secret_access_key,
    };
    let region = e
        .region
        .clone()
        .unwrap_or_else(|| e.partition.default_region().to_string());
    let mut session_name = None;
    let mut caller_arn = None;
    if e.verify {
        let caller = sts
            .caller_identity(&keys.credentials(), &region)
            .await
            .map_err(|f| {
                Error::from(BrokerError::from_setup(&e.identity, &keys.access_key_id, f))
            })?;
        if caller.account != e.account {
            return Err(EnrollError::WrongAccount {
                expected: e.account,
                actual: caller.account,
                arn: caller.arn,
            });
        }
        // The IAM user name makes a readable RoleSessionName in CloudTrail.
        session_name = caller
            .arn
            .rsplit_once(":user/")
            .map(|(_, user)| user.rsplit('/').next().unwrap_or(user))
            .map(rules::derive_session_name);
        caller_arn = Some(caller.arn);
    }

    vault
        .store_base_keys(&e.identity, &keys)
        .map_err(Error::from)?;
    // A new key invalidates the old key's session.
    vault.drop_session(&e.identity).map_err(Error::from)?;

    let identity = Identity {
        id: e.identity.clone(),
        account: e.account,
        mfa_serial: e.mfa_serial,
        mfa_process,
        partition: e.partition,
        region: e.region,
        session_duration: e.session_duration,
        session_name,
        ..Default::default()
    };
    record(store, vault, &identity, e.browser.as_deref())?;
    if let (true, Some(_), Some(command)) = (typed_here, typed, identity.mfa_process.as_deref()) {
        vault
            .confirm_mfa_process(&identity.id, command)
            .map_err(Error::from)?;
    }
    Ok(Enrolled {
        identity,
        caller_arn,
    })
}

/// The last step of every set-up (an access key, an Identity Center sign-in): records
/// `identity` (and the default browser the person chose) in the catalog. When that fails,
/// what the keychain holds for it is removed again: no secret is left behind for an identity
/// the catalog does not know.
pub(crate) fn record<K: Keychain>(
    store: &CatalogStore,
    vault: &Vault<K>,
    identity: &Identity,
    browser: Option<&str>,
) -> Result<(), EnrollError> {
    let stored = store.edit(|doc, _| {
        doc.set_identity(identity)?;
        if let Some(kind) = browser {
            doc.set_default_browser(kind)?;
        }
        Ok(())
    });
    if let Err(err) = stored {
        let _ = vault.forget_identity(&identity.id, &[]);
        return Err(Error::from(err).into());
    }
    Ok(())
}

/// Enrolls an identity an import found (`rolehop import … --keys`): its keys come from the
/// imported credentials file, and when the file did not say the account (no MFA device ARN),
/// AWS is asked whose keys they are. The session name is left to AWS's answer, as in set-up.
pub async fn enroll_imported<K: Keychain, S: Sts>(
    store: &CatalogStore,
    vault: &Vault<K>,
    sts: &S,
    identity: &Identity,
    access_key_id: String,
    secret_access_key: Secret,
) -> Result<Enrolled, EnrollError> {
    let mut account = identity.account.clone();
    if account.is_empty() {
        let keys = BaseKeys {
            access_key_id: access_key_id.trim().to_string(),
            secret_access_key: secret_access_key.clone(),
        };
        let region = identity
            .region
            .clone()
            .unwrap_or_else(|| identity.partition.default_region().to_string());
        account = sts
            .caller_identity(&keys.credentials(), &region)
            .await
            .map_err(|f| {
                Error::from(BrokerError::from_setup(
                    &identity.id,
                    &keys.access_key_id,
                    f,
                ))
            })?
            .account;
    }
    enroll_as(
        store,
        vault,
        sts,
        Enrollment {
            identity: identity.id.clone(),
            account,
            access_key_id,
            secret_access_key,
            mfa_serial: identity.mfa_serial.clone(),
            mfa_process: identity.mfa_process.clone(),
            region: identity.region.clone(),
            partition: identity.partition,
            session_duration: identity.session_duration,
            browser: None,
            verify: true,
        },
        false,
    )
    .await
}

#[cfg(test)]
#[path = "enroll_tests.rs"]
mod tests;
