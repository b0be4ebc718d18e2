//! From what STS answered to what the person reads: each failure named with the identity,
//! key and role the call was about, and what to do next.

use super::error::BrokerError;
use super::sts::StsFailure;
use crate::catalog::model::{Identity, SessionMode};
use crate::catalog::resolve::{ResolvedShortcut, Source};

/// Which call a failure came from.
pub(super) struct Ctx<'r> {
    pub(super) operation: &'static str,
    pub(super) identity: &'r Identity,
    pub(super) access_key_id: String,
    pub(super) role: Option<&'r ResolvedShortcut>,
}

pub(super) fn map_failure(failure: StsFailure, ctx: &Ctx<'_>) -> BrokerError {
    let identity = ctx.identity.id.clone();
    match failure {
        StsFailure::InvalidKeys { code } => BrokerError::InvalidKeys {
            identity,
            access_key_id: ctx.access_key_id.clone(),
            code,
        },
        StsFailure::AccessDenied { message } => {
            let role_arn = ctx.role.map(|r| r.role_arn.clone()).unwrap_or_default();
            let mut hints = vec![format!(
                "The role's trust policy must allow account {} (or the identity's user) to assume it",
                ctx.identity.account
            )];
            if let Some(role) = ctx.role {
                match (&role.source, role.session) {
                    (Source::Via(parent), _) => hints.push(format!(
                        "as a chained role, the trust policy must name the role of shortcut `{parent}`"
                    )),
                    (_, SessionMode::Daily) if ctx.identity.mfa_serial.is_none() => hints.push(
                        "if it requires MFA (aws:MultiFactorAuthPresent), add `mfa_serial` to the identity".into(),
                    ),
                    _ => {}
                }
                if role.external_id.is_some() {
                    hints.push(
                        "check the shortcut's `external_id` against the one the role expects"
                            .into(),
                    );
                } else {
                    hints.push(
                        "if the role expects an external id (sts:ExternalId), set `external_id`"
                            .into(),
                    );
                }
            }
            hints.push(format!(
                "the identity's own policy must allow sts:AssumeRole on it. AWS said: {message}"
            ));
            BrokerError::AccessDenied {
                identity,
                role_arn,
                hint: hints.join("; "),
            }
        }
        StsFailure::MfaFailed { message } => BrokerError::MfaRejected {
            identity,
            serial: ctx.identity.mfa_serial.clone().unwrap_or_default(),
            detail: message,
        },
        StsFailure::ExpiredToken { message } => BrokerError::ExpiredSession {
            identity,
            detail: message,
        },
        StsFailure::DurationTooLong { message } => BrokerError::DurationTooLong {
            role_arn: ctx.role.map(|r| r.role_arn.clone()).unwrap_or_default(),
            detail: message,
        },
        StsFailure::Throttled => BrokerError::Throttled {
            operation: ctx.operation.into(),
        },
        StsFailure::Network { detail } => BrokerError::Network {
            operation: ctx.operation.into(),
            detail,
        },
        StsFailure::Slow { secs } => BrokerError::Slow {
            operation: ctx.operation.into(),
            secs,
        },
        StsFailure::RegionDisabled { message } => BrokerError::RegionDisabled {
            region: ctx.identity.sts_region(),
            detail: message,
        },
        StsFailure::Other { code, message } => BrokerError::Aws {
            operation: ctx.operation.into(),
            code,
            message,
        },
    }
}
