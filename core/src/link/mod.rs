//! Links to shortcuts, read and written: the AWS switch-role link teams keep in their knowledge
//! base ([`switch_role`]), Rolehop's own `rolehop://open/<shortcut>` deep link ([`deep`]), the
//! AWS console links engineers receive (console pages, multi-session pages, IAM Identity
//! Center shortcut links: [`console`]), and one shortcut's links in the forms `rolehop link`
//! prints ([`mod@format`]).
//!
//! It sits above the catalog (it reads shortcuts as [`crate::catalog::resolve`] resolves them)
//! and below the sources and front ends: the links importer reads switch-role links through
//! [`switch_role::parse`], `export page` writes them through [`mod@format`], and `rolehop open`,
//! the switcher and the tray's deep-link handler find what a link names through
//! [`target`] (over [`switch_role::matching`] and [`deep::parse`]). All of it is pure.

pub mod console;
pub mod deep;
pub mod format;
pub mod gate;
pub mod risk;
pub mod switch_role;
pub mod target;
