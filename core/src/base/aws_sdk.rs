//! What every AWS SDK client Rolehop builds shares: the loaded configuration (it honours
//! `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`, proxies and the like), the SDK's
//! standard retry strategy with backoff (throttling and transient network errors), timeouts,
//! and static credentials from Rolehop's own (the SDK's credential chain is never consulted).

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;

use crate::base::credentials::AwsCredentials;

/// The shared configuration for one service's clients.
pub(crate) async fn shared_config(
    region: &str,
    max_attempts: u32,
    attempt_timeout: Duration,
) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        // An explicit region keeps the loader from probing the EC2 instance metadata service
        // (a slow timeout on laptops).
        .region(Region::new(region.to_string()))
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(max_attempts)
                .with_initial_backoff(Duration::from_millis(200)),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(attempt_timeout)
                .operation_timeout(OPERATION_TIMEOUT)
                .build(),
        )
        .no_credentials()
        .load()
        .await
}

/// Rolehop's credentials as the SDK's.
pub(crate) fn credentials(creds: &AwsCredentials) -> Credentials {
    Credentials::new(
        creds.access_key_id.clone(),
        creds.secret_access_key.expose().to_string(),
        creds.session_token.as_ref().map(|t| t.expose().to_string()),
        None,
        "rolehop",
    )
}

/// What went wrong with a call that got no AWS answer, in words a person reads: the root cause
/// of the SDK's error chain ("Connection refused (os error 111)"), never the SDK's debug
/// structures (`ConnectorError { kind: Io, source: hyper::Error(…) }`).
pub(crate) fn plain_cause<E, R>(
    err: &aws_smithy_runtime_api::client::result::SdkError<E, R>,
) -> String
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug,
{
    use aws_smithy_runtime_api::client::result::SdkError;
    if let SdkError::TimeoutError(_) = err {
        return format!(
            "reached, but no answer within {} s: slow or stuck, not unreachable",
            OPERATION_TIMEOUT.as_secs()
        );
    }
    let mut cause: &dyn std::error::Error = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    readable(&cause.to_string())
}

/// A message without debug output in it (`Name { field: … }`, `Os { code: … }`), or a plain
/// stand-in.
pub(crate) fn readable(text: &str) -> String {
    let debugish = text.contains(" { ") || text.contains("{ kind") || text.contains("Some(");
    if debugish || text.trim().is_empty() {
        "the connection failed".to_string()
    } else {
        text.trim().to_string()
    }
}

/// The longest any one AWS operation may take, retries included: a service that accepts the
/// connection and never answers is given up on well within a minute. It is also the longest
/// one attempt may take, so an STS that answers slowly (12 s) is waited for, not cut off and
/// retried until the time is gone; quick failures (refused, 5xx, throttling) are retried within
/// it. Connecting is given 5 s per attempt (an unreachable host is retried, then named).
pub(crate) const OPERATION_TIMEOUT: Duration = Duration::from_secs(30);

#[cfg(test)]
mod tests {
    #[test]
    fn messages_hold_no_debug_structures() {
        assert_eq!(
            super::readable("Connection refused (os error 111)"),
            "Connection refused (os error 111)"
        );
        assert_eq!(
            super::readable("ConnectorError { kind: Io, source: hyper::Error(Connect) }"),
            "the connection failed"
        );
    }
}
