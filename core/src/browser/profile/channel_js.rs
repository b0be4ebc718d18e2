//! The extension's side of the channel to Rolehop ([`crate::browser::channel`]): the part of
//! the Chromium service worker that connects to the native host and answers it, and the part of
//! the page script that shows a renewal notice with a Renew button. Written into the profile
//! by [`super::chromium`]; the worker part runs after `tab_reuse_script`, whose `api`,
//! `SCOPE` and `consolePage` it uses.

use crate::browser::channel::HOST_NAME;
use crate::browser::mark::{SHORTCUT_KEY, js_string};

/// The service worker's channel. A browser of its own (`own`: its one shortcut) knows its
/// shortcut from the start: it does not depend on the hand-off page's content script having
/// run before that page went on to the sign-in (on a busy machine it sometimes had not, and
/// the console never went live). A shared browser's profile learns its shortcut from its
/// hand-off page (`mark::shortcut_from_handoff`, kept in storage; one extension serves every
/// profile). It connects
/// once a console page has loaded (and again after the host went away, at most every 30 s),
/// reports when a console tab comes to the front in a focused window and when none is any more,
/// answers where the console tab is and brings it forward, loads a renewal's one-use hand-off
/// (a `http://127.0.0.1:` URL, nothing else) in the tab Rolehop names, and passes the banner's
/// Renew clicks on: only from its own content scripts (`sender.id`), never from a page.
pub fn channel_script(own: Option<&str>) -> String {
    let host = js_string(HOST_NAME);
    let key = js_string(SHORTCUT_KEY);
    let own = own.map_or_else(|| "null".to_string(), js_string);
    format!(
        "// Written by Rolehop: the channel to Rolehop (native messaging), for this extension only.\n\
const HOST = {host};\n\
const OWN = {own};\n\
let port = null;\n\
let retryAt = 0;\n\
let inFront = false;\n\
async function shortcutNow() {{\n\
  try {{ return (await api.storage.local.get({key}))[{key}] || OWN; }} catch (e) {{ return OWN; }}\n\
}}\n\
async function consoleTabs() {{\n\
  const tabs = (await api.tabs.query({{}})).filter((t) => t.url && consolePage(t.url));\n\
  return tabs.sort((a, b) => (b.lastAccessed || 0) - (a.lastAccessed || 0));\n\
}}\n\
function send(message) {{\n\
  if (port) try {{ port.postMessage(message); }} catch (e) {{}}\n\
}}\n\
async function reportFront(windowId) {{\n\
  let now = false;\n\
  try {{\n\
    // A focus change names the window that has the focus now (none of this profile's: NONE).\n\
    const named = Number.isInteger(windowId);\n\
    const w = !named ? await api.windows.getLastFocused({{ populate: true }})\n\
      : windowId === api.windows.WINDOW_ID_NONE ? null : await api.windows.get(windowId, {{ populate: true }});\n\
    now = !!(w && (named || w.focused) && w.tabs.some((t) => t.active && t.url && consolePage(t.url)));\n\
  }} catch (e) {{}}\n\
  if (now !== inFront && port) {{\n\
    inFront = now;\n\
    send({{ type: now ? \"focus\" : \"blur\" }});\n\
  }}\n\
}}\n\
async function answer(m) {{\n\
  if (!m || typeof m.do !== \"string\") return;\n\
  if (m.do === \"where\") {{\n\
    const all = await consoleTabs();\n\
    const t = all[0];\n\
    send({{ type: \"at\", id: m.id, tab: t ? t.id : null, url: t ? t.url : null, tabs: all.length }});\n\
  }} else if (m.do === \"focus\") {{\n\
    const t = (await consoleTabs())[0];\n\
    if (t) {{\n\
      await api.tabs.update(t.id, {{ active: true }});\n\
      await api.windows.update(t.windowId, {{ focused: true, drawAttention: false }});\n\
    }}\n\
    send({{ type: \"focused\", id: m.id, ok: !!t }});\n\
  }} else if (m.do === \"renew\" && Number.isInteger(m.tab) && typeof m.url === \"string\" && m.url.startsWith(\"http://127.0.0.1:\")) {{\n\
    await api.tabs.update(m.tab, {{ url: m.url }});\n\
  }} else if (m.do === \"banner\" && typeof m.text === \"string\") {{\n\
    for (const t of await consoleTabs()) api.tabs.sendMessage(t.id, {{ rolehop: \"notice\", text: m.text, renew: m.renew === true }}).catch(() => {{}});\n\
  }}\n\
}}\n\
async function connect() {{\n\
  if (port || Date.now() < retryAt || !api.runtime.connectNative) return;\n\
  const shortcut = await shortcutNow();\n\
  if (!shortcut || port) return;\n\
  retryAt = Date.now() + 30000;\n\
  try {{ port = api.runtime.connectNative(HOST); }} catch (e) {{ port = null; return; }}\n\
  port.onMessage.addListener((m) => {{ answer(m).catch(() => {{}}); }});\n\
  port.onDisconnect.addListener(() => {{ port = null; inFront = false; }});\n\
  send({{ type: \"hello\", shortcut }});\n\
  reportFront().catch(() => {{}});\n\
}}\n\
api.windows.onFocusChanged.addListener((windowId) => {{ reportFront(windowId).catch(() => {{}}); }});\n\
api.tabs.onActivated.addListener(() => {{ reportFront().catch(() => {{}}); }});\n\
api.tabs.onRemoved.addListener(() => {{ reportFront().catch(() => {{}}); }});\n\
api.tabs.onUpdated.addListener((tabId, info, tab) => {{\n\
  if (info.status !== \"complete\" || !tab || !tab.url || !consolePage(tab.url)) return;\n\
  connect().then(() => reportFront()).catch(() => {{}});\n\
}});\n\
api.runtime.onMessage.addListener((message, sender) => {{\n\
  if (!sender || sender.id !== api.runtime.id || !sender.tab || !sender.tab.url || !consolePage(sender.tab.url)) return;\n\
  if (message && message.rolehop === \"renew\") send({{ type: \"renew\", tab: sender.tab.id, url: sender.tab.url }});\n\
}});\n\
api.storage.onChanged.addListener((changes, area) => {{\n\
  if (area !== \"local\" || !changes[{key}]) return;\n\
  if (port) {{ try {{ port.disconnect(); }} catch (e) {{}} port = null; }}\n\
  retryAt = 0;\n\
  connect().catch(() => {{}});\n\
}});\n\
connect().catch(() => {{}});\n"
    )
}

/// The page script's notice: a bar at the top of a console page with Rolehop's text and, when
/// asked, a Renew button that works only for the person's own click (`isTrusted`: a page's
/// script clicking it does nothing). The text is set as text, never as markup.
pub const NOTICE_SCRIPT: &str = "(() => {
  if (window.top !== window) return;
  chrome.runtime.onMessage.addListener((m) => {
    if (!m || m.rolehop !== \"notice\" || typeof m.text !== \"string\") return;
    for (const old of document.querySelectorAll(\"[data-rolehop-notice]\")) old.remove();
    if (!m.text) return;
    const bar = document.createElement(\"div\");
    bar.setAttribute(\"data-rolehop-notice\", \"\");
    bar.setAttribute(\"role\", \"alert\");
    bar.style.cssText = \"position:fixed;top:0;left:50%;transform:translateX(-50%);max-width:90vw;background:#fff4ce;color:#3b2f00;border:1px solid #b58a00;border-top:none;border-radius:0 0 6px 6px;font:13px/1.4 sans-serif;padding:6px 12px;z-index:2147483647;box-shadow:0 2px 6px rgba(0,0,0,.25)\";
    const text = document.createElement(\"span\");
    text.textContent = m.text;
    bar.append(text);
    if (m.renew === true) {
      const button = document.createElement(\"button\");
      button.textContent = \"Renew\";
      button.style.cssText = \"margin-left:10px;font:bold 13px sans-serif;padding:2px 10px;cursor:pointer\";
      button.addEventListener(\"click\", (e) => {
        if (!e.isTrusted) return;
        button.disabled = true;
        button.textContent = \"Renewing…\";
        chrome.runtime.sendMessage({ rolehop: \"renew\" }).catch(() => {});
      });
      bar.append(button);
    }
    document.documentElement.append(bar);
  });
})();
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_connects_for_its_shortcut_and_takes_only_loopback_renewals() {
        let script = channel_script(None);
        assert!(script.contains("connectNative(HOST)"), "{script}");
        assert!(script.contains("const OWN = null;"), "{script}");
        assert!(script.contains("const HOST = \"dev.rolehop.console\";"));
        assert!(script.contains("api.storage.local.get(\"rolehopShortcut\")"));
        assert!(script.contains("m.url.startsWith(\"http://127.0.0.1:\")"));
        assert!(script.contains("sender.id !== api.runtime.id"));
        assert!(script.contains("api.storage.onChanged"));
    }

    /// A browser of its own names its shortcut from the start (a string literal, escaped).
    #[test]
    fn a_browser_of_its_own_knows_its_shortcut_from_the_start() {
        let script = channel_script(Some("acme-prod"));
        assert!(script.contains("const OWN = \"acme-prod\";"), "{script}");
        assert!(script.contains("|| OWN;"), "{script}");
        let odd = channel_script(Some("a\"</script>"));
        assert!(
            odd.contains("const OWN = \"a\\\"\\u003c/script>\";"),
            "{odd}"
        );
    }

    #[test]
    fn the_notice_acts_only_on_trusted_clicks() {
        assert!(NOTICE_SCRIPT.contains("if (!e.isTrusted) return;"));
        assert!(NOTICE_SCRIPT.contains("text.textContent = m.text"));
        assert!(!NOTICE_SCRIPT.contains("innerHTML"));
    }
}
