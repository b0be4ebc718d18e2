//! Where the console lands after sign-in: a service short name, a console path, or a full
//! console URL, always kept on the partition's console host (a shared catalog must not be able
//! to send a fresh sign-in to some other site).

use url::Url;

use super::Partition;
use super::hosts::{console_host, is_console_host};

/// A destination that is not a console page of the partition.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "destination `{destination}` {reason}; use a service short name such as `s3`, `ec2`, `iam`, a console path such as `/cloudwatch/home`, or a URL on {console_host}"
)]
pub struct DestinationError {
    pub destination: String,
    pub reason: String,
    pub console_host: String,
}

/// Services whose console is not regional, or whose path differs from their short name.
/// Anything else that looks like a service name goes to `<region>.<console>/<name>/home`.
const SPECIAL: &[(&str, &str, bool)] = &[
    // (short name, path, regional)
    ("console", "/console/home", true),
    ("home", "/console/home", true),
    ("s3", "/s3/home", false),
    ("iam", "/iam/home", false),
    ("billing", "/billing/home", false),
    ("cost", "/cost-management/home", false),
    ("organizations", "/organizations/v2/home", false),
    ("route53", "/route53/v2/home", false),
    ("cloudfront", "/cloudfront/v4/home", false),
    ("support", "/support/home", false),
    ("cfn", "/cloudformation/home", true),
    ("cw", "/cloudwatch/home", true),
    ("ddb", "/dynamodbv2/home", true),
    ("dynamodb", "/dynamodbv2/home", true),
    ("sm", "/secretsmanager/home", true),
];

/// The console URL a sign-in lands on.
pub fn destination_url(
    partition: Partition,
    region: &str,
    destination: Option<&str>,
) -> Result<String, DestinationError> {
    let console = console_host(partition);
    let bad = |destination: &str, reason: &str| DestinationError {
        destination: destination.to_string(),
        reason: reason.to_string(),
        console_host: console.to_string(),
    };
    let text = destination.map(str::trim).unwrap_or("console");
    let url = if text.starts_with("https://") || text.starts_with("http://") {
        text.to_string()
    } else if text.starts_with("//") {
        return Err(bad(text, "is not a console path"));
    } else if text.starts_with('/') {
        format!("https://{region}.{console}{text}")
    } else if let Some((_, path, regional)) = SPECIAL.iter().find(|(name, _, _)| *name == text) {
        if *regional {
            format!("https://{region}.{console}{path}?region={region}")
        } else {
            format!("https://{console}{path}?region={region}")
        }
    } else if !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        format!("https://{region}.{console}/{text}/home?region={region}")
    } else {
        return Err(bad(text, "is not a service name, console path or URL"));
    };
    let parsed = Url::parse(&url).map_err(|_| bad(text, "is not a valid URL"))?;
    if parsed.scheme() != "https" {
        return Err(bad(text, "does not use https"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() || parsed.port().is_some() {
        return Err(bad(text, "carries credentials or a port"));
    }
    match parsed.host_str() {
        Some(host) if is_console_host(partition, host) => Ok(parsed.to_string()),
        _ => Err(bad(text, "leaves the AWS console")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_paths_and_urls() {
        let table: &[(Partition, &str, Option<&str>, &str)] = &[
            (
                Partition::Aws,
                "eu-west-1",
                None,
                "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
            ),
            (
                Partition::Aws,
                "eu-west-1",
                Some("s3"),
                "https://console.aws.amazon.com/s3/home?region=eu-west-1",
            ),
            (
                Partition::Aws,
                "us-east-2",
                Some("ec2"),
                "https://us-east-2.console.aws.amazon.com/ec2/home?region=us-east-2",
            ),
            (
                Partition::Aws,
                "eu-west-1",
                Some("iam"),
                "https://console.aws.amazon.com/iam/home?region=eu-west-1",
            ),
            (
                Partition::Aws,
                "eu-west-1",
                Some("lambda"),
                "https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1",
            ),
            (
                Partition::Aws,
                "eu-west-1",
                Some("cloudformation"),
                "https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1",
            ),
            (
                Partition::Aws,
                "eu-west-1",
                Some("billing"),
                "https://console.aws.amazon.com/billing/home?region=eu-west-1",
            ),
            (
                Partition::Aws,
                "eu-west-1",
                Some("/cloudwatch/home#logs"),
                "https://eu-west-1.console.aws.amazon.com/cloudwatch/home#logs",
            ),
            (
                Partition::Aws,
                "eu-west-1",
                Some("https://s3.console.aws.amazon.com/s3/buckets/x"),
                "https://s3.console.aws.amazon.com/s3/buckets/x",
            ),
            (
                Partition::AwsCn,
                "cn-north-1",
                Some("ec2"),
                "https://cn-north-1.console.amazonaws.cn/ec2/home?region=cn-north-1",
            ),
            (
                Partition::AwsUsGov,
                "us-gov-west-1",
                Some("s3"),
                "https://console.amazonaws-us-gov.com/s3/home?region=us-gov-west-1",
            ),
        ];
        for (p, region, dest, want) in table {
            assert_eq!(
                destination_url(*p, region, *dest).ok().as_deref(),
                Some(*want),
                "{dest:?}"
            );
        }
    }

    #[test]
    fn rejects_anything_off_the_console() {
        for bad in [
            "https://evil.example.com/",
            "http://console.aws.amazon.com/",
            "https://console.aws.amazon.com.evil.com/",
            "https://user@console.aws.amazon.com/",
            "https://console.aws.amazon.com:8443/",
            "//evil.example.com/x",
            "javascript:alert(1)",
            "EC2 console",
            "",
        ] {
            assert!(
                destination_url(Partition::Aws, "eu-west-1", Some(bad)).is_err(),
                "{bad}"
            );
        }
        assert!(
            destination_url(
                Partition::AwsCn,
                "cn-north-1",
                Some("https://console.aws.amazon.com/")
            )
            .is_err()
        );
    }
}
