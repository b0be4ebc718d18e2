//! Tests of the installers' configuration (`tauri.conf.json`, `tauri.bundle.json`,
//! `windows/hooks.nsh`, `Info.plist`): what the Tauri bundler on the CI runners turns into the .deb, the Windows
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
fn the_installer_starts_the_tray_carries_the_cli_and_removes_only_its_own_link() {
    // The main binary is the tray (this crate's one binary); the CLI, a crate of its own, goes
    // in beside it as an external binary built by scripts/cli-sidecar.mjs.
    let manifest = read("Cargo.toml");
    assert!(manifest.contains("name = \"rolehop-tray\""));
    assert!(!manifest.contains("[[bin]]"), "{manifest}");
    let bundle: serde_json::Value = serde_json::from_str(&read("tauri.bundle.json")).unwrap();
    assert_eq!(
        bundle["bundle"]["externalBin"],
        serde_json::json!(["binaries/rolehop"])
    );
    let sidecar = read("../scripts/cli-sidecar.mjs");
    assert!(sidecar.contains(r#""-p", "rolehop""#), "{sidecar}");
    assert!(sidecar.contains("`rolehop-${target}${exe}`"), "{sidecar}");

    let hooks = read("windows/hooks.nsh");
    let section = |name: &str| {
        hooks
            .split(&format!("!macro {name}"))
            .nth(1)
            .and_then(|rest| rest.split("!macroend").next())
            .unwrap()
            .to_string()
    };
    let install = section("NSIS_HOOK_POSTINSTALL");
    let command = r#""Software\Classes\rolehop\shell\open\command" "" "$\"$INSTDIR\rolehop-tray.exe$\" $\"%1$\"""#;
    assert!(
        install.contains(&format!("WriteRegStr SHCTX {command}")),
        "{install}"
    );
    assert!(install.contains(r#""URL Protocol" """#), "{install}");
    // Removed only after checking it still names this installation's tray.
    let uninstall = section("NSIS_HOOK_POSTUNINSTALL");
    let check = uninstall
        .find(r#"$\"$INSTDIR\rolehop-tray.exe$\""#)
        .unwrap();
    let delete = uninstall.find("DeleteRegKey").unwrap();
    assert!(check < delete, "{uninstall}");
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
