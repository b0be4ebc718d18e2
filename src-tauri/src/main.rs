//! The `rolehop` binary. With a subcommand it is the CLI (clap, `cli/`); without arguments it is
//! the tray app (`app/`).
//!
//! Exit codes: 0 ok, 1 operational error (the message says what to do), 2 usage error.

mod app;
mod cli;

use std::process::ExitCode;

/// When the process started (for `-v` timings).
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

fn main() -> ExitCode {
    STARTED.get_or_init(std::time::Instant::now);
    if std::env::args_os().len() == 1 {
        return app::run(None);
    }
    cli::run()
}
