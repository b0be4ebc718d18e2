//! Rolehop's domain, with no UI or Tauri in it (CI checks that no Tauri or clap crate is in
//! its dependency tree, and that its modules import each other in one direction only).
//!
//! The flow in one paragraph: the [`catalog`] names who a person is (an identity in their home
//! account, whose keys live only in the OS keychain, see [`vault`]) and where they go (clients and
//! their shortcuts, one role in one account each). [`launch`] takes a shortcut, asks the
//! [`broker`] for role credentials (GetSessionToken once a day with MFA, then AssumeRole; or a
//! long AssumeRole with MFA; or a chain through another shortcut), caches them in the vault,
//! turns them into an AWS console sign-in URL with [`federation`] and opens it in the
//! shortcut's own [`browser`] profile. The CLI, the tray, the switcher and discovery all go
//! through [`launch`], wired to the real keychain, STS and browsers by [`system`]; nothing
//! re-implements a step of it.
//!
//! Layers, from the bottom: leaves of facts ([`partition`], [`browser_kind`], [`error_kind`],
//! [`secret`], [`paths`], [`files`]); the [`catalog`] (model, rules, validation, resolution,
//! store); [`link`] (switch-role and `rolehop://` links, read and written); the [`sources`] that fill or publish it (import, export, team layers, discovery's
//! pure parts); the seams ([`vault`], [`broker`], [`federation`], [`browser`]); the use cases
//! over them ([`launch`], [`enroll`], [`importing`], [`discovery`], [`sessions`], [`live`]: the consoles running now and the day's journal) with the one
//! [`Error`] they return; [`exec`], the terminal side (a `rolehop exec` child's environment,
//! its credential server, the fan-out's selection and report, the terminal's marks);
//! and [`system`], which wires the real seams for the front ends. The
//! tray menu ([`menu`]) and the switcher's search ([`switcher`]) are pure models the shell
//! renders.

mod aws_sdk;
pub mod broker;
pub mod browser;
pub mod browser_kind;
pub mod catalog;
pub mod credentials;
pub mod discovery;
pub mod enroll;
pub mod enroll_sso;
pub mod error;
pub mod error_kind;
pub mod exec;
pub mod federation;
pub mod files;
pub mod importing;
pub mod launch;
pub mod link;
pub mod live;
pub mod menu;
pub mod notification;
pub mod owner;
pub mod partition;
pub mod paths;
pub mod secret;
pub mod sessions;
pub mod sources;
pub mod sso;
pub mod switcher;
pub mod system;
pub mod terminal;
pub mod trust;
pub mod usage;
pub mod vault;

pub use error::{Error, ErrorKind};
pub use secret::Secret;
