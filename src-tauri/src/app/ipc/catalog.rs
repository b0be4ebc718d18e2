//! Catalog entries as forms, and Settings' view of the catalog, its layers and sources.

use super::BrowserView;
use rolehop_core::base::browser_kind::BrowserKind;
use rolehop_core::catalog::model::SessionMode;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ClientForm {
    pub id: String,
    pub name: String,
    pub color: Option<String>,
    pub notes: Option<String>,
    pub link: Option<String>,
    pub browser: Option<BrowserKind>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ShortcutForm {
    pub id: String,
    pub client: String,
    pub label: Option<String>,
    pub account: Option<String>,
    pub role: String,
    pub identity: Option<String>,
    pub via: Option<String>,
    pub region: Option<String>,
    pub destination: Option<String>,
    pub session: Option<SessionMode>,
    /// A duration such as `8h` or `45m`.
    pub duration: Option<String>,
    pub external_id: Option<String>,
    pub browser: Option<BrowserKind>,
    pub pinned: bool,
    pub tags: Vec<String>,
}

/// A team layer as Settings adds it: a short name and where the catalog is.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LayerForm {
    pub id: String,
    /// A file, a directory of `*.toml` files (a team's git checkout), or an https URL.
    pub location: String,
}

/// An AWS Organizations discovery source as Settings adds it.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DiscoveryForm {
    pub id: String,
    /// The shortcut whose role can read the organization (empty for Identity Center).
    pub via: String,
    /// An IAM Identity Center identity whose sign-in lists the accounts (instead of `via`).
    pub identity: Option<String>,
    pub role: Option<String>,
    /// `ou`, `tag:<key>` or `name:<regex with a client group>`.
    pub group_by: Option<String>,
    pub region: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct IdentityView {
    pub id: String,
    pub account: String,
    pub mfa_serial: Option<String>,
    pub partition: rolehop_core::partition::Partition,
    pub region: Option<String>,
    /// Whether the keychain holds this identity's keys (an Identity Center identity: whether
    /// it is signed in on this computer).
    pub has_keys: bool,
    /// An IAM Identity Center identity's access portal (`None` for an access key).
    pub sso_start_url: Option<String>,
    /// The command that gives its MFA codes (a YubiKey), if any.
    pub mfa_process: Option<String>,
    /// Whether the person confirmed that command (it runs only then).
    pub mfa_process_confirmed: bool,
}

/// Which kind of catalog entry (core's, exported as it is).
pub use rolehop_core::catalog::model::EntryKind;

/// Everything the settings window edits.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub catalog_path: String,
    pub identities: Vec<IdentityView>,
    pub clients: Vec<ClientForm>,
    pub shortcuts: Vec<ShortcutForm>,
    pub default_browser: Option<BrowserKind>,
    /// How Chromium-family consoles are laid out (the catalog's, or the default).
    pub profile_layout: rolehop_core::base::browser_kind::ProfileLayout,
    pub browsers: Vec<BrowserView>,
    pub autostart: bool,
    pub hotkey: String,
    /// Links to non-production shortcuts open without asking.
    pub trust_links: bool,
    /// The terminal "Open terminal" starts.
    pub terminal: TerminalView,
    /// Live consoles: renewal in place and the day's journal.
    pub live: LiveView,
    /// Clients and shortcuts that come from read-only layers (team files, discovery).
    pub layered: Vec<LayeredEntry>,
    /// Every layer file and how it fared.
    pub layers: Vec<LayerView>,
    /// Ids defined more than once, and which definition is used.
    pub conflicts: Vec<ConflictView>,
    /// The team layers the personal catalog names (files, directories, URLs).
    pub layer_sources: Vec<LayerForm>,
    /// The AWS Organizations discovery sources.
    pub discoveries: Vec<DiscoveryForm>,
    /// Whether some layer is an https URL (it can be refreshed).
    pub has_url_layers: bool,
}

/// What a discovery run found.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DiscoverView {
    pub id: String,
    pub accounts: u32,
    pub shortcuts: u32,
    pub clients: u32,
    /// Whether there was an earlier result to compare with.
    pub refresh: bool,
    pub applied: bool,
    pub changes: Vec<DiscoverChangeView>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DiscoverChangeView {
    pub change: DiscoverChange,
    pub id: Option<String>,
    pub account: String,
    pub detail: String,
}

/// What a discovery refresh found for one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DiscoverChange {
    Appeared,
    Changed,
    Left,
    /// Suspended or closing.
    Flagged,
}

/// How a team layer's refresh went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LayerRefresh {
    Updated,
    Unchanged,
    Failed,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LayerRefreshView {
    pub layer: String,
    pub result: LayerRefresh,
    pub detail: String,
}

/// An entry of a read-only layer: shown, not editable here.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LayeredEntry {
    pub kind: EntryKind,
    pub id: String,
    pub origin: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LayerView {
    pub layer: String,
    pub file: String,
    pub entries: u32,
    /// Why it is not used, if it is not.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    pub kind: EntryKind,
    pub id: String,
    pub kept: String,
    pub ignored: String,
}

/// Settings' Consoles: whether live consoles renew in their tab, and the day's journal
/// (`rolehop_core::live::settings::LiveSettings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LiveView {
    pub renew_in_place: bool,
    pub journal: bool,
    /// Days journal entries are kept (1 to 3650).
    pub keep_days: u32,
}

impl From<&rolehop_core::live::settings::LiveSettings> for LiveView {
    fn from(s: &rolehop_core::live::settings::LiveSettings) -> Self {
        Self {
            renew_in_place: s.renew_in_place,
            journal: s.journal,
            keep_days: s.keep_days,
        }
    }
}

/// Settings' terminal: the person's command, if any, and what runs without one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TerminalView {
    /// The command set in Settings (`{command}` stands for `rolehop shell ID`).
    pub command: Option<String>,
    /// This desktop's default terminal program; `None` when none was found.
    pub default: Option<String>,
    /// What was looked for, when no default was found.
    pub missing: Option<String>,
}
