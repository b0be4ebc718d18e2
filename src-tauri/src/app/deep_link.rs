//! `rolehop://open/<shortcut>` links reaching the tray app (`rolehop_core::link::deep` reads
//! them; `deep::lone_link` recognises a handed link for every binary). On Linux and Windows the
//! desktop runs `rolehop-tray <link>`: a running app receives the link as the second
//! instance's command line (tauri-plugin-single-instance), and an app that was not running
//! reads its own. On macOS the deep-link plugin's open-URL event brings it.
//!
//! A link only opens a shortcut that exists, in the browser its catalog entry chooses, through
//! the same flow as a tray click, and only once the person said so in the confirmation window
//! (`confirm.rs`): it never adds, edits or removes anything. A link that cannot be followed
//! (malformed, an unknown shortcut, a parameter a link may not set, a destination off the
//! console or one that preloads something) opens nothing and says why in a notification; a
//! burst of links is cut after a few (`rolehop_core::link::gate`).
//!
//! At start the app registers itself as the handler of `rolehop:`: on Linux a desktop entry
//! (`crate::scheme`), on Windows the registry (tauri-plugin-deep-link), on macOS the bundle's
//! Info.plist. The .deb's own desktop entry carries the same MimeType (from
//! `plugins.deep-link` in tauri.conf.json).

use rolehop_core::link::deep;
use rolehop_core::link::gate::Admit;
use rolehop_core::link::target::Target;
use tauri::{AppHandle, Manager, Runtime};

use super::actions::Picked;
use super::confirm::LinkSource;
use super::ipc::OpenHow;
use super::notify;

/// Follows a link from the desktop: reads it, resolves its shortcut and where it lands once
/// (what the confirmation shows is what opens), lets it through the burst gate, then asks the
/// person in the confirmation window (`confirm.rs`); or says why it cannot be followed.
pub fn follow<R: Runtime>(app: &AppHandle<R>, text: &str, how: OpenHow) {
    tracing::info!("following the link {}", deep::shown(text));
    let picked = match read(text) {
        Ok(picked) => picked,
        Err(e) => {
            tracing::warn!("not following the link: {e}");
            notify::error(app, "Rolehop cannot open this link", &e.to_string());
            return;
        }
    };
    // The gate counts the links that would act (a refused one only says why, and the same
    // error in a burst is one notice).
    if let Some(confirmations) = app.try_state::<super::confirm::Confirmations>() {
        match confirmations.admit() {
            Admit::Take => {}
            Admit::DropAndTell => {
                tracing::warn!("a burst of links: dropping {}", deep::shown(text));
                super::confirm::dropped(app);
                return;
            }
            Admit::Drop => {
                tracing::info!("a burst of links: dropping {}", deep::shown(text));
                return;
            }
        }
    }
    super::confirm::ask(app, picked, how, LinkSource::Desktop);
}

/// The one reading of a desktop link: parsed, the catalog read once, its shortcut resolved and
/// where it lands checked ([`Target::resolve`]); handed down to the confirmation and the open.
fn read(text: &str) -> Result<Picked, rolehop_core::Error> {
    let link = deep::parse(text)?;
    Picked::read(&Target {
        shortcut: link.shortcut,
        landing: link.landing,
    })
}

/// Makes Rolehop the desktop's handler of `rolehop:` links, off the start-up path (it runs
/// `xdg-mime` on Linux). A desktop without xdg-utils keeps working; links just do not reach
/// Rolehop there (`rolehop doctor` says so).
pub fn register<R: Runtime>(app: &AppHandle<R>) {
    #[cfg(target_os = "linux")]
    {
        let _ = app;
        std::thread::spawn(|| {
            let result = std::env::current_exe()
                .map_err(|e| e.to_string())
                .and_then(|exe| crate::scheme::register(&exe).map_err(|e| e.to_string()));
            match result {
                Ok(()) => tracing::debug!("rolehop:// links open with Rolehop"),
                Err(e) => tracing::warn!("rolehop:// links will not reach Rolehop: {e}"),
            }
        });
    }
    #[cfg(windows)]
    {
        use tauri_plugin_deep_link::DeepLinkExt;
        let app = app.clone();
        std::thread::spawn(move || {
            if let Err(e) = app.deep_link().register_all() {
                tracing::warn!("rolehop:// links will not reach Rolehop: {e}");
            }
        });
    }
    #[cfg(target_os = "macos")]
    {
        // Registered by the bundle's Info.plist; links arrive as events.
        use tauri_plugin_deep_link::DeepLinkExt;
        let handle = app.clone();
        app.deep_link().on_open_url(move |event| {
            for url in event.urls() {
                follow(&handle, url.as_str(), OpenHow::Browser);
            }
        });
    }
    #[cfg(not(any(target_os = "linux", windows, target_os = "macos")))]
    let _ = app;
}

#[cfg(test)]
mod tests {
    /// The .deb's desktop entry hands a clicked link to `rolehop-tray` (the main binary): the
    /// bundler's template must say `%u`, and the config must name the scheme the bundler
    /// writes into `MimeType`.
    #[test]
    fn the_package_desktop_entry_takes_links() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        assert_eq!(
            conf["plugins"]["deep-link"]["desktop"]["schemes"],
            serde_json::json!([rolehop_core::link::deep::SCHEME])
        );
        assert_eq!(
            conf["bundle"]["linux"]["deb"]["desktopTemplate"],
            "deb/rolehop.desktop.hbs"
        );
        let template = include_str!("../../deb/rolehop.desktop.hbs");
        assert!(template.contains("\nExec={{exec}} %u\n"), "{template}");
        assert!(template.contains("MimeType={{mime_type}};"), "{template}");
    }
}
