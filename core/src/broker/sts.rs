//! The STS seam: the three calls Rolehop makes, and the classes of failure AWS answers with.
//! Limits checked by the callers: DurationSeconds 900..43200 (AssumeRole, capped by the role's
//! MaxSessionDuration, and at 1 h for chained roles and GetSessionToken credentials),
//! 900..129600 (GetSessionToken). <https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html>

use std::future::Future;

use crate::base::credentials::AwsCredentials;
use crate::base::secret::Secret;

/// An MFA device and a code from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaToken {
    pub serial: String,
    pub code: Secret,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionTokenRequest {
    pub region: String,
    pub duration_secs: u32,
    pub mfa: Option<MfaToken>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRoleRequest {
    pub region: String,
    pub role_arn: String,
    pub session_name: String,
    pub duration_secs: u32,
    pub external_id: Option<String>,
    pub mfa: Option<MfaToken>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

/// What went wrong, classified from AWS's error code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StsFailure {
    /// InvalidClientTokenId, SignatureDoesNotMatch: the key is wrong, inactive or deleted.
    InvalidKeys {
        code: String,
    },
    /// AccessDenied for any reason but a bad MFA code.
    AccessDenied {
        message: String,
    },
    /// AccessDenied "MultiFactorAuthentication failed": wrong, stale or reused code.
    MfaFailed {
        message: String,
    },
    /// ExpiredToken: the (session) credentials used have expired.
    ExpiredToken {
        message: String,
    },
    /// ValidationError about MaxSessionDuration.
    DurationTooLong {
        message: String,
    },
    /// Throttling, after the SDK's own bounded retries with backoff.
    Throttled,
    /// Not reached: DNS, connect, TLS.
    Network {
        detail: String,
    },
    /// Reached, but no answer within `secs` (retries included): slow or stuck.
    Slow {
        secs: u64,
    },
    RegionDisabled {
        message: String,
    },
    Other {
        code: String,
        message: String,
    },
}

impl StsFailure {
    /// Classifies an AWS error code and message (the AWS query protocol's `<Code>` and
    /// `<Message>`).
    pub fn classify(code: &str, message: &str) -> Self {
        let message_owned = message.to_string();
        match code {
            "InvalidClientTokenId"
            | "SignatureDoesNotMatch"
            | "UnrecognizedClientException"
            | "InvalidAccessKeyId"
            | "IncompleteSignature" => Self::InvalidKeys {
                code: code.to_string(),
            },
            "ExpiredToken"
            | "ExpiredTokenException"
            | "RequestExpired"
            | "TokenRefreshRequired" => Self::ExpiredToken {
                message: message_owned,
            },
            "AccessDenied" | "AccessDeniedException"
                if message.contains("MultiFactorAuthentication") || message.contains("MFA") =>
            {
                Self::MfaFailed {
                    message: message_owned,
                }
            }
            "AccessDenied" | "AccessDeniedException" => Self::AccessDenied {
                message: message_owned,
            },
            "ValidationError" if message.contains("MaxSessionDuration") => Self::DurationTooLong {
                message: message_owned,
            },
            "Throttling"
            | "ThrottlingException"
            | "RequestLimitExceeded"
            | "TooManyRequestsException" => Self::Throttled,
            "RegionDisabledException" => Self::RegionDisabled {
                message: message_owned,
            },
            _ => Self::Other {
                code: code.to_string(),
                message: message_owned,
            },
        }
    }
}

/// The STS calls, with the credentials to sign them given per call.
pub trait Sts {
    fn get_session_token(
        &self,
        base: &AwsCredentials,
        request: &SessionTokenRequest,
    ) -> impl Future<Output = Result<AwsCredentials, StsFailure>>;

    /// Returns credentials whose `origin` the caller sets (it knows what signed the call).
    fn assume_role(
        &self,
        credentials: &AwsCredentials,
        request: &AssumeRoleRequest,
    ) -> impl Future<Output = Result<AwsCredentials, StsFailure>>;

    fn caller_identity(
        &self,
        credentials: &AwsCredentials,
        region: &str,
    ) -> impl Future<Output = Result<CallerIdentity, StsFailure>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_aws_errors() {
        let table: &[(&str, &str, &str)] = &[
            (
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
                "InvalidKeys",
            ),
            (
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match",
                "InvalidKeys",
            ),
            (
                "AccessDenied",
                "MultiFactorAuthentication failed with invalid MFA one time pass code.",
                "MfaFailed",
            ),
            (
                "AccessDenied",
                "User: arn:aws:iam::111111111111:user/me is not authorized to perform: sts:AssumeRole",
                "AccessDenied",
            ),
            (
                "ExpiredToken",
                "The security token included in the request is expired",
                "ExpiredToken",
            ),
            (
                "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                "DurationTooLong",
            ),
            ("ValidationError", "1 validation error detected", "Other"),
            ("Throttling", "Rate exceeded", "Throttled"),
            (
                "RegionDisabledException",
                "STS is not activated in this region",
                "RegionDisabled",
            ),
        ];
        for (code, message, want) in table {
            let got = format!("{:?}", StsFailure::classify(code, message));
            assert!(got.starts_with(want), "{code}: {got}");
        }
    }
}
