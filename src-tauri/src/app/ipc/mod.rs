//! The shapes that cross IPC between the windows (ui/) and the shell. Each one derives `TS`, and
//! `bindings.rs` writes them, with one typed function per command, to `ui/src/bindings.ts`.
//! Nothing here carries a secret towards the UI: forms carry secrets *to* the shell only
//! (`IdentityForm::secret_access_key`, `mfa_submit`'s code), and answers never do.

mod catalog;
mod errors;
mod import;
mod setup;
mod windows;

pub use catalog::*;
pub use errors::*;
pub use import::*;
pub use setup::*;
pub use windows::*;
