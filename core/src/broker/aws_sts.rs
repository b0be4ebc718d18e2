//! The [`Sts`] seam implemented with aws-sdk-sts.
//!
//! The shared configuration is loaded once (it honours `AWS_ENDPOINT_URL` and
//! `AWS_ENDPOINT_URL_STS`, proxies and the like); each call gets a client with the credentials
//! it must be signed with and the region to call. Throttling and transient network errors are
//! retried by the SDK's standard retry strategy, bounded to four attempts with backoff.

use aws_config::{Region, SdkConfig};
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use tokio::sync::OnceCell;

use super::sts::{AssumeRoleRequest, CallerIdentity, SessionTokenRequest, Sts, StsFailure};
use crate::base::credentials::{AwsCredentials, CredentialOrigin};
use crate::base::secret::Secret;

#[derive(Debug, Default)]
pub struct AwsSts {
    config: OnceCell<SdkConfig>,
}

impl AwsSts {
    pub fn new() -> Self {
        Self::default()
    }

    async fn client(&self, creds: &AwsCredentials, region: &str) -> aws_sdk_sts::Client {
        let shared = self
            .config
            .get_or_init(|| {
                crate::base::aws_sdk::shared_config(
                    "us-east-1",
                    4,
                    crate::base::aws_sdk::OPERATION_TIMEOUT,
                )
            })
            .await;
        let credentials = crate::base::aws_sdk::credentials(creds);
        let config = aws_sdk_sts::config::Builder::from(shared)
            .region(Region::new(region.to_string()))
            .credentials_provider(credentials)
            .build();
        aws_sdk_sts::Client::from_conf(config)
    }
}

fn failure<E>(err: SdkError<E, aws_smithy_runtime_api::http::Response>) -> StsFailure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let status = err.raw_response().map(|r| r.status().as_u16());
    match &err {
        SdkError::TimeoutError(_) => StsFailure::Slow {
            secs: crate::base::aws_sdk::OPERATION_TIMEOUT.as_secs(),
        },
        SdkError::DispatchFailure(_) => StsFailure::Network {
            detail: crate::base::aws_sdk::plain_cause(&err),
        },
        _ => match err.code() {
            Some(code) => StsFailure::classify(code, err.message().unwrap_or_default()),
            None => StsFailure::Other {
                code: "NoErrorCode".into(),
                message: match &err {
                    SdkError::ResponseError(_) => {
                        "STS sent an answer that is not an AWS response (a proxy, or not STS at this address?)".to_string()
                    }
                    SdkError::ServiceError(_) => match status {
                        Some(code) if code >= 500 => format!(
                            "STS answered with a server error (HTTP {code}) after retries; try again later"
                        ),
                        Some(200) => "STS answered with something that is not an AWS response (a proxy or captive portal in between?)".to_string(),
                        Some(code) => format!("STS answered HTTP {code} without an AWS error"),
                        None => "STS answered without an AWS error".to_string(),
                    },
                    _ => crate::base::aws_sdk::plain_cause(&err),
                },
            },
        },
    }
}

fn convert(
    creds: Option<&aws_sdk_sts::types::Credentials>,
    origin: CredentialOrigin,
) -> Result<AwsCredentials, StsFailure> {
    let c = creds.ok_or_else(|| StsFailure::Other {
        code: "NoCredentials".into(),
        message: "STS answered without credentials".into(),
    })?;
    Ok(AwsCredentials {
        access_key_id: c.access_key_id().to_string(),
        secret_access_key: Secret::new(c.secret_access_key()),
        session_token: Some(Secret::new(c.session_token())),
        expires_at: Some(c.expiration().secs()),
        origin,
    })
}

impl Sts for AwsSts {
    async fn get_session_token(
        &self,
        base: &AwsCredentials,
        request: &SessionTokenRequest,
    ) -> Result<AwsCredentials, StsFailure> {
        let client = self.client(base, &request.region).await;
        let mut call = client
            .get_session_token()
            .duration_seconds(i32::try_from(request.duration_secs).unwrap_or(43_200));
        if let Some(mfa) = &request.mfa {
            call = call
                .serial_number(&mfa.serial)
                .token_code(mfa.code.expose());
        }
        let out = call.send().await.map_err(failure)?;
        convert(out.credentials(), CredentialOrigin::SessionToken)
    }

    async fn assume_role(
        &self,
        credentials: &AwsCredentials,
        request: &AssumeRoleRequest,
    ) -> Result<AwsCredentials, StsFailure> {
        let client = self.client(credentials, &request.region).await;
        let mut call = client
            .assume_role()
            .role_arn(&request.role_arn)
            .role_session_name(&request.session_name)
            .duration_seconds(i32::try_from(request.duration_secs).unwrap_or(3600));
        if let Some(external_id) = &request.external_id {
            call = call.external_id(external_id);
        }
        if let Some(mfa) = &request.mfa {
            call = call
                .serial_number(&mfa.serial)
                .token_code(mfa.code.expose());
        }
        let out = call.send().await.map_err(failure)?;
        convert(out.credentials(), CredentialOrigin::ChainedRole)
    }

    async fn caller_identity(
        &self,
        credentials: &AwsCredentials,
        region: &str,
    ) -> Result<CallerIdentity, StsFailure> {
        let client = self.client(credentials, region).await;
        let out = client.get_caller_identity().send().await.map_err(failure)?;
        Ok(CallerIdentity {
            account: out.account().unwrap_or_default().to_string(),
            arn: out.arn().unwrap_or_default().to_string(),
            user_id: out.user_id().unwrap_or_default().to_string(),
        })
    }
}
