//! Setting up an IAM Identity Center identity: the one step both `rolehop setup --sso-start-url`
//! and the wizard run. Checks the fields with the catalog's own rules, signs in (the browser
//! sign-in of [`crate::sso::login`]: the tokens go to the keychain), and only then records the
//! identity (no secrets) in the catalog. When the catalog write fails, the tokens are removed
//! again.

use crate::catalog::model::{Identity, Partition};
use crate::catalog::rules;
use crate::catalog::store::CatalogStore;
use crate::error::Error;
use crate::sso::SsoApi;
use crate::sso::login::{Method, SignIn, SignInPage};
use crate::use_cases::enroll::{EnrollError, FieldError, record, rule};
use crate::vault::sso::Portal;
use crate::vault::{Keychain, Vault};

/// What a person gave to set up an Identity Center identity.
#[derive(Debug, Clone)]
pub struct SsoEnrollment {
    pub identity: String,
    pub start_url: String,
    pub region: String,
    pub partition: Partition,
    /// The default region for its shortcuts.
    pub default_region: Option<String>,
    /// The AWS CLI `sso-session` name it corresponds to.
    pub sso_session: Option<String>,
    /// A default browser kind to record (when the catalog has none yet, or the person chose).
    pub browser: Option<String>,
    /// Sign in now (the default); `false` records the identity for a later `rolehop login`.
    pub sign_in: bool,
    pub method: Method,
}

/// Every problem with the fields, without side effects.
pub fn check(e: &SsoEnrollment) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut push = |r: Result<(), FieldError>| {
        if let Err(e) = r {
            out.push(e);
        }
    };
    push(rule("identity", rules::slug(&e.identity)));
    push(rule("sso_start_url", rules::sso_start_url(&e.start_url)));
    push(rule("sso_region", rules::region(&e.region, e.partition)));
    if let Some(region) = &e.default_region {
        push(rule("region", rules::region(region, e.partition)));
    }
    if let Some(name) = &e.sso_session {
        push(rule("sso_session", rules::slug(name)));
    }
    out
}

/// Checks, signs in (unless told not to), records the identity.
pub async fn enroll_sso<K: Keychain>(
    store: &CatalogStore,
    vault: &Vault<K>,
    api: &dyn SsoApi,
    page: &dyn SignInPage,
    e: SsoEnrollment,
) -> Result<Identity, EnrollError> {
    let problems = check(&e);
    if !problems.is_empty() {
        return Err(EnrollError::Fields(problems));
    }
    let before = store.load().map_err(Error::from)?;
    if let Some(existing) = before.identity(&e.identity)
        && existing.portal().is_none()
    {
        return Err(EnrollError::Fields(vec![FieldError {
            field: "identity",
            message: format!(
                "identity `{}` already exists with an access key; choose another name for the Identity Center identity",
                e.identity
            ),
        }]));
    }
    let identity = Identity {
        id: e.identity.clone(),
        partition: e.partition,
        region: e.default_region.clone(),
        sso_start_url: Some(e.start_url.trim().to_string()),
        sso_region: Some(e.region.clone()),
        sso_session: e.sso_session.clone(),
        ..Identity::default()
    };
    if e.sign_in {
        let portal = Portal {
            start_url: e.start_url.trim().to_string(),
            region: e.region.clone(),
        };
        SignIn::new(vault, api, page)
            .run(&e.identity, &portal, e.method)
            .await
            .map_err(|err| EnrollError::Core(err.into()))?;
    }
    record(store, vault, &identity, e.browser.as_deref())?;
    Ok(identity)
}
