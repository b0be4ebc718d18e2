//! The setup wizard's shapes: what the machine offers and the identity form.

use rolehop_core::ErrorKind;
use rolehop_core::base::browser_kind::BrowserKind;
use serde::{Deserialize, Serialize};
use specta::Type;

/// A browser found on this machine.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BrowserView {
    pub kind: BrowserKind,
    pub program: String,
}

/// Whether secrets can be stored, and what to do when they cannot.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct KeychainStatus {
    pub ok: bool,
    pub kind: Option<ErrorKind>,
    pub message: String,
}

/// What the setup wizard starts from.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SetupInfo {
    pub keychain: KeychainStatus,
    pub browsers: Vec<BrowserView>,
    pub default_browser: Option<BrowserKind>,
    pub identities: Vec<String>,
    /// Clients already in the catalog (setup run again: the steps add, not "first").
    pub clients: u32,
    pub catalog_path: String,
    /// Whether a system tray shows Rolehop's icon (else the last step says what to install).
    pub tray_host: bool,
    /// Whether `ykman` (YubiKey Manager) is installed: the identity step then offers the
    /// key's accounts as the source of MFA codes.
    pub ykman: bool,
}

/// An OATH account on the plugged-in YubiKey, with the code command that reads it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct YubikeyAccount {
    pub name: String,
    pub command: String,
}

/// The wizard's identity step. The secret goes to the keychain and nowhere else.
#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct IdentityForm {
    pub identity: String,
    pub account: String,
    pub access_key_id: String,
    // A `Secret`, so the derived `Debug` prints `[redacted]`.
    #[specta(type = String)]
    pub secret_access_key: rolehop_core::Secret,
    pub mfa_serial: Option<String>,
    /// A command that prints the MFA code (a YubiKey); empty keeps the identity's current one.
    pub mfa_process: Option<String>,
    pub region: Option<String>,
    /// `None`: the commercial partition (`aws`).
    pub partition: Option<rolehop_core::partition::Partition>,
    pub browser: Option<BrowserKind>,
}

/// The wizard's IAM Identity Center step (no secret: the sign-in happens in the browser).
#[derive(Debug, Clone, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SsoIdentityForm {
    pub identity: String,
    /// The AWS access portal URL.
    pub start_url: String,
    /// The region the Identity Center instance is in.
    pub sso_region: String,
    /// The default region of its shortcuts.
    pub region: Option<String>,
    /// The browser for the sign-in page (and consoles, when the catalog has none yet).
    pub browser: Option<BrowserKind>,
    /// Sign in with a code confirmed in any browser instead.
    pub device_code: bool,
}

/// What AWS said about the keys.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct IdentitySaved {
    pub identity: String,
    pub caller_arn: Option<String>,
}
