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
//! Layers, from the bottom, each a folder: the leaves ([`base`]: browser kinds, error kinds,
//! secrets, directories, safe saves, credentials; [`partition`]: AWS partitions, their hosts
//! and console destinations; [`owner`]: who owns a socket or a file); the [`catalog`] (model,
//! rules, validation, resolution, store); [`link`] (switch-role, `rolehop://` and console
//! links, read and written); the [`sources`] that fill or publish it (import, export, team
//! layers, discovery's pure parts); the seams ([`vault`], [`broker`] with [`sso`],
//! [`federation`], [`browser`]); the open flow ([`launch`], with the sessions the tray lists) and the other
//! [`use_cases`] (enroll, import, discovery) with the one [`Error`] they
//! return; [`live`] (the consoles running now, their renewal, the day's journal); [`exec`],
//! the terminal side (a `rolehop exec` child's environment, its credential server, the
//! fan-out's selection and report, the terminal's marks); and [`system`], which wires the real
//! seams for the front ends. The tray menu ([`menu`]) and the switcher's search
//! ([`switcher`]) are pure models the front ends render.

pub mod base;
pub mod broker;
pub mod browser;
pub mod catalog;
pub mod error;
pub mod exec;
pub mod federation;
pub mod launch;
pub mod link;
pub mod live;
pub mod menu;
pub mod owner;
pub mod partition;
pub mod sources;
pub mod sso;
pub mod switcher;
pub mod system;
pub mod use_cases;
pub mod vault;

pub use base::secret::Secret;
pub use error::{Error, ErrorKind};
