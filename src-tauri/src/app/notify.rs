//! How the tray tells a person something when no window of its own is open: a desktop
//! notification where a notification service answers, else the notice window
//! ([`super::notice`]), so a desktop without one loses nothing. Everything also goes to the log.
//! Whether a service answers is asked once per message (one D-Bus call): a daemon started or
//! stopped while the tray runs is followed.

use tauri::{AppHandle, Runtime};

use super::notice;
use super::windows::{self, AppWindow};

/// Shows a window for the person (a tray item, the hotkey, a second `rolehop`); one that
/// cannot be created is reported like any other failure.
pub fn show_window<R: Runtime>(app: &AppHandle<R>, which: AppWindow) {
    if let Err(e) = windows::show(app, which) {
        error(app, "Rolehop cannot open a window", &e.to_string());
    }
}

/// A desktop notification, if one could be shown (built without the `notifications` feature:
/// never, and the notice window says it).
#[cfg(not(feature = "notifications"))]
fn desktop<R: Runtime>(_app: &AppHandle<R>, _title: &str, _message: &str) -> bool {
    false
}

/// A desktop notification, if one could be shown.
#[cfg(feature = "notifications")]
fn desktop<R: Runtime>(app: &AppHandle<R>, title: &str, message: &str) -> bool {
    use tauri_plugin_notification::NotificationExt;
    if !rolehop_common::desktop::notifications() {
        return false;
    }
    // Texts quote what came from outside (a link's id, a layer's label): no markup, bounded.
    use rolehop_core::base::notification::{MAX_BODY, MAX_TITLE, shown};
    match app
        .notification()
        .builder()
        .title(shown(title, MAX_TITLE))
        .body(shown(message, MAX_BODY))
        .show()
    {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!("no desktop notification ({e}); showing it in Rolehop's window");
            false
        }
    }
}

pub fn error<R: Runtime>(app: &AppHandle<R>, title: &str, message: &str) {
    tracing::error!("{title}: {message}");
    let shown = match REPEATS.lock() {
        Ok(mut repeats) => repeats.admit(title, message, std::time::Instant::now()),
        Err(_) => Some(message.to_string()),
    };
    // The same error again within a short while (200 bad links in a burst) is one notice, not
    // 200; the next one after the quiet spell says how many were merged.
    let Some(message) = shown else {
        return;
    };
    if !desktop(app, title, &message) {
        notice::error(app, title, &message);
    }
}

static REPEATS: std::sync::Mutex<Repeats> = std::sync::Mutex::new(Repeats {
    last: None,
    merged: 0,
});

/// How long an error shown stays "just shown": the same one within it is merged into it.
const MERGE_WINDOW: std::time::Duration = std::time::Duration::from_secs(30);

/// Which errors are shown: the same title and message within [`MERGE_WINDOW`] of the one last
/// shown is merged into it (counted, not shown); the first one after says how many were.
#[derive(Debug)]
struct Repeats {
    last: Option<(String, std::time::Instant)>,
    merged: usize,
}

impl Repeats {
    /// The message to show now, or `None` when it repeats the one just shown.
    fn admit(&mut self, title: &str, message: &str, now: std::time::Instant) -> Option<String> {
        let key = format!("{title}\n{message}");
        let repeat = self.last.as_ref().is_some_and(|(last, at)| {
            *last == key && now.saturating_duration_since(*at) < MERGE_WINDOW
        });
        if repeat {
            self.merged += 1;
            return None;
        }
        let same_as_last = self.last.as_ref().is_some_and(|(last, _)| *last == key);
        let merged = std::mem::take(&mut self.merged);
        self.last = Some((key, now));
        Some(if merged > 0 && same_as_last {
            format!(
                "{message} (and {merged} more time{} before this)",
                if merged == 1 { "" } else { "s" }
            )
        } else {
            message.to_string()
        })
    }
}

/// An error that ends work shown as progress in the notice window (`progress`): a desktop
/// notification where one answers (and the progress message goes), else the message becomes
/// the error in place.
pub fn error_after<R: Runtime>(
    app: &AppHandle<R>,
    progress: Option<u32>,
    title: &str,
    message: &str,
) {
    tracing::error!("{title}: {message}");
    if desktop(app, title, message) {
        notice::done(app, progress);
    } else {
        notice::failed(app, progress, title, message);
    }
}

pub fn warning<R: Runtime>(app: &AppHandle<R>, title: &str, message: &str) {
    tracing::warn!("{title}: {message}");
    if !desktop(app, title, message) {
        notice::warning(app, title, message, None);
    }
}

pub fn info<R: Runtime>(app: &AppHandle<R>, title: &str, message: &str) {
    tracing::info!("{title}: {message}");
    if !desktop(app, title, message) {
        notice::info(app, title, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_burst_of_one_error_is_one_notice() {
        let mut r = Repeats {
            last: None,
            merged: 0,
        };
        let t0 = Instant::now();
        assert_eq!(r.admit("T", "bad link", t0).as_deref(), Some("bad link"));
        for i in 1..200 {
            assert_eq!(
                r.admit("T", "bad link", t0 + Duration::from_millis(i)),
                None
            );
        }
        // Another error is shown at once.
        assert_eq!(
            r.admit("T", "other", t0 + Duration::from_secs(1))
                .as_deref(),
            Some("other")
        );
        // The same one after the quiet spell says how many were merged.
        let mut r = Repeats {
            last: None,
            merged: 0,
        };
        r.admit("T", "bad link", t0);
        r.admit("T", "bad link", t0 + Duration::from_secs(1));
        r.admit("T", "bad link", t0 + Duration::from_secs(2));
        assert_eq!(
            r.admit("T", "bad link", t0 + Duration::from_secs(31))
                .as_deref(),
            Some("bad link (and 2 more times before this)")
        );
    }
}
