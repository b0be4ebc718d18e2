//! Sign-in and console hosts per partition (and region).
//!
//! - aws: `signin.aws.amazon.com` / `console.aws.amazon.com`, regional sign-in at
//!   `<region>.signin.aws.amazon.com`;
//! - aws-us-gov: `signin.amazonaws-us-gov.com` / `console.amazonaws-us-gov.com`;
//! - aws-cn: `signin.amazonaws.cn` / `console.amazonaws.cn`;
//! - aws-eusc (the AWS European Sovereign Cloud): sign-in only regional,
//!   `<region>.signin.amazonaws-eusc.eu`, console `console.amazonaws-eusc.eu`.

use super::Partition;

/// The partition's sign-in host; for a partition whose sign-in is only regional (aws-eusc),
/// the one of its default region.
pub fn signin_host(partition: Partition) -> &'static str {
    match partition {
        Partition::Aws => "signin.aws.amazon.com",
        Partition::AwsUsGov => "signin.amazonaws-us-gov.com",
        Partition::AwsCn => "signin.amazonaws.cn",
        Partition::AwsEusc => "eusc-de-east-1.signin.amazonaws-eusc.eu",
    }
}

/// The domain under which a partition's regional sign-in hosts live, for partitions whose
/// sign-in is only regional (`<region>.signin.amazonaws-eusc.eu`).
fn regional_signin_domain(partition: Partition) -> Option<&'static str> {
    match partition {
        Partition::AwsEusc => Some("signin.amazonaws-eusc.eu"),
        _ => None,
    }
}

/// Whether `host` is one of the partition's sign-in hosts (global or regional): what a
/// switch-role link or a logout may point at.
pub fn is_signin_host(partition: Partition, host: &str) -> bool {
    let regional = |domain: &str| {
        host.strip_suffix(domain)
            .and_then(|p| p.strip_suffix('.'))
            .is_some_and(|region| {
                !region.is_empty()
                    && region
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && Partition::of_region(region) == partition
            })
    };
    match regional_signin_domain(partition) {
        Some(domain) => regional(domain),
        None => {
            host == signin_host(partition)
                || (partition == Partition::Aws && regional(signin_host(partition)))
        }
    }
}

pub fn console_host(partition: Partition) -> &'static str {
    match partition {
        Partition::Aws => "console.aws.amazon.com",
        Partition::AwsUsGov => "console.amazonaws-us-gov.com",
        Partition::AwsCn => "console.amazonaws.cn",
        Partition::AwsEusc => "console.amazonaws-eusc.eu",
    }
}

/// The federation endpoint. Regional sign-in endpoints are documented for the commercial
/// partition, and are the only ones of the European Sovereign Cloud (its region, or its
/// default one); GovCloud and China use their global host.
pub fn federation_endpoint(partition: Partition, region: Option<&str>) -> String {
    match (partition, region, regional_signin_domain(partition)) {
        (_, Some(region), Some(domain)) if Partition::of_region(region) == partition => {
            format!("https://{region}.{domain}/federation")
        }
        (Partition::Aws, Some(region), _) => {
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
            (
                Partition::AwsEusc,
                Some("eusc-de-east-1"),
                "https://eusc-de-east-1.signin.amazonaws-eusc.eu/federation",
            ),
            (
                Partition::AwsEusc,
                None,
                "https://eusc-de-east-1.signin.amazonaws-eusc.eu/federation",
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
        assert!(is_console_host(
            Partition::AwsEusc,
            "console.amazonaws-eusc.eu"
        ));
        assert!(is_console_host(
            Partition::AwsEusc,
            "eusc-de-east-1.console.amazonaws-eusc.eu"
        ));
        assert!(!is_console_host(
            Partition::AwsEusc,
            "console.aws.amazon.com"
        ));
    }

    #[test]
    fn signin_hosts() {
        for (p, host, want) in [
            (Partition::Aws, "signin.aws.amazon.com", true),
            (Partition::Aws, "eu-west-1.signin.aws.amazon.com", true),
            (Partition::Aws, "evil.example", false),
            (Partition::AwsUsGov, "signin.amazonaws-us-gov.com", true),
            (Partition::AwsCn, "signin.amazonaws.cn", true),
            (
                Partition::AwsEusc,
                "eusc-de-east-1.signin.amazonaws-eusc.eu",
                true,
            ),
            // Its sign-in is only regional, and the region must be one of its own.
            (Partition::AwsEusc, "signin.amazonaws-eusc.eu", false),
            (
                Partition::AwsEusc,
                "eu-west-1.signin.amazonaws-eusc.eu",
                false,
            ),
        ] {
            assert_eq!(is_signin_host(p, host), want, "{host} in {p:?}");
        }
    }
}
