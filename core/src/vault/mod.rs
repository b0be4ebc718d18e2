//! The OS keychain, the only place a secret is ever stored.
//!
//! [`keychain`] is the side-effect seam (the `keyring` crate in the app, a map in tests);
//! [`Vault`] puts typed entries on top of it: an identity's access key, its cached
//! GetSessionToken session, each shortcut's cached role credentials, and the last MFA code an
//! identity used (TOTP codes are single-use, see `broker::mfa`), and an Identity Center
//! identity's OIDC client and tokens ([`sso`]). All live under one service
//! name, `rolehop`, with the entry name as the keychain "username".

mod chunks;
mod entries;
mod error;
pub mod keychain;
pub mod sso;

pub use entries::{BaseKeys, CachedRole, MfaUse, Pruned, Vault};
pub use error::VaultError;
pub use keychain::{Keychain, MemoryKeychain, OsKeychain, SERVICE};
