//! Tests of the installers' configuration (`tauri.conf.json`, `windows/hooks.nsh`,
//! `Info.plist`): what the Tauri bundler on the CI runners turns into the .deb, the Windows
//! installer and the .app/.dmg. The schema itself is checked by `scripts/workflows.sh`.

use std::path::Path;

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn config() -> serde_json::Value {
    serde_json::from_str(&read("tauri.conf.json")).unwrap()
}

#[test]
fn every_platform_gets_its_installer_and_the_link_scheme() {
    let c = config();
    let targets: Vec<&str> = c["bundle"]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    for t in ["deb", "nsis", "app", "dmg"] {
        assert!(targets.contains(&t), "{t} in {targets:?}");
    }
    // One scheme, registered by the .deb's desktop file, the installer and Info.plist alike.
    assert_eq!(
        c["plugins"]["deep-link"]["desktop"]["schemes"],
        serde_json::json!(["rolehop"])
    );
    // Windows: per user (no administrator), the hooks that point the Start menu and links
    // at the tray.
    let nsis = &c["bundle"]["windows"]["nsis"];
    assert_eq!(nsis["installMode"], "currentUser");
    assert_eq!(nsis["installerHooks"], "windows/hooks.nsh");
}

#[test]
fn the_windows_icon_is_a_real_ico() {
    let c = config();
    let ico = c["bundle"]["icon"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i.as_str())
        .find(|i| i.ends_with(".ico"))
        .unwrap();
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(ico)).unwrap();
    // ICONDIR: reserved 0, type 1 (icon), at least one image.
    assert_eq!(&bytes[..4], &[0, 0, 1, 0], "{ico}");
    assert!(u16::from_le_bytes([bytes[4], bytes[5]]) >= 1);
}

#[test]
fn the_installer_starts_the_tray_and_removes_only_its_own_entry() {
    let hooks = read("windows/hooks.nsh");
    let install = hooks
        .split("!macro NSIS_HOOK_POSTINSTALL")
        .nth(1)
        .and_then(|rest| rest.split("!macroend").next())
        .unwrap();
    assert!(
        install.contains(
            r#"SetShortcutTarget "$SMPROGRAMS\${PRODUCTNAME}.lnk" "$INSTDIR\rolehop-tray.exe""#
        ),
        "{install}"
    );
    assert!(
        install.contains(r#"WriteRegStr SHCTX "Software\Classes\rolehop\shell\open\command" "" "$\"$INSTDIR\rolehop-tray.exe$\" $\"%1$\"""#),
        "{install}"
    );
    let uninstall = hooks
        .split("!macro NSIS_HOOK_POSTUNINSTALL")
        .nth(1)
        .and_then(|rest| rest.split("!macroend").next())
        .unwrap();
    // Deleted only after checking it still points at Rolehop's tray.
    let check = uninstall.find("IsShortcutTarget").unwrap();
    let delete = uninstall.find("Delete").unwrap();
    assert!(check < delete, "{uninstall}");
    // The installer's main binary is the CLI (Cargo's default-run), and the tray is the
    // other binary the hooks name.
    let manifest = read("Cargo.toml");
    assert!(manifest.contains("default-run = \"rolehop\""));
    assert!(manifest.contains("name = \"rolehop-tray\""));
}

#[test]
fn the_mac_app_is_tray_only() {
    let plist = read("Info.plist");
    let key = plist.find("<key>LSUIElement</key>").unwrap();
    assert!(
        plist[key..]
            .trim_start_matches("<key>LSUIElement</key>")
            .trim_start()
            .starts_with("<true/>")
    );
    let c = config();
    assert!(c["bundle"]["macOS"]["minimumSystemVersion"].is_string());
    // Opening the app starts the tray; links of the one scheme open it.
    let after = |key: &str| {
        let at = plist.find(&format!("<key>{key}</key>")).unwrap();
        plist[at..].to_string()
    };
    assert!(after("CFBundleExecutable").contains("<string>rolehop-tray</string>"));
    let schemes = after("CFBundleURLSchemes");
    let scheme = c["plugins"]["deep-link"]["desktop"]["schemes"][0]
        .as_str()
        .unwrap();
    assert!(
        schemes
            .split("</array>")
            .next()
            .unwrap()
            .contains(&format!("<string>{scheme}</string>")),
        "{schemes}"
    );
    assert_eq!(
        after("CFBundleURLName")
            .split("<string>")
            .nth(1)
            .unwrap()
            .split('<')
            .next(),
        c["identifier"].as_str()
    );
}
