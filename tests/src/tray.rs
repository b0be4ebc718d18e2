//! The tray over D-Bus, as a desktop's tray host sees it: a `status-notifier-watcher` on the
//! test's session bus, the app's StatusNotifierItem registered with it, its menu read with
//! `com.canonical.dbusmenu.GetLayout` and clicked with `Event … clicked`.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Watcher {
    child: Child,
}

impl Watcher {
    pub fn start(bus: &str, display: &str) -> Self {
        let child = Command::new("status-notifier-watcher")
            .env("DBUS_SESSION_BUS_ADDRESS", bus)
            .env("DISPLAY", display)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start status-notifier-watcher ({e}); install haskell-status-notifier-item-utils"));
        let watcher = Self { child };
        crate::wait_for("status-notifier-watcher", Duration::from_secs(10), || {
            dbus(
                bus,
                &[
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.kde.StatusNotifierWatcher",
                ],
            )
            .is_some_and(|o| o.contains("boolean true"))
        });
        watcher
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dbus(bus: &str, args: &[&str]) -> Option<String> {
    let out = Command::new("dbus-send")
        .arg("--session")
        .arg("--print-reply")
        .args(args)
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The registered tray item's bus name and its menu object path.
pub fn tray_menu(bus: &str) -> Option<(String, String)> {
    let items = dbus(
        bus,
        &[
            "--dest=org.kde.StatusNotifierWatcher",
            "/StatusNotifierWatcher",
            "org.freedesktop.DBus.Properties.Get",
            "string:org.kde.StatusNotifierWatcher",
            "string:RegisteredStatusNotifierItems",
        ],
    )?;
    let item = items.split('"').nth(1)?.to_string();
    let (service, path) = match item.split_once('/') {
        Some((s, p)) => (s.to_string(), format!("/{p}")),
        None => {
            // Registered by bus name only: find the item object (libayatana-appindicator).
            let tree = dbus(
                bus,
                &[
                    &format!("--dest={item}"),
                    "/org/ayatana/NotificationItem",
                    "org.freedesktop.DBus.Introspectable.Introspect",
                ],
            )?;
            let node = tree
                .split("node name=\"")
                .nth(1)?
                .split('"')
                .next()?
                .to_string();
            (item, format!("/org/ayatana/NotificationItem/{node}"))
        }
    };
    let menu = dbus(
        bus,
        &[
            &format!("--dest={service}"),
            &path,
            "org.freedesktop.DBus.Properties.Get",
            "string:org.kde.StatusNotifierItem",
            "string:Menu",
        ],
    )?;
    let menu_path = menu
        .split("object path \"")
        .nth(1)?
        .split('"')
        .next()?
        .to_string();
    Some((service, menu_path))
}

/// Every menu entry with a label, as (dbusmenu id, label), depth first.
pub fn layout(bus: &str, service: &str, menu: &str) -> Vec<(i32, String)> {
    let Some(text) = dbus(
        bus,
        &[
            &format!("--dest={service}"),
            menu,
            "com.canonical.dbusmenu.GetLayout",
            "int32:0",
            "int32:-1",
            "array:string:",
        ],
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut last_id = None;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let t = line.trim();
        if let Some(n) = t.strip_prefix("int32 ").and_then(|n| n.parse::<i32>().ok()) {
            last_id = Some(n);
        } else if t == "string \"label\""
            && let (Some(id), Some(value)) = (last_id, lines.next())
        {
            let label = value
                .trim()
                .trim_start_matches("variant")
                .trim()
                .trim_start_matches("string")
                .trim()
                .trim_matches('"')
                .to_string();
            out.push((id, label));
        }
    }
    out
}

/// Clicks a menu entry.
pub fn click(bus: &str, service: &str, menu: &str, id: i32) -> bool {
    dbus(
        bus,
        &[
            &format!("--dest={service}"),
            menu,
            "com.canonical.dbusmenu.Event",
            &format!("int32:{id}"),
            "string:clicked",
            "variant:int32:0",
            "uint32:0",
        ],
    )
    .is_some()
}
