//! The `rolehop` binary. With a subcommand it is the CLI (clap, `cli/`); without one it will be
//! the tray app (a later issue), and for now prints the help.
//!
//! Exit codes: 0 ok, 1 operational error (the message says what to do), 2 usage error.

mod cli;

use std::process::ExitCode;

/// When the process started (for `-v` timings).
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

fn main() -> ExitCode {
    STARTED.get_or_init(std::time::Instant::now);
    cli::run()
}
