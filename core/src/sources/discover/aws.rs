//! The [`Organizations`] seam implemented with aws-sdk-organizations, signed with the role
//! credentials of the discovery source's `via` shortcut. The endpoint honours
//! `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_ORGANIZATIONS` (tests point it at moto); throttling
//! (`TooManyRequestsException`) is retried by the SDK's standard strategy with backoff.
//! API: <https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html>.

use std::time::Duration;

use aws_sdk_organizations::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_organizations::types::ParentType;

use super::{AccountInfo, DiscoverError, Organizations, Parent};
use crate::base::credentials::AwsCredentials;
use crate::catalog::Partition;

pub struct AwsOrganizations {
    client: aws_sdk_organizations::Client,
}

/// Organizations is a global service with one endpoint region per partition.
fn region(partition: Partition) -> &'static str {
    match partition {
        Partition::Aws => "us-east-1",
        Partition::AwsUsGov => "us-gov-west-1",
        Partition::AwsCn => "cn-northwest-1",
        Partition::AwsEusc => "eusc-de-east-1",
    }
}

impl AwsOrganizations {
    pub async fn new(credentials: &AwsCredentials, partition: Partition) -> Self {
        // Organizations throttles at a few requests per second: more, slower retries than STS.
        let shared =
            crate::base::aws_sdk::shared_config(region(partition), 6, Duration::from_secs(30))
                .await;
        let creds = crate::base::aws_sdk::credentials(credentials);
        let config = aws_sdk_organizations::config::Builder::from(&shared)
            .credentials_provider(creds)
            .build();
        Self {
            client: aws_sdk_organizations::Client::from_conf(config),
        }
    }
}

fn failure<E, R>(operation: &'static str) -> impl Fn(SdkError<E, R>) -> DiscoverError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    move |err| match &err {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => DiscoverError {
            operation,
            code: Some("network".into()),
            message: crate::base::aws_sdk::plain_cause(&err),
        },
        _ => DiscoverError {
            operation,
            code: err.code().map(str::to_string),
            message: err
                .message()
                .map(str::to_string)
                .unwrap_or_else(|| crate::base::aws_sdk::plain_cause(&err)),
        },
    }
}

impl Organizations for AwsOrganizations {
    async fn list_accounts(
        &self,
        next: Option<String>,
    ) -> Result<(Vec<AccountInfo>, Option<String>), DiscoverError> {
        let out = self
            .client
            .list_accounts()
            .set_next_token(next)
            // The largest page ListAccounts serves.
            .max_results(20)
            .send()
            .await
            .map_err(failure("ListAccounts"))?;
        let accounts = out
            .accounts()
            .iter()
            .map(|a| AccountInfo {
                id: a.id().unwrap_or_default().to_string(),
                name: a.name().unwrap_or_default().to_string(),
                // `State` replaces the deprecated `Status`; older endpoints send only `Status`.
                status: a
                    .state()
                    .map(|s| s.as_str().to_string())
                    .or_else(|| a.status().map(|s| s.as_str().to_string()))
                    .unwrap_or_else(|| "ACTIVE".into()),
            })
            .collect();
        Ok((accounts, out.next_token().map(str::to_string)))
    }

    async fn list_parents(&self, account: &str) -> Result<Parent, DiscoverError> {
        let out = self
            .client
            .list_parents()
            .child_id(account)
            .send()
            .await
            .map_err(failure("ListParents"))?;
        Ok(match out.parents().first() {
            Some(p) if p.r#type() == Some(&ParentType::OrganizationalUnit) => {
                Parent::Ou(p.id().unwrap_or_default().to_string())
            }
            _ => Parent::Root,
        })
    }

    async fn ou_name(&self, ou: &str) -> Result<String, DiscoverError> {
        let out = self
            .client
            .describe_organizational_unit()
            .organizational_unit_id(ou)
            .send()
            .await
            .map_err(failure("DescribeOrganizationalUnit"))?;
        Ok(out
            .organizational_unit()
            .and_then(|o| o.name())
            .unwrap_or(ou)
            .to_string())
    }

    async fn list_tags(&self, account: &str) -> Result<Vec<(String, String)>, DiscoverError> {
        let mut tags = Vec::new();
        let mut next = None;
        loop {
            let out = self
                .client
                .list_tags_for_resource()
                .resource_id(account)
                .set_next_token(next)
                .send()
                .await
                .map_err(failure("ListTagsForResource"))?;
            tags.extend(
                out.tags()
                    .iter()
                    .map(|t| (t.key().to_string(), t.value().to_string())),
            );
            match out.next_token() {
                Some(t) if !t.is_empty() => next = Some(t.to_string()),
                _ => return Ok(tags),
            }
        }
    }
}
