//! The shapes that cross IPC between the windows (ui/) and the shell. Each one derives `TS`, and
//! `bindings.rs` writes them, with one typed function per command, to `ui/src/bindings.ts`.
//! Nothing here carries a secret towards the UI: forms carry secrets *to* the shell only
//! (`IdentityForm::secret_access_key`, `mfa_submit`'s code), and answers never do.

use rolehop_core::ErrorKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An error as the UI sees it: `kind` to switch on, `message` to show, `fields` for forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct IpcError {
    pub kind: IpcErrorKind,
    pub message: String,
    pub fields: Vec<FieldProblem>,
}

/// The kinds only the shell produces, beside the core's [`ErrorKind`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ShellErrorKind {
    /// A form's fields need correcting (`IpcError::fields` says which).
    InvalidInput,
    /// The person cancelled (an MFA prompt closed).
    Cancelled,
    /// A failure of the shell itself.
    Internal,
}

/// What the UI switches on: one string union, the core's kinds and the shell's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(untagged)]
pub enum IpcErrorKind {
    Core(ErrorKind),
    Shell(ShellErrorKind),
}

impl From<ErrorKind> for IpcErrorKind {
    fn from(k: ErrorKind) -> Self {
        Self::Core(k)
    }
}

impl From<ShellErrorKind> for IpcErrorKind {
    fn from(k: ShellErrorKind) -> Self {
        Self::Shell(k)
    }
}

impl IpcError {
    pub fn new(kind: impl Into<IpcErrorKind>, message: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            message: message.into(),
            fields: Vec::new(),
        }
    }

    pub fn core(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self::new(kind, message)
    }

    pub fn fields(message: impl Into<String>, fields: Vec<FieldProblem>) -> Self {
        Self {
            kind: ShellErrorKind::InvalidInput.into(),
            message: message.into(),
            fields,
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ShellErrorKind::Internal, message)
    }
}

impl From<rolehop_core::Error> for IpcError {
    fn from(e: rolehop_core::Error) -> Self {
        Self::core(e.kind(), e.to_string())
    }
}

macro_rules! from_core {
    ($($t:ty),*) => {$(
        impl From<$t> for IpcError {
            fn from(e: $t) -> Self {
                rolehop_core::Error::from(e).into()
            }
        }
    )*};
}

from_core!(
    rolehop_core::catalog::CatalogError,
    rolehop_core::vault::VaultError,
    rolehop_core::broker::BrokerError,
    rolehop_core::federation::FederationError,
    rolehop_core::browser::BrowserError,
    rolehop_core::paths::NoHome
);

/// One form field to correct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// One switcher result.
#[derive(Debug, Clone, Serialize, TS)]
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
}

/// What Enter does in the switcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MfaAsk {
    pub identity: String,
    pub serial: String,
    pub reason: String,
    /// Set when this is a second try: what went wrong with the first.
    pub retry: Option<MfaRetryView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum MfaRetryView {
    BadFormat,
    Rejected,
    AlreadyUsed {
        #[ts(type = "number")]
        wait_secs: i64,
    },
}

/// What happened to a submitted code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum MfaOutcome {
    /// Another code is needed (the ask says why).
    Retry { ask: MfaAsk },
    /// The code worked; the console is opening.
    Done,
    /// The flow stopped for another reason.
    Failed { error: IpcError },
}

/// A browser found on this machine.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BrowserView {
    pub kind: String,
    pub program: String,
}

/// Whether secrets can be stored, and what to do when they cannot.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeychainStatus {
    pub ok: bool,
    pub kind: Option<ErrorKind>,
    pub message: String,
}

/// What the setup wizard starts from.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetupInfo {
    pub keychain: KeychainStatus,
    pub browsers: Vec<BrowserView>,
    pub default_browser: Option<String>,
    pub identities: Vec<String>,
    pub catalog_path: String,
}

/// The wizard's identity step. The secret goes to the keychain and nowhere else.
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdentityForm {
    pub identity: String,
    pub account: String,
    pub access_key_id: String,
    // A `Secret`, so the derived `Debug` prints `[redacted]`.
    #[ts(type = "string")]
    pub secret_access_key: rolehop_core::Secret,
    pub mfa_serial: Option<String>,
    pub region: Option<String>,
    pub partition: Option<String>,
    pub browser: Option<String>,
}

/// What AWS said about the keys.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdentitySaved {
    pub identity: String,
    pub caller_arn: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientForm {
    pub id: String,
    pub name: String,
    pub color: Option<String>,
    pub notes: Option<String>,
    pub link: Option<String>,
    pub browser: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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
    /// `daily` or `long`.
    pub session: Option<String>,
    /// A duration such as `8h` or `45m`.
    pub duration: Option<String>,
    pub external_id: Option<String>,
    pub browser: Option<String>,
    pub pinned: bool,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdentityView {
    pub id: String,
    pub account: String,
    pub mfa_serial: Option<String>,
    pub partition: String,
    pub region: Option<String>,
    /// Whether the keychain holds this identity's keys.
    pub has_keys: bool,
}

/// Which kind of catalog entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Client,
    Shortcut,
}

/// Everything the settings window edits.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub catalog_path: String,
    pub identities: Vec<IdentityView>,
    pub clients: Vec<ClientForm>,
    pub shortcuts: Vec<ShortcutForm>,
    pub default_browser: Option<String>,
    pub browsers: Vec<BrowserView>,
    pub autostart: bool,
    pub hotkey: String,
    /// Clients and shortcuts that come from read-only layers (team files, discovery).
    pub layered: Vec<LayeredEntry>,
    /// Every layer file and how it fared.
    pub layers: Vec<LayerView>,
    /// Ids defined more than once, and which definition is used.
    pub conflicts: Vec<ConflictView>,
    /// The AWS Organizations discovery sources (ids).
    pub discoveries: Vec<String>,
    /// Whether some layer is an https URL (it can be refreshed).
    pub has_url_layers: bool,
}

/// What a discovery run found.
#[derive(Debug, Clone, Serialize, TS)]
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

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiscoverChangeView {
    /// `appeared`, `changed`, `left` or `flagged` (suspended or closing).
    pub change: String,
    pub id: Option<String>,
    pub account: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LayerRefreshView {
    pub layer: String,
    /// `updated`, `unchanged` or `failed`.
    pub result: String,
    pub detail: String,
}

/// An entry of a read-only layer: shown, not editable here.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LayeredEntry {
    /// `client` or `shortcut`.
    pub kind: String,
    pub id: String,
    pub origin: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LayerView {
    pub layer: String,
    pub file: String,
    pub entries: u32,
    /// Why it is not used, if it is not.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    pub kind: String,
    pub id: String,
    pub kept: String,
    pub ignored: String,
}

/// Which configuration an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ImportFormat {
    /// An AWS config file (and the credentials file next to it).
    AwsConfig,
    /// AWS Extend Switch Roles configuration text (pasted).
    SwitchRoles,
}

/// What to import: a file (AWS config; empty for the AWS CLI's default) or pasted text.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportInput {
    pub format: ImportFormat,
    pub path: Option<String>,
    pub text: Option<String>,
    pub client_pattern: Option<String>,
    /// AWS config only: move the static keys of new identities into the keychain (checked
    /// with AWS, which also says the account). Without it keys are never copied.
    pub move_keys: bool,
}

/// One row of the import preview.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRowView {
    /// What accepting this row sends back (`shortcut:acme-prod`).
    pub key: String,
    pub kind: rolehop_core::sources::import::EntryKind,
    pub id: String,
    /// `profile:line` in the input.
    pub from: Option<String>,
    pub summary: String,
    pub status: rolehop_core::sources::import::RowStatus,
    /// The fields that differ, the shortcut it duplicates, or why it is blocked.
    pub detail: Option<String>,
    pub notes: Vec<String>,
    /// Whether importing would write it (new rows).
    pub writable: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SkippedView {
    pub profile: String,
    pub line: u32,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// The file read (or `pasted text`).
    pub source: String,
    pub rows: Vec<ImportRowView>,
    pub skipped: Vec<SkippedView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportApplied {
    pub added: Vec<String>,
    pub replaced: Vec<String>,
}
