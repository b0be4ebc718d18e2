//! The `rolehop-tray` binary: the Tauri tray app (`app/`), a crate of its own (`rolehop-tray`).
//! Started by `rolehop` with no arguments or with `show WINDOW`, and by the desktop with a
//! `rolehop://` link (see the CLI's `cli/src/main.rs` for why it is a binary of its own). It
//! shares the CLI's engine wiring (`rolehop_core::system`) and the `rolehop-common` crate
//! (printing, logging, the desktop's services), not its subcommands.
// On Windows the tray is a GUI program: started from the Start menu, at login or by a link,
// it opens no console window (its messages go to its log file and its own windows).
#![cfg_attr(windows, windows_subsystem = "windows")]

#[macro_use]
extern crate rolehop_common;

mod app;
#[cfg(test)]
mod bundle_tests;
#[cfg(target_os = "linux")]
mod scheme;

use std::process::ExitCode;

/// Starts the tray again with the heap tunables set (`heap`), for a big catalog, unless they
/// are set (`rolehop` sets them when it starts the tray; this is for the desktop starting
/// `rolehop-tray` itself: a link, autostart). Not on other systems, and if the exec fails the
/// tray simply runs with the defaults.
fn tune_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;
        let tunables = rolehop_common::heap::tunables_for_tray();
        if tunables.is_empty() {
            return;
        }
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let mut command = std::process::Command::new(exe);
        command.args(std::env::args_os().skip(1)).envs(tunables);
        // Only returns on failure.
        let error = command.exec();
        say_err!("rolehop-tray: running with the default heap settings ({error})");
    }
}

fn main() -> ExitCode {
    tune_heap();
    let started = std::time::Instant::now();
    let args: Vec<String> = std::env::args().collect();
    let show = app::window_from_args(&args);
    let link = rolehop_core::link::deep::lone_link(&args).map(str::to_string);
    if args.len() > 1 && show.is_none() && link.is_none() {
        say_err!(
            "usage: rolehop-tray [show switcher|settings|setup | rolehop://open/SHORTCUT]  (the CLI is `rolehop`)"
        );
        return ExitCode::from(2);
    }
    // A second start hands its arguments to the running app (single-instance) and exits:
    // say what happened there, so a terminal user is not left wondering.
    if rolehop_common::desktop::tray_app_running() {
        match (&show, &link) {
            (_, Some(_)) => say_err!("Rolehop is already running: it follows the link."),
            (Some(w), None) => say_err!("Rolehop is already running: it shows {} now.", w.label()),
            (None, None) => {
                say_err!("Rolehop is already running (in the tray): it shows Settings now.")
            }
        }
    }
    app::run(show, link, started)
}
