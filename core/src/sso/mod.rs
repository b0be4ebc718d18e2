//! IAM Identity Center (SSO) identities: signing in, keeping the tokens fresh, and what the
//! portal gives a signed-in person.
//!
//! - [`api`] is the side-effect seam ([`SsoApi`]: the OIDC and portal APIs), [`aws`] its
//!   implementation with the AWS SDK;
//! - [`login`] is the browser sign-in (PKCE on a loopback redirect, device code as fallback);
//! - [`session`] gives a usable access token, refreshed silently, or says a sign-in is needed;
//! - [`pkce`] holds the pure parts of the sign-in (challenge, authorize URL, redirect).
//!
//! The broker calls [`session`] and GetRoleCredentials for shortcuts whose identity is an
//! Identity Center one; a shortcut that chains (`via`) from such a shortcut is ordinary role
//! chaining from there. The tokens themselves are typed keychain entries
//! ([`crate::vault::sso`]).

pub mod api;
pub mod aws;
pub mod error;
pub mod login;
pub mod page;
pub mod pkce;
pub mod session;

pub use api::{SsoApi, SsoFailure};
pub use aws::{AWS_SSO, AwsSso};
pub use error::SsoError;
pub use login::{Method, SignIn, SignInPage};
