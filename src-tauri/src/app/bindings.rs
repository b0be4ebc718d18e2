//! The TypeScript side of the IPC, generated from the Rust types: every shape in `ipc.rs`
//! (through ts-rs) and one typed function per command. The output is committed as
//! `ui/src/bindings.ts`; the test below fails when it is stale, and
//! `ROLEHOP_BLESS=1 cargo test -p rolehop bindings` rewrites it.
//!
//! Commands are listed once, in [`app_commands!`], which both registers them with Tauri and
//! describes them here, so a command cannot be added to one without the other.

#[cfg(test)]
use ts_rs::{Config, TS};

#[cfg(test)]
use super::ipc::*;

/// One command as TypeScript sees it.
#[cfg(test)]
pub struct CommandSig {
    pub name: &'static str,
    pub args: Vec<(&'static str, String)>,
    pub ret: String,
}

/// Registers the commands with Tauri (`app_commands!(handler)`) or lists their signatures
/// (`app_commands!(signatures, cfg)`).
macro_rules! app_commands {
    (@list $($cb:ident)::+ ; $($extra:tt)*) => {
        $($cb)::+!($($extra)*
            search(query: String) -> Vec<SwitcherHit>;
            open_shortcut(id: String, how: OpenHow) -> ();
            dismiss() -> ();
            mfa_ask() -> Option<MfaAsk>;
            mfa_submit(code: String) -> MfaOutcome;
            mfa_cancel() -> ();
            setup_info() -> SetupInfo;
            save_identity(form: IdentityForm) -> IdentitySaved;
            check_client(form: ClientForm, replace: bool) -> Vec<FieldProblem>;
            check_shortcut(form: ShortcutForm, replace: bool) -> Vec<FieldProblem>;
            save_client(form: ClientForm, replace: bool) -> ();
            save_shortcut(form: ShortcutForm, replace: bool) -> ();
            remove_entry(kind: EntryKind, id: String) -> ();
            set_default_browser(kind: String) -> ();
            settings_view() -> SettingsView;
            set_autostart(enabled: bool) -> bool;
            set_hotkey(hotkey: String) -> ();
            open_window(which: String) -> ();
            import_preview(input: ImportInput) -> ImportPreview;
            import_apply(input: ImportInput, accept: Vec<String>) -> ImportApplied;
            discover_run(id: String, apply: bool) -> DiscoverView;
            refresh_layers() -> Vec<LayerRefreshView>;
            notices() -> Vec<NoticeView>;
            notice_dismiss(id: u32) -> ();
            notice_fit(height: f64) -> ();
            notice_renew(id: u32) -> ();
        )
    };
    (handler) => {
        $crate::app::bindings::app_commands!(@list $crate::app::bindings::app_commands_handler;)
    };
    (signatures, $cfg:expr) => {
        $crate::app::bindings::app_commands!(@list $crate::app::bindings::app_commands_signatures; $cfg;)
    };
}

macro_rules! app_commands_handler {
    ($($name:ident ($($arg:ident : $ty:ty),*) -> $ret:ty;)*) => {
        tauri::generate_handler![$($crate::app::commands::$name),*]
    };
}

#[cfg(test)]
macro_rules! app_commands_signatures {
    ($cfg:expr; $($name:ident ($($arg:ident : $ty:ty),*) -> $ret:ty;)*) => {
        vec![$(CommandSig {
            name: stringify!($name),
            args: vec![$((stringify!($arg), <$ty as TS>::name($cfg))),*],
            ret: <$ret as TS>::name($cfg),
        }),*]
    };
}

#[cfg(test)]
pub(crate) use app_commands_signatures;
pub(crate) use {app_commands, app_commands_handler};

/// The command names, for the build script's permission list and the capability test.
#[cfg(test)]
pub fn command_names() -> Vec<&'static str> {
    let cfg = config();
    let sigs: Vec<CommandSig> = app_commands!(signatures, &cfg);
    sigs.into_iter().map(|s| s.name).collect()
}

#[cfg(test)]
fn config() -> Config {
    Config::new().with_large_int("number")
}

/// The whole of `ui/src/bindings.ts`.
#[cfg(test)]
pub fn typescript() -> String {
    use super::commands::forms::camel;
    let cfg = config();
    let mut out = String::from(
        "// Generated from src-tauri/src/app/{ipc,bindings}.rs by\n\
         // `ROLEHOP_BLESS=1 cargo test -p rolehop bindings`. Do not edit by hand.\n\
         import { invoke } from \"@tauri-apps/api/core\";\n\n",
    );
    let decls = [
        rolehop_core::ErrorKind::decl(&cfg),
        ShellErrorKind::decl(&cfg),
        IpcErrorKind::decl(&cfg),
        rolehop_core::sources::import::EntryKind::decl(&cfg),
        rolehop_core::sources::import::RowStatus::decl(&cfg),
        IpcError::decl(&cfg),
        FieldProblem::decl(&cfg),
        SwitcherHit::decl(&cfg),
        OpenHow::decl(&cfg),
        MfaAsk::decl(&cfg),
        MfaRetryView::decl(&cfg),
        MfaOutcome::decl(&cfg),
        BrowserView::decl(&cfg),
        KeychainStatus::decl(&cfg),
        SetupInfo::decl(&cfg),
        IdentityForm::decl(&cfg),
        IdentitySaved::decl(&cfg),
        ClientForm::decl(&cfg),
        ShortcutForm::decl(&cfg),
        IdentityView::decl(&cfg),
        EntryKind::decl(&cfg),
        SettingsView::decl(&cfg),
        LayeredEntry::decl(&cfg),
        LayerView::decl(&cfg),
        ConflictView::decl(&cfg),
        ImportFormat::decl(&cfg),
        ImportInput::decl(&cfg),
        ImportRowView::decl(&cfg),
        SkippedView::decl(&cfg),
        ImportPreview::decl(&cfg),
        ImportApplied::decl(&cfg),
        DiscoverView::decl(&cfg),
        DiscoverChangeView::decl(&cfg),
        LayerRefreshView::decl(&cfg),
        NoticeKind::decl(&cfg),
        NoticeView::decl(&cfg),
    ];
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.push_str(
        "/** Every command; each rejects with an `IpcError`. */\nexport const commands = {\n",
    );
    let sigs: Vec<CommandSig> = app_commands!(signatures, &cfg);
    for sig in sigs {
        let params: Vec<String> = sig
            .args
            .iter()
            .map(|(name, ty)| format!("{}: {ty}", camel(name)))
            .collect();
        let names: Vec<String> = sig.args.iter().map(|(name, _)| camel(name)).collect();
        let payload = if names.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", names.join(", "))
        };
        out.push_str(&format!(
            "  {}: ({}): Promise<{}> => invoke(\"{}\"{payload}),\n",
            camel(sig.name),
            params.join(", "),
            sig.ret,
            sig.name
        ));
    }
    out.push_str("};\n");
    out
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
        if std::env::var_os("ROLEHOP_BLESS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "ui/src/bindings.ts is stale: run `ROLEHOP_BLESS=1 cargo test -p rolehop bindings` and commit it"
        );
    }

    /// Every window's capability names only commands that exist, and every command is
    /// allowed to some window.
    #[test]
    fn capabilities_name_real_commands() {
        let names = super::command_names();
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
                    names.contains(&cmd.as_str()),
                    "{}: unknown command {cmd}",
                    path.display()
                );
                used.insert(cmd);
            }
        }
        for name in names {
            assert!(used.contains(name), "no window may call {name}");
        }
    }
}
