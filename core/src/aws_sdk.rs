//! What every AWS SDK client Rolehop builds shares: the loaded configuration (it honours
//! `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`, proxies and the like), the SDK's
//! standard retry strategy with backoff (throttling and transient network errors), timeouts,
//! and static credentials from Rolehop's own (the SDK's credential chain is never consulted).

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;

use crate::credentials::AwsCredentials;

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
