//! The catalog: who the person is (identities) and where they go (clients and shortcuts).
//!
//! It is one TOML file in the config dir and holds no secrets. [`model`] is its typed shape,
//! [`rules`] the pure per-field checks, [`validate`] the whole-catalog checks that produce
//! located, human errors, [`store`] loading and atomic, locked, comment-preserving saves
//! through [`edit`], and [`resolve`] turns a shortcut into everything the broker needs.
//! What fills or publishes the catalog (import, export, team layers, discovery) lives in
//! [`crate::sources`].

pub mod closest;
pub mod colors;
pub mod duration;
pub mod edit;
mod error;
pub mod locate;
pub mod model;
pub mod resolve;
pub mod rules;
pub mod store;
pub mod validate;

pub use error::{CatalogError, Issue};
pub use model::{
    Catalog, Client, DiscoverySpec, Identity, LayerSpec, Partition, SessionMode, Shortcut,
};
pub use resolve::{ResolvedShortcut, Source};
pub use store::CatalogStore;
