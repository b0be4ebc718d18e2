//! `rolehop open` while the tray app runs is served by the tray: the CLI hands its arguments to
//! the running app over the same D-Bus service tauri-plugin-single-instance uses to hand over a
//! second `rolehop` (name `<identifier>.SingleInstance`, method `ExecuteCallback(argv, cwd)`),
//! so the MFA prompt is the app's window and the tray's menu learns about the session at once.
//! Only a plain `rolehop open ID…` is handed over; with `--browser`, `--new-window`,
//! `--mfa-code` or `--here`, or with no app running, the CLI opens the consoles itself.

/// The running app's single-instance service (macOS reserves identifiers ending in `.app`).
#[cfg(target_os = "linux")]
use rolehop_common::desktop::SINGLE_INSTANCE_NAME as NAME;
#[cfg(target_os = "linux")]
const PATH: &str = "/dev/rolehop/desktop/SingleInstance";

/// Hands `argv` to the running tray app. `Ok(false)` when none runs (or it cannot be
/// reached), so the caller goes on by itself.
#[cfg(target_os = "linux")]
pub fn hand_over(argv: &[String]) -> bool {
    let Ok(connection) = zbus::blocking::Connection::session() else {
        return false;
    };
    if !rolehop_common::desktop::tray_app_running() {
        return false;
    }
    let cwd = std::env::current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    match connection.call_method(
        Some(NAME),
        PATH,
        Some("org.SingleInstance.DBus"),
        "ExecuteCallback",
        &(argv.to_vec(), cwd.as_str()),
    ) {
        Ok(_) => true,
        Err(e) => {
            tracing::warn!("the tray app did not take the open ({e}); opening here");
            false
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub fn hand_over(_argv: &[String]) -> bool {
    // The plugin uses other channels on macOS and Windows; the CLI opens by itself there.
    false
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The plugin derives its D-Bus name and path from the identifier: keep them in step.
    #[test]
    fn names_follow_the_identifier() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../src-tauri/tauri.conf.json")).unwrap();
        let id = conf["identifier"].as_str().unwrap_or_default();
        assert_eq!(super::NAME, format!("{id}.SingleInstance"));
        assert_eq!(
            super::PATH,
            format!("/{}", super::NAME.replace('.', "/").replace('-', "_"))
        );
    }
}
