//! The STS broker: from a shortcut to role credentials, by the session modes of
//! ARCHITECTURE.md §3.
//!
//! - [`sts`] is the side-effect seam (the [`Sts`] trait, its request types and the failure
//!   classes AWS answers with); [`aws_sts`] implements it with aws-sdk-sts.
//! - [`mfa`] asks for MFA codes ([`MfaPrompt`]) and knows TOTP codes are single-use.
//! - [`flow`] is the policy: cache, `daily` (GetSessionToken once, then AssumeRole),
//!   `long` (AssumeRole with MFA up to the role's maximum), chaining through `via`, and the
//!   recoveries (expired session: re-prompt once; duration above the role's maximum: retry
//!   at the largest allowed).

mod asking;
pub mod aws_sts;
pub mod code_command;
mod error;
mod failure;
pub mod fingerprint;
pub mod flow;
pub mod gate;
pub mod limits;
pub mod mfa;
mod sso_role;
pub mod sts;

pub use aws_sts::AwsSts;
pub use error::BrokerError;
pub use flow::Broker;
pub use mfa::{FixedCode, MfaPrompt, MfaRequest, MfaRetry, NoPrompt};
pub use sts::{AssumeRoleRequest, CallerIdentity, MfaToken, SessionTokenRequest, Sts, StsFailure};
