// Generated from src-tauri/src/app/{ipc,bindings}.rs by
// `ROLEHOP_BLESS=1 cargo test -p rolehop bindings`. Do not edit by hand.
import { invoke } from "@tauri-apps/api/core";

export type ErrorKind = "config" | "catalog_parse" | "catalog_invalid" | "not_found" | "io" | "keychain_unavailable" | "keychain_locked" | "keychain_denied" | "keychain" | "keys_missing" | "invalid_keys" | "access_denied" | "mfa_required" | "mfa_rejected" | "mfa_reused" | "expired_session" | "duration_too_long" | "throttled" | "network" | "aws" | "signin" | "browser_missing" | "browser_failed";

export type ShellErrorKind = "invalid_input" | "cancelled" | "internal";

export type IpcErrorKind = ErrorKind | ShellErrorKind;

export type ImportEntryKind = "identity" | "client" | "shortcut";

export type ImportRowStatus = "new" | "unchanged" | "differs" | "duplicate" | "blocked";

export type IpcError = { kind: IpcErrorKind, message: string, fields: Array<FieldProblem>, };

export type FieldProblem = { field: string, message: string, };

export type SwitcherHit = { id: string, client: string, clientName: string, color: string | null, label: string, account: string, role: string, tags: Array<string>, pinned: boolean, };

export type OpenHow = "browser" | "copy_url" | "builtin";

export type MfaAsk = { identity: string, serial: string, reason: string, 
/**
 * Set when this is a second try: what went wrong with the first.
 */
retry: MfaRetryView | null, };

export type MfaRetryView = { "kind": "bad_format" } | { "kind": "rejected" } | { "kind": "already_used", wait_secs: number, };

export type MfaOutcome = { "kind": "retry", ask: MfaAsk, } | { "kind": "done" } | { "kind": "failed", error: IpcError, };

export type BrowserView = { kind: string, program: string, };

export type KeychainStatus = { ok: boolean, kind: ErrorKind | null, message: string, };

export type SetupInfo = { keychain: KeychainStatus, browsers: Array<BrowserView>, defaultBrowser: string | null, identities: Array<string>, catalogPath: string, };

export type IdentityForm = { identity: string, account: string, accessKeyId: string, secretAccessKey: string, mfaSerial: string | null, region: string | null, partition: string | null, browser: string | null, };

export type IdentitySaved = { identity: string, callerArn: string | null, };

export type ClientForm = { id: string, name: string, color: string | null, notes: string | null, link: string | null, browser: string | null, };

export type ShortcutForm = { id: string, client: string, label: string | null, account: string | null, role: string, identity: string | null, via: string | null, region: string | null, destination: string | null, 
/**
 * `daily` or `long`.
 */
session: string | null, 
/**
 * A duration such as `8h` or `45m`.
 */
duration: string | null, externalId: string | null, browser: string | null, pinned: boolean, tags: Array<string>, };

export type IdentityView = { id: string, account: string, mfaSerial: string | null, partition: string, region: string | null, 
/**
 * Whether the keychain holds this identity's keys.
 */
hasKeys: boolean, };

export type EntryKind = "client" | "shortcut";

export type SettingsView = { catalogPath: string, identities: Array<IdentityView>, clients: Array<ClientForm>, shortcuts: Array<ShortcutForm>, defaultBrowser: string | null, browsers: Array<BrowserView>, autostart: boolean, hotkey: string, 
/**
 * Clients and shortcuts that come from read-only layers (team files, discovery).
 */
layered: Array<LayeredEntry>, 
/**
 * Every layer file and how it fared.
 */
layers: Array<LayerView>, 
/**
 * Ids defined more than once, and which definition is used.
 */
conflicts: Array<ConflictView>, 
/**
 * The AWS Organizations discovery sources (ids).
 */
discoveries: Array<string>, 
/**
 * Whether some layer is an https URL (it can be refreshed).
 */
hasUrlLayers: boolean, };

export type LayeredEntry = { 
/**
 * `client` or `shortcut`.
 */
kind: string, id: string, origin: string, };

export type LayerView = { layer: string, file: string, entries: number, 
/**
 * Why it is not used, if it is not.
 */
problem: string | null, };

export type ConflictView = { kind: string, id: string, kept: string, ignored: string, };

export type ImportFormat = "aws-config" | "switch-roles";

export type ImportInput = { format: ImportFormat, path: string | null, text: string | null, clientPattern: string | null, 
/**
 * AWS config only: move the static keys of new identities into the keychain (checked
 * with AWS, which also says the account). Without it keys are never copied.
 */
moveKeys: boolean, };

export type ImportRowView = { 
/**
 * What accepting this row sends back (`shortcut:acme-prod`).
 */
key: string, kind: ImportEntryKind, id: string, 
/**
 * `profile:line` in the input.
 */
from: string | null, summary: string, status: ImportRowStatus, 
/**
 * The fields that differ, the shortcut it duplicates, or why it is blocked.
 */
detail: string | null, notes: Array<string>, 
/**
 * Whether importing would write it (new rows).
 */
writable: boolean, };

export type SkippedView = { profile: string, line: number, reason: string, };

export type ImportPreview = { 
/**
 * The file read (or `pasted text`).
 */
source: string, rows: Array<ImportRowView>, skipped: Array<SkippedView>, };

export type ImportApplied = { added: Array<string>, replaced: Array<string>, };

export type DiscoverView = { id: string, accounts: number, shortcuts: number, clients: number, 
/**
 * Whether there was an earlier result to compare with.
 */
refresh: boolean, applied: boolean, changes: Array<DiscoverChangeView>, };

export type DiscoverChangeView = { 
/**
 * `appeared`, `changed`, `left` or `flagged` (suspended or closing).
 */
change: string, id: string | null, account: string, detail: string, };

export type LayerRefreshView = { layer: string, 
/**
 * `updated`, `unchanged` or `failed`.
 */
result: string, detail: string, };

export type NoticeKind = "progress" | "error" | "warning" | "info";

export type NoticeView = { id: number, kind: NoticeKind, title: string, body: string, 
/**
 * A shortcut whose console the person can renew from here.
 */
renew: string | null, };

/** Every command; each rejects with an `IpcError`. */
export const commands = {
  search: (query: string): Promise<Array<SwitcherHit>> => invoke("search", { query }),
  openShortcut: (id: string, how: OpenHow): Promise<null> => invoke("open_shortcut", { id, how }),
  dismiss: (): Promise<null> => invoke("dismiss"),
  mfaAsk: (): Promise<MfaAsk | null> => invoke("mfa_ask"),
  mfaSubmit: (code: string): Promise<MfaOutcome> => invoke("mfa_submit", { code }),
  mfaCancel: (): Promise<null> => invoke("mfa_cancel"),
  setupInfo: (): Promise<SetupInfo> => invoke("setup_info"),
  saveIdentity: (form: IdentityForm): Promise<IdentitySaved> => invoke("save_identity", { form }),
  checkClient: (form: ClientForm, replace: boolean): Promise<Array<FieldProblem>> => invoke("check_client", { form, replace }),
  checkShortcut: (form: ShortcutForm, replace: boolean): Promise<Array<FieldProblem>> => invoke("check_shortcut", { form, replace }),
  saveClient: (form: ClientForm, replace: boolean): Promise<null> => invoke("save_client", { form, replace }),
  saveShortcut: (form: ShortcutForm, replace: boolean): Promise<null> => invoke("save_shortcut", { form, replace }),
  removeEntry: (kind: EntryKind, id: string): Promise<null> => invoke("remove_entry", { kind, id }),
  setDefaultBrowser: (kind: string): Promise<null> => invoke("set_default_browser", { kind }),
  settingsView: (): Promise<SettingsView> => invoke("settings_view"),
  setAutostart: (enabled: boolean): Promise<boolean> => invoke("set_autostart", { enabled }),
  setHotkey: (hotkey: string): Promise<null> => invoke("set_hotkey", { hotkey }),
  openWindow: (which: string): Promise<null> => invoke("open_window", { which }),
  importPreview: (input: ImportInput): Promise<ImportPreview> => invoke("import_preview", { input }),
  importApply: (input: ImportInput, accept: Array<string>): Promise<ImportApplied> => invoke("import_apply", { input, accept }),
  discoverRun: (id: string, apply: boolean): Promise<DiscoverView> => invoke("discover_run", { id, apply }),
  refreshLayers: (): Promise<Array<LayerRefreshView>> => invoke("refresh_layers"),
  notices: (): Promise<Array<NoticeView>> => invoke("notices"),
  noticeDismiss: (id: number): Promise<null> => invoke("notice_dismiss", { id }),
  noticeFit: (height: number): Promise<null> => invoke("notice_fit", { height }),
  noticeRenew: (id: number): Promise<null> => invoke("notice_renew", { id }),
};
