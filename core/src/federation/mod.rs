//! Console federation: from role credentials to an AWS console sign-in URL.
//!
//! Pure builders ([`urls`], and the partition facts in [`crate::partition`]) decide every URL from data; the one
//! side effect, the getSigninToken call, sits behind the [`SigninClient`] seam ([`signin`]).
//! AWS's rules: <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html>.

mod error;
pub mod signin;
pub mod urls;

pub use error::FederationError;
pub use signin::{FEDERATION_URL_ENV, HttpSigninClient, SigninClient};
