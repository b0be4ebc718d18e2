//! Browsers: every shortcut opens in its own isolated profile, so any number of accounts stay
//! signed in side by side (ARCHITECTURE.md §4).
//!
//! Pure parts: [`crate::base::browser_kind`] (which browser), [`detect`] (from "what exists on this machine" to
//! "what we found", for Linux, macOS and Windows), [`plan`] (the exact program, arguments and
//! environment for one open), [`mark`] (what each console window shows: name, title, colour,
//! production). Side effects: [`profile`] (the 0700 profile directory, pre-named),
//! [`handoff`] (a single-use loopback URL, so the sign-in URL never appears on a command line)
//! and [`launcher`] (the [`ProcessLauncher`] seam that starts the browser).

pub mod channel;
pub mod console_store;
pub mod detect;
mod error;
pub mod handoff;
pub mod launcher;
pub mod mark;
pub mod placement;
pub mod plan;
pub mod profile;

pub use crate::base::browser_kind::BrowserKind;
pub use error::BrowserError;
pub use launcher::{ProcessLauncher, SystemLauncher};
