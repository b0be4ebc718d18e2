//! AWS partitions and the hosts that belong to them: a leaf of facts that the catalog's
//! validation, the federation step, browser profiles and team layers all need, so none of
//! them depends on another for it.
//!
//! - [`Partition`]: `aws`, `aws-us-gov`, `aws-cn`, and the AWS European Sovereign Cloud
//!   `aws-eusc` (region `eusc-de-east-1`, DNS suffix `amazonaws.eu`, as the AWS SDKs' endpoint
//!   rules define it)
//!   (<https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html>);
//! - [`hosts`]: each partition's sign-in, federation and console hosts;
//! - [`destination`]: where the console lands after sign-in, kept on the console host.

use serde::{Deserialize, Serialize};

pub mod destination;
pub mod hosts;

/// The AWS partition an identity (and so its shortcuts) lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(specta::Type))]
pub enum Partition {
    #[default]
    #[serde(rename = "aws")]
    Aws,
    #[serde(rename = "aws-us-gov")]
    AwsUsGov,
    #[serde(rename = "aws-cn")]
    AwsCn,
    /// The AWS European Sovereign Cloud.
    #[serde(rename = "aws-eusc")]
    AwsEusc,
}

impl Partition {
    pub const ALL: [Partition; 4] = [Self::Aws, Self::AwsUsGov, Self::AwsCn, Self::AwsEusc];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Aws => "aws",
            Self::AwsUsGov => "aws-us-gov",
            Self::AwsCn => "aws-cn",
            Self::AwsEusc => "aws-eusc",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The partition a region code belongs to (`cn-…` China, `us-gov-…` GovCloud, `eusc-…` the
    /// European Sovereign Cloud, else the commercial partition); the code itself is checked
    /// elsewhere (`catalog::rules::region`).
    pub fn of_region(region: &str) -> Self {
        if region.starts_with("cn-") {
            Self::AwsCn
        } else if region.starts_with("us-gov-") {
            Self::AwsUsGov
        } else if region.starts_with("eusc-") {
            Self::AwsEusc
        } else {
            Self::Aws
        }
    }

    /// The region STS is called in when nothing else says.
    pub fn default_region(self) -> &'static str {
        match self {
            Self::Aws => "us-east-1",
            Self::AwsUsGov => "us-gov-west-1",
            Self::AwsCn => "cn-north-1",
            Self::AwsEusc => "eusc-de-east-1",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_name_their_partition() {
        for (region, partition) in [
            ("eu-west-1", Partition::Aws),
            ("us-east-1", Partition::Aws),
            ("us-gov-west-1", Partition::AwsUsGov),
            ("cn-northwest-1", Partition::AwsCn),
            ("eusc-de-east-1", Partition::AwsEusc),
        ] {
            assert_eq!(Partition::of_region(region), partition, "{region}");
            assert_eq!(Partition::of_region(partition.default_region()), partition);
        }
    }
}
