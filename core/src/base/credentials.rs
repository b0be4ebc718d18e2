//! AWS credentials as they move through the flow, and where they came from.
//!
//! The origin matters twice: only role credentials can sign in to the console, and the console
//! accepts `SessionDuration` only for roles assumed directly with long-term keys
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html>).

use serde::{Deserialize, Serialize};

use crate::base::secret::Secret;

/// How a set of credentials was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialOrigin {
    /// An IAM user's access key: cannot sign in to the console.
    LongTermKeys,
    /// GetSessionToken: may call AssumeRole, cannot sign in to the console.
    SessionToken,
    /// AssumeRole called with long-term keys (`long` mode): console accepts SessionDuration.
    RoleFromLongTermKeys,
    /// AssumeRole called with GetSessionToken credentials (`daily` mode): at most 1 h.
    RoleFromSessionToken,
    /// AssumeRole called with another role's credentials (`via`): at most 1 h.
    ChainedRole,
    /// IAM Identity Center GetRoleCredentials (a permission set): signs in to the console
    /// without SessionDuration, which lasts as long as the credentials.
    SsoRole,
}

impl CredentialOrigin {
    pub fn is_role(self) -> bool {
        matches!(
            self,
            Self::RoleFromLongTermKeys
                | Self::RoleFromSessionToken
                | Self::ChainedRole
                | Self::SsoRole
        )
    }
}

/// A set of AWS credentials. `Debug` redacts the secret parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwsCredentials {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_token: Option<Secret>,
    /// Unix seconds; `None` for long-term keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    pub origin: CredentialOrigin,
}

impl AwsCredentials {
    /// Whether these credentials are still good for at least `margin` seconds after `now`.
    pub fn fresh_at(&self, now: i64, margin: i64) -> bool {
        self.expires_at.is_none_or(|at| at - margin > now)
    }

    pub fn remaining(&self, now: i64) -> Option<i64> {
        self.expires_at.map(|at| at - now)
    }
}

/// The current time in Unix seconds.
pub fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freshness_honours_the_margin() {
        let c = AwsCredentials {
            access_key_id: "ASIA".into(),
            secret_access_key: Secret::new("s"),
            session_token: Some(Secret::new("t")),
            expires_at: Some(1000),
            origin: CredentialOrigin::RoleFromSessionToken,
        };
        assert!(c.fresh_at(600, 300));
        assert!(!c.fresh_at(700, 300));
        assert!(!format!("{c:?}").contains("\"s\""));
    }
}
