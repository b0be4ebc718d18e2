//! Errors of building destinations and talking to the federation endpoint.

use crate::base::error_kind::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum FederationError {
    #[error(transparent)]
    BadDestination(#[from] crate::partition::destination::DestinationError),
    #[error(
        "the AWS sign-in endpoint {endpoint} could not be reached ({reason}); check the network or proxy settings"
    )]
    Unreachable { endpoint: String, reason: String },
    #[error(
        "the AWS sign-in endpoint {endpoint} was reached but did not answer within {secs} s (slow or stuck, not unreachable); nothing was opened. Try again; if it keeps happening, check a proxy in between"
    )]
    Slow { endpoint: String, secs: u64 },
    #[error("the AWS sign-in endpoint {endpoint} refused the session (HTTP {status}){hint}")]
    Rejected {
        endpoint: String,
        status: u16,
        hint: String,
    },
    #[error("the AWS sign-in endpoint {endpoint} answered without a SigninToken")]
    BadResponse { endpoint: String },
    #[error(
        "{variable} must be an https URL (plain http only to 127.0.0.1 or localhost): `{value}`"
    )]
    BadOverride { variable: String, value: String },
}

impl FederationError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::BadDestination(_) | Self::BadOverride { .. } => ErrorKind::Config,
            Self::Unreachable { .. } | Self::Slow { .. } => ErrorKind::Network,
            Self::Rejected { .. } | Self::BadResponse { .. } => ErrorKind::Signin,
        }
    }
}
