//! The `rolehop` binary: the CLI (clap, `cli/`). Without arguments, or with `show WINDOW`, it
//! becomes the tray app by executing `rolehop-tray` (installed next to it), which is the only
//! binary that links WebKitGTK: loading and binding WebKitGTK's ~170 shared libraries costs
//! about 100 ms before `main`, which every CLI call (`credential-process` runs on each AWS CLI
//! command) would otherwise pay.
//!
//! Exit codes: 0 ok, 1 operational error (the message says what to do), 2 usage error.

#[macro_use]
mod say;
#[cfg(test)]
mod bundle_tests;
mod cli;
mod desktop;
mod heap;
mod logging;

use std::process::ExitCode;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    if std::env::args_os().len() == 1 {
        return tray(&[]);
    }
    // Started by a console's browser as the host of its extension's channel.
    if std::env::args()
        .nth(1)
        .is_some_and(|a| rolehop_core::browser::channel::is_host_call(&a))
    {
        return cli::console_host::run();
    }
    cli::run(tray, started)
}

/// The tray app's binary: next to this one (as built and as packaged), else on PATH.
fn tray_binary() -> std::path::PathBuf {
    let name = format!("rolehop-tray{}", std::env::consts::EXE_SUFFIX);
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(&name)))
        .filter(|path| path.exists())
        .unwrap_or_else(|| name.into())
}

/// Runs the tray app with `args` (none, `show WINDOW`, or a `rolehop://` link), in this process where the OS
/// allows (so a caller waiting on this PID waits on the app); on Windows as a process of its own.
fn tray(args: &[&str]) -> ExitCode {
    let program = tray_binary();
    let mut command = std::process::Command::new(&program);
    command.args(args);
    // Decided here, so the tray need not start itself once more to get them (`heap`).
    command.envs(heap::tunables_for_tray());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let error = command.exec();
        say_err!(
            "error: cannot start the tray app {}: {error}; reinstall Rolehop",
            program.display()
        );
        ExitCode::from(1)
    }
    // Windows: the tray is a GUI program of its own; `rolehop` (a console program, started
    // from a terminal or a shortcut) does not wait for it, so no console window stays open
    // while the tray runs.
    #[cfg(not(unix))]
    match command.spawn() {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            say_err!(
                "error: cannot start the tray app {}: {error}; reinstall Rolehop",
                program.display()
            );
            ExitCode::from(1)
        }
    }
}
