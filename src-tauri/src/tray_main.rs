//! The `rolehop-tray` binary: the Tauri tray app (`app/`). Started by `rolehop` with no
//! arguments or with `show WINDOW` (see main.rs for why it is a binary of its own). It shares
//! the CLI's plumbing (`cli/`: context, browsers, MFA prompts), not its subcommands.

mod app;
// The subcommands are the `rolehop` binary's; this one uses the shared parts only.
#[allow(dead_code)]
mod cli;
mod desktop;

use std::process::ExitCode;

/// When the process started (for start-up timing).
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

fn main() -> ExitCode {
    STARTED.get_or_init(std::time::Instant::now);
    let args: Vec<String> = std::env::args().collect();
    let show = app::window_from_args(&args);
    if args.len() > 1 && show.is_none() {
        eprintln!("usage: rolehop-tray [show switcher|settings|setup]  (the CLI is `rolehop`)");
        return ExitCode::from(2);
    }
    app::run(show)
}
