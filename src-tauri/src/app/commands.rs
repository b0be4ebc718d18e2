//! The IPC commands: thin adapters from the windows to the core. Every command is `async` and
//! does its work on a blocking thread, so the main (GTK) thread stays free for windows and the
//! tray. Which window may call which command is set in `capabilities/<window>.json`.
//! No answer carries a secret; secrets only arrive (the wizard's key, an MFA code).

use rolehop_core::ErrorKind;
use rolehop_core::sources::layers::LayerDirs;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::SystemTime;

use rolehop_core::Secret;
use rolehop_core::broker::AwsSts;
use rolehop_core::catalog::duration::Seconds;
use rolehop_core::catalog::model::{Client, Partition, SessionMode, Shortcut};
use rolehop_core::catalog::{Catalog, CatalogError, CatalogStore};
use rolehop_core::enroll::{self, EnrollError, Enrollment};
use rolehop_core::importing::{Import, ImportSource};
use rolehop_core::paths::Paths;
use rolehop_core::sources::import::ClientNaming;
use rolehop_core::switcher::SwitcherIndex;
use rolehop_core::usage::Usage;
use rolehop_core::vault::{OsKeychain, Vault};
use tauri::{AppHandle, Manager, Runtime, State, WebviewWindow};
use tauri_plugin_autostart::ManagerExt as _;

use super::ipc::*;
use super::mfa::MfaBridge;
use super::prefs::Prefs;
use super::windows::{self, AppWindow};

/// How many results the switcher shows.
const SWITCHER_LIMIT: usize = 50;

/// The switcher's index, kept while the catalog file is unchanged (each keystroke is a search).
#[derive(Default)]
pub struct SwitcherCache(Mutex<Option<CachedIndex>>);

struct CachedIndex {
    stamp: [(Option<SystemTime>, u64); 3],
    index: SwitcherIndex,
    /// Every shortcut as the switcher shows it, resolved once per catalog version: resolving
    /// per keystroke cost more than the search itself.
    views: HashMap<String, SwitcherHit>,
}

fn paths() -> Result<Paths, IpcError> {
    Ok(Paths::from_env()?)
}

fn store() -> Result<CatalogStore, IpcError> {
    Ok(CatalogStore::from_paths(&paths()?))
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| IpcError::internal(e.to_string()))?
}

// ---- switcher ----

#[tauri::command]
pub async fn search(
    query: String,
    cache: State<'_, SwitcherCache>,
) -> Result<Vec<SwitcherHit>, IpcError> {
    let paths = paths()?;
    let file = paths.catalog_file();
    // The catalog file and the directories layer files are renamed into (discovery results,
    // cached team URLs): any change there changes the stamp.
    let dirs = LayerDirs::of(&paths);
    let stamp = [
        file.as_path(),
        dirs.discovered_dir.as_path(),
        dirs.cache_dir.as_path(),
    ]
    .map(|p| {
        std::fs::metadata(p)
            .map(|m| (m.modified().ok(), m.len()))
            .unwrap_or((None, 0))
    });
    let mut guard = cache.0.lock().unwrap_or_else(|p| p.into_inner());
    if guard.as_ref().is_none_or(|c| c.stamp != stamp) {
        let catalog =
            rolehop_core::sources::layers::load_layered_from(&CatalogStore::new(&file), &dirs)?
                .catalog;
        *guard = Some(CachedIndex {
            stamp,
            index: SwitcherIndex::new(&catalog),
            views: hit_views(&catalog),
        });
    }
    let Some(cached) = guard.as_ref() else {
        return Ok(Vec::new());
    };
    let usage = Usage::load(&paths.data_dir);
    let hits = cached.index.search(&query, SWITCHER_LIMIT, &usage);
    Ok(hits
        .iter()
        .filter_map(|h| cached.views.get(&h.id).cloned())
        .collect())
}

fn hit_views(catalog: &Catalog) -> HashMap<String, SwitcherHit> {
    let lookup = rolehop_core::catalog::resolve::Lookup::new(catalog);
    catalog
        .shortcuts
        .iter()
        .filter_map(|s| {
            let r = lookup.resolve(&s.id).ok()?;
            let hit = SwitcherHit {
                color: Some(r.color),
                id: r.id,
                client: r.client,
                client_name: r.client_name,
                label: r.label,
                account: r.account,
                role: r.role_name,
                tags: s.tags.clone(),
                pinned: r.pinned,
            };
            Some((s.id.clone(), hit))
        })
        .collect()
}

#[tauri::command]
pub async fn open_shortcut<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    how: OpenHow,
) -> Result<(), IpcError> {
    let catalog = blocking(|| {
        let paths = paths()?;
        Ok(rolehop_core::sources::layers::load_layered(&paths)?.catalog)
    })
    .await?;
    if catalog.shortcut(&id).is_none() {
        return Err(IpcError::core(
            rolehop_core::ErrorKind::NotFound,
            format!("no shortcut `{id}` in the catalog"),
        ));
    }
    super::actions::open(&app, id, how);
    Ok(())
}

/// Closes the calling window (Escape in the switcher, Cancel, Done).
#[tauri::command]
pub async fn dismiss<R: Runtime>(window: WebviewWindow<R>) -> Result<(), IpcError> {
    window
        .destroy()
        .map_err(|e| IpcError::internal(e.to_string()))
}

// ---- notice window ----

#[tauri::command]
pub async fn notices(
    notices: State<'_, super::notice::Notices>,
) -> Result<Vec<NoticeView>, IpcError> {
    Ok(notices.list())
}

#[tauri::command]
pub async fn notice_dismiss<R: Runtime>(app: AppHandle<R>, id: u32) -> Result<(), IpcError> {
    super::notice::dismiss(&app, id);
    Ok(())
}

/// The notice window's content height changed: the window takes that height.
#[tauri::command]
pub async fn notice_fit<R: Runtime>(app: AppHandle<R>, height: f64) -> Result<(), IpcError> {
    let handle = app.clone();
    app.run_on_main_thread(move || windows::fit_notice(&handle, height))
        .map_err(|e| IpcError::internal(e.to_string()))
}

/// Renews the console a message offers to renew, and takes the message away.
#[tauri::command]
pub async fn notice_renew<R: Runtime>(app: AppHandle<R>, id: u32) -> Result<(), IpcError> {
    let shortcut = super::notice::dismiss(&app, id)
        .and_then(|n| n.renew)
        .ok_or_else(|| {
            IpcError::new(
                ErrorKind::NotFound,
                "that message offers nothing to renew any more",
            )
        })?;
    super::actions::renew(&app, shortcut);
    Ok(())
}

// ---- MFA ----

#[tauri::command]
pub async fn mfa_ask(bridge: State<'_, MfaBridge>) -> Result<Option<MfaAsk>, IpcError> {
    Ok(bridge.current())
}

#[tauri::command]
pub async fn mfa_submit<R: Runtime>(
    app: AppHandle<R>,
    code: String,
) -> Result<MfaOutcome, IpcError> {
    blocking(move || {
        let bridge = app
            .try_state::<MfaBridge>()
            .ok_or_else(|| IpcError::internal("no MFA bridge"))?;
        Ok(bridge.submit(Some(Secret::new(code.trim().to_string()))))
    })
    .await
}

#[tauri::command]
pub async fn mfa_cancel<R: Runtime>(app: AppHandle<R>) -> Result<(), IpcError> {
    blocking(move || {
        if let Some(bridge) = app.try_state::<MfaBridge>() {
            bridge.submit(None);
        }
        Ok(())
    })
    .await
}

// ---- setup wizard ----

fn browser_views() -> Vec<BrowserView> {
    let mut views: Vec<BrowserView> = rolehop_core::system::found_browsers()
        .into_iter()
        .map(|f| BrowserView {
            kind: f.kind.as_str().to_string(),
            program: f.program,
        })
        .collect();
    views.push(BrowserView {
        kind: "builtin".into(),
        program: "Rolehop window".into(),
    });
    views
}

fn keychain_status() -> KeychainStatus {
    match OsKeychain.probe() {
        Ok(()) => KeychainStatus {
            ok: true,
            kind: None,
            message: "The OS keychain is ready.".into(),
        },
        Err(e) => KeychainStatus {
            ok: false,
            kind: Some(rolehop_core::Error::from(e).kind()),
            message: keychain_advice(),
        },
    }
}

fn keychain_advice() -> String {
    if cfg!(target_os = "linux") {
        "No keychain answered. Rolehop keeps your access key only in the OS keychain (the Secret Service). Start or unlock one — GNOME Keyring (`gnome-keyring`), KDE Wallet, or KeePassXC with Secret Service integration on — then press Check again.".into()
    } else {
        "The OS keychain did not answer. Unlock it (Keychain Access on macOS, Credential Manager on Windows), then press Check again.".into()
    }
}

#[tauri::command]
pub async fn setup_info() -> Result<SetupInfo, IpcError> {
    blocking(|| {
        let store = store()?;
        let catalog = store.load()?;
        Ok(SetupInfo {
            keychain: keychain_status(),
            browsers: browser_views(),
            default_browser: catalog.browser.clone(),
            identities: catalog.identities.iter().map(|i| i.id.clone()).collect(),
            catalog_path: store.path().display().to_string(),
        })
    })
    .await
}

fn blank(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

#[tauri::command]
pub async fn save_identity(form: IdentityForm) -> Result<IdentitySaved, IpcError> {
    blocking(move || {
        let partition_text = blank(form.partition).unwrap_or_else(|| "aws".into());
        let partition = Partition::parse(&partition_text).ok_or_else(|| {
            IpcError::fields(
                "unknown partition",
                vec![FieldProblem {
                    field: "partition".into(),
                    message: format!("`{partition_text}` is not aws, aws-us-gov or aws-cn"),
                }],
            )
        })?;
        let enrollment = Enrollment {
            identity: form.identity.trim().to_string(),
            account: form.account.trim().to_string(),
            access_key_id: form.access_key_id.trim().to_string(),
            secret_access_key: Secret::new(form.secret_access_key.expose().trim().to_string()),
            mfa_serial: blank(form.mfa_serial),
            region: blank(form.region),
            partition,
            session_duration: None,
            browser: blank(form.browser),
            verify: true,
        };
        let identity = enrollment.identity.clone();
        let store = store()?;
        let vault = Vault::new(OsKeychain);
        let done = rolehop_core::system::block_on(enroll::enroll(
            &store,
            &vault,
            &AwsSts::new(),
            enrollment,
        ))?
        .map_err(|e| match e {
            EnrollError::Fields(fields) => IpcError::fields(
                "some fields need a fix",
                fields
                    .into_iter()
                    .map(|f| FieldProblem {
                        field: camel(f.field),
                        message: f.message,
                    })
                    .collect(),
            ),
            EnrollError::WrongAccount { .. } => IpcError::fields(
                e.to_string(),
                vec![FieldProblem {
                    field: "account".into(),
                    message: e.to_string(),
                }],
            ),
            EnrollError::Core(e) => e.into(),
        })?;
        Ok(IdentitySaved {
            identity,
            caller_arn: done.caller_arn,
        })
    })
    .await
}

// ---- catalog forms (wizard and settings) ----

/// `external_id` -> `externalId`: the UI's field names.
pub(crate) fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn client_of(form: &ClientForm) -> Client {
    Client {
        id: form.id.trim().to_string(),
        name: form.name.trim().to_string(),
        color: blank(form.color.clone()),
        notes: blank(form.notes.clone()),
        link: blank(form.link.clone()),
        browser: blank(form.browser.clone()),
    }
}

fn shortcut_of(form: &ShortcutForm) -> Result<Shortcut, IpcError> {
    let mut problems = Vec::new();
    let duration = match blank(form.duration.clone()) {
        Some(text) => match Seconds::parse(&text) {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(FieldProblem {
                    field: "duration".into(),
                    message: e.to_string(),
                });
                None
            }
        },
        None => None,
    };
    let session = match blank(form.session.clone()).as_deref() {
        None => None,
        Some("daily") => Some(SessionMode::Daily),
        Some("long") => Some(SessionMode::Long),
        Some(other) => {
            problems.push(FieldProblem {
                field: "session".into(),
                message: format!("`{other}` is not daily or long"),
            });
            None
        }
    };
    if !problems.is_empty() {
        return Err(IpcError::fields("some fields need a fix", problems));
    }
    Ok(Shortcut {
        id: form.id.trim().to_string(),
        client: form.client.trim().to_string(),
        label: blank(form.label.clone()),
        account: blank(form.account.clone()),
        role: form.role.trim().to_string(),
        identity: blank(form.identity.clone()),
        via: blank(form.via.clone()),
        region: blank(form.region.clone()),
        destination: blank(form.destination.clone()),
        session,
        duration,
        external_id: blank(form.external_id.clone()),
        browser: blank(form.browser.clone()),
        pinned: form.pinned,
        tags: form
            .tags
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
    })
}

/// The catalog's own validation, as problems on the form's fields. Problems elsewhere in the
/// file (not this entry's) are reported without a field.
fn as_fields(section: &str, id: &str, e: CatalogError) -> IpcError {
    match e {
        CatalogError::EditRejected { issues, .. } => {
            let prefix = format!("{section}[{id}].");
            let fields = issues
                .iter()
                .map(|i| FieldProblem {
                    field: i.key.strip_prefix(&prefix).map(camel).unwrap_or_default(),
                    message: match &i.example {
                        Some(ex) => format!("{} (for example: {ex})", i.message),
                        None => i.message.clone(),
                    },
                })
                .collect();
            IpcError::fields("the catalog would not be valid", fields)
        }
        CatalogError::AlreadyExists { what, id } => {
            let message = format!("a {what} `{id}` already exists: pick another id");
            IpcError::fields(
                message.clone(),
                vec![FieldProblem {
                    field: "id".into(),
                    message,
                }],
            )
        }
        other => rolehop_core::Error::from(other).into(),
    }
}

#[tauri::command]
pub async fn check_client(form: ClientForm, replace: bool) -> Result<Vec<FieldProblem>, IpcError> {
    blocking(move || {
        let client = client_of(&form);
        match store()?.preview(|doc, _| doc.add_client(&client, replace)) {
            Ok(_) => Ok(Vec::new()),
            Err(e) => field_list(as_fields("client", &client.id, e)),
        }
    })
    .await
}

#[tauri::command]
pub async fn check_shortcut(
    form: ShortcutForm,
    replace: bool,
) -> Result<Vec<FieldProblem>, IpcError> {
    blocking(move || {
        let shortcut = match shortcut_of(&form) {
            Ok(s) => s,
            Err(e) => return field_list(e),
        };
        match store()?.preview(|doc, _| doc.add_shortcut(&shortcut, replace)) {
            Ok(_) => Ok(Vec::new()),
            Err(e) => field_list(as_fields("shortcut", &shortcut.id, e)),
        }
    })
    .await
}

/// A form check answers with its problems; only failures unrelated to the form are errors.
fn field_list(e: IpcError) -> Result<Vec<FieldProblem>, IpcError> {
    if e.kind == ShellErrorKind::InvalidInput.into() {
        Ok(e.fields)
    } else {
        Err(e)
    }
}

#[tauri::command]
pub async fn save_client<R: Runtime>(
    app: AppHandle<R>,
    form: ClientForm,
    replace: bool,
) -> Result<(), IpcError> {
    blocking(move || {
        let client = client_of(&form);
        store()?
            .edit(|doc, _| doc.add_client(&client, replace))
            .map_err(|e| as_fields("client", &client.id, e))?;
        rebuild_tray(&app);
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn save_shortcut<R: Runtime>(
    app: AppHandle<R>,
    form: ShortcutForm,
    replace: bool,
) -> Result<(), IpcError> {
    blocking(move || {
        let shortcut = shortcut_of(&form)?;
        store()?
            .edit(|doc, _| doc.add_shortcut(&shortcut, replace))
            .map_err(|e| as_fields("shortcut", &shortcut.id, e))?;
        rebuild_tray(&app);
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn remove_entry<R: Runtime>(
    app: AppHandle<R>,
    kind: EntryKind,
    id: String,
) -> Result<(), IpcError> {
    blocking(move || {
        let paths = paths()?;
        let layered = rolehop_core::sources::layers::load_layered(&paths)?;
        let what = match kind {
            EntryKind::Shortcut => "shortcut",
            EntryKind::Client => "client",
        };
        if layered.is_layered(what, &id) {
            return Err(IpcError::new(
                ErrorKind::CatalogInvalid,
                format!(
                    "{what} `{id}` comes from the read-only layer `{}`: change it there",
                    layered.origin(what, &id)
                ),
            ));
        }
        store()?.edit(|doc, _| match kind {
            EntryKind::Shortcut => doc.remove_shortcut(&id),
            // The settings window asks first, and says the client's shortcuts go with it.
            EntryKind::Client => doc.remove_client(&id, true).map(|_| ()),
        })?;
        rebuild_tray(&app);
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn set_default_browser<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
) -> Result<(), IpcError> {
    blocking(move || {
        store()?.edit(|doc, _| doc.set_default_browser(kind.trim()))?;
        rebuild_tray(&app);
        Ok(())
    })
    .await
}

fn rebuild_tray<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || super::tray::rebuild(&handle));
}

// ---- settings ----

fn form_of_shortcut(s: &Shortcut) -> ShortcutForm {
    ShortcutForm {
        id: s.id.clone(),
        client: s.client.clone(),
        label: s.label.clone(),
        account: s.account.clone(),
        role: s.role.clone(),
        identity: s.identity.clone(),
        via: s.via.clone(),
        region: s.region.clone(),
        destination: s.destination.clone(),
        session: s.session.map(|m| m.as_str().to_string()),
        duration: s.duration.map(|d| d.to_string()),
        external_id: s.external_id.clone(),
        browser: s.browser.clone(),
        pinned: s.pinned,
        tags: s.tags.clone(),
    }
}

#[tauri::command]
pub async fn settings_view<R: Runtime>(app: AppHandle<R>) -> Result<SettingsView, IpcError> {
    blocking(move || {
        let paths = paths()?;
        let store = CatalogStore::from_paths(&paths);
        let layered =
            rolehop_core::sources::layers::load_layered_from(&store, &LayerDirs::of(&paths))?;
        let catalog = &layered.catalog;
        let vault = Vault::new(OsKeychain);
        Ok(SettingsView {
            catalog_path: store.path().display().to_string(),
            identities: catalog
                .identities
                .iter()
                .map(|i| IdentityView {
                    id: i.id.clone(),
                    account: i.account.clone(),
                    mfa_serial: i.mfa_serial.clone(),
                    partition: i.partition.as_str().to_string(),
                    region: i.region.clone(),
                    has_keys: matches!(vault.base_keys(&i.id), Ok(Some(_))),
                })
                .collect(),
            clients: catalog
                .clients
                .iter()
                .map(|c| ClientForm {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    color: c.color.clone(),
                    notes: c.notes.clone(),
                    link: c.link.clone(),
                    browser: c.browser.clone(),
                })
                .collect(),
            shortcuts: catalog.shortcuts.iter().map(form_of_shortcut).collect(),
            default_browser: catalog.browser.clone(),
            browsers: browser_views(),
            autostart: app.autolaunch().is_enabled().unwrap_or(false),
            hotkey: Prefs::load(&paths.config_dir).hotkey,
            layered: layered
                .origins
                .iter()
                .map(|((kind, id), origin)| LayeredEntry {
                    kind: kind.to_string(),
                    id: id.clone(),
                    origin: origin.clone(),
                })
                .collect(),
            layers: layered
                .layers
                .iter()
                .map(|l| LayerView {
                    layer: l.layer.clone(),
                    file: l.file.clone(),
                    entries: u32::try_from(l.entries).unwrap_or(u32::MAX),
                    problem: l.problem.clone(),
                })
                .collect(),
            conflicts: layered
                .conflicts
                .iter()
                .map(|c| ConflictView {
                    kind: c.kind.to_string(),
                    id: c.id.clone(),
                    kept: c.kept.clone(),
                    ignored: c.ignored.clone(),
                })
                .collect(),
            discoveries: layered
                .catalog
                .discoveries
                .iter()
                .map(|d| d.id.clone())
                .collect(),
            has_url_layers: layered.catalog.layers.iter().any(|l| l.url.is_some()),
        })
    })
    .await
}

/// Runs an AWS Organizations discovery source; `apply` saves the accounts as its layer.
#[tauri::command]
pub async fn discover_run<R: Runtime>(
    app: AppHandle<R>,
    id: String,
    apply: bool,
) -> Result<DiscoverView, IpcError> {
    super::sources::discover(app, id, apply).await
}

/// Fetches the team URL layers now.
#[tauri::command]
pub async fn refresh_layers() -> Result<Vec<LayerRefreshView>, IpcError> {
    super::sources::refresh_layers().await
}

#[tauri::command]
pub async fn set_autostart<R: Runtime>(app: AppHandle<R>, enabled: bool) -> Result<bool, IpcError> {
    blocking(move || {
        let auto = app.autolaunch();
        let result = if enabled {
            auto.enable()
        } else {
            auto.disable()
        };
        result.map_err(|e| {
            IpcError::new(ErrorKind::Io, format!("cannot change the login item: {e}"))
        })?;
        auto.is_enabled()
            .map_err(|e| IpcError::new(ErrorKind::Io, format!("cannot read the login item: {e}")))
    })
    .await
}

#[tauri::command]
pub async fn set_hotkey<R: Runtime>(app: AppHandle<R>, hotkey: String) -> Result<(), IpcError> {
    let hotkey = hotkey.trim().to_string();
    super::hotkey::parse(&hotkey).map_err(|e| {
        IpcError::fields(
            e.to_string(),
            vec![FieldProblem {
                field: "hotkey".into(),
                message: e.to_string(),
            }],
        )
    })?;
    let config_dir: PathBuf = paths()?.config_dir;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let handle = app.clone();
    let key = hotkey.clone();
    app.run_on_main_thread(move || {
        let _ = tx.send(super::hotkey::register(&handle, &key));
    })
    .map_err(|e| IpcError::internal(e.to_string()))?;
    rx.await
        .map_err(|e| IpcError::internal(e.to_string()))?
        .map_err(|e| IpcError::new(ErrorKind::Config, e.to_string()))?;
    Prefs { hotkey }
        .save(&config_dir)
        .map_err(|e| IpcError::new(ErrorKind::Io, format!("cannot save settings: {e}")))?;
    Ok(())
}

#[tauri::command]
pub async fn open_window<R: Runtime>(app: AppHandle<R>, which: String) -> Result<(), IpcError> {
    let window = AppWindow::from_label(&which)
        .filter(|w| matches!(w, AppWindow::Setup | AppWindow::Settings))
        .ok_or_else(|| IpcError::new(ErrorKind::NotFound, format!("no window `{which}`")))?;
    let handle = app.clone();
    app.run_on_main_thread(move || super::notify::show_window(&handle, window))
        .map_err(|e| IpcError::internal(e.to_string()))
}

/// Reads what the import page names and proposes what it holds (the one import use case,
/// shared with `rolehop import`).
fn import_read(input: &ImportInput) -> Result<Import, IpcError> {
    let pattern = input
        .client_pattern
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .unwrap_or(rolehop_core::sources::import::naming::DEFAULT_PATTERN);
    let naming = ClientNaming::new(pattern).map_err(|e| {
        IpcError::fields(
            e.to_string(),
            vec![FieldProblem {
                field: "clientPattern".into(),
                message: e.to_string(),
            }],
        )
    })?;
    let path = input
        .path
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    let text = input.text.as_deref().unwrap_or_default();
    let source = match input.format {
        ImportFormat::AwsConfig => ImportSource::AwsConfig {
            config: path.as_deref(),
            credentials: None,
        },
        ImportFormat::SwitchRoles => {
            if text.trim().is_empty() {
                return Err(IpcError::fields(
                    "paste the configuration first".to_string(),
                    vec![FieldProblem {
                        field: "text".into(),
                        message: "paste AWS Extend Switch Roles' configuration here".into(),
                    }],
                ));
            }
            ImportSource::SwitchRoles {
                name: "pasted text",
                text,
            }
        }
    };
    Import::read(source, &naming).map_err(|e| IpcError::from(rolehop_core::Error::from(e)))
}

fn row_view(r: &rolehop_core::sources::import::Row) -> ImportRowView {
    ImportRowView {
        key: r.key(),
        kind: r.kind,
        id: r.id.clone(),
        from: r
            .origin
            .as_ref()
            .map(|o| format!("{}:{}", o.profile, o.line)),
        summary: r.summary.clone(),
        status: r.change.status(),
        detail: r.change.detail(),
        notes: r.notes.clone(),
        writable: r.would_write(false),
    }
}

/// The import page's preview: nothing is written.
#[tauri::command]
pub async fn import_preview(input: ImportInput) -> Result<ImportPreview, IpcError> {
    blocking(move || {
        let import = import_read(&input)?;
        let plan = import.preview(&store()?.load()?, input.move_keys);
        Ok(ImportPreview {
            source: import.source,
            rows: plan.rows.iter().map(row_view).collect(),
            skipped: plan
                .skipped
                .iter()
                .map(|s| SkippedView {
                    profile: s.origin.profile.clone(),
                    line: u32::try_from(s.origin.line).unwrap_or(0),
                    reason: s.reason.clone(),
                })
                .collect(),
        })
    })
    .await
}

/// Imports the rows the person kept ticked (by key); what they need comes with them.
#[tauri::command]
pub async fn import_apply<R: Runtime>(
    app: AppHandle<R>,
    input: ImportInput,
    accept: Vec<String>,
) -> Result<ImportApplied, IpcError> {
    let import = blocking({
        let input = input.clone();
        move || import_read(&input)
    })
    .await?;
    let accept: std::collections::HashSet<String> = accept.into_iter().collect();
    // Keys first (they make their identities known), then the catalog edit.
    if input.move_keys {
        import
            .move_keys(&store()?, &Vault::new(OsKeychain), &AwsSts::new(), &|r| {
                accept.contains(&r.key())
            })
            .await
            .map_err(|e| IpcError::core(e.kind(), e.to_string()))?;
    }
    blocking(move || {
        let (_, applied) = import.apply(&store()?, &|r| accept.contains(&r.key()), false)?;
        rebuild_tray(&app);
        Ok(ImportApplied {
            added: applied.added,
            replaced: applied.replaced,
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::collection::vec(any::<char>(), 0..80).prop_map(|c| c.into_iter().collect()),
            "[a-z0-9._-]{0,70}",
            Just("x".repeat(70_000)),
        ]
    }

    fn shortcut_form() -> impl Strategy<Value = ShortcutForm> {
        (
            (
                text(),
                text(),
                proptest::option::of(text()),
                proptest::option::of(text()),
            ),
            (
                text(),
                proptest::option::of(text()),
                proptest::option::of(text()),
            ),
            (proptest::option::of(text()), proptest::option::of(text())),
            (proptest::option::of(text()), proptest::option::of(text())),
            (proptest::option::of(text()), proptest::option::of(text())),
            (any::<bool>(), proptest::collection::vec(text(), 0..4)),
        )
            .prop_map(
                |(
                    (id, client, label, account),
                    (role, identity, via),
                    (region, destination),
                    (session, duration),
                    (external_id, browser),
                    (pinned, tags),
                )| ShortcutForm {
                    id,
                    client,
                    label,
                    account,
                    role,
                    identity,
                    via,
                    region,
                    destination,
                    session,
                    duration,
                    external_id,
                    browser,
                    pinned,
                    tags,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// The IPC argument types as the UI could send them (any text in any field): taking
        /// them apart, checking them against a catalog and mapping the problems back to form
        /// fields never panics.
        #[test]
        fn any_form_is_answered_never_panics(form in shortcut_form(), c in (text(), text(), proptest::option::of(text()), proptest::option::of(text()))) {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let store = rolehop_core::catalog::CatalogStore::new(dir.path().join("catalog.toml"));
            let client = client_of(&ClientForm {
                id: c.0,
                name: c.1,
                color: c.2,
                notes: None,
                link: c.3,
                browser: None,
            });
            if let Err(e) = store.preview(|doc, _| doc.add_client(&client, false)) {
                let _ = as_fields("client", &client.id, e);
            }
            if let Ok(shortcut) = shortcut_of(&form)
                && let Err(e) = store.preview(|doc, _| doc.add_shortcut(&shortcut, true))
            {
                let _ = as_fields("shortcut", &shortcut.id, e);
            }
            // And as JSON the UI could send, well-formed or not.
            let json = serde_json::json!({"id": form.id, "client": form.client, "role": form.role, "pinned": form.pinned, "tags": form.tags});
            let _ = serde_json::from_value::<ShortcutForm>(json);
        }
    }

    #[test]
    fn field_names_become_the_ui_names() {
        assert_eq!(camel("external_id"), "externalId");
        assert_eq!(camel("account"), "account");
        assert_eq!(camel("mfa_serial"), "mfaSerial");
    }

    #[test]
    fn catalog_issues_land_on_the_form_fields() {
        let e = CatalogError::EditRejected {
            file: "c.toml".into(),
            issues: vec![
                rolehop_core::catalog::Issue {
                    line: 3,
                    column: 1,
                    key: "shortcut[x].external_id".into(),
                    message: "too short".into(),
                    example: Some("\"abc\"".into()),
                },
                rolehop_core::catalog::Issue {
                    line: 9,
                    column: 1,
                    key: "client[other].color".into(),
                    message: "not a colour".into(),
                    example: None,
                },
            ],
        };
        let err = as_fields("shortcut", "x", e);
        assert_eq!(err.kind, ShellErrorKind::InvalidInput.into());
        assert_eq!(err.fields[0].field, "externalId");
        assert!(err.fields[0].message.contains("\"abc\""));
        assert_eq!(err.fields[1].field, "");
    }

    #[test]
    fn bad_duration_and_session_are_field_problems() {
        let form = ShortcutForm {
            id: "x".into(),
            client: "acme".into(),
            label: None,
            account: Some("222222222222".into()),
            role: "Admin".into(),
            identity: None,
            via: None,
            region: None,
            destination: None,
            session: Some("weekly".into()),
            duration: Some("soon".into()),
            external_id: None,
            browser: None,
            pinned: false,
            tags: vec![" ".into()],
        };
        let err = shortcut_of(&form)
            .err()
            .unwrap_or_else(|| panic!("accepted"));
        let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["duration", "session"]);
    }
}
