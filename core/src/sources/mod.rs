//! Everything that fills the catalog from elsewhere or publishes it: the sources over the
//! [`crate::catalog`] (which holds the model, its rules and its store).
//!
//! - [`import`] reads other tools' configurations (`~/.aws/config`, Extend Switch Roles) into a
//!   preview and applies the rows a person keeps;
//! - [`export`] writes the catalog back out in those formats;
//! - [`layers`] merges read-only team catalogs (a shared directory or an https URL) under the
//!   personal one;
//! - [`discover`] lists the accounts of an AWS organization into a layer of shortcuts.
//!
//! Sources depend on the catalog, never the other way round.

pub mod discover;
pub mod export;
pub mod import;
pub mod layers;
