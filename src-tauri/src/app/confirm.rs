//! Links from outside wait for the person: a `rolehop://` link from the desktop (any web page
//! can navigate to one, and a browser may be set to always allow it) or a link pasted into
//! the switcher signs nothing in until the confirmation window showed what it opens (client,
//! label, account, role, the console page in full, a red PRODUCTION line) and the person
//! pressed Enter or Open. Esc, Cancel or closing the window drops it.
//!
//! One link waits at a time: while one does, another link is dropped with a notice (a page
//! must not swap the target under the person's eyes). The setting "open links to
//! non-production shortcuts without asking" skips the window for those only; a production
//! shortcut always asks. Bursts are cut by [`rolehop_core::link::gate`] before any of this.

use std::sync::Mutex;
use std::time::Instant;

use rolehop_core::catalog::resolve::ResolvedShortcut;
use rolehop_core::link::gate::{Admit, LinkGate};
use tauri::{AppHandle, Manager, Runtime};

use super::actions::Picked;
use super::ipc::{LinkConfirmView, OpenHow};
use super::windows::{self, AppWindow};
use super::{actions, notify};

/// Where a link came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkSource {
    /// The desktop handed a `rolehop://` URL to Rolehop (a click in a browser or a document).
    Desktop,
    /// Pasted into the switcher.
    Pasted,
}

impl LinkSource {
    fn words(self) -> &'static str {
        match self {
            Self::Desktop => "A link from outside Rolehop",
            Self::Pasted => "A pasted link",
        }
    }
}

struct Waiting {
    view: LinkConfirmView,
    /// What the view shows, read and resolved once: what opens on Open.
    picked: Picked,
    how: OpenHow,
}

/// The link waiting for an answer, and the burst gate (managed Tauri state).
#[derive(Default)]
pub struct Confirmations {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    next: u32,
    waiting: Option<Waiting>,
    gate: LinkGate,
}

impl Confirmations {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// What the window shows.
    pub fn pending(&self) -> Option<LinkConfirmView> {
        self.lock().waiting.as_ref().map(|w| w.view.clone())
    }

    /// Whether one more link from outside is taken now.
    pub fn admit(&self) -> Admit {
        self.lock().gate.admit(Instant::now())
    }
}

/// Whether the person chose to open links to non-production shortcuts without the window.
fn trusted(app_config: &std::path::Path, shortcut: &ResolvedShortcut) -> bool {
    !shortcut.production && super::prefs::Prefs::load(app_config).trust_links
}

/// A link to `picked` (its shortcut resolved, its landing checked) arrives from `source`:
/// opens it at once only where the setting allows, else shows the confirmation window.
pub fn ask<R: Runtime>(app: &AppHandle<R>, picked: Picked, how: OpenHow, source: LinkSource) {
    if trusted(&picked.ws.paths.config_dir, &picked.target.shortcut) {
        tracing::info!(shortcut = %picked.target.shortcut.id, "a link opens a trusted non-production shortcut");
        actions::open_picked(app, picked, how);
        return;
    }
    let Some(state) = app.try_state::<Confirmations>() else {
        return;
    };
    let shortcut = &picked.target.shortcut;
    let lands_on = rolehop_core::partition::destination::destination_url(
        shortcut.partition,
        &shortcut.region,
        shortcut.destination.as_deref(),
    )
    .unwrap_or_default();
    {
        let mut s = state.lock();
        if s.waiting.is_some() {
            drop(s);
            notify::warning(
                app,
                "Rolehop dropped a link",
                "Another link is waiting for your answer in Rolehop's window; answer it first, then open the new link again.",
            );
            return;
        }
        s.next += 1;
        let view = LinkConfirmView {
            id: s.next,
            from: source.words().to_string(),
            shortcut: shortcut.id.clone(),
            client: shortcut.client_name.clone(),
            label: shortcut.label.clone(),
            account: shortcut.account.clone(),
            role: shortcut.role_arn.clone(),
            region: shortcut.region.clone(),
            lands_on,
            landing_from_link: picked.target.landing.destination.is_some(),
            production: shortcut.production,
        };
        tracing::info!(shortcut = %shortcut.id, "a link waits for the person's answer");
        s.waiting = Some(Waiting { view, picked, how });
    }
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || {
        notify::show_window(&handle, AppWindow::Confirm);
    });
}

/// The person's answer to link `id`: open it, or drop it. Either way the window goes.
pub fn answer<R: Runtime>(app: &AppHandle<R>, id: u32, open: bool) -> bool {
    let Some(state) = app.try_state::<Confirmations>() else {
        return false;
    };
    let waiting = {
        let mut s = state.lock();
        match &s.waiting {
            Some(w) if w.view.id == id => s.waiting.take(),
            _ => None,
        }
    };
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || windows::close(&handle, AppWindow::Confirm));
    match waiting {
        Some(w) if open => {
            tracing::info!(shortcut = %w.view.shortcut, "the person opened the link");
            actions::open_picked(app, w.picked, w.how);
            true
        }
        Some(w) => {
            tracing::info!(shortcut = %w.view.shortcut, "the person dropped the link");
            true
        }
        None => false,
    }
}

/// The window was closed without an answer: the link is dropped.
pub fn closed<R: Runtime>(app: &AppHandle<R>) {
    if let Some(state) = app.try_state::<Confirmations>()
        && let Some(w) = state.lock().waiting.take()
    {
        tracing::info!(shortcut = %w.view.shortcut, "the confirmation window closed: link dropped");
    }
}

/// A burst of links: told once.
pub fn dropped<R: Runtime>(app: &AppHandle<R>) {
    notify::warning(
        app,
        "Rolehop dropped links",
        &format!(
            "More than {} links arrived within {} s; the rest were dropped, not queued. Open the one you want again.",
            rolehop_core::link::gate::MAX_LINKS,
            rolehop_core::link::gate::WINDOW.as_secs()
        ),
    );
}
