//! Where GTK's, GDK's and GLib's own log lines go (Linux). By default GLib prints them on the
//! tray app's stderr as `Gdk-CRITICAL **` lines; some are the toolkit's known, harmless
//! assertions that a person can do nothing about, and would read as Rolehop failing. At start
//! the tray app routes them all into its own log: the known-harmless ones at debug level
//! (seen with `ROLEHOP_LOG=rolehop=debug`), every other warning or critical at warn level,
//! so a real toolkit problem still reaches stderr.

use glib::{LogField, LogLevel, LogWriterOutput};
use tracing::Level;

/// Toolkit assertions seen in normal use that say nothing about Rolehop's state.
const HARMLESS: &[&str] = &[
    // GtkStatusIcon (the XEmbed tray fallback libappindicator uses when no StatusNotifier host
    // runs) thaws its toplevel once too often when the icon is created; a GTK 3 bug that
    // desktop projects silence the same way (e.g. libmatekbd, xfce4-terminal).
    "gdk_window_thaw_toplevel_updates",
    // The session runs no accessibility bus (at-spi2-core is not installed or not started):
    // GTK works without it, and a person who uses assistive technology has it running.
    "AT-SPI: Error retrieving accessibility bus address",
];

/// The level a toolkit message is logged at in Rolehop's log.
pub fn level_of(level: LogLevel, message: &str) -> Level {
    match level {
        LogLevel::Error => Level::ERROR,
        LogLevel::Critical | LogLevel::Warning
            if HARMLESS.iter().any(|known| message.contains(known)) =>
        {
            Level::DEBUG
        }
        LogLevel::Critical | LogLevel::Warning => Level::WARN,
        LogLevel::Message | LogLevel::Info | LogLevel::Debug => Level::DEBUG,
    }
}

/// Installs the route (once per process; later calls do nothing).
pub fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| glib::log_set_writer_func(write));
}

fn write(level: LogLevel, fields: &[LogField<'_>]) -> LogWriterOutput {
    let field = |key: &str| {
        fields
            .iter()
            .find(|f| f.key() == key)
            .and_then(LogField::value_str)
            .unwrap_or("")
    };
    let (domain, message) = (field("GLIB_DOMAIN"), field("MESSAGE"));
    match level_of(level, message) {
        Level::ERROR => tracing::error!(target: "rolehop::gtk", "{domain}: {message}"),
        Level::WARN => tracing::warn!(target: "rolehop::gtk", "{domain}: {message}"),
        _ => tracing::debug!(target: "rolehop::gtk", "{domain}: {message}"),
    }
    LogWriterOutput::Handled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_harmless_assertions_go_to_debug_and_others_stay_visible() {
        let rows = [
            (
                LogLevel::Critical,
                "gdk_window_thaw_toplevel_updates: assertion 'window->update_and_descendants_freeze_count > 0' failed",
                Level::DEBUG,
            ),
            (
                LogLevel::Critical,
                "g_signal_handler_disconnect: assertion 'G_TYPE_CHECK_INSTANCE (instance)' failed",
                Level::WARN,
            ),
            (
                LogLevel::Warning,
                "GdkWindow 0x60029f unexpectedly destroyed",
                Level::WARN,
            ),
            (
                LogLevel::Warning,
                "AT-SPI: Error retrieving accessibility bus address: org.freedesktop.DBus.Error.ServiceUnknown: The name org.a11y.Bus was not provided by any .service files",
                Level::DEBUG,
            ),
            (LogLevel::Error, "anything", Level::ERROR),
            (LogLevel::Message, "chatter", Level::DEBUG),
            (LogLevel::Debug, "chatter", Level::DEBUG),
        ];
        for (level, message, want) in rows {
            assert_eq!(level_of(level, message), want, "{message}");
        }
    }
}
