//! Broker errors: what AWS said, about which identity and role, and what to do next.

use crate::base::error_kind::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    /// The shortcut or identity could not be resolved from the catalog.
    #[error(transparent)]
    Catalog(#[from] crate::catalog::CatalogError),
    /// The keychain could not give or keep what the flow needs.
    #[error(transparent)]
    Vault(#[from] crate::vault::VaultError),
    /// An IAM Identity Center identity: not signed in, or the portal refused.
    #[error(transparent)]
    Sso(#[from] crate::sso::SsoError),
    #[error(
        "AWS rejected the access key {access_key_id} of identity `{identity}` ({code}): {}. Store the current key with `rolehop setup --identity {identity} --account … --access-key-id …`",
        if code == "SignatureDoesNotMatch" {
            "the secret access key does not belong to this key id (a typo, or a space copied with it?)"
        } else {
            "it is wrong, deactivated or was rotated"
        }
    )]
    InvalidKeys {
        identity: String,
        access_key_id: String,
        code: String,
    },
    #[error("AWS denied identity `{identity}` the role {role_arn} (AccessDenied). {hint}")]
    AccessDenied {
        identity: String,
        role_arn: String,
        hint: String,
    },
    #[error(
        "identity `{identity}` needs an MFA code from {serial} {reason}, and there is no terminal to ask in: pass --mfa-code"
    )]
    MfaRequired {
        identity: String,
        serial: String,
        reason: String,
    },
    #[error("AWS rejected the MFA code for identity `{identity}` ({serial}): {detail}")]
    MfaRejected {
        identity: String,
        serial: String,
        detail: String,
    },
    #[error("the MFA code command of identity `{identity}` gave no code: {error}")]
    MfaProcess {
        identity: String,
        error: super::code_command::CodeCommandError,
    },
    #[error(
        "identity `{identity}` gets its MFA codes by running `{command}`, {}; confirm it in Settings → Identities, or run `rolehop open` for one of its shortcuts in a terminal and answer the question",
        if *refused { "and you chose not to run it" } else { "a command it has not run before (it may come from an imported configuration)" }
    )]
    CommandNotConfirmed {
        identity: String,
        command: String,
        refused: bool,
    },
    #[error(
        "MFA code for identity `{identity}` was already used {ago} s ago, and AWS accepts each code only once; {what}wait {wait_secs} s for the next code on {serial} and try again"
    )]
    MfaReused {
        identity: String,
        serial: String,
        ago: i64,
        wait_secs: i64,
        what: String,
    },
    #[error(
        "the cached session of identity `{identity}` has expired and a fresh one was refused too: {detail}"
    )]
    ExpiredSession { identity: String, detail: String },
    #[error(
        "role {role_arn} refused every session length down to 1h ({detail}); check the role's MaxSessionDuration"
    )]
    DurationTooLong { role_arn: String, detail: String },
    #[error(
        "AWS is throttling {operation} requests; Rolehop retried with backoff and gave up. Wait a minute and try again"
    )]
    Throttled { operation: String },
    #[error(
        "cannot reach AWS STS for {operation} ({detail}); check the network, proxy and AWS_ENDPOINT_URL* settings"
    )]
    Network { operation: String, detail: String },
    #[error(
        "AWS STS was reached but did not answer {operation} within {secs} s (slow or stuck, not unreachable); nothing was changed. Try again in a minute; if it keeps happening, check a proxy or firewall in between"
    )]
    Slow { operation: String, secs: u64 },
    #[error(
        "STS is not enabled in region {region} for this account ({detail}); enable the region for the account, or set the identity's `region` to one that is (STS is called in the identity's region)"
    )]
    RegionDisabled { region: String, detail: String },
    #[error("AWS {operation} failed ({code}): {message}")]
    Aws {
        operation: String,
        code: String,
        message: String,
    },
}

impl BrokerError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Catalog(e) => e.kind(),
            Self::Vault(e) => e.kind(),
            Self::Sso(e) => e.kind(),
            Self::InvalidKeys { .. } => ErrorKind::InvalidKeys,
            Self::AccessDenied { .. } => ErrorKind::AccessDenied,
            Self::MfaRequired { .. } => ErrorKind::MfaRequired,
            Self::MfaRejected { .. } => ErrorKind::MfaRejected,
            Self::MfaReused { .. } => ErrorKind::MfaReused,
            Self::MfaProcess { .. } => ErrorKind::MfaProcess,
            Self::CommandNotConfirmed { .. } => ErrorKind::MfaProcess,
            Self::ExpiredSession { .. } => ErrorKind::ExpiredSession,
            Self::DurationTooLong { .. } => ErrorKind::DurationTooLong,
            Self::Throttled { .. } => ErrorKind::Throttled,
            Self::Network { .. } | Self::Slow { .. } => ErrorKind::Network,
            Self::RegionDisabled { .. } | Self::Aws { .. } => ErrorKind::Aws,
        }
    }
}

impl BrokerError {
    /// Maps a failure of checking a new key (GetCallerIdentity during set-up).
    pub fn from_setup(identity: &str, access_key_id: &str, failure: super::StsFailure) -> Self {
        use super::StsFailure as F;
        let operation = "GetCallerIdentity".to_string();
        match failure {
            F::InvalidKeys { code } => Self::InvalidKeys {
                identity: identity.to_string(),
                access_key_id: access_key_id.to_string(),
                code,
            },
            F::Throttled => Self::Throttled { operation },
            F::Network { detail } => Self::Network { operation, detail },
            F::Slow { secs } => Self::Slow { operation, secs },
            F::RegionDisabled { message } => Self::RegionDisabled {
                region: String::new(),
                detail: message,
            },
            F::AccessDenied { message }
            | F::MfaFailed { message }
            | F::ExpiredToken { message }
            | F::DurationTooLong { message } => Self::Aws {
                operation,
                code: "AccessDenied".into(),
                message,
            },
            F::Other { code, message } => Self::Aws {
                operation,
                code,
                message,
            },
        }
    }
}
