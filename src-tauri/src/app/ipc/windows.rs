//! The switcher, notice and MFA windows' shapes.

use super::IpcError;
use serde::{Deserialize, Serialize};
use specta::Type;

/// One switcher result.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SwitcherHit {
    pub id: String,
    pub client: String,
    pub client_name: String,
    pub color: Option<String>,
    pub label: String,
    pub account: String,
    pub role: String,
    pub tags: Vec<String>,
    pub pinned: bool,
    /// Since when its console is live (unix seconds): Enter then brings that window forward.
    pub live_since: Option<u32>,
    /// The characters the query matched, per field shown (empty without a query).
    pub marks: rolehop_core::switcher::Marks,
}

/// What Enter does in the switcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OpenHow {
    /// Enter: the shortcut's own isolated browser profile.
    Browser,
    /// Alt+Enter: the sign-in URL to the clipboard (it never crosses IPC).
    CopyUrl,
    /// Shift+Enter: the built-in console window.
    Builtin,
}

/// What a message in the notice window is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// Something is under way ("Opening Acme Corp – Production…"); goes by itself.
    Progress,
    Error,
    Warning,
    Info,
}

/// One message in the notice window (the small window that shows progress, and errors and
/// warnings when no notification service answers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NoticeView {
    pub id: u32,
    pub kind: NoticeKind,
    pub title: String,
    pub body: String,
    /// A shortcut whose console the person can renew from here.
    pub renew: Option<String>,
}

/// Why the MFA window is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct MfaAsk {
    pub identity: String,
    pub serial: String,
    pub reason: String,
    /// Set when this is a second try: what went wrong with the first.
    pub retry: Option<MfaRetryView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum MfaRetryView {
    BadFormat,
    Rejected,
    AlreadyUsed { wait_secs: i64 },
}

/// What happened to a submitted code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum MfaOutcome {
    /// Another code is needed (the ask says why).
    Retry { ask: MfaAsk },
    /// The code worked; the console is opening.
    Done,
    /// The flow stopped for another reason.
    Failed { error: IpcError },
}

/// What a link pasted into the switcher names: the shortcuts it opens (one, several to choose
/// from, or none), and a line saying so.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LinkMatch {
    pub hits: Vec<SwitcherHit>,
    pub note: String,
    /// Set when no shortcut opens the link: "Add this shortcut…" opens Settings' form filled
    /// from it ([`LinkProposalView`], read again there).
    pub can_add: bool,
}

/// The new-shortcut form filled from a switch-role link no shortcut opens: the same proposal
/// as the `rolehop add` lines (`rolehop_core::link::target::proposed`). Nothing is saved until
/// the person adds it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LinkProposalView {
    /// The link as pasted, shown above the form.
    pub link: String,
    /// The link's client: a new one (`new_client`) or one the catalog has.
    pub client: super::ClientForm,
    pub new_client: bool,
    pub shortcut: super::ShortcutForm,
    /// Several identities and none fits the link's partition alone: the person picks.
    pub identity_needed: bool,
}

/// Where Settings opens when another window or the tray sends the person there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase", tag = "page")]
pub enum SettingsPage {
    /// The Import page.
    Import,
    /// A new shortcut's form.
    AddShortcut,
    /// The new-shortcut form filled from a pasted switch-role link.
    AddFromLink { link: String },
}

/// A file on this machine with accounts to import (the wizard's and empty screens' offers).
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FoundImportView {
    /// How the import page reads it (a bookmarks file: as links).
    pub format: super::ImportFormat,
    pub path: String,
    /// "AWS config", "Google Chrome bookmarks".
    pub name: String,
    /// Shortcuts the import would propose from it.
    pub shortcuts: u32,
    /// Why it could not be read (an AWS config with a syntax error).
    pub problem: Option<String>,
}

/// A link from outside waiting for the person's answer (the confirmation window): everything
/// it would open, in full, before anything is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LinkConfirmView {
    pub id: u32,
    /// Where the link came from, in words ("a link from the desktop", "a pasted link").
    pub from: String,
    pub shortcut: String,
    pub client: String,
    pub label: String,
    pub account: String,
    pub role: String,
    pub region: String,
    /// The console page the sign-in lands on, in full (query and fragment included).
    pub lands_on: String,
    /// Whether the link chose that page (a `destination`) rather than the shortcut's own.
    pub landing_from_link: bool,
    pub production: bool,
}
