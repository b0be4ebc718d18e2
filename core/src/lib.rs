//! Rolehop's domain, with no UI or Tauri in it.
//!
//! The flow in one paragraph: the [`catalog`] names who a person is (an identity in their home
//! account, whose keys live only in the OS keychain, see [`vault`]) and where they go (clients and
//! their shortcuts, one role in one account each). [`launch`] takes a shortcut, asks the
//! [`broker`] for role credentials (GetSessionToken once a day with MFA, then AssumeRole; or a
//! long AssumeRole with MFA; or a chain through another shortcut), caches them in the vault, and
//! turns them into an AWS console sign-in URL with [`federation`]. The CLI and, later, the tray
//! and the switcher all go through [`launch`]; nothing re-implements a step of it. The catalog
//! also fills itself: [`sources::import`] reads other tools' configurations, [`discover`] the
//! accounts of an AWS organization, and [`sources::layers`] merges read-only team catalogs.

mod aws_sdk;
pub mod broker;
pub mod browser;
pub mod browser_kind;
pub mod catalog;
pub mod credentials;
pub mod discovery;
pub mod enroll;
pub mod error;
pub mod error_kind;
pub mod federation;
pub mod files;
pub mod importing;
pub mod launch;
pub mod menu;
pub mod partition;
pub mod paths;
pub mod secret;
pub mod sessions;
pub mod sources;
pub mod switcher;
pub mod system;
pub mod usage;
pub mod vault;

pub use error::{Error, ErrorKind};
pub use secret::Secret;
