//! The [`SsoApi`] seam implemented with the AWS SDK's `ssooidc` and `sso` clients. Their
//! calls are not signed (the access token is the credential), so the clients carry no
//! credentials. The shared configuration honours `AWS_ENDPOINT_URL_SSO_OIDC`,
//! `AWS_ENDPOINT_URL_SSO` and `AWS_ENDPOINT_URL` (the test stand-in is reached that way).

use aws_config::{Region, SdkConfig};
use aws_sdk_sso::error::{ProvideErrorMetadata, SdkError};
use tokio::sync::OnceCell;

use super::api::{Answer, DeviceAuthorization, Grant, Issued, SsoAccount, SsoApi, SsoFailure};
use super::pkce::{REDIRECT_REGISTERED, SCOPE};
use crate::base::credentials::{AwsCredentials, CredentialOrigin};
use crate::base::secret::Secret;
use crate::vault::sso::{Flow, Portal, SsoClient};

/// The name Rolehop registers its OIDC clients under (shown on the consent page).
pub const CLIENT_NAME: &str = "Rolehop";

#[derive(Debug, Default)]
pub struct AwsSso {
    config: OnceCell<SdkConfig>,
}

/// The one the real broker uses.
pub static AWS_SSO: AwsSso = AwsSso {
    config: OnceCell::const_new(),
};

impl AwsSso {
    async fn shared(&self) -> &SdkConfig {
        self.config
            .get_or_init(|| {
                crate::base::aws_sdk::shared_config(
                    "us-east-1",
                    4,
                    crate::base::aws_sdk::OPERATION_TIMEOUT,
                )
            })
            .await
    }

    async fn oidc(&self, region: &str) -> aws_sdk_ssooidc::Client {
        let config = aws_sdk_ssooidc::config::Builder::from(self.shared().await)
            .region(Region::new(region.to_string()))
            .build();
        aws_sdk_ssooidc::Client::from_conf(config)
    }

    async fn portal(&self, region: &str) -> aws_sdk_sso::Client {
        let config = aws_sdk_sso::config::Builder::from(self.shared().await)
            .region(Region::new(region.to_string()))
            .build();
        aws_sdk_sso::Client::from_conf(config)
    }
}

fn failure<E>(err: SdkError<E, aws_smithy_runtime_api::http::Response>) -> SsoFailure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match &err {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => SsoFailure::Network {
            detail: crate::base::aws_sdk::plain_cause(&err),
        },
        _ => match err.code() {
            Some(code) => SsoFailure::classify(code, err.message().unwrap_or_default()),
            None => SsoFailure::Other {
                code: "NoErrorCode".into(),
                message: match err.raw_response().map(|r| r.status().as_u16()) {
                    Some(status) if status >= 500 => format!(
                        "IAM Identity Center answered with a server error (HTTP {status}) after retries; try again later"
                    ),
                    Some(status) => format!(
                        "IAM Identity Center answered HTTP {status} without an AWS error (a proxy in between?)"
                    ),
                    None => crate::base::aws_sdk::plain_cause(&err),
                },
            },
        },
    }
}

fn missing(what: &str) -> SsoFailure {
    SsoFailure::Other {
        code: "IncompleteAnswer".into(),
        message: format!("IAM Identity Center answered without {what}"),
    }
}

impl SsoApi for AwsSso {
    fn register_client<'a>(
        &'a self,
        portal: &'a Portal,
        flow: Flow,
        now: i64,
    ) -> Answer<'a, SsoClient> {
        Box::pin(async move {
            let client = self.oidc(&portal.region).await;
            let mut call = client
                .register_client()
                .client_name(format!("{CLIENT_NAME}-{now}"))
                .client_type("public")
                .scopes(SCOPE);
            if flow == Flow::Pkce {
                call = call
                    .grant_types("authorization_code")
                    .grant_types("refresh_token")
                    .redirect_uris(REDIRECT_REGISTERED)
                    .issuer_url(&portal.start_url);
            }
            let out = call.send().await.map_err(failure)?;
            Ok(SsoClient {
                client_id: out
                    .client_id()
                    .ok_or_else(|| missing("a client id"))?
                    .to_string(),
                client_secret: Secret::new(
                    out.client_secret()
                        .ok_or_else(|| missing("a client secret"))?,
                ),
                expires_at: out.client_secret_expires_at(),
                portal: portal.clone(),
                flow,
            })
        })
    }

    fn start_device_authorization<'a>(
        &'a self,
        client: &'a SsoClient,
    ) -> Answer<'a, DeviceAuthorization> {
        Box::pin(async move {
            let out = self
                .oidc(&client.portal.region)
                .await
                .start_device_authorization()
                .client_id(&client.client_id)
                .client_secret(client.client_secret.expose())
                .start_url(&client.portal.start_url)
                .send()
                .await
                .map_err(failure)?;
            Ok(DeviceAuthorization {
                device_code: Secret::new(
                    out.device_code().ok_or_else(|| missing("a device code"))?,
                ),
                user_code: out.user_code().unwrap_or_default().to_string(),
                verification_uri: out
                    .verification_uri()
                    .ok_or_else(|| missing("a verification page"))?
                    .to_string(),
                verification_uri_complete: out.verification_uri_complete().map(str::to_string),
                expires_in: i64::from(out.expires_in()),
                interval: i64::from(out.interval()).max(1),
            })
        })
    }

    fn create_token<'a>(&'a self, client: &'a SsoClient, grant: &'a Grant) -> Answer<'a, Issued> {
        Box::pin(async move {
            let oidc = self.oidc(&client.portal.region).await;
            let call = oidc
                .create_token()
                .client_id(&client.client_id)
                .client_secret(client.client_secret.expose());
            let call = match grant {
                Grant::AuthorizationCode {
                    code,
                    verifier,
                    redirect_uri,
                } => call
                    .grant_type("authorization_code")
                    .code(code.expose())
                    .code_verifier(verifier.expose())
                    .redirect_uri(redirect_uri),
                Grant::DeviceCode { device_code } => call
                    .grant_type("urn:ietf:params:oauth:grant-type:device_code")
                    .device_code(device_code.expose()),
                Grant::Refresh { refresh_token } => call
                    .grant_type("refresh_token")
                    .refresh_token(refresh_token.expose()),
            };
            let out = call.send().await.map_err(failure)?;
            Ok(Issued {
                access_token: Secret::new(
                    out.access_token()
                        .ok_or_else(|| missing("an access token"))?,
                ),
                expires_in: i64::from(out.expires_in()),
                refresh_token: out.refresh_token().map(Secret::new),
            })
        })
    }

    fn role_credentials<'a>(
        &'a self,
        region: &'a str,
        access_token: &'a Secret,
        account_id: &'a str,
        role_name: &'a str,
    ) -> Answer<'a, AwsCredentials> {
        Box::pin(async move {
            let out = self
                .portal(region)
                .await
                .get_role_credentials()
                .access_token(access_token.expose())
                .account_id(account_id)
                .role_name(role_name)
                .send()
                .await
                .map_err(failure)?;
            let c = out
                .role_credentials()
                .ok_or_else(|| missing("role credentials"))?;
            Ok(AwsCredentials {
                access_key_id: c
                    .access_key_id()
                    .ok_or_else(|| missing("an access key id"))?
                    .to_string(),
                secret_access_key: Secret::new(
                    c.secret_access_key()
                        .ok_or_else(|| missing("a secret access key"))?,
                ),
                session_token: c.session_token().map(Secret::new),
                // GetRoleCredentials gives milliseconds since the epoch.
                expires_at: Some(c.expiration() / 1000),
                origin: CredentialOrigin::SsoRole,
            })
        })
    }

    fn accounts<'a>(
        &'a self,
        region: &'a str,
        access_token: &'a Secret,
    ) -> Answer<'a, Vec<SsoAccount>> {
        Box::pin(async move {
            let portal = self.portal(region).await;
            let mut accounts = Vec::new();
            let mut next: Option<String> = None;
            loop {
                let out = portal
                    .list_accounts()
                    .access_token(access_token.expose())
                    .max_results(100)
                    .set_next_token(next.clone())
                    .send()
                    .await
                    .map_err(failure)?;
                accounts.extend(out.account_list().iter().filter_map(|a| {
                    Some(SsoAccount {
                        account_id: a.account_id()?.to_string(),
                        name: a.account_name().unwrap_or_default().to_string(),
                        email: a.email_address().map(str::to_string),
                    })
                }));
                next = out
                    .next_token()
                    .filter(|t| !t.is_empty())
                    .map(str::to_string);
                if next.is_none() {
                    return Ok(accounts);
                }
            }
        })
    }

    fn account_roles<'a>(
        &'a self,
        region: &'a str,
        access_token: &'a Secret,
        account_id: &'a str,
    ) -> Answer<'a, Vec<String>> {
        Box::pin(async move {
            let portal = self.portal(region).await;
            let mut roles = Vec::new();
            let mut next: Option<String> = None;
            loop {
                let out = portal
                    .list_account_roles()
                    .access_token(access_token.expose())
                    .account_id(account_id)
                    .max_results(100)
                    .set_next_token(next.clone())
                    .send()
                    .await
                    .map_err(failure)?;
                roles.extend(
                    out.role_list()
                        .iter()
                        .filter_map(|r| r.role_name().map(str::to_string)),
                );
                next = out
                    .next_token()
                    .filter(|t| !t.is_empty())
                    .map(str::to_string);
                if next.is_none() {
                    return Ok(roles);
                }
            }
        })
    }
}
