//! The process seam: starting a browser from a [`LaunchPlan`].
//!
//! The browser runs in its own process group (closing the terminal that ran `rolehop open`
//! does not close the console). A browser that exits non-zero within a moment failed to start;
//! one that exits zero handed the URL to an already running instance of the same profile.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::BrowserError;
use super::plan::LaunchPlan;

pub trait ProcessLauncher {
    fn launch(&self, plan: &LaunchPlan) -> Result<(), BrowserError>;

    /// Starts the browser and watches it until `started()` says it took the hand-off, it
    /// exits, or `limit` passes: a browser that fails to start is reported as such however
    /// long a busy machine takes to say so (no fixed watch window). Launchers without a
    /// process to watch just launch.
    fn launch_watched(
        &self,
        plan: &LaunchPlan,
        started: &dyn Fn() -> bool,
        limit: Duration,
    ) -> Result<(), BrowserError> {
        let _ = (started, limit);
        self.launch(plan)
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemLauncher;

/// How a browser is started on Windows: `CREATE_NO_WINDOW` (a program with a console, such as
/// a `.cmd` wrapper, flashes no console window) and `CREATE_NEW_PROCESS_GROUP` (Ctrl+C in the
/// terminal that ran `rolehop open` does not reach the console), the Windows counterparts of
/// the Unix process group above. See
/// <https://learn.microsoft.com/windows/win32/procthread/process-creation-flags>.
pub const WINDOWS_CREATION_FLAGS: u32 = CREATE_NO_WINDOW | CREATE_NEW_PROCESS_GROUP;
const CREATE_NO_WINDOW: u32 = 0x0800_0000;
const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;

/// How long a plain `launch` watches a starting browser for an immediate failure (used where
/// there is no hand-off to wait for, e.g. opening a logout page).
const STARTUP_WATCH: Duration = Duration::from_millis(400);

impl SystemLauncher {
    fn spawn(plan: &LaunchPlan) -> Result<std::process::Child, BrowserError> {
        let mut command = Command::new(&plan.program);
        command
            .args(&plan.args)
            // The tray's heap tunables (src-tauri `heap`) are its own, not a browser's.
            .env_remove("MALLOC_TRIM_THRESHOLD_")
            .env_remove("MALLOC_MMAP_THRESHOLD_")
            .envs(plan.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some(cwd) = &plan.cwd {
            command.current_dir(cwd);
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        #[cfg(windows)]
        {
            use std::os::windows::process::CommandExt;
            command.creation_flags(WINDOWS_CREATION_FLAGS);
        }
        command.spawn().map_err(|source| BrowserError::Spawn {
            program: plan.program.clone(),
            source,
        })
    }

    /// Watches `child` until `done()`, its exit, or `limit`.
    fn watch(
        plan: &LaunchPlan,
        mut child: std::process::Child,
        done: &dyn Fn() -> bool,
        limit: Duration,
    ) -> Result<(), BrowserError> {
        let start = Instant::now();
        while start.elapsed() < limit && !done() {
            match child.try_wait() {
                // Exit 0: it handed the URL to a running instance of the same profile.
                Ok(Some(status)) if status.success() => return Ok(()),
                Ok(Some(status)) => {
                    return Err(BrowserError::ExitedAtOnce {
                        program: plan.program.clone(),
                        status: status.to_string(),
                    });
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(25)),
                Err(_) => break,
            }
        }
        // Still running: a browser that started. Reap it in the background so it never
        // lingers as a zombie while this process lives.
        std::thread::spawn(move || {
            let _ = child.wait();
        });
        Ok(())
    }
}

impl ProcessLauncher for SystemLauncher {
    fn launch(&self, plan: &LaunchPlan) -> Result<(), BrowserError> {
        let child = Self::spawn(plan)?;
        Self::watch(plan, child, &|| false, STARTUP_WATCH)
    }

    fn launch_watched(
        &self,
        plan: &LaunchPlan,
        started: &dyn Fn() -> bool,
        limit: Duration,
    ) -> Result<(), BrowserError> {
        let child = Self::spawn(plan)?;
        Self::watch(plan, child, started, limit)
    }
}

/// Whether this process runs as root (Chromium then needs `--no-sandbox`).
pub fn running_as_root() -> bool {
    // /proc/self/status: "Uid:\treal\teffective\tsaved\tfs".
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2))
                .map(|euid| euid == "0")
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(program: &str, args: &[&str]) -> LaunchPlan {
        LaunchPlan {
            program: program.into(),
            args: args.iter().map(|s| s.to_string()).collect(),
            env: vec![],
            cwd: None,
        }
    }

    #[test]
    fn failures_to_start_are_errors() {
        assert!(matches!(
            SystemLauncher.launch(&plan("/nonexistent/browser", &[])),
            Err(BrowserError::Spawn { .. })
        ));
        // The platform's own shell: `sh` here, `cmd` on Windows (under Wine in the test
        // command).
        let shell = |script: &str| {
            if cfg!(windows) {
                plan("cmd", &["/C", script])
            } else {
                plan("sh", &["-c", script])
            }
        };
        assert!(matches!(
            SystemLauncher.launch(&shell("exit 3")),
            Err(BrowserError::ExitedAtOnce { .. })
        ));
        assert!(SystemLauncher.launch(&shell("exit 0")).is_ok());
        if cfg!(unix) {
            assert!(SystemLauncher.launch(&plan("sleep", &["1"])).is_ok());
        }
    }
}
