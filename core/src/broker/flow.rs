//! The broker's policy: which STS calls give a shortcut its role credentials, with what
//! caching, MFA and recovery (ARCHITECTURE.md §3).
//!
//! - cached role credentials are reused until shortly before expiry (for `daily` and chained
//!   roles a refresh costs no MFA, so they are renewed earlier, keeping a fresh console long);
//! - `daily`: the identity's GetSessionToken session (one MFA code a day, cached in the
//!   keychain) signs AssumeRole (<= 1 h). A cached session AWS calls expired is dropped and
//!   renewed once, with one new MFA prompt;
//! - `long`: AssumeRole straight from the base keys with MFA, for the shortcut's duration
//!   (default 12 h); "exceeds the MaxSessionDuration" is retried at shorter lengths down to
//!   1 h, the length that worked is remembered, and the person is told;
//! - `via`: the parent shortcut's role credentials sign AssumeRole (<= 1 h).
//!
//! Cached role credentials carry the [`fingerprint`](super::fingerprint) of everything that
//! determined them: after an edit the same shortcut id is a miss, never the old account.
//!
//! Parallel opens share one MFA prompt and one STS call: the identity's session and its MFA
//! codes are behind the identity's [gate](super::gate), a shortcut's role credentials behind
//! the shortcut's, and every broker of the process shares those gates. A caller that waited
//! re-reads the keychain first, so it finds what the first one stored.

use std::cell::RefCell;

use super::code_command::{CodeCommand, PROCESS_CODES};
use super::error::BrokerError;
use super::failure::{Ctx, map_failure};
use super::fingerprint::fingerprint;
use super::gate::{GateFor, Gates};
use super::limits::RoleLimits;
use super::mfa::MfaPrompt;
use super::sts::{AssumeRoleRequest, MfaToken, SessionTokenRequest, Sts, StsFailure};
use crate::base::credentials::{AwsCredentials, CredentialOrigin};
use crate::catalog::model::IdentityKind;
use crate::catalog::model::{Catalog, Identity, SessionMode};
use crate::catalog::resolve::{ResolvedShortcut, Source, resolve};
use crate::catalog::rules::derive_session_name;
use crate::sso::{AWS_SSO, SsoApi};
use crate::vault::{Keychain, Vault};

/// Role credentials with less than this left are renewed when renewal needs MFA (`long`).
pub const LONG_REFRESH_MARGIN_SECS: i64 = 5 * 60;
/// Renewal without MFA (`daily`, chained): renew while a console would still get 15 minutes.
pub const FREE_REFRESH_MARGIN_SECS: i64 = 15 * 60;
/// A daily session with less than this left is renewed before it is used.
pub const SESSION_REFRESH_MARGIN_SECS: i64 = 10 * 60;
/// Default GetSessionToken length: a working day.
pub const DEFAULT_SESSION_SECS: u32 = 12 * 3600;
/// Default `long` role session: as long as AWS allows any role.
pub const DEFAULT_LONG_SECS: u32 = 12 * 3600;
/// Chained roles and roles assumed with session-token credentials are capped at one hour.
pub const CHAINED_MAX_SECS: u32 = 3600;

/// The broker, borrowing the parts it works with.
pub struct Broker<'a, K: Keychain, S: Sts, M: MfaPrompt> {
    pub(super) catalog: &'a Catalog,
    pub(super) vault: &'a Vault<K>,
    pub(super) sts: &'a S,
    pub(super) mfa: &'a M,
    pub(super) limits: &'a RoleLimits,
    pub(super) clock: fn() -> i64,
    pub(super) notices: RefCell<Vec<String>>,
    pub(super) gates: &'a Gates,
    /// Runs identities' `mfa_process` commands.
    pub(super) codes: &'a dyn CodeCommand,
    /// IAM Identity Center, for identities that sign in there.
    pub(super) sso: &'a dyn SsoApi,
}

impl<'a, K: Keychain, S: Sts, M: MfaPrompt> Broker<'a, K, S, M> {
    pub fn new(
        catalog: &'a Catalog,
        vault: &'a Vault<K>,
        sts: &'a S,
        mfa: &'a M,
        limits: &'a RoleLimits,
    ) -> Self {
        Self {
            catalog,
            vault,
            sts,
            mfa,
            limits,
            clock: crate::base::credentials::now_unix,
            notices: RefCell::new(Vec::new()),
            gates: Gates::global(),
            codes: &PROCESS_CODES,
            sso: &AWS_SSO,
        }
    }

    /// Replaces IAM Identity Center (tests).
    pub fn with_sso(mut self, sso: &'a dyn SsoApi) -> Self {
        self.sso = sso;
        self
    }

    /// Replaces the runner of `mfa_process` commands (tests).
    pub fn with_codes(mut self, codes: &'a dyn CodeCommand) -> Self {
        self.codes = codes;
        self
    }

    /// Replaces the process-wide gates (tests that must not share them).
    pub fn with_gates(mut self, gates: &'a Gates) -> Self {
        self.gates = gates;
        self
    }

    /// Replaces the clock (tests).
    pub fn with_clock(mut self, clock: fn() -> i64) -> Self {
        self.clock = clock;
        self
    }

    /// Things the person should be told (for example a shortened session), drained.
    pub fn take_notices(&self) -> Vec<String> {
        self.notices.borrow_mut().drain(..).collect()
    }

    pub(super) fn notice(&self, text: String) {
        tracing::info!("{text}");
        self.notices.borrow_mut().push(text);
    }

    /// Role credentials for a shortcut the caller resolved (once, for the whole open): cached
    /// (for the shortcut as it is defined now), or freshly assumed. A chain's parent is
    /// resolved here, as it is not the caller's.
    pub async fn role_credentials(
        &self,
        shortcut: &ResolvedShortcut,
    ) -> Result<AwsCredentials, BrokerError> {
        let fingerprint = fingerprint(self.catalog, &shortcut.id)?;
        // Held until the new credentials are stored: a second open of this shortcut waits
        // and then finds them.
        let _gate = self.gates.enter(GateFor::Shortcut(&shortcut.id)).await;
        let now = (self.clock)();
        if let Some(cached) = self.vault.role(&shortcut.id, &fingerprint)? {
            let margin = match cached.origin {
                CredentialOrigin::RoleFromLongTermKeys => LONG_REFRESH_MARGIN_SECS,
                _ => FREE_REFRESH_MARGIN_SECS,
            };
            if cached.origin.is_role() && cached.fresh_at(now, margin) {
                tracing::debug!(shortcut = %shortcut.id, "using cached role credentials");
                return Ok(cached);
            }
        }
        let identity = self.catalog.identity(&shortcut.identity).ok_or_else(|| {
            crate::catalog::CatalogError::NotFound {
                what: "identity",
                id: shortcut.identity.clone(),
                known: self
                    .catalog
                    .identities
                    .iter()
                    .map(|i| i.id.clone())
                    .collect(),
            }
        })?;
        let creds = match &shortcut.source {
            Source::Via(parent) => {
                let parent = resolve(self.catalog, parent)?;
                let parent_creds = Box::pin(self.role_credentials(&parent)).await?;
                let duration = self.chained_duration(shortcut);
                self.assume(shortcut, identity, &parent_creds, duration, None)
                    .await
                    .map_err(|f| {
                        map_failure(
                            f,
                            &self.ctx("AssumeRole", identity, &parent_creds, Some(shortcut)),
                        )
                    })?
            }
            Source::Identity(_) if identity.kind() == IdentityKind::Sso => {
                self.sso_role(shortcut, identity).await?
            }
            Source::Identity(_) => match shortcut.session {
                SessionMode::Daily => self.daily(shortcut, identity).await?,
                SessionMode::Long => self.long(shortcut, identity).await?,
            },
        };
        self.vault.store_role(&shortcut.id, &fingerprint, &creds)?;
        Ok(creds)
    }

    /// [`Self::role_credentials`] by id, for tests.
    #[cfg(test)]
    pub(crate) async fn role_credentials_of(
        &self,
        shortcut_id: &str,
    ) -> Result<AwsCredentials, BrokerError> {
        let shortcut = resolve(self.catalog, shortcut_id)?;
        self.role_credentials(&shortcut).await
    }

    fn chained_duration(&self, shortcut: &ResolvedShortcut) -> u32 {
        let wanted = shortcut.duration.unwrap_or(CHAINED_MAX_SECS);
        if wanted > CHAINED_MAX_SECS {
            self.notice(format!(
                "{}: AWS caps chained and daily-mode role sessions at 1h, so it lasts 1h, not {}",
                shortcut.id,
                crate::catalog::duration::Seconds(wanted)
            ));
        }
        wanted.min(CHAINED_MAX_SECS)
    }

    pub(super) fn ctx<'r>(
        &self,
        operation: &'static str,
        identity: &'r Identity,
        signer: &AwsCredentials,
        role: Option<&'r ResolvedShortcut>,
    ) -> Ctx<'r> {
        Ctx {
            operation,
            identity,
            access_key_id: signer.access_key_id.clone(),
            role,
        }
    }

    fn session_name(&self, identity: &Identity) -> String {
        identity
            .session_name
            .clone()
            .unwrap_or_else(|| derive_session_name(&identity.id))
    }

    async fn assume(
        &self,
        shortcut: &ResolvedShortcut,
        identity: &Identity,
        signer: &AwsCredentials,
        duration_secs: u32,
        mfa: Option<MfaToken>,
    ) -> Result<AwsCredentials, StsFailure> {
        let request = AssumeRoleRequest {
            // The identity's region, never the console region (ARCHITECTURE.md §3).
            region: identity.sts_region(),
            role_arn: shortcut.role_arn.clone(),
            session_name: self.session_name(identity),
            duration_secs,
            external_id: shortcut.external_id.clone(),
            mfa,
        };
        let mut creds = self.sts.assume_role(signer, &request).await?;
        creds.origin = match signer.origin {
            CredentialOrigin::LongTermKeys => CredentialOrigin::RoleFromLongTermKeys,
            CredentialOrigin::SessionToken => CredentialOrigin::RoleFromSessionToken,
            _ => CredentialOrigin::ChainedRole,
        };
        Ok(creds)
    }

    /// `daily`: the identity's session signs a <= 1 h AssumeRole.
    async fn daily(
        &self,
        shortcut: &ResolvedShortcut,
        identity: &Identity,
    ) -> Result<AwsCredentials, BrokerError> {
        let duration = self.chained_duration(shortcut);
        let (session, fresh) = self.session(identity, None).await?;
        match self
            .assume(shortcut, identity, &session, duration, None)
            .await
        {
            Ok(creds) => Ok(creds),
            Err(
                StsFailure::ExpiredToken { message } | StsFailure::InvalidKeys { code: message },
            ) if !fresh => {
                tracing::info!(identity = %identity.id, "cached session refused ({message}); starting a new one");
                let (session, _) = self.session(identity, Some(&session.access_key_id)).await?;
                self.assume(shortcut, identity, &session, duration, None)
                    .await
                    .map_err(|f| match f {
                        StsFailure::ExpiredToken { message } => BrokerError::ExpiredSession {
                            identity: identity.id.clone(),
                            detail: message,
                        },
                        f => map_failure(
                            f,
                            &self.ctx("AssumeRole", identity, &session, Some(shortcut)),
                        ),
                    })
            }
            Err(f) => Err(map_failure(
                f,
                &self.ctx("AssumeRole", identity, &session, Some(shortcut)),
            )),
        }
    }

    /// The identity's GetSessionToken session: cached, or new (one MFA code). Returns whether
    /// it was just made. `refused`: the access key id of a session AWS just refused; it is
    /// dropped, unless another caller replaced it while this one waited at the gate.
    pub async fn session(
        &self,
        identity: &Identity,
        refused: Option<&str>,
    ) -> Result<(AwsCredentials, bool), BrokerError> {
        let _gate = self.gates.enter(GateFor::Identity(&identity.id)).await;
        let now = (self.clock)();
        if let Some(cached) = self.vault.session(&identity.id)? {
            if refused == Some(cached.access_key_id.as_str()) {
                self.vault.drop_session(&identity.id)?;
            } else if cached.fresh_at(now, SESSION_REFRESH_MARGIN_SECS) {
                return Ok((cached, false));
            }
        }
        let base = self.vault.require_base_keys(&identity.id)?.credentials();
        let region = identity.sts_region();
        let duration_secs = identity
            .session_duration
            .map(|d| d.0)
            .unwrap_or(DEFAULT_SESSION_SECS);
        let reason = if refused.is_some() {
            "to renew today's session (the cached one expired)".to_string()
        } else {
            "to start today's session".to_string()
        };
        let ctx = self.ctx("GetSessionToken", identity, &base, None);
        let session = self
            .with_mfa(identity, &reason, &ctx, |mfa| {
                let request = SessionTokenRequest {
                    region: region.clone(),
                    duration_secs,
                    mfa,
                };
                let base = &base;
                async move { self.sts.get_session_token(base, &request).await }
            })
            .await?;
        self.vault.store_session(&identity.id, &session)?;
        Ok((session, true))
    }

    /// `long`: AssumeRole with the base keys and MFA, as long as the role allows.
    async fn long(
        &self,
        shortcut: &ResolvedShortcut,
        identity: &Identity,
    ) -> Result<AwsCredentials, BrokerError> {
        let base = self.vault.require_base_keys(&identity.id)?.credentials();
        let requested = shortcut
            .duration
            .unwrap_or(DEFAULT_LONG_SECS)
            .min(self.limits.get(&shortcut.role_arn).unwrap_or(u32::MAX));
        let reason = format!("to open a long session for {}", shortcut.id);
        let ctx = self.ctx("AssumeRole", identity, &base, Some(shortcut));
        // One code serves every length tried: AWS checks DurationSeconds against the role's
        // maximum before it spends the code.
        let duration = std::cell::Cell::new(requested);
        // One MFA prompt of an identity at a time: a code is single-use, so two long sessions
        // opened together are asked for one after the other.
        let _gate = self.gates.enter(GateFor::Identity(&identity.id)).await;
        let attempt = self
            .with_mfa(identity, &reason, &ctx, |mfa| {
                let (base, duration) = (&base, &duration);
                async move {
                    loop {
                        match self.assume(shortcut, identity, base, duration.get(), mfa.clone()).await {
                            Err(StsFailure::DurationTooLong { message }) => match next_shorter(duration.get()) {
                                Some(shorter) => {
                                    tracing::info!(shortcut = %shortcut.id, from = duration.get(), to = shorter, "role maximum is shorter; retrying");
                                    duration.set(shorter);
                                }
                                None => return Err(StsFailure::DurationTooLong { message }),
                            },
                            other => return other,
                        }
                    }
                }
            })
            .await;
        let creds = attempt?;
        let duration = duration.get();
        if duration < requested {
            self.limits.learn(&shortcut.role_arn, duration);
            self.notice(format!(
                "{}: the role allows less than {}; the session lasts {} (set `duration = \"{}\"` on the shortcut to skip the retry)",
                shortcut.id,
                crate::catalog::duration::Seconds(requested),
                crate::catalog::duration::Seconds(duration),
                crate::catalog::duration::Seconds(duration),
            ));
        }
        Ok(creds)
    }
}

/// The next shorter session length to try after "exceeds the MaxSessionDuration".
pub fn next_shorter(current: u32) -> Option<u32> {
    const STEPS: [u32; 7] = [43_200, 36_000, 28_800, 21_600, 14_400, 7_200, 3_600];
    STEPS.into_iter().find(|s| *s < current)
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;
