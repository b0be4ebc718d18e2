//! Tauri's build step: embeds tauri.conf.json, the icons and the capabilities, and declares the
//! app's commands so that each gets an `allow-<command>` permission: a window may call only
//! the commands its capability file lists (capabilities/<window>.json). The list must match the
//! commands `builder()` in src/app/bindings.rs registers; a test there checks both lists and the
//! capabilities against the generated bindings.
// Cargo reads this script's stdout: its lines are instructions, not text for a person.
#[allow(clippy::disallowed_macros)]
fn main() {
    const COMMANDS: &[&str] = &[
        "search",
        "open_shortcut",
        "read_link",
        "open_link",
        "copy_link",
        "dismiss",
        "mfa_ask",
        "mfa_submit",
        "mfa_cancel",
        "setup_info",
        "check_identity",
        "yubikey_accounts",
        "save_identity",
        "check_sso_identity",
        "save_sso_identity",
        "sso_sign_in",
        "check_client",
        "check_shortcut",
        "save_client",
        "save_shortcut",
        "remove_entry",
        "set_default_browser",
        "set_profile_layout",
        "settings_view",
        "set_autostart",
        "set_hotkey",
        "open_window",
        "import_preview",
        "import_apply",
        "import_found",
        "link_proposal",
        "open_settings_page",
        "settings_page_take",
        "discover_run",
        "refresh_layers",
        "check_layer",
        "save_layer",
        "remove_layer",
        "check_discovery",
        "save_discovery",
        "remove_discovery",
        "notices",
        "notice_dismiss",
        "notice_fit",
        "notice_renew",
        "link_pending",
        "link_answer",
        "set_trust_links",
        "confirm_mfa_process",
        "open_terminal",
        "set_terminal",
        "set_live",
    ];
    // The UI is embedded by `generate_context!`; rebuild when `npm run build` changed it.
    println!("cargo:rerun-if-changed=../ui/dist");
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        // Build scripts report failures by panicking; say what broke.
        panic!("tauri build step failed: {e:#}");
    }
}
