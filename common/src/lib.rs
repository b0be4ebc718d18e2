//! What both binaries need and neither owns: the `rolehop` CLI (`cli/`) and the `rolehop-tray`
//! app (`src-tauri/`) are crates of their own, so Cargo keeps Tauri, wry, GTK and WebKit out of
//! the CLI; this small crate holds the pieces they share, and links none of those either.
//!
//! - [`say!`], [`say_err!`], [`say_err_inline!`]: every printed line through the one terminal
//!   sanitiser;
//! - [`logging`]: the tracing subscriber both install (`-v`, `ROLEHOP_LOG`);
//! - [`desktop`]: the desktop's services (tray host, notifications, the running tray app, the
//!   `rolehop:` link handler), for `rolehop doctor` and the tray;
//! - [`heap`]: glibc's heap tunables the CLI sets when it starts the tray and the tray sets
//!   when the desktop started it.

mod say;

pub mod desktop;
pub mod heap;
pub mod logging;

/// The terminal sanitiser the `say` macros print through (re-exported so that the macros
/// work in any crate that uses them).
#[doc(hidden)]
pub use rolehop_core::base::terminal::shown;
