//! Firefox profiles: preferences (no disk cache, no first-run pages), the window mark as
//! `userChrome.css`, and the title script.

use std::path::Path;

use super::{create_private, io, read_json, set_path, write_private};
use crate::browser::BrowserError;
use crate::browser::mark::{PRODUCTION_RED, WindowMark, css_string, js_string};

/// Firefox preferences that skip first-run pages and default-browser prompts.
const FIREFOX_PREFS: &str = r#"// Written by Rolehop for an isolated console profile.
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("startup.homepage_welcome_url", "");
user_pref("startup.homepage_welcome_url.additional", "");
user_pref("browser.startup.firstrunSkipsHomepage", true);
user_pref("trailhead.firstrun.didSeeAboutWelcome", true);
user_pref("datareporting.policy.dataSubmissionPolicyBypassNotification", true);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
user_pref("browser.tabs.warnOnClose", false);
user_pref("browser.warnOnQuit", false);
// What a console does not need (lighter consoles): no telemetry, studies or crash reports, no
// update checks of the browser or its add-ons from this profile, no translation or local AI
// models, no sync or account prompts, no prefetching, a blank new tab.
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("toolkit.telemetry.unified", false);
user_pref("app.normandy.enabled", false);
user_pref("app.shield.optoutstudies.enabled", false);
user_pref("browser.crashReports.unsubmittedCheck.autoSubmit2", false);
user_pref("app.update.auto", false);
user_pref("extensions.update.enabled", false);
user_pref("extensions.getAddons.cache.enabled", false);
user_pref("browser.translations.enable", false);
user_pref("browser.ml.enable", false);
user_pref("identity.fxaccounts.enabled", false);
user_pref("network.prefetch-next", false);
user_pref("network.dns.disablePrefetch", true);
user_pref("network.predictor.enabled", false);
user_pref("browser.newtabpage.enabled", false);
user_pref("browser.newtabpage.activity-stream.feeds.topsites", false);
user_pref("browser.newtabpage.activity-stream.feeds.section.topstories", false);
user_pref("browser.newtabpage.activity-stream.showSponsoredTopSites", false);
user_pref("extensions.pocket.enabled", false);
// The sign-in passes through a one-time URL: keep it out of history and form data, and out of
// the disk cache (Firefox stores a sign-in redirect there when the endpoint does not forbid
// it); the memory cache still serves the console's scripts.
user_pref("places.history.enabled", false);
user_pref("browser.cache.disk.enable", false);
user_pref("browser.formfill.enable", false);
// Lets chrome/userChrome.css show the shortcut's name in the toolbar.
user_pref("toolkit.legacyUserProfileCustomizations.stylesheets", true);
// Loads Rolehop's window-title extension from this profile's extensions/ folder without a
// prompt (unsigned: honoured by Firefox ESR, Developer Edition and Nightly).
user_pref("xpinstall.signatures.required", false);
user_pref("extensions.autoDisableScopes", 0);
user_pref("extensions.enabledScopes", 15);
"#;

/// The id of the Firefox extension that prefixes window titles.
pub const FIREFOX_MARK_ID: &str = "window-mark@rolehop.app";

/// The Firefox stylesheet: the tab strip in the client's colour, a badge naming the shortcut
/// and its account in the toolbar, and for production a red frame around the page and a red
/// badge.
pub fn firefox_css(mark: &WindowMark) -> String {
    let [r, g, b] = mark.rgb();
    let [tr, tg, tb] = crate::catalog::colors::text_on([r, g, b]);
    let fg = format!("rgb({tr}, {tg}, {tb})");
    let bg = format!("rgb({r}, {g}, {b})");
    let label = css_string(&mark.title);
    let mut css = format!(
        "/* Written by Rolehop before each open: shows which account this window is. */\n\
         #navigator-toolbox {{ background-color: {bg} !important; }}\n\
         #TabsToolbar {{ color: {fg} !important; }}\n\
         #nav-bar::before {{ content: {label}; background: {bg}; color: {fg}; border-radius: 4px; padding: 2px 8px; margin: 0 6px; font-weight: bold; align-self: center; white-space: nowrap; }}\n"
    );
    if mark.production {
        css.push_str(&format!(
            "#navigator-toolbox {{ border-top: 6px solid {PRODUCTION_RED} !important; border-bottom: 3px solid {PRODUCTION_RED} !important; }}\n\
             #nav-bar::before {{ background: {PRODUCTION_RED} !important; color: white !important; }}\n\
             #browser {{ border: 4px solid {PRODUCTION_RED} !important; }}\n"
        ));
    }
    css
}

/// The Firefox extension's background script: every window's title starts with the mark.
pub(super) fn firefox_title_script(mark: &WindowMark) -> String {
    format!(
        "// Written by Rolehop: every window of this profile says which account it is.\n\
         const preface = {} + \" — \";\n\
         const mark = (w) => browser.windows.update(w.id, {{ titlePreface: preface }}).catch(() => {{}});\n\
         browser.windows.getAll().then((ws) => ws.forEach(mark));\n\
         browser.windows.onCreated.addListener(mark);\n",
        js_string(&mark.title)
    )
}

pub(super) fn firefox_marks(
    dir: &Path,
    mark: &WindowMark,
    running: bool,
    position: crate::browser::placement::Placement,
    scope: &crate::browser::mark::MarkScope,
) -> Result<(), BrowserError> {
    use serde_json::json;
    write_private(&dir.join("user.js"), FIREFOX_PREFS)?;
    let chrome = dir.join("chrome");
    create_private(&chrome).map_err(io(&chrome))?;
    write_private(&chrome.join("userChrome.css"), &firefox_css(mark))?;
    let ext = dir.join("extensions").join(FIREFOX_MARK_ID);
    create_private(&ext).map_err(io(&ext))?;
    let manifest = json!({
        "manifest_version": 2,
        "name": "Rolehop window mark",
        // A new version for each new permission: Firefox reads a changed extension again.
        "version": "1.1",
        "description": "Starts every window title of this Rolehop profile with its account, and reuses its console tab when the console is opened again.",
        "browser_specific_settings": {"gecko": {"id": FIREFOX_MARK_ID}},
        // `tabs`: which tab came through a hand-off and which show the console (tab reuse).
        "permissions": ["tabs"],
        "background": {"scripts": ["background.js"]}
    });
    write_private(&ext.join("manifest.json"), &manifest.to_string())?;
    write_private(
        &ext.join("background.js"),
        &format!(
            "{}{}",
            firefox_title_script(mark),
            super::chromium::tab_reuse_script(scope)
        ),
    )?;
    let path = dir.join("xulstore.json");
    let mut store = read_json(&path);
    let window = "chrome://browser/content/browser.xhtml";
    // Where the first window opens; after that Firefox keeps where the person left it.
    if !running
        && store
            .pointer(&format!(
                "/{}/main-window/screenX",
                window.replace('/', "~1")
            ))
            .is_none()
    {
        for (key, value) in [
            ("screenX", position.x.to_string()),
            ("screenY", position.y.to_string()),
            ("width", position.width.to_string()),
            ("height", position.height.to_string()),
            ("sizemode", "normal".to_string()),
        ] {
            set_path(&mut store, &[window, "main-window", key], json!(value));
        }
        write_private(&path, &store.to_string())?;
    }
    Ok(())
}
