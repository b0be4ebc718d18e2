//! Chromium-family profiles: the window's colour and title in its preferences, and the page
//! mark extension with the guard service worker that keeps sign-in links out of the cache.

use std::path::Path;

use super::{CHROMIUM_MARK_DIR, create_private, io, read_json, set_path, write_private};
use crate::browser::BrowserError;
use crate::browser::mark::WindowMark;

/// An ARGB colour as the signed 32-bit integer Chromium's preferences store.
pub(super) fn skia_color(rgb: [u8; 3]) -> i64 {
    let argb =
        0xff00_0000u32 | (u32::from(rgb[0]) << 16) | (u32::from(rgb[1]) << 8) | u32::from(rgb[2]);
    i64::from(argb as i32)
}

/// The global sign-in origins of every partition.
fn signin_origins(extra: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = crate::catalog::Partition::ALL
        .into_iter()
        .map(|p| format!("https://{}", crate::partition::hosts::signin_host(p)))
        .collect();
    if let Some(origin) = extra
        && !out.iter().any(|o| o == origin)
    {
        out.push(origin.to_string());
    }
    out
}

/// The Chromium extension's service worker that keeps the sign-in token out of the profile's
/// HTTP cache. The sign-in request's URL holds the one-time token, and Chromium stores a
/// cache entry keyed by that URL when the endpoint's answer does not forbid it
/// (`Cache-Control: no-store`). Whatever the endpoint answers, once a console page has
/// finished loading (the page script sends `loaded` on `load`), the cache of the sign-in
/// origins is dropped through Chromium's own `browsingData` API, so the cache stays consistent
/// and the rest of it (the console's scripts) is kept.
///
/// Never while the sign-in is under way: dropping the cache aborts a navigation in flight,
/// and Chromium then retries the hand-off URL, which is gone by then (a window showing
/// "refused to connect" instead of the console, about one open in five on a busy machine).
/// So no drop when the worker starts (leftovers are scrubbed before the browser starts, see
/// [`super::scrub_signin`]), nor for the hand-off page (`file:`) or the sign-in endpoint
/// itself.
pub fn signin_guard_script(origins: &[String]) -> String {
    let list = serde_json::to_string(origins).unwrap_or_else(|_| "[]".into());
    format!(
        "// Written by Rolehop: drops cached sign-in requests (their URL holds a one-time token)\n\
// once a console page has loaded; never during the sign-in (that would abort it).\n\
const ORIGINS = {list};\n\
let pending = null;\n\
function settled(url) {{\n\
  try {{\n\
    const u = new URL(url);\n\
    return (u.protocol === \"https:\" || u.protocol === \"http:\") && !u.pathname.startsWith(\"/federation\") && !u.pathname.startsWith(\"/oauth\");\n\
  }} catch (e) {{\n\
    return false;\n\
  }}\n\
}}\n\
function scrub() {{\n\
  clearTimeout(pending);\n\
  pending = setTimeout(() => chrome.browsingData.remove({{ since: 0, origins: ORIGINS }}, {{ cache: true }}).catch(() => {{}}), 300);\n\
}}\n\
chrome.runtime.onMessage.addListener((message, sender) => {{\n\
  if (message && message.rolehop === \"loaded\" && sender && sender.url && settled(sender.url)) scrub();\n\
}});\n"
    )
}

/// The rest of the extension's service worker: a console opened again in a profile whose
/// console is already open does not pile up tabs (issue 26). The new tab signs the profile in
/// again (its cookies are the profile's, so every tab of it is renewed); once it has landed,
/// if it landed on the console's home page or on the page another console tab of this profile
/// shows, that other tab (the one used last) is reloaded, brought forward with its window,
/// and the new tab closes. A new tab that landed on another page (a link's or a shortcut's
/// destination the person is not on) stays: that page is what was asked for.
///
/// Only tabs that came through a Rolehop hand-off page are followed (a tab the person opened
/// is never closed), kept in the worker's session storage, which outlives the worker's sleeps
/// (a Firefox background page keeps them in memory). `scope` says which pages are the
/// console's ([`crate::browser::mark::MarkScope`]). The same script runs in Chromium's
/// service worker and in Firefox's background page (`browser.*` there).
pub fn tab_reuse_script(scope: &crate::browser::mark::MarkScope) -> String {
    let scope = serde_json::to_string(scope).unwrap_or_else(|_| "{}".into());
    format!(
        "// Written by Rolehop: a console opened again reuses the tab this profile has.\n\
const SCOPE = {scope};\n\
const FRESH = \"rolehop-fresh-tabs\";\n\
const api = globalThis.browser || globalThis.chrome;\n\
const remembered = new Set();\n\
function handoff(url) {{\n\
  return typeof url === \"string\" && url.startsWith(\"file:\") && url.includes(\"/rolehop-handoff-\");\n\
}}\n\
function consolePage(url) {{\n\
  try {{\n\
    const u = new URL(url);\n\
    if (u.pathname.startsWith(\"/federation\") || u.pathname.startsWith(\"/oauth\")) return false;\n\
    if (SCOPE.origins.includes(u.origin)) return true;\n\
    const h = u.hostname;\n\
    return u.protocol === \"https:\" && u.port === \"\" && SCOPE.hosts.some((b) => h === b || h.endsWith(\".\" + b));\n\
  }} catch (e) {{\n\
    return false;\n\
  }}\n\
}}\n\
function home(u) {{\n\
  return u.pathname === \"/console\" || u.pathname === \"/console/home\" || u.pathname === \"/console/home/\";\n\
}}\n\
async function freshTabs() {{\n\
  if (api.storage && api.storage.session) {{\n\
    try {{ return (await api.storage.session.get(FRESH))[FRESH] || []; }} catch (e) {{}}\n\
  }}\n\
  return [...remembered];\n\
}}\n\
async function keepFresh(list) {{\n\
  remembered.clear();\n\
  list.forEach((t) => remembered.add(t));\n\
  if (api.storage && api.storage.session) {{\n\
    try {{ await api.storage.session.set({{ [FRESH]: list }}); }} catch (e) {{}}\n\
  }}\n\
}}\n\
async function follow(tabId, info, tab) {{\n\
  if (info.url && handoff(info.url)) {{\n\
    const fresh = await freshTabs();\n\
    if (!fresh.includes(tabId)) await keepFresh([...fresh, tabId]);\n\
    return;\n\
  }}\n\
  if (info.status !== \"complete\" || !tab || !tab.url || !consolePage(tab.url)) return;\n\
  const fresh = await freshTabs();\n\
  if (!fresh.includes(tabId)) return;\n\
  await keepFresh(fresh.filter((t) => t !== tabId));\n\
  const others = (await api.tabs.query({{}}))\n\
    .filter((t) => t.id !== tabId && t.url && consolePage(t.url))\n\
    .sort((a, b) => (b.lastAccessed || 0) - (a.lastAccessed || 0));\n\
  if (others.length === 0) return;\n\
  const keep = others[0];\n\
  const landed = new URL(tab.url);\n\
  const there = new URL(keep.url);\n\
  if (!home(landed) && !(landed.origin === there.origin && landed.pathname === there.pathname)) return;\n\
  await api.tabs.reload(keep.id);\n\
  await api.tabs.update(keep.id, {{ active: true }});\n\
  await api.windows.update(keep.windowId, {{ focused: true }});\n\
  await api.tabs.remove(tabId);\n\
}}\n\
api.tabs.onUpdated.addListener((tabId, info, tab) => {{ follow(tabId, info, tab).catch(() => {{}}); }});\n\
api.tabs.onRemoved.addListener((tabId) => {{\n\
  freshTabs().then((fresh) => fresh.includes(tabId) && keepFresh(fresh.filter((t) => t !== tabId))).catch(() => {{}});\n\
}});\n"
    )
}

/// Where one Chromium profile's marks go: a browser of its own (`Default` in its data
/// directory) or a profile of the shared browser.
pub(super) struct ChromiumProfile<'a> {
    /// The browser's data directory ("Local State", the page mark extension).
    pub user_data_dir: &'a Path,
    /// The profile's folder name in it (`Default`, `shortcut-<id>`).
    pub name: &'a str,
    pub shared: bool,
    /// Where its first window opens (see `prepare_place`).
    pub position: crate::browser::placement::Placement,
    /// The shortcut whose profile this is (a browser of its own writes it into its
    /// extension's worker; a shared browser's profiles learn theirs from the hand-off).
    pub shortcut: &'a str,
}

pub(super) fn chromium_marks(
    target: &ChromiumProfile<'_>,
    mark: &WindowMark,
    browser_running: bool,
    profile_loaded: bool,
    signin_origin: Option<&str>,
) -> Result<(), BrowserError> {
    use serde_json::json;
    // A running browser owns "Local State" and rewrites it on exit; the profile's own
    // Preferences only while the profile is loaded: each is written while closed (a colour
    // change shows at the next start).
    if !browser_running {
        // The profile's display name lives in "Local State"; Chromium keeps a name it finds.
        let path = target.user_data_dir.join("Local State");
        let mut state = read_json(&path);
        if target.shared {
            // Profiles removed while the browser ran (it kept them in its list): gone now.
            if let Some(cache) = state
                .pointer_mut("/profile/info_cache")
                .and_then(|c| c.as_object_mut())
            {
                cache.retain(|name, _| {
                    !name.starts_with(super::SHARED_PREFIX)
                        || name == target.name
                        || target.user_data_dir.join(name).is_dir()
                });
            }
        }
        set_path(
            &mut state,
            &["profile", "info_cache", target.name, "name"],
            json!(mark.name),
        );
        set_path(
            &mut state,
            &[
                "profile",
                "info_cache",
                target.name,
                "is_using_default_name",
            ],
            json!(false),
        );
        set_path(
            &mut state,
            &["browser", "has_seen_welcome_page"],
            json!(true),
        );
        write_private(&path, &state.to_string())?;
    }
    if !profile_loaded {
        let profile = target.user_data_dir.join(target.name);
        create_private(&profile).map_err(io(&profile))?;
        let path = profile.join("Preferences");
        let mut prefs = read_json(&path);
        let color = json!(skia_color(mark.rgb()));
        for (keys, value) in [
            // A profile new to a running shared browser takes its name from here.
            (&["profile", "name"][..], json!(mark.name)),
            (&["browser", "has_seen_welcome_page"], json!(true)),
            (&["browser", "check_default_browser"], json!(false)),
            // No history: the sign-in passes through a one-time URL that should not be kept.
            (&["history", "saving_disabled"], json!(true)),
            // A console profile is never for browser sign-in: no "Sign in to Chromium?"
            // prompt in its toolbar (Chromium's `signin.allowed` profile preference).
            (&["signin", "allowed"], json!(false)),
            // The "autogenerated" theme paints the whole frame in the colour; the user colour
            // is what newer versions fall back to.
            (&["autogenerated", "theme", "color"], color.clone()),
            (
                &["extensions", "theme", "id"],
                json!("autogenerated_theme_id"),
            ),
            (&["extensions", "theme", "system_theme"], json!(0)),
            (&["browser", "theme", "user_color2"], color),
        ] {
            set_path(&mut prefs, keys, value);
        }
        // Where the person last left this shortcut's window is kept: Chromium remembers it
        // in the profile (and prefers it to the command line's). A profile without one gets
        // its place here when shared (a shared browser applies its first start's command-line
        // place to every window), and from the command line otherwise.
        let remembered = prefs
            .pointer("/browser/window_placement")
            .is_some_and(|p| p.get("left").and_then(|v| v.as_i64()).is_some());
        if target.shared && !remembered {
            let p = target.position;
            let (x, y) = (i64::from(p.x), i64::from(p.y));
            set_path(
                &mut prefs,
                &["browser", "window_placement"],
                json!({"left": x, "top": y, "right": x + i64::from(p.width), "bottom": y + i64::from(p.height), "maximized": false}),
            );
        }
        write_private(&path, &prefs.to_string())?;
    }
    // The page mark: a frame and a banner naming the account on every page (red for
    // production), where Chromium loads command-line extensions. A browser of its own gets
    // this shortcut's mark written in; a shared browser loads one extension for all its
    // profiles (Chromium loads command-line extensions process-wide), which draws the mark
    // each profile keeps in its own storage (see `mark::shared_page_script`).
    let ext = target.user_data_dir.join(CHROMIUM_MARK_DIR);
    let scope = crate::browser::mark::MarkScope::new(signin_origin);
    create_private(&ext).map_err(io(&ext))?;
    let manifest = json!({
        "manifest_version": 3,
        "name": "Rolehop window mark",
        "version": "1.0",
        "description": "Shows on every page of this Rolehop profile which account it is, keeps sign-in links out of its cache, reuses its console tab when the console is opened again, and talks to Rolehop to renew it in place.",
        // The id follows this key, not the folder, so the host manifest can name it
        // (`crate::browser::channel`).
        "key": crate::browser::channel::EXTENSION_KEY,
        // `tabs`: the service worker sees which tab came through a hand-off and which show
        // the console, so a console opened again reuses the tab (see `tab_reuse_script`).
        // `nativeMessaging`: the channel to Rolehop (`channel_js`).
        "permissions": ["browsingData", "storage", "tabs", "nativeMessaging"],
        "background": {"service_worker": "guard.js"},
        "content_scripts": [{
            // AWS's pages and Rolehop's hand-off pages only: the mark names the account, and
            // a third-party page must not read it (the script checks the origin again).
            "matches": scope.match_patterns(),
            "js": ["mark.js"],
            "run_at": "document_start"
        }]
    });
    let draw = if target.shared {
        crate::browser::mark::shared_page_script(&scope)
    } else {
        crate::browser::mark::page_script(mark, &scope)
    };
    // The page script, then a note to the guard once a page has loaded: by then the
    // sign-in redirect that led here is in the cache, if anywhere, and no navigation is
    // under way that dropping it could abort.
    let script = format!(
        "{draw}{}(() => {{\n  if (window.top !== window) return;\n  const loaded = () => {{ try {{ chrome.runtime.sendMessage({{ rolehop: \"loaded\" }}).catch(() => {{}}); }} catch (e) {{}} }};\n  window.addEventListener(\"load\", loaded);\n}})();\n{}",
        crate::browser::mark::shortcut_from_handoff(),
        super::channel_js::NOTICE_SCRIPT
    );
    // Unchanged files are left alone: a running shared browser has them loaded.
    write_if_changed(&ext.join("manifest.json"), &manifest.to_string())?;
    write_if_changed(&ext.join("mark.js"), &script)?;
    write_if_changed(
        &ext.join("guard.js"),
        &format!(
            "{}{}{}",
            signin_guard_script(&signin_origins(signin_origin)),
            tab_reuse_script(&scope),
            super::channel_js::channel_script((!target.shared).then_some(target.shortcut))
        ),
    )?;
    Ok(())
}

fn write_if_changed(path: &Path, text: &str) -> Result<(), BrowserError> {
    if std::fs::read_to_string(path).is_ok_and(|t| t == text) {
        return Ok(());
    }
    write_private(path, text)
}

#[cfg(test)]
mod tab_reuse_tests {
    use super::*;

    /// The script is written for the scope it is given, follows only hand-off tabs, and never
    /// closes a tab that landed on a page other than the home page or the one already shown.
    #[test]
    fn the_tab_reuse_script_follows_hand_off_tabs_only() {
        let scope = crate::browser::mark::MarkScope::new(Some("http://127.0.0.1:4567"));
        let script = tab_reuse_script(&scope);
        assert!(
            script.contains("\"origins\":[\"http://127.0.0.1:4567\"]"),
            "{script}"
        );
        assert!(script.contains("console.aws.amazon.com"), "{script}");
        assert!(script.contains("/rolehop-handoff-"));
        assert!(script.contains("if (!fresh.includes(tabId)) return;"));
        assert!(script.contains("if (!home(landed) && !(landed.origin === there.origin"));
    }
}
