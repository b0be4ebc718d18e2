//! The IPC commands, listed once: [`builder`] registers them with Tauri and, through
//! tauri-specta, derives the TypeScript side from the Rust functions themselves (their
//! argument and return types, and every shape in `ipc/`). The output is committed as
//! `ui/src/bindings.ts`; the test below fails when it is stale, and
//! `ROLEHOP_BLESS=1 cargo test -p rolehop-tray bindings` rewrites it. Commands reject with an
//! `IpcError` (thrown in TypeScript, as `invoke` does).

use tauri_specta::{Builder, ErrorHandlingMode, collect_commands, collect_events};

use super::commands::*;

/// Every command and event, with its types (the one list: a command not here cannot be
/// called).
pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            search,
            open_shortcut::<tauri::Wry>,
            read_link,
            open_link::<tauri::Wry>,
            copy_link::<tauri::Wry>,
            dismiss::<tauri::Wry>,
            mfa_ask,
            mfa_submit::<tauri::Wry>,
            mfa_cancel::<tauri::Wry>,
            setup_info,
            check_identity,
            yubikey_accounts,
            save_identity,
            check_sso_identity,
            save_sso_identity::<tauri::Wry>,
            sso_sign_in::<tauri::Wry>,
            check_client,
            check_shortcut,
            save_client::<tauri::Wry>,
            save_shortcut::<tauri::Wry>,
            remove_entry::<tauri::Wry>,
            set_default_browser::<tauri::Wry>,
            set_profile_layout,
            settings_view::<tauri::Wry>,
            set_autostart::<tauri::Wry>,
            set_hotkey::<tauri::Wry>,
            open_window::<tauri::Wry>,
            import_preview,
            import_apply::<tauri::Wry>,
            import_found,
            link_proposal,
            open_settings_page::<tauri::Wry>,
            settings_page_take::<tauri::Wry>,
            discover_run::<tauri::Wry>,
            refresh_layers,
            check_layer,
            save_layer::<tauri::Wry>,
            remove_layer::<tauri::Wry>,
            check_discovery,
            save_discovery,
            remove_discovery::<tauri::Wry>,
            notices,
            notice_dismiss::<tauri::Wry>,
            notice_fit::<tauri::Wry>,
            notice_renew::<tauri::Wry>,
            link_pending,
            link_answer::<tauri::Wry>,
            set_trust_links,
            confirm_mfa_process,
            open_terminal,
            set_terminal,
            set_live,
        ])
        // Every event the shell sends a window, typed the same way.
        .events(collect_events![
            super::notice::NoticesChanged,
            super::settings_page::SettingsPageWaiting
        ])
        .error_handling(ErrorHandlingMode::Throw)
        // One TypeScript type per shape (the UI sends what it was given).
        .disable_serde_phases()
        // Counts and seconds, far below 2^53.
        .dangerously_cast_bigints_to_number()
}

/// The whole of `ui/src/bindings.ts`.
#[cfg(test)]
pub fn typescript() -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bindings.ts");
    builder()
        .export(
            specta_typescript::Typescript::default().header(
                "// Generated from the IPC commands (src-tauri/src/app/commands/) and their types by\n\
                 // `ROLEHOP_BLESS=1 cargo test -p rolehop-tray bindings`. Do not edit by hand.\n",
            ),
            &path,
        )
        .unwrap();
    std::fs::read_to_string(&path).unwrap()
}

/// The command names, as the bindings invoke them.
#[cfg(test)]
pub fn command_names() -> Vec<String> {
    typescript()
        .lines()
        .filter(|l| l.contains("__TAURI_INVOKE<"))
        .filter_map(|l| l.rsplit_once(">(\"").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    fn committed() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts")
    }

    #[test]
    fn bindings_are_fresh() {
        let want = super::typescript();
        let path = committed();
        // Blessing rewrites the file, never in CI: there a stale file must fail.
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        if std::env::var_os("ROLEHOP_BLESS").is_some() {
            assert!(
                !in_ci,
                "ROLEHOP_BLESS is set in CI: bindings are blessed on a developer's machine and committed"
            );
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "ui/src/bindings.ts is stale: run `ROLEHOP_BLESS=1 cargo test -p rolehop-tray bindings` and commit it"
        );
    }

    /// Every window's capability names only commands that exist, every command is allowed
    /// to some window, and the build script declares exactly these commands' permissions.
    #[test]
    fn capabilities_name_real_commands() {
        let names = super::command_names();
        assert_eq!(names.len(), 52, "{names:?}");
        let build = include_str!("../../build.rs");
        for name in &names {
            assert!(
                build.contains(&format!("\"{name}\",")),
                "build.rs does not declare {name}"
            );
        }
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("capabilities");
        let mut used = std::collections::HashSet::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            for p in json["permissions"].as_array().cloned().unwrap_or_default() {
                let p = p.as_str().unwrap_or_default();
                let Some(cmd) = p.strip_prefix("allow-") else {
                    continue;
                };
                let cmd = cmd.replace('-', "_");
                assert!(
                    names.contains(&cmd),
                    "{}: unknown command {cmd}",
                    path.display()
                );
                used.insert(cmd);
            }
        }
        for name in names {
            assert!(used.contains(&name), "no window may call {name}");
        }
    }
}
