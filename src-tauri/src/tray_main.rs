//! The `rolehop-tray` binary: the Tauri tray app (`app/`). Started by `rolehop` with no
//! arguments or with `show WINDOW`, and by the desktop with a `rolehop://` link (see main.rs for why it is a binary of its own). It shares
//! the CLI's engine wiring (`rolehop_core::system`), not its subcommands.

mod app;
mod desktop;
mod heap;
mod logging;
#[cfg(target_os = "linux")]
mod scheme;

use std::process::ExitCode;

fn main() -> ExitCode {
    heap::tune();
    let started = std::time::Instant::now();
    let args: Vec<String> = std::env::args().collect();
    let show = app::window_from_args(&args);
    let link = app::link_from_args(&args).map(str::to_string);
    if args.len() > 1 && show.is_none() && link.is_none() {
        eprintln!(
            "usage: rolehop-tray [show switcher|settings|setup | rolehop://open/SHORTCUT]  (the CLI is `rolehop`)"
        );
        return ExitCode::from(2);
    }
    // A second start hands its arguments to the running app (single-instance) and exits:
    // say what happened there, so a terminal user is not left wondering.
    if desktop::tray_app_running() {
        match (&show, &link) {
            (_, Some(_)) => eprintln!("Rolehop is already running: it follows the link."),
            (Some(w), None) => eprintln!("Rolehop is already running: it shows {} now.", w.label()),
            (None, None) => {
                eprintln!("Rolehop is already running (in the tray): it shows Settings now.")
            }
        }
    }
    app::run(show, link, started)
}
