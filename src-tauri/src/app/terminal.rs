//! "Open terminal" (a client's "Open terminal in" submenu, an active session's submenu, the
//! switcher's Ctrl+T): the person's terminal emulator running `rolehop shell SHORTCUT`, the
//! marked shell with its credential server. Which emulator, and how it is told the command,
//! is the core's pure choice (`rolehop_core::exec::emulator`) from Settings' terminal command
//! (`Prefs::terminal`) or the desktop's default; this module checks the shortcut, finds
//! programs on PATH and starts the result. Nothing secret is on the command line: the shell
//! gets its credentials itself (and asks for an MFA code in the terminal when one is needed).

use std::path::PathBuf;

use rolehop_core::browser::detect::Os;
use rolehop_core::catalog::resolve::resolve;
use rolehop_core::exec::ExecError;
use rolehop_core::exec::emulator::{self, EmulatorError, Host, Launch};
use rolehop_core::system::Workspace;
use tauri::{AppHandle, Runtime};

use super::ipc::IpcError;
use super::notify;
use super::prefs::Prefs;

/// Opens a terminal for `shortcut` in the background; a failure is a notification saying why
/// and what to set.
pub fn open<R: Runtime>(app: &AppHandle<R>, shortcut: String) {
    let app = app.clone();
    std::thread::spawn(move || {
        if let Err(e) = start(&shortcut) {
            notify::error(
                &app,
                &format!("Rolehop cannot open a terminal for {shortcut}"),
                &e.message,
            );
        }
    });
}

/// Starts the terminal for `shortcut` (which must be in the catalog).
pub fn start(shortcut: &str) -> Result<(), IpcError> {
    let ws = Workspace::from_env()?;
    let catalog = ws.catalog()?;
    resolve(&catalog, shortcut)?;
    let prefs = Prefs::load(&ws.paths.config_dir);
    let launch = launch_for(prefs.terminal.as_deref(), shortcut)?;
    spawn(&launch).map_err(|e| {
        IpcError::new(
            rolehop_core::ErrorKind::BrowserFailed,
            format!(
                "cannot start `{}`: {e}. Choose your terminal in Settings › General › Terminal.",
                launch.argv.first().map(String::as_str).unwrap_or_default()
            ),
        )
    })
}

/// The command line that opens a terminal running `rolehop shell SHORTCUT` here.
pub fn launch_for(configured: Option<&str>, shortcut: &str) -> Result<Launch, IpcError> {
    choose(configured, shortcut)
        .map_err(|e| IpcError::from(rolehop_core::Error::from(ExecError::from(e))))
}

fn choose(configured: Option<&str>, shortcut: &str) -> Result<Launch, EmulatorError> {
    let inner = vec![
        cli_binary().display().to_string(),
        "shell".to_string(),
        shortcut.to_string(),
    ];
    let desktop = std::env::var("XDG_CURRENT_DESKTOP").unwrap_or_default();
    let host = Host {
        os: Os::current(),
        desktop: &desktop,
        on_path: &on_path,
    };
    emulator::launch(configured, &host, &inner)
}

/// What Settings shows as the default terminal here: its program, or what was looked for.
pub fn default_shown() -> Result<String, String> {
    match choose(None, "SHORTCUT") {
        Ok(launch) => Ok(launch
            .argv
            .first()
            .cloned()
            .unwrap_or_else(|| "a new console".into())),
        Err(EmulatorError::NotFound { looked_for }) => Err(format!("looked for {looked_for}")),
        Err(e) => Err(e.to_string()),
    }
}

/// The `rolehop` CLI next to this binary (as built and as packaged), else on PATH.
fn cli_binary() -> PathBuf {
    let name = format!("rolehop{}", std::env::consts::EXE_SUFFIX);
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(&name)))
        .filter(|path| path.exists())
        .unwrap_or_else(|| name.into())
}

/// Whether `name` is a program in one of PATH's directories (on macOS, an `.app` in the
/// Applications folders).
fn on_path(name: &str) -> bool {
    if name.ends_with(".app") {
        let home = std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default();
        return [PathBuf::from("/Applications"), home.join("Applications")]
            .iter()
            .any(|dir| dir.join(name).is_dir());
    }
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            let candidate = dir.join(name);
            candidate.is_file() && is_executable(&candidate)
        })
    })
}

#[cfg(unix)]
fn is_executable(path: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_: &std::path::Path) -> bool {
    true
}

/// Starts the terminal, detached from the tray (its own process group; reaped on a thread).
fn spawn(launch: &Launch) -> std::io::Result<()> {
    let (program, args) = launch
        .argv
        .split_first()
        .ok_or_else(|| std::io::Error::other("no program"))?;
    let mut command = std::process::Command::new(program);
    command.args(args);
    // A tray started from inside an exec's shell would pass its marks on: the new shell is
    // not nested in that one.
    for mark in rolehop_core::exec::env::MARKS {
        command.env_remove(mark);
    }
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        // CREATE_NEW_CONSOLE for the shell itself; otherwise the terminal has its own window.
        const CREATE_NEW_CONSOLE: u32 = 0x0000_0010;
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        command.creation_flags(if launch.new_console {
            CREATE_NEW_CONSOLE
        } else {
            CREATE_NO_WINDOW
        });
    }
    let mut child = command.spawn()?;
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}
