//! Tests of `plan.rs`.

use super::*;

const URL: &str = "http://127.0.0.1:4444/0123456789abcdef0123456789abcdef";

fn found(kind: BrowserKind, program: &str, launcher: Launcher) -> Found {
    Found {
        kind,
        program: program.into(),
        launcher,
        source: "PATH",
    }
}

fn input<'a>(
    kind: BrowserKind,
    found: Option<&'a Found>,
    os: Os,
    root: bool,
    new_window: bool,
) -> PlanInput<'a> {
    PlanInput {
        kind,
        found,
        profile_dir: "/d/profiles/acme-prod",
        profile_directory: None,
        url: URL,
        os,
        is_root: root,
        new_window,
        shortcut_id: "acme-prod",
        title: "Acme Corp - Production",
        color: Some("#d13212"),
        custom_template: Some("my-browser --profile={profile} --open '{url}'"),
        window_title: None,
        position: None,
        size: None,
        extension_dir: None,
    }
}

#[test]
fn chromium_windows_carry_their_title_place_and_production_mark() {
    let chromium = found(BrowserKind::Chromium, "/usr/bin/chromium", Launcher::Direct);
    let mut i = input(
        BrowserKind::Chromium,
        Some(&chromium),
        Os::Linux,
        false,
        false,
    );
    i.window_title = Some("PRODUCTION · Acme Corp – Prod (222222222222)");
    i.position = Some((84, 68));
    i.size = Some((853, 760));
    i.extension_dir = Some("/d/profiles/acme-prod/rolehop-mark");
    let plan = plan(&i).unwrap();
    for want in [
        "--window-name=PRODUCTION · Acme Corp – Prod (222222222222)",
        "--window-position=84,68",
        "--window-size=853,760",
        "--load-extension=/d/profiles/acme-prod/rolehop-mark",
        "--disable-features=Translate,MediaRouter,OptimizationHints,OptimizationGuideModelDownloading,OptimizationHintsFetching,OnDeviceModelService,ShoppingList,ReadLater,DisableLoadExtensionCommandLineSwitch",
        "--disable-background-networking",
        "--disable-component-update",
    ] {
        assert!(
            plan.args.iter().any(|a| a == want),
            "{want}: {:?}",
            plan.args
        );
    }
    assert_eq!(
        plan.args.last().map(String::as_str),
        Some(URL),
        "the URL stays last"
    );
    // One `--disable-features` (Chromium keeps only the last of a switch given twice).
    assert_eq!(
        plan.args
            .iter()
            .filter(|a| a.starts_with("--disable-features"))
            .count(),
        1
    );
    // Firefox takes its marks from the profile, not the command line.
    let firefox = found(
        BrowserKind::Firefox,
        "/usr/bin/firefox-esr",
        Launcher::Direct,
    );
    let mut f = i.clone();
    f.kind = BrowserKind::Firefox;
    f.found = Some(&firefox);
    let plan = super::plan(&f).unwrap();
    assert!(
        !plan
            .args
            .iter()
            .any(|a| a.contains("window-name") || a.contains("extension"))
    );
}

#[test]
fn a_shared_browser_opens_the_shortcut_as_one_of_its_profiles() {
    let chromium = found(BrowserKind::Chromium, "/usr/bin/chromium", Launcher::Direct);
    let brave = found(
        BrowserKind::Brave,
        "/usr/bin/flatpak",
        Launcher::Flatpak {
            app_id: "com.brave.Browser".into(),
        },
    );
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let table: [(BrowserKind, &Found, Os, Vec<String>); 3] = [
        (
            BrowserKind::Chromium,
            &chromium,
            Os::Linux,
            s(&[
                "--user-data-dir=/d/browsers/chromium",
                "--profile-directory=shortcut-acme-prod",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-sync",
                "--disable-component-update",
                "--disable-background-networking",
                "--disable-default-apps",
                "--disable-breakpad",
                "--class=rolehop-chromium",
                "--window-name=Acme",
                "--disable-features=Translate,MediaRouter,OptimizationHints,OptimizationGuideModelDownloading,OptimizationHintsFetching,OnDeviceModelService,ShoppingList,ReadLater",
                URL,
            ]),
        ),
        (
            BrowserKind::Chromium,
            &chromium,
            Os::MacOs,
            s(&[
                "--user-data-dir=/d/browsers/chromium",
                "--profile-directory=shortcut-acme-prod",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-sync",
                "--disable-component-update",
                "--disable-background-networking",
                "--disable-default-apps",
                "--disable-breakpad",
                "--window-name=Acme",
                "--disable-features=Translate,MediaRouter,OptimizationHints,OptimizationGuideModelDownloading,OptimizationHintsFetching,OnDeviceModelService,ShoppingList,ReadLater",
                URL,
            ]),
        ),
        (
            BrowserKind::Brave,
            &brave,
            Os::Linux,
            s(&[
                "run",
                "--filesystem=/d/browsers/brave",
                "com.brave.Browser",
                "--user-data-dir=/d/browsers/brave",
                "--profile-directory=shortcut-acme-prod",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-sync",
                "--disable-component-update",
                "--disable-background-networking",
                "--disable-default-apps",
                "--disable-breakpad",
                "--class=rolehop-brave",
                "--window-name=Acme",
                "--disable-features=Translate,MediaRouter,OptimizationHints,OptimizationGuideModelDownloading,OptimizationHintsFetching,OnDeviceModelService,ShoppingList,ReadLater",
                URL,
            ]),
        ),
    ];
    for (kind, installed, os, want) in table {
        let udd = format!("/d/browsers/{kind}");
        let mut i = input(kind, Some(installed), os, false, false);
        i.profile_dir = &udd;
        i.profile_directory = Some("shortcut-acme-prod");
        i.window_title = Some("Acme");
        // Not on the command line: a shared browser would open every later window there.
        i.position = Some((84, 68));
        assert_eq!(plan(&i).unwrap().args, want, "{kind} {os:?}");
    }
}

#[test]
fn plans_for_every_kind_and_os() {
    let chromium = found(BrowserKind::Chromium, "/usr/bin/chromium", Launcher::Direct);
    let brave_flatpak = found(
        BrowserKind::Brave,
        "/usr/bin/flatpak",
        Launcher::Flatpak {
            app_id: "com.brave.Browser".into(),
        },
    );
    let edge_win = found(
        BrowserKind::Edge,
        "C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe",
        Launcher::Direct,
    );
    let chrome_mac = found(
        BrowserKind::Chrome,
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        Launcher::Direct,
    );
    let firefox = found(
        BrowserKind::Firefox,
        "/usr/bin/firefox-esr",
        Launcher::Direct,
    );
    let firefox_win = found(
        BrowserKind::Firefox,
        "C:\\Program Files\\Mozilla Firefox\\firefox.exe",
        Launcher::Direct,
    );
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let table: Vec<(PlanInput, &str, Vec<String>)> = vec![
        (
            input(
                BrowserKind::Chromium,
                Some(&chromium),
                Os::Linux,
                false,
                false,
            ),
            "/usr/bin/chromium",
            s(&[
                "--user-data-dir=/d/profiles/acme-prod",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-sync",
                "--disable-component-update",
                "--disable-background-networking",
                "--disable-default-apps",
                "--disable-breakpad",
                "--class=rolehop-acme-prod",
                "--disable-features=Translate,MediaRouter,OptimizationHints,OptimizationGuideModelDownloading,OptimizationHintsFetching,OnDeviceModelService,ShoppingList,ReadLater",
                URL,
            ]),
        ),
        (
            input(
                BrowserKind::Chromium,
                Some(&chromium),
                Os::Linux,
                true,
                true,
            ),
            "/usr/bin/chromium",
            s(&[
                "--user-data-dir=/d/profiles/acme-prod",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-sync",
                "--disable-component-update",
                "--disable-background-networking",
                "--disable-default-apps",
                "--disable-breakpad",
                "--class=rolehop-acme-prod",
                "--disable-features=Translate,MediaRouter,OptimizationHints,OptimizationGuideModelDownloading,OptimizationHintsFetching,OnDeviceModelService,ShoppingList,ReadLater",
                "--no-sandbox",
                "--new-window",
                URL,
            ]),
        ),
        (
            input(
                BrowserKind::Brave,
                Some(&brave_flatpak),
                Os::Linux,
                false,
                false,
            ),
            "/usr/bin/flatpak",
            s(&[
                "run",
                "--filesystem=/d/profiles/acme-prod",
                "com.brave.Browser",
                "--user-data-dir=/d/profiles/acme-prod",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-sync",
                "--disable-component-update",
                "--disable-background-networking",
                "--disable-default-apps",
                "--disable-breakpad",
                "--class=rolehop-acme-prod",
                "--disable-features=Translate,MediaRouter,OptimizationHints,OptimizationGuideModelDownloading,OptimizationHintsFetching,OnDeviceModelService,ShoppingList,ReadLater",
                URL,
            ]),
        ),
        (
            input(
                BrowserKind::Edge,
                Some(&edge_win),
                Os::Windows,
                false,
                false,
            ),
            "C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe",
            s(&[
                "--user-data-dir=/d/profiles/acme-prod",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-sync",
                "--disable-component-update",
                "--disable-background-networking",
                "--disable-default-apps",
                "--disable-breakpad",
                "--disable-features=Translate,MediaRouter,OptimizationHints,OptimizationGuideModelDownloading,OptimizationHintsFetching,OnDeviceModelService,ShoppingList,ReadLater",
                URL,
            ]),
        ),
        (
            input(
                BrowserKind::Chrome,
                Some(&chrome_mac),
                Os::MacOs,
                true,
                true,
            ),
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            s(&[
                "--user-data-dir=/d/profiles/acme-prod",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-sync",
                "--disable-component-update",
                "--disable-background-networking",
                "--disable-default-apps",
                "--disable-breakpad",
                "--disable-features=Translate,MediaRouter,OptimizationHints,OptimizationGuideModelDownloading,OptimizationHintsFetching,OnDeviceModelService,ShoppingList,ReadLater",
                "--new-window",
                URL,
            ]),
        ),
        (
            input(BrowserKind::Firefox, Some(&firefox), Os::Linux, true, false),
            "/usr/bin/firefox-esr",
            s(&[
                "-profile",
                "/d/profiles/acme-prod",
                "--class",
                "rolehop-acme-prod",
                "-new-tab",
                URL,
            ]),
        ),
        (
            input(
                BrowserKind::Firefox,
                Some(&firefox_win),
                Os::Windows,
                false,
                true,
            ),
            "C:\\Program Files\\Mozilla Firefox\\firefox.exe",
            s(&["-profile", "/d/profiles/acme-prod", "-new-window", URL]),
        ),
        (
            input(
                BrowserKind::FirefoxContainer,
                Some(&firefox),
                Os::Linux,
                false,
                false,
            ),
            "/usr/bin/firefox-esr",
            vec![format!(
                "ext+granted-containers:name=Acme+Corp+-+Production&url={}&color=red&icon=fingerprint",
                url::form_urlencoded::byte_serialize(URL.as_bytes()).collect::<String>()
            )],
        ),
        (
            input(BrowserKind::Custom, None, Os::Linux, false, false),
            "my-browser",
            s(&["--profile=/d/profiles/acme-prod", "--open", URL]),
        ),
        (
            input(BrowserKind::Default, None, Os::Linux, false, false),
            "xdg-open",
            s(&[URL]),
        ),
        (
            input(BrowserKind::Default, None, Os::MacOs, false, false),
            "open",
            s(&[URL]),
        ),
        (
            input(BrowserKind::Default, None, Os::Windows, false, false),
            "rundll32",
            s(&["url.dll,FileProtocolHandler", URL]),
        ),
    ];
    for (i, program, args) in table {
        let plan = plan(&i).unwrap_or_else(|e| panic!("{:?} on {:?}: {e}", i.kind, i.os));
        assert_eq!(plan.program, program, "{:?} on {:?}", i.kind, i.os);
        assert_eq!(plan.args, args, "{:?} on {:?}", i.kind, i.os);
        assert!(plan.env.is_empty() && plan.cwd.is_none());
    }
}

#[test]
fn missing_browsers_and_bad_templates_are_errors() {
    assert!(matches!(
        plan(&input(BrowserKind::Chromium, None, Os::Linux, false, false)),
        Err(BrowserError::Missing { .. })
    ));
    let mut i = input(BrowserKind::Custom, None, Os::Linux, false, false);
    i.custom_template = None;
    assert!(matches!(plan(&i), Err(BrowserError::NoCustomCommand)));
    for bad in ["browser --profile {profile}", "browser '{url}", ""] {
        i.custom_template = Some(bad);
        assert!(
            matches!(plan(&i), Err(BrowserError::BadCustomCommand { .. })),
            "{bad}"
        );
    }
}

#[test]
fn command_splitting_and_colours() {
    assert_eq!(
        split_command(r#"a "b c" 'd e' f\ g "h\"i""#).unwrap_or_default(),
        vec!["a", "b c", "d e", "f g", "h\"i"]
    );
    assert_eq!(container_color(Some("#d13212")), "red");
    assert_eq!(container_color(Some("#1166ff")), "blue");
    assert_eq!(container_color(Some("#0f0")), "green");
    assert_eq!(container_color(None), "blue");
}
