//! What the desktop offers Rolehop: a tray host (a StatusNotifierHost behind the D-Bus
//! `org.kde.StatusNotifierWatcher`, or an XEmbed system tray owning `_NET_SYSTEM_TRAY_S<n>`)
//! and a notification service (`org.freedesktop.Notifications`, running or D-Bus activatable).
//! `rolehop doctor` reports both with what to install; the tray app shows errors in its own
//! small window when no notification service answers.

/// The desktop entry the tray app registers as the handler of `rolehop:` links
/// (`crate::scheme` in the tray binary), and the MIME type it handles.
#[cfg(target_os = "linux")]
pub const LINKS_ENTRY: &str = "rolehop-links.desktop";
#[cfg(target_os = "linux")]
pub const LINKS_MIME: &str = "x-scheme-handler/rolehop";

/// The desktop entry that opens `rolehop:` links, as xdg-utils answers (`None` without
/// xdg-utils, empty when there is none).
#[cfg(target_os = "linux")]
pub fn links_handler() -> Option<String> {
    let out = std::process::Command::new("xdg-mime")
        .args(["query", "default", LINKS_MIME])
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The running app's single-instance service, as tauri-plugin-single-instance names it from
/// the identifier in tauri.conf.json (`dev.rolehop.desktop`; checked in cli/tray_handoff.rs).
#[cfg(target_os = "linux")]
pub const SINGLE_INSTANCE_NAME: &str = "dev.rolehop.desktop.SingleInstance";

/// Whether the tray app runs for this user: it owns its single-instance service on the
/// session bus (tauri-plugin-single-instance names it after the identifier).
#[cfg(target_os = "linux")]
pub fn tray_app_running() -> bool {
    session_bus()
        .and_then(|bus| bus_call::<bool>(&bus, "NameHasOwner", &(SINGLE_INSTANCE_NAME)))
        .unwrap_or(false)
}

/// (Elsewhere the single-instance plugin uses other channels: the tray binary says nothing
/// more, and the CLI, which hands over on Linux only, does not ask.)
#[cfg(not(target_os = "linux"))]
#[allow(dead_code)]
pub fn tray_app_running() -> bool {
    false
}

/// What the desktop has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Services {
    pub sni_host: bool,
    pub xembed_tray: bool,
    pub notifications: bool,
}

#[cfg(target_os = "linux")]
fn session_bus() -> Option<zbus::blocking::Connection> {
    zbus::blocking::Connection::session().ok()
}

#[cfg(target_os = "linux")]
fn bus_call<T>(
    connection: &zbus::blocking::Connection,
    method: &str,
    arg: &(impl serde::Serialize + zbus::zvariant::DynamicType),
) -> Option<T>
where
    T: for<'d> zbus::zvariant::DynamicDeserialize<'d>,
{
    connection
        .call_method(
            Some("org.freedesktop.DBus"),
            "/org/freedesktop/DBus",
            Some("org.freedesktop.DBus"),
            method,
            arg,
        )
        .ok()
        .and_then(|reply| reply.body().deserialize::<T>().ok())
}

/// Whether a notification service answers (running now, or started on demand by D-Bus).
#[cfg(target_os = "linux")]
pub fn notifications() -> bool {
    const NAME: &str = "org.freedesktop.Notifications";
    let Some(bus) = session_bus() else {
        return false;
    };
    bus_call::<bool>(&bus, "NameHasOwner", &(NAME)).unwrap_or(false)
        || bus_call::<Vec<String>>(&bus, "ListActivatableNames", &())
            .is_some_and(|names| names.iter().any(|n| n == NAME))
}

#[cfg(not(target_os = "linux"))]
pub fn notifications() -> bool {
    // macOS and Windows always have their own notification centre.
    true
}

/// Whether a StatusNotifierHost is registered with the watcher (a tray that shows
/// libayatana's icon).
#[cfg(target_os = "linux")]
pub fn sni_host() -> bool {
    const WATCHER: &str = "org.kde.StatusNotifierWatcher";
    let Some(bus) = session_bus() else {
        return false;
    };
    if !bus_call::<bool>(&bus, "NameHasOwner", &(WATCHER)).unwrap_or(false) {
        return false;
    }
    let Ok(proxy) = zbus::blocking::Proxy::new(&bus, WATCHER, "/StatusNotifierWatcher", WATCHER)
    else {
        return false;
    };
    proxy
        .get_property::<bool>("IsStatusNotifierHostRegistered")
        .unwrap_or(false)
}

#[cfg(not(target_os = "linux"))]
pub fn sni_host() -> bool {
    true
}

/// Whether an XEmbed system tray (the freedesktop System Tray protocol) runs on the X display.
#[cfg(target_os = "linux")]
pub fn xembed_tray() -> bool {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::ConnectionExt;
    if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        return false;
    }
    let Ok((conn, screen)) = x11rb::connect(None) else {
        return false;
    };
    let name = format!("_NET_SYSTEM_TRAY_S{screen}");
    let atom = conn
        .intern_atom(true, name.as_bytes())
        .ok()
        .and_then(|c| c.reply().ok())
        .map(|r| r.atom)
        .unwrap_or(0);
    if atom == 0 {
        return false;
    }
    let owner = conn
        .get_selection_owner(atom)
        .ok()
        .and_then(|c| c.reply().ok())
        .map(|r| r.owner)
        .unwrap_or(0);
    let _ = conn.flush();
    owner != 0
}

#[cfg(not(target_os = "linux"))]
pub fn xembed_tray() -> bool {
    false
}

pub fn probe() -> Services {
    Services {
        sni_host: sni_host(),
        xembed_tray: xembed_tray(),
        notifications: notifications(),
    }
}

/// What to install for a missing tray host, by desktop.
pub const TRAY_HOST_ADVICE: &str = "no tray host found: on GNOME install and enable the \"AppIndicator and KStatusNotifierItem Support\" extension (Debian: gnome-shell-extension-appindicator); on other desktops add a system tray/notification area panel item (e.g. xfce4-panel's, lxpanel's, or `trayer`); `rolehop show switcher` works without one";

/// What to install for a missing notification service.
pub const NOTIFICATIONS_ADVICE: &str = "no notification service (org.freedesktop.Notifications): Rolehop shows its messages in a small window instead; for desktop notifications install one (e.g. `dunst`, `xfce4-notifyd` or `notification-daemon`)";
