//! The side-effect seam to IAM Identity Center: the OIDC API that signs a person in
//! (RegisterClient, StartDeviceAuthorization, CreateToken,
//! <https://docs.aws.amazon.com/singlesignon/latest/OIDCAPIReference/>) and the portal API that
//! turns an access token into accounts, roles and role credentials (ListAccounts,
//! ListAccountRoles, GetRoleCredentials,
//! <https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/>). [`super::aws`]
//! implements it with the AWS SDK's `ssooidc` and `sso` clients; tests use a fake or the
//! stand-in.

use std::future::Future;
use std::pin::Pin;

use crate::base::credentials::AwsCredentials;
use crate::base::secret::Secret;
use crate::vault::sso::{Flow, Portal, SsoClient};

pub type Answer<'a, T> = Pin<Box<dyn Future<Output = Result<T, SsoFailure>> + Send + 'a>>;

/// A started device authorization: the page and code the person confirms.
#[derive(Debug, Clone)]
pub struct DeviceAuthorization {
    pub device_code: Secret,
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: Option<String>,
    /// Seconds until the code expires.
    pub expires_in: i64,
    /// Seconds between polls.
    pub interval: i64,
}

/// What CreateToken exchanges.
#[derive(Debug, Clone)]
pub enum Grant {
    AuthorizationCode {
        code: Secret,
        verifier: Secret,
        redirect_uri: String,
    },
    DeviceCode {
        device_code: Secret,
    },
    Refresh {
        refresh_token: Secret,
    },
}

/// CreateToken's answer.
#[derive(Debug, Clone)]
pub struct Issued {
    pub access_token: Secret,
    pub expires_in: i64,
    pub refresh_token: Option<Secret>,
}

/// An account the person is assigned to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoAccount {
    pub account_id: String,
    pub name: String,
    pub email: Option<String>,
}

/// How Identity Center answered a call that did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SsoFailure {
    /// Device flow: the person has not approved yet; poll again.
    AuthorizationPending,
    /// Device flow: poll more slowly.
    SlowDown,
    /// The grant is no longer good: an expired device code or authorization code, or a refresh
    /// token the session no longer honours (InvalidGrantException, ExpiredTokenException).
    GrantEnded {
        message: String,
    },
    /// The person refused, or the client may not do this (AccessDeniedException).
    AccessDenied {
        message: String,
    },
    /// The portal did not take the access token (UnauthorizedException): signed out, or expired.
    Unauthorized {
        message: String,
    },
    /// The client registration is not (or no longer) valid (InvalidClientException).
    InvalidClient {
        message: String,
    },
    /// ForbiddenException / ResourceNotFoundException: the role or account is not assigned.
    NotAssigned {
        message: String,
    },
    Throttled,
    /// No answer: DNS, connect, TLS or timeout.
    Network {
        detail: String,
    },
    Other {
        code: String,
        message: String,
    },
}

impl SsoFailure {
    /// AWS's name for it, for messages.
    pub fn code(&self) -> &str {
        match self {
            Self::AuthorizationPending => "AuthorizationPendingException",
            Self::SlowDown => "SlowDownException",
            Self::GrantEnded { .. } => "InvalidGrantException",
            Self::AccessDenied { .. } => "AccessDeniedException",
            Self::Unauthorized { .. } => "UnauthorizedException",
            Self::InvalidClient { .. } => "InvalidClientException",
            Self::NotAssigned { .. } => "ForbiddenException",
            Self::Throttled => "TooManyRequestsException",
            Self::Network { .. } => "Network",
            Self::Other { code, .. } => code,
        }
    }

    /// Classifies an error code of either API (the `…Exception` names AWS documents; the
    /// OIDC API also answers OAuth's `error` values).
    pub fn classify(code: &str, message: &str) -> Self {
        let message = message.to_string();
        match code.trim_end_matches("Exception") {
            "AuthorizationPending" | "authorization_pending" => Self::AuthorizationPending,
            "SlowDown" | "slow_down" => Self::SlowDown,
            "InvalidGrant" | "ExpiredToken" | "invalid_grant" | "expired_token" => {
                Self::GrantEnded { message }
            }
            "AccessDenied" | "access_denied" => Self::AccessDenied { message },
            "Unauthorized" | "UnauthorizedClient" => Self::Unauthorized { message },
            "InvalidClient" | "invalid_client" => Self::InvalidClient { message },
            "Forbidden" | "ResourceNotFound" => Self::NotAssigned { message },
            "TooManyRequests" | "Throttling" | "ThrottlingException" => Self::Throttled,
            other => Self::Other {
                code: other.to_string(),
                message,
            },
        }
    }
}

/// Identity Center, as Rolehop uses it.
pub trait SsoApi: Send + Sync {
    /// RegisterClient: a public client for `flow` (PKCE: the authorization code and refresh
    /// grants with the loopback redirect; device code: the device code and refresh grants).
    fn register_client<'a>(
        &'a self,
        portal: &'a Portal,
        flow: Flow,
        now: i64,
    ) -> Answer<'a, SsoClient>;

    fn start_device_authorization<'a>(
        &'a self,
        client: &'a SsoClient,
    ) -> Answer<'a, DeviceAuthorization>;

    fn create_token<'a>(&'a self, client: &'a SsoClient, grant: &'a Grant) -> Answer<'a, Issued>;

    /// GetRoleCredentials: the credentials of a permission set (role) in an account.
    fn role_credentials<'a>(
        &'a self,
        region: &'a str,
        access_token: &'a Secret,
        account_id: &'a str,
        role_name: &'a str,
    ) -> Answer<'a, AwsCredentials>;

    /// ListAccounts, every page.
    fn accounts<'a>(
        &'a self,
        region: &'a str,
        access_token: &'a Secret,
    ) -> Answer<'a, Vec<SsoAccount>>;

    /// ListAccountRoles, every page: the permission sets (role names) in one account.
    fn account_roles<'a>(
        &'a self,
        region: &'a str,
        access_token: &'a Secret,
        account_id: &'a str,
    ) -> Answer<'a, Vec<String>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_classified_by_code() {
        assert_eq!(
            SsoFailure::classify("AuthorizationPendingException", ""),
            SsoFailure::AuthorizationPending
        );
        assert_eq!(SsoFailure::classify("slow_down", ""), SsoFailure::SlowDown);
        assert!(matches!(
            SsoFailure::classify("InvalidGrantException", "expired"),
            SsoFailure::GrantEnded { .. }
        ));
        assert!(matches!(
            SsoFailure::classify(
                "UnauthorizedException",
                "Session token not found or invalid"
            ),
            SsoFailure::Unauthorized { .. }
        ));
        assert!(matches!(
            SsoFailure::classify("ForbiddenException", "No access"),
            SsoFailure::NotAssigned { .. }
        ));
        assert!(matches!(
            SsoFailure::classify("InternalServerException", "boom"),
            SsoFailure::Other { code, .. } if code == "InternalServer"
        ));
    }
}
