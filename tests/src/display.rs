//! A virtual X display (Xvfb) for real browser windows, optionally with a window manager
//! (openbox), with helpers to find windows by class (each shortcut's browser has class
//! `rolehop-<shortcut>`), read their titles and places, arrange them, read pixels and take a
//! screenshot.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Display {
    child: Child,
    pub name: String,
    /// The window manager, when one was asked for.
    wm: Option<Child>,
}

/// A window's place on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl Display {
    /// Starts Xvfb on a display number the server itself picks (`-displayfd`): it takes the
    /// first free number atomically and says which when it accepts connections. (Picking a
    /// number here raced with other suites starting at the same moment: both could take the
    /// same display, and one suite's windows vanished when the other's server stopped.)
    pub fn start() -> Self {
        Self::start_sized(1600, 900)
    }

    /// [`Display::start`] with a screen of this size (people's screens: 1280×800, 1024×640).
    pub fn start_sized(width: u32, height: u32) -> Self {
        let screen = format!("{width}x{height}x24");
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                &screen,
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start Xvfb ({e}); install the `xvfb` package"));
        let stdout = child.stdout.take().expect("Xvfb's stdout");
        // The number arrives on one line once the server is ready; read on a thread so that a
        // server that never gets ready is an error, not a hang.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            let mut reader = std::io::BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            // Keep the pipe open for the server's lifetime (it never writes again).
            let mut rest = String::new();
            let _ = reader.read_line(&mut rest);
        });
        let number = rx
            .recv_timeout(Duration::from_secs(30))
            .ok()
            .and_then(|line| line.trim().parse::<u32>().ok());
        let Some(number) = number else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Xvfb did not say which display it took");
        };
        Self {
            child,
            name: format!(":{number}"),
            wm: None,
        }
    }

    /// A display with a window manager (openbox), as a person's desktop has: windows get
    /// frames and are placed by the manager, so what a suite sees is what a person would.
    pub fn start_with_wm() -> Self {
        Self::start_sized_with_wm(1600, 900)
    }

    /// [`Display::start_with_wm`] with a screen of this size.
    pub fn start_sized_with_wm(width: u32, height: u32) -> Self {
        let mut display = Self::start_sized(width, height);
        let log = std::env::temp_dir().join(format!(
            "rolehop-openbox-{}.log",
            display.name.trim_start_matches(':')
        ));
        let spawn = |name: &str| {
            let stderr = std::fs::File::create(&log)
                .map(Stdio::from)
                .unwrap_or_else(|_| Stdio::null());
            Command::new("openbox")
                .env("DISPLAY", name)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(stderr)
                .spawn()
                .unwrap_or_else(|e| {
                    panic!("cannot start openbox ({e}); install the `openbox` package")
                })
        };
        let mut child = spawn(&display.name);
        // Ready when the manager has claimed the screen (it sets _NET_SUPPORTING_WM_CHECK). A
        // manager that exits at once (the server was not yet taking connections) is started
        // again.
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            let out = Command::new("xprop")
                .args(["-root", "_NET_SUPPORTING_WM_CHECK"])
                .env("DISPLAY", &display.name)
                .stderr(Stdio::null())
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default();
            if out.contains("window id") {
                display.wm = Some(child);
                return display;
            }
            if let Ok(Some(_)) = child.try_wait() {
                child = spawn(&display.name);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "openbox did not start on {}: {}",
            display.name,
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// The visible windows of a class with their titles and places.
    pub fn windows_of(&self, class: &str) -> Vec<(String, Geometry)> {
        self.xdotool(&["search", "--onlyvisible", "--class", class])
            .lines()
            .filter_map(|id| {
                let id = id.trim();
                let title = self.xdotool(&["getwindowname", id]).trim().to_string();
                Some((title, self.geometry(id)?))
            })
            .filter(|(t, g)| !t.is_empty() && g.width > 100 && g.height > 100)
            .collect()
    }

    /// The visible windows of a class with their ids, titles and places.
    pub fn windows_with_ids(&self, class: &str) -> Vec<(String, String, Geometry)> {
        self.xdotool(&["search", "--onlyvisible", "--class", class])
            .lines()
            .filter_map(|id| {
                let id = id.trim().to_string();
                let title = self.xdotool(&["getwindowname", &id]).trim().to_string();
                let geometry = self.geometry(&id)?;
                Some((id, title, geometry))
            })
            .filter(|(_, t, g)| !t.is_empty() && g.width > 100 && g.height > 100)
            .collect()
    }

    /// Gives one window the focus the way a click on it would (the window manager raises it).
    pub fn activate(&self, id: &str) {
        self.xdotool(&["windowactivate", id]);
    }

    /// Moves and sizes one window.
    pub fn place_window(&self, id: &str, x: u32, y: u32, w: u32, h: u32) {
        self.xdotool(&["windowsize", id, &w.to_string(), &h.to_string()]);
        self.xdotool(&["windowmove", id, &x.to_string(), &y.to_string()]);
    }

    /// The place of the first visible window of a class, whatever its size (a panel).
    pub fn first_of_class(&self, class: &str) -> Option<Geometry> {
        let ids = self.xdotool(&["search", "--onlyvisible", "--class", class]);
        let id = ids.lines().next()?.trim().to_string();
        self.geometry(&id)
    }

    /// The place of the visible window with exactly this title.
    pub fn window_titled(&self, title: &str) -> Option<Geometry> {
        let id = self
            .xdotool(&["search", "--onlyvisible", "--name", ""])
            .lines()
            .map(|id| id.trim().to_string())
            .find(|id| self.xdotool(&["getwindowname", id]).trim() == title)?;
        self.geometry(&id)
    }

    /// Where an X window is (xdotool's `--shell` output).
    fn geometry(&self, id: &str) -> Option<Geometry> {
        let geometry = self.xdotool(&["getwindowgeometry", "--shell", id]);
        let value = |key: &str| {
            geometry
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{key}=")))
                .and_then(|v| v.trim().parse::<u32>().ok())
        };
        Some(Geometry {
            x: value("X")?,
            y: value("Y")?,
            width: value("WIDTH")?,
            height: value("HEIGHT")?,
        })
    }

    /// The RGB pixels of part of the screen, row by row.
    pub fn pixels(&self, x: u32, y: u32, w: u32, h: u32) -> Vec<[u8; 3]> {
        let crop = format!("{w}x{h}+{x}+{y}");
        Command::new("import")
            .args([
                "-window", "root", "-crop", &crop, "+repage", "-depth", "8", "rgb:-",
            ])
            .env("DISPLAY", &self.name)
            .stderr(Stdio::null())
            .output()
            .map(|o| {
                o.stdout
                    .chunks_exact(3)
                    .map(|c| [c[0], c[1], c[2]])
                    .collect()
            })
            .unwrap_or_default()
    }

    fn xdotool(&self, args: &[&str]) -> String {
        Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self.name)
            .stderr(Stdio::null())
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    }

    /// The title of the window that has the keyboard focus (empty if none).
    pub fn focused_title(&self) -> String {
        let id = self.xdotool(&["getwindowfocus"]);
        self.xdotool(&["getwindowname", id.trim()])
            .trim()
            .to_string()
    }

    /// Titles of the visible windows of a window class.
    pub fn titles(&self, class: &str) -> Vec<String> {
        self.xdotool(&["search", "--onlyvisible", "--class", class])
            .lines()
            .map(|id| {
                self.xdotool(&["getwindowname", id.trim()])
                    .trim()
                    .to_string()
            })
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// Moves and sizes the windows of a class.
    pub fn place(&self, class: &str, x: u32, y: u32, w: u32, h: u32) {
        for id in self
            .xdotool(&["search", "--onlyvisible", "--class", class])
            .lines()
        {
            let id = id.trim();
            self.xdotool(&["windowsize", id, &w.to_string(), &h.to_string()]);
            self.xdotool(&["windowmove", id, &x.to_string(), &y.to_string()]);
        }
    }

    /// Whether a visible window has exactly this title.
    pub fn has_window_titled(&self, title: &str) -> bool {
        self.xdotool(&["search", "--onlyvisible", "--name", ""])
            .lines()
            .any(|id| self.xdotool(&["getwindowname", id.trim()]).trim() == title)
    }

    /// Saves a PNG of what the screen shows of the visible window with exactly this title (X's
    /// own pixels, so it is what a person would see).
    pub fn screenshot_window(&self, title: &str, path: &Path) -> bool {
        match self.window_titled(title) {
            Some(g) => self.screenshot_region(path, g.x, g.y, g.width, g.height),
            None => false,
        }
    }

    /// Clicks the left button at a point of the screen.
    pub fn click(&self, x: u32, y: u32) {
        self.xdotool(&["mousemove", &x.to_string(), &y.to_string(), "click", "1"]);
    }

    /// Types text into the focused window, as a keyboard would.
    pub fn type_text(&self, text: &str) {
        self.xdotool(&["type", "--delay", "40", text]);
    }

    /// Presses a key (xdotool key names: `Escape`, `Return`).
    pub fn key(&self, key: &str) {
        self.xdotool(&["key", key]);
    }

    /// The ids of the visible windows (all classes).
    pub fn visible_window_ids(&self) -> Vec<String> {
        self.xdotool(&["search", "--onlyvisible", "--name", ""])
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// The process that made the window with this id (`_NET_WM_PID`, which GDK sets on every
    /// window it creates, menus included).
    pub fn pid_of(&self, id: &str) -> Option<u32> {
        self.xdotool(&["getwindowpid", id]).trim().parse().ok()
    }

    /// Where the window with this id is.
    pub fn geometry_of(&self, id: &str) -> Option<Geometry> {
        self.geometry(id)
    }

    /// How many windows are visible (all classes).
    pub fn visible_windows(&self) -> usize {
        self.xdotool(&["search", "--onlyvisible", "--name", ""])
            .lines()
            .count()
    }

    /// Saves a PNG of part of the screen.
    pub fn screenshot_region(&self, path: &Path, x: u32, y: u32, w: u32, h: u32) -> bool {
        let crop = format!("{w}x{h}+{x}+{y}");
        self.import(&["-window", "root", "-crop", &crop, "+repage"], path)
    }

    /// Saves a PNG of the whole screen.
    pub fn screenshot(&self, path: &Path) -> bool {
        self.import(&["-window", "root"], path)
    }

    /// ImageMagick's `import`, tried a few times: on a loaded machine it can fail to read the
    /// screen while a popup (the tray menu) is being mapped. The last failure is printed.
    fn import(&self, args: &[&str], path: &Path) -> bool {
        let mut last = String::new();
        for _ in 0..5 {
            match Command::new("import")
                .args(args)
                .arg(path)
                .env("DISPLAY", &self.name)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .output()
            {
                Ok(out) if out.status.success() => return true,
                Ok(out) => last = String::from_utf8_lossy(&out.stderr).into_owned(),
                Err(e) => last = e.to_string(),
            }
            std::thread::sleep(std::time::Duration::from_millis(300));
        }
        eprintln!("import {args:?} failed: {last}");
        false
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(mut wm) = self.wm.take() {
            let _ = wm.kill();
            let _ = wm.wait();
        }
        // SIGTERM lets Xvfb remove its socket and lock file; SIGKILL only if it does not stop.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_secs(2) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let n = self.name.trim_start_matches(':');
        let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{n}"));
        let _ = std::fs::remove_file(format!("/tmp/.X{n}-lock"));
    }
}
