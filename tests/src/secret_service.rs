//! A private Secret Service: its own D-Bus session bus and gnome-keyring-daemon, with HOME and
//! XDG_* in a temp dir, the login keyring created and unlocked (password `pw`). Without the
//! unlock the keyring crate reports `NoStorageAccess`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct SecretService {
    bus: Child,
    keyring: Child,
    pub address: String,
    root: PathBuf,
}

impl SecretService {
    /// Starts under `root`, using the same HOME/XDG layout as [`crate::env::TestEnv`].
    pub fn start(root: &Path) -> Self {
        let run = root.join("run");
        let bus_path = run.join("bus");
        let address = format!("unix:path={}", bus_path.display());
        // A bus without service activation: otherwise the first client call could make D-Bus
        // start a second, locked gnome-keyring that takes the Secret Service name first.
        let config = root.join("dbus-session.conf");
        std::fs::write(&config, format!(
            "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n<busconfig><type>session</type><listen>{address}</listen><auth>EXTERNAL</auth><policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/><allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n"
        )).unwrap_or_else(|e| panic!("write bus config: {e}"));
        let bus = Command::new("dbus-daemon")
            .args([
                "--nofork",
                "--nopidfile",
                &format!("--config-file={}", config.display()),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start dbus-daemon ({e}); install the `dbus` package")
            });
        crate::wait_for("D-Bus session bus", Duration::from_secs(10), || {
            bus_path.exists()
        });
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .envs(xdg_env(root))
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(log_file(&root.join("gnome-keyring.log")))
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start gnome-keyring-daemon ({e}); install `gnome-keyring`")
            });
        if let Some(mut stdin) = keyring.stdin.take() {
            let _ = stdin.write_all(b"pw");
        }
        let service = Self {
            bus,
            keyring,
            address,
            root: root.to_path_buf(),
        };
        // Ready means the login collection exists, is unlocked and takes a write.
        let start = std::time::Instant::now();
        while !service.store_probe() {
            if start.elapsed() > Duration::from_secs(15) {
                let log =
                    std::fs::read_to_string(root.join("gnome-keyring.log")).unwrap_or_default();
                let probe = std::fs::read_to_string(root.join("probe.log")).unwrap_or_default();
                panic!(
                    "the Secret Service did not become ready within 15 s\ngnome-keyring: {log}\nsecret-tool: {probe}"
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = service.secret_tool(&["clear", "service", "rolehop-probe"]);
        service
    }

    /// Runs `secret-tool` on this bus; `None` if it failed to run or exited non-zero.
    pub fn secret_tool(&self, args: &[&str]) -> Option<String> {
        let out = Command::new("secret-tool")
            .args(args)
            .envs(xdg_env(&self.root))
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .stdin(Stdio::null())
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Stores a value the way Rolehop does (service `rolehop`, username = entry).
    pub fn store(&self, entry: &str, value: &str) -> bool {
        self.store_with(
            &[
                "store",
                "--label=test",
                "service",
                "rolehop",
                "username",
                entry,
            ],
            value,
        )
    }

    fn store_probe(&self) -> bool {
        self.store_with(
            &[
                "store",
                "--label=probe",
                "service",
                "rolehop-probe",
                "username",
                "probe",
            ],
            "probe",
        ) && self
            .secret_tool(&["lookup", "service", "rolehop-probe", "username", "probe"])
            .is_some_and(|v| v == "probe")
    }

    fn store_with(&self, args: &[&str], value: &str) -> bool {
        let child = Command::new("secret-tool")
            .args(args)
            .envs(xdg_env(&self.root))
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(log_file(&self.root.join("probe.log")))
            .spawn();
        let Ok(mut child) = child else { return false };
        if let Some(mut stdin) = child.stdin.take() {
            let _ = stdin.write_all(value.as_bytes());
        }
        child.wait().is_ok_and(|s| s.success())
    }

    /// Removes a Rolehop entry (as if it had never been stored); whether it went.
    pub fn clear(&self, entry: &str) -> bool {
        self.secret_tool(&["clear", "service", "rolehop", "username", entry])
            .is_some()
    }

    /// The secret stored for a Rolehop entry, if any.
    pub fn lookup(&self, entry: &str) -> Option<String> {
        self.secret_tool(&["lookup", "service", "rolehop", "username", entry])
            .filter(|s| !s.is_empty())
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

fn log_file(path: &Path) -> Stdio {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map(Stdio::from)
        .unwrap_or_else(|_| Stdio::null())
}

/// HOME and XDG_* under `root`.
pub fn xdg_env(root: &Path) -> Vec<(String, String)> {
    let p = |s: &str| root.join(s).display().to_string();
    vec![
        ("HOME".into(), p("home")),
        ("XDG_CONFIG_HOME".into(), p("home/.config")),
        ("XDG_DATA_HOME".into(), p("home/.local/share")),
        ("XDG_CACHE_HOME".into(), p("home/.cache")),
        ("XDG_STATE_HOME".into(), p("home/.local/state")),
        ("XDG_RUNTIME_DIR".into(), p("run")),
        // Temp files land in the test's world too, where the leak scan reads them.
        ("TMPDIR".into(), p("tmp")),
    ]
}
