//! The leaves: facts and primitives that nothing else in core is needed for, and that every
//! layer above uses. Browser kinds and the custom command syntax ([`browser_kind`]), the error
//! kinds the CLI and the UI switch on ([`error_kind`]), redacting secrets ([`secret`]), the
//! directories ([`paths`]) and whether they are the person's own ([`trust`]), atomic,
//! mode-keeping saves ([`files`]), credentials as they move through the flow
//! ([`credentials`]), the AWS SDK clients' shared configuration (`aws_sdk`), when each
//! shortcut was last used ([`usage`]), and text made safe for a terminal ([`terminal`]) or a
//! desktop notification ([`notification`]) from characters that make it lie ([`text`]). (AWS partitions, also a leaf, have their own
//! folder: `partition/`; so does `owner/`, the one module allowed `unsafe`.)

pub(crate) mod aws_sdk;
pub mod browser_kind;
pub mod credentials;
pub mod error_kind;
pub mod files;
pub mod notification;
pub mod paths;
pub mod secret;
pub mod terminal;
pub mod text;
pub mod trust;
pub mod usage;
