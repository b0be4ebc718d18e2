//! Sign-in and console hosts per partition (and region).
//!
//! - aws: `signin.aws.amazon.com` / `console.aws.amazon.com`, regional sign-in at
//!   `<region>.signin.aws.amazon.com`;
//! - aws-us-gov: `signin.amazonaws-us-gov.com` / `console.amazonaws-us-gov.com`;
//! - aws-cn: `signin.amazonaws.cn` / `console.amazonaws.cn`.

use super::Partition;

pub fn signin_host(partition: Partition) -> &'static str {
    match partition {
        Partition::Aws => "signin.aws.amazon.com",
        Partition::AwsUsGov => "signin.amazonaws-us-gov.com",
        Partition::AwsCn => "signin.amazonaws.cn",
    }
}

pub fn console_host(partition: Partition) -> &'static str {
    match partition {
        Partition::Aws => "console.aws.amazon.com",
        Partition::AwsUsGov => "console.amazonaws-us-gov.com",
        Partition::AwsCn => "console.amazonaws.cn",
    }
}

/// The federation endpoint. Regional sign-in endpoints are documented for the commercial
/// partition only, so other partitions always use their global host.
pub fn federation_endpoint(partition: Partition, region: Option<&str>) -> String {
    match (partition, region) {
        (Partition::Aws, Some(region)) => {
            format!("https://{region}.{}/federation", signin_host(partition))
        }
        _ => format!("https://{}/federation", signin_host(partition)),
    }
}

/// The logout endpoint that ends a console session in a browser profile.
pub fn logout_url(partition: Partition) -> String {
    format!("https://{}/oauth?Action=logout", signin_host(partition))
}

/// Whether `host` is the partition's console host or one of its regional or service
/// subdomains (`eu-west-1.console.aws.amazon.com`, `s3.console.aws.amazon.com`).
pub fn is_console_host(partition: Partition, host: &str) -> bool {
    let base = console_host(partition);
    host == base
        || host
            .strip_suffix(base)
            .and_then(|prefix| prefix.strip_suffix('.'))
            .is_some_and(|sub| {
                !sub.is_empty()
                    && sub.split('.').all(|label| {
                        !label.is_empty()
                            && label
                                .bytes()
                                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    })
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn federation_endpoints() {
        let table = [
            (
                Partition::Aws,
                None,
                "https://signin.aws.amazon.com/federation",
            ),
            (
                Partition::Aws,
                Some("eu-west-1"),
                "https://eu-west-1.signin.aws.amazon.com/federation",
            ),
            (
                Partition::AwsUsGov,
                Some("us-gov-west-1"),
                "https://signin.amazonaws-us-gov.com/federation",
            ),
            (
                Partition::AwsCn,
                None,
                "https://signin.amazonaws.cn/federation",
            ),
        ];
        for (p, r, want) in table {
            assert_eq!(federation_endpoint(p, r), want);
        }
    }

    #[test]
    fn console_hosts() {
        let table = [
            (Partition::Aws, "console.aws.amazon.com", true),
            (Partition::Aws, "eu-west-1.console.aws.amazon.com", true),
            (Partition::Aws, "s3.console.aws.amazon.com", true),
            (Partition::Aws, "evilconsole.aws.amazon.com", false),
            (Partition::Aws, "console.aws.amazon.com.evil.com", false),
            (Partition::Aws, ".console.aws.amazon.com", false),
            (Partition::AwsCn, "console.amazonaws.cn", true),
            (Partition::AwsCn, "console.aws.amazon.com", false),
            (
                Partition::AwsUsGov,
                "us-gov-west-1.console.amazonaws-us-gov.com",
                true,
            ),
        ];
        for (p, host, want) in table {
            assert_eq!(is_console_host(p, host), want, "{host} in {p:?}");
        }
    }
}
