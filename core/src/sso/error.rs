//! What can go wrong with an Identity Center identity, in words that say what to do next.

use super::api::SsoFailure;
use crate::base::error_kind::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum SsoError {
    #[error(transparent)]
    Vault(#[from] crate::vault::VaultError),
    /// No token, or one that can no longer be refreshed: the browser sign-in is needed.
    #[error(
        "identity `{identity}` needs to sign in to IAM Identity Center ({start_url}): {reason}. Run `rolehop login {identity}`"
    )]
    SignInRequired {
        identity: String,
        start_url: String,
        reason: String,
    },
    /// The browser sign-in was started and did not finish.
    #[error("the IAM Identity Center sign-in of identity `{identity}` did not finish: {detail}")]
    SignInFailed { identity: String, detail: String },
    #[error(
        "IAM Identity Center does not give identity `{identity}` the permission set `{role}` in account {account} ({message}); check the shortcut's account and role (`rolehop discover` lists what you are assigned)"
    )]
    NotAssigned {
        identity: String,
        account: String,
        role: String,
        message: String,
    },
    #[error(
        "AWS is throttling IAM Identity Center {operation} requests; Rolehop retried with backoff and gave up. Wait a minute and try again"
    )]
    Throttled { operation: &'static str },
    #[error(
        "no answer from IAM Identity Center for {operation} ({detail}); check the network, proxy and AWS_ENDPOINT_URL* settings"
    )]
    Network {
        operation: &'static str,
        detail: String,
    },
    #[error("IAM Identity Center {operation} failed ({code}): {message}")]
    Aws {
        operation: &'static str,
        code: String,
        message: String,
    },
}

impl SsoError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Vault(e) => e.kind(),
            Self::SignInRequired { .. } | Self::SignInFailed { .. } => ErrorKind::SsoSignIn,
            Self::NotAssigned { .. } => ErrorKind::AccessDenied,
            Self::Throttled { .. } => ErrorKind::Throttled,
            Self::Network { .. } => ErrorKind::Network,
            Self::Aws { .. } => ErrorKind::Aws,
        }
    }

    /// A failure of a call other than the ones whose meaning depends on the flow (those are
    /// mapped where they happen).
    pub fn from_failure(operation: &'static str, failure: SsoFailure) -> Self {
        match failure {
            SsoFailure::Throttled => Self::Throttled { operation },
            SsoFailure::Network { detail } => Self::Network { operation, detail },
            SsoFailure::Other { code, message } => Self::Aws {
                operation,
                code,
                message,
            },
            other => Self::Aws {
                operation,
                code: other.code().to_string(),
                message: failure_message(&other),
            },
        }
    }
}

/// The message inside a failure, for text.
pub fn failure_message(failure: &SsoFailure) -> String {
    match failure {
        SsoFailure::AuthorizationPending => "the sign-in was not approved yet".into(),
        SsoFailure::SlowDown => "asked to wait between checks".into(),
        SsoFailure::Throttled => "throttled".into(),
        SsoFailure::GrantEnded { message }
        | SsoFailure::AccessDenied { message }
        | SsoFailure::Unauthorized { message }
        | SsoFailure::InvalidClient { message }
        | SsoFailure::NotAssigned { message }
        | SsoFailure::Other { message, .. } => message.clone(),
        SsoFailure::Network { detail } => detail.clone(),
    }
}
