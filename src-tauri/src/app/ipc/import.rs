//! The Import page's shapes: what to read, the preview rows, what was added.

use serde::{Deserialize, Serialize};
use specta::Type;

/// Which configuration an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum ImportFormat {
    /// An AWS config file (and the credentials file next to it).
    AwsConfig,
    /// AWS Extend Switch Roles configuration text (pasted).
    SwitchRoles,
    /// AWS switch-role links in a page or bookmarks file (a path), or pasted text.
    Links,
}

/// What to import: a file (AWS config; empty for the AWS CLI's default) or pasted text.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportInput {
    pub format: ImportFormat,
    pub path: Option<String>,
    pub text: Option<String>,
    pub client_pattern: Option<String>,
    /// AWS config only: move the static keys of new identities into the keychain (checked
    /// with AWS, which also says the account). Without it keys are never copied.
    pub move_keys: bool,
    /// Links only: the identity whose keys assume the links' roles (a link cannot say; needed
    /// when the person has several).
    pub identity: Option<String>,
}

/// One row of the import preview.
#[derive(Debug, Clone, Serialize, Type)]
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
    /// Tags the import proposes on its own (`prod` for a name that says production): the
    /// preview shows each ticked, and an unticked one is sent back in `import_apply`'s
    /// `declined`.
    pub proposed_tags: Vec<String>,
    /// Whether importing would write it (new rows).
    pub writable: bool,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SkippedView {
    pub profile: String,
    pub line: u32,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// The file read (or `pasted text`).
    pub source: String,
    pub rows: Vec<ImportRowView>,
    pub skipped: Vec<SkippedView>,
}

/// A tag the import proposed for a shortcut that the person unticked in the preview.
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DeclinedTag {
    pub shortcut: String,
    pub tag: String,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportApplied {
    pub added: Vec<String>,
    pub replaced: Vec<String>,
}
