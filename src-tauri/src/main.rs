//! The `rolehop` binary. With a subcommand it is the CLI (clap, `cli/`); without one it will be
//! the tray app (a later issue), and for now prints the help.
//!
//! Exit codes: 0 ok, 1 operational error (the message says what to do), 2 usage error.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
