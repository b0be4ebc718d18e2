//! The notice window: a small box in a corner of the screen, in front of other windows, that
//! never takes the focus. It shows what would otherwise go unseen after a tray click or a
//! switcher Enter: "Opening Acme Corp – Production…" until the browser has taken the sign-in
//! (then it goes by itself), the error if the open fails, a console session about to end with
//! a Renew button, and any error or warning when no notification service answers. It exists
//! only while it has something to show, so the idle tray holds no webview.

use std::sync::Mutex;

use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use super::ipc::{NoticeKind, NoticeView};
use super::windows::{self, AppWindow};

/// The messages on screen (managed Tauri state).
#[derive(Default)]
pub struct Notices {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    next: u32,
    items: Vec<NoticeView>,
}

/// Only the newest few are kept: a flood of errors must not grow the window without end.
const MAX_ITEMS: usize = 5;

/// The event the notice window listens to for a fresh list (`notices-changed`; typed in
/// `ui/src/bindings.ts` as `events.noticesChanged`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type, tauri_specta::Event)]
pub struct NoticesChanged;

impl Notices {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn list(&self) -> Vec<NoticeView> {
        self.lock().items.clone()
    }

    fn add(
        &self,
        kind: NoticeKind,
        title: &str,
        body: &str,
        renew: Option<String>,
        replacing: Option<u32>,
    ) -> u32 {
        let mut s = self.lock();
        s.next += 1;
        let id = s.next;
        if let Some(old) = replacing {
            s.items.retain(|n| n.id != old);
        }
        // The same renew offer twice is one.
        if let Some(shortcut) = &renew {
            s.items.retain(|n| n.renew.as_ref() != Some(shortcut));
        }
        s.items.push(NoticeView {
            id,
            kind,
            // As a desktop notification would show them (`notify::desktop`): bounded, inert.
            title: rolehop_core::base::notification::shown(
                title,
                rolehop_core::base::notification::MAX_TITLE,
            ),
            body: rolehop_core::base::notification::shown(
                body,
                rolehop_core::base::notification::MAX_BODY,
            ),
            renew,
        });
        let excess = s.items.len().saturating_sub(MAX_ITEMS);
        s.items.drain(..excess);
        id
    }

    /// Removes a message; returns whether any are left.
    fn remove(&self, id: u32) -> (Option<NoticeView>, bool) {
        let mut s = self.lock();
        let gone = s
            .items
            .iter()
            .position(|n| n.id == id)
            .map(|i| s.items.remove(i));
        (gone, !s.items.is_empty())
    }
}

/// Shows the window with the current list (created if closed), from any thread.
fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || {
        let empty = handle
            .try_state::<Notices>()
            .is_none_or(|n| n.list().is_empty());
        if empty {
            windows::close(&handle, AppWindow::Notice);
            return;
        }
        if handle
            .get_webview_window(AppWindow::Notice.label())
            .is_some()
        {
            let _ = NoticesChanged.emit_to(&handle, AppWindow::Notice.label());
        } else {
            // Logged by `windows::show`; the notice window is itself the last resort.
            let _ = windows::show(&handle, AppWindow::Notice);
        }
    });
}

fn add<R: Runtime>(
    app: &AppHandle<R>,
    kind: NoticeKind,
    title: &str,
    body: &str,
    renew: Option<String>,
    replacing: Option<u32>,
) -> Option<u32> {
    let id = app
        .try_state::<Notices>()?
        .add(kind, title, body, renew, replacing);
    refresh(app);
    Some(id)
}

/// "Opening …" until [`done`] or [`failed`].
pub fn progress<R: Runtime>(app: &AppHandle<R>, title: &str) -> Option<u32> {
    add(app, NoticeKind::Progress, title, "", None, None)
}

/// How an IAM Identity Center sign-in speaks to the person from the tray: its notice window
/// (and the log). The texts hold no secret: at most a device code's user code, which AWS shows
/// openly and which signs in nobody by itself.
pub fn sign_in_tell<R: Runtime>(app: &AppHandle<R>) -> Box<dyn Fn(&str) + Send + Sync> {
    let app = app.clone();
    Box::new(move |text: &str| {
        tracing::info!("{text}");
        info(&app, "IAM Identity Center sign-in", text);
    })
}

/// Progress with a line saying what the person can do ("touch your security key").
pub fn progress_with<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) -> Option<u32> {
    add(app, NoticeKind::Progress, title, body, None, None)
}

/// The work under way finished well: its message goes.
pub fn done<R: Runtime>(app: &AppHandle<R>, id: Option<u32>) {
    if let (Some(id), Some(notices)) = (id, app.try_state::<Notices>()) {
        notices.remove(id);
        refresh(app);
    }
}

/// The work under way failed: its message becomes the error.
pub fn failed<R: Runtime>(app: &AppHandle<R>, id: Option<u32>, title: &str, body: &str) {
    add(app, NoticeKind::Error, title, body, None, id);
}

pub fn error<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    add(app, NoticeKind::Error, title, body, None, None);
}

pub fn warning<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str, renew: Option<String>) {
    add(app, NoticeKind::Warning, title, body, renew, None);
}

pub fn info<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    add(app, NoticeKind::Info, title, body, None, None);
}

/// The person closed a message.
pub fn dismiss<R: Runtime>(app: &AppHandle<R>, id: u32) -> Option<NoticeView> {
    let (gone, _) = app.try_state::<Notices>()?.remove(id);
    refresh(app);
    gone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_replace_dedupe_and_stay_bounded() {
        let n = Notices::default();
        let opening = n.add(NoticeKind::Progress, "Opening Acme…", "", None, None);
        let failed = n.add(NoticeKind::Error, "Cannot open", "why", None, Some(opening));
        let list = n.list();
        assert_eq!(list.len(), 1, "the error took the progress message's place");
        assert_eq!(list[0].id, failed);
        n.add(NoticeKind::Warning, "ends", "", Some("acme".into()), None);
        n.add(
            NoticeKind::Warning,
            "ends soon",
            "",
            Some("acme".into()),
            None,
        );
        assert_eq!(n.list().len(), 2, "one renew offer per shortcut");
        for i in 0..10 {
            n.add(NoticeKind::Error, &format!("e{i}"), "", None, None);
        }
        let list = n.list();
        assert_eq!(list.len(), MAX_ITEMS);
        assert_eq!(list.last().map(|l| l.title.as_str()), Some("e9"));
        let (gone, left) = n.remove(list[0].id);
        assert!(gone.is_some() && left);
    }
}
