//! Tests of `profile.rs`.

use super::chromium::skia_color;
use super::firefox::firefox_title_script;
use super::*;
use crate::base::browser_kind::ProfileLayout;

fn mark(title: &str, color: &str, production: bool) -> WindowMark {
    WindowMark {
        name: title.to_string(),
        title: format!("{title} (222222222222)"),
        color: color.to_string(),
        production,
    }
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

/// A browser of its own for `shortcut_id` (the separate layout), prepared for an open.
fn prepare_for_signin(
    data_dir: &Path,
    shortcut_id: &str,
    mark: &WindowMark,
    kind: BrowserKind,
    now: i64,
    position: (i32, i32),
    signin_origin: Option<&str>,
) -> Result<bool, BrowserError> {
    let place = place(data_dir, shortcut_id, kind, ProfileLayout::Separate)?;
    prepare_place(
        &place,
        shortcut_id,
        mark,
        kind,
        now,
        at(position),
        signin_origin,
    )
}

/// The same without a sign-in endpoint.
fn prepare(
    data_dir: &Path,
    shortcut_id: &str,
    mark: &WindowMark,
    kind: BrowserKind,
    now: i64,
    position: (i32, i32),
) -> Result<bool, BrowserError> {
    prepare_for_signin(data_dir, shortcut_id, mark, kind, now, position, None)
}

#[test]
fn sign_in_requests_are_kept_out_of_profile_caches() {
    let data = tempfile::tempdir().unwrap();
    let acme = mark("Acme", "#d13212", false);
    prepare_for_signin(
        data.path(),
        "acme",
        &acme,
        BrowserKind::Chromium,
        1,
        (0, 0),
        Some("http://127.0.0.1:4567"),
    )
    .unwrap();
    let dir = profile_dir(data.path(), "acme").unwrap();
    // The extension asks for browsingData and names the sign-in origins, this one included.
    let manifest = read(&dir.join(CHROMIUM_MARK_DIR).join("manifest.json"));
    assert!(manifest.contains("browsingData") && manifest.contains("guard.js"));
    let guard = read(&dir.join(CHROMIUM_MARK_DIR).join("guard.js"));
    for origin in [
        "https://signin.aws.amazon.com",
        "https://signin.amazonaws-us-gov.com",
        "https://signin.amazonaws.cn",
        "http://127.0.0.1:4567",
    ] {
        assert!(guard.contains(&format!("\"{origin}\"")), "{guard}");
    }
    let mark = read(&dir.join(CHROMIUM_MARK_DIR).join("mark.js"));
    assert!(mark.contains("rolehop: \"loaded\""));
    // Only once a page has loaded, never while the sign-in navigates (that would abort it).
    assert!(mark.contains("addEventListener(\"load\", loaded)") && !mark.contains("  loaded();"));
    assert!(!guard.lines().any(|l| l.trim() == "scrub();"), "{guard}");
    assert!(
        guard.contains("settled(sender.url)") && guard.contains("/federation"),
        "{guard}"
    );
    // What a browser left in its cache before is removed at the next start; other cache
    // files stay.
    let cache = dir.join("Default/Cache/Cache_Data");
    fs::create_dir_all(&cache).unwrap();
    fs::write(
        cache.join("a_0"),
        "key https://signin.aws.amazon.com/federation?Action=login&SigninToken=xyz",
    )
    .unwrap();
    fs::write(cache.join("b_0"), "console.js").unwrap();
    let ff = dir.join("cache2/entries");
    fs::create_dir_all(&ff).unwrap();
    fs::write(ff.join("C0FFEE"), "SigninToken=abc").unwrap();
    prepare(data.path(), "acme", &acme, BrowserKind::Chromium, 2, (0, 0)).unwrap();
    assert!(!cache.join("a_0").exists());
    assert!(!ff.join("C0FFEE").exists());
    assert!(cache.join("b_0").exists());
    // Firefox keeps no disk cache in a Rolehop profile.
    prepare(data.path(), "beta", &acme, BrowserKind::Firefox, 1, (0, 0)).unwrap();
    let beta = profile_dir(data.path(), "beta").unwrap();
    assert!(read(&beta.join("user.js")).contains("browser.cache.disk.enable\", false"));
}

#[test]
fn removal_touches_only_profiles_rolehop_made() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let outside = root.path().join("outside");
    fs::create_dir_all(outside.join("keep")).unwrap();
    fs::create_dir_all(profiles_dir(&data).join("stranger")).unwrap();
    prepare(
        &data,
        "acme-prod",
        &mark("Acme", "#d13212", false),
        BrowserKind::Chromium,
        1,
        (0, 0),
    )
    .unwrap();
    // Ids that are not ids never become paths.
    let outside_text = outside.display().to_string();
    for bad in [
        "",
        "..",
        ".",
        "../../outside",
        "../data",
        outside_text.as_str(),
        "a/b",
        "Acme",
    ] {
        assert!(
            matches!(remove(&data, bad), Err(BrowserError::NotAnId { .. })),
            "{bad:?}"
        );
        assert!(matches!(
            prepare(
                &data,
                bad,
                &mark("x", "#000000", false),
                BrowserKind::Chromium,
                1,
                (0, 0)
            ),
            Err(BrowserError::NotAnId { .. })
        ));
    }
    // A directory without Rolehop's marker, or a symlink to one elsewhere, stays.
    assert!(matches!(
        remove(&data, "stranger"),
        Err(BrowserError::NotOurs { .. })
    ));
    assert!(profiles_dir(&data).join("stranger").is_dir());
    #[cfg(unix)]
    {
        fs::write(outside.join(MARKER), "{}").unwrap();
        std::os::unix::fs::symlink(&outside, profiles_dir(&data).join("linked")).unwrap();
        assert!(matches!(
            remove(&data, "linked"),
            Err(BrowserError::NotOurs { .. })
        ));
    }
    assert!(outside.join("keep").is_dir(), "nothing outside was touched");
    assert!(data.is_dir());
    assert!(matches!(remove(&data, "acme-prod"), Ok(true)));
    assert!(matches!(remove(&data, "acme-prod"), Ok(false)));
    assert!(profiles_dir(&data).join("stranger").is_dir());
}

#[test]
fn profiles_are_private_named_coloured_listed_and_removed() {
    let data = tempfile::tempdir().unwrap();
    let acme = mark("Acme – Prod", "#d13212", false);
    assert!(
        prepare(
            data.path(),
            "acme-prod",
            &acme,
            BrowserKind::Chromium,
            100,
            (48, 32)
        )
        .unwrap_or(false)
    );
    assert!(
        !prepare(
            data.path(),
            "acme-prod",
            &acme,
            BrowserKind::Chromium,
            200,
            (48, 32)
        )
        .unwrap_or(true)
    );
    prepare(
        data.path(),
        "beta",
        &mark("Beta – Admin", "#1d6fd6", false),
        BrowserKind::Firefox,
        150,
        (84, 68),
    )
    .unwrap();
    let dir = profile_dir(data.path(), "acme-prod").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&dir)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        assert_eq!(mode, 0o700);
    }
    assert!(read(&dir.join("Local State")).contains("Acme – Prod"));
    let prefs: serde_json::Value =
        serde_json::from_str(&read(&dir.join("Default/Preferences"))).unwrap_or_default();
    // 0xffd13212 as a signed 32-bit integer.
    assert_eq!(prefs["autogenerated"]["theme"]["color"], -3067374);
    assert_eq!(prefs["extensions"]["theme"]["id"], "autogenerated_theme_id");
    assert_eq!(
        prefs["signin"]["allowed"], false,
        "no browser sign-in prompt"
    );
    let script = read(&dir.join(CHROMIUM_MARK_DIR).join("mark.js"));
    assert!(
        script.contains("\"rgb\":[209,50,18]") && script.contains("\"width\":2"),
        "{script}"
    );

    let beta = profile_dir(data.path(), "beta").unwrap();
    assert!(read(&beta.join("user.js")).contains("checkDefaultBrowser\", false"));
    let css = read(&beta.join("chrome/userChrome.css"));
    assert!(
        css.contains("content: \"Beta – Admin (222222222222)\""),
        "{css}"
    );
    assert!(css.contains("rgb(29, 111, 214)"), "{css}");
    let script = read(
        &beta
            .join("extensions")
            .join(FIREFOX_MARK_ID)
            .join("background.js"),
    );
    assert!(
        script.contains("\"Beta – Admin (222222222222)\""),
        "{script}"
    );
    assert!(read(&beta.join("xulstore.json")).contains("\"screenX\":\"84\""));

    let listed = list(data.path());
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].shortcut, "acme-prod");
    assert_eq!(listed[0].last_used, Some(200));
    assert!(listed[0].bytes > 0);
    assert!(remove(data.path(), "acme-prod").unwrap_or(false));
    assert!(!remove(data.path(), "acme-prod").unwrap_or(true));
}

#[test]
fn marks_follow_edits_and_keep_what_the_browser_wrote() {
    let data = tempfile::tempdir().unwrap();
    let dir = profile_dir(data.path(), "acme-prod").unwrap();
    prepare(
        data.path(),
        "acme-prod",
        &mark("Acme – Prod", "#d13212", false),
        BrowserKind::Chromium,
        1,
        (48, 32),
    )
    .unwrap();
    // The browser wrote its own settings and a window placement meanwhile.
    let path = dir.join("Default/Preferences");
    let mut prefs: serde_json::Value = serde_json::from_str(&read(&path)).unwrap_or_default();
    prefs["bookmark_bar"] = serde_json::json!({"show_on_all_tabs": true});
    prefs["browser"]["window_placement"] = serde_json::json!({"left": 0});
    fs::write(&path, prefs.to_string()).unwrap();
    // The client got a new colour and the shortcut became production.
    prepare(
        data.path(),
        "acme-prod",
        &mark("Acme – Prod", "#1d6fd6", true),
        BrowserKind::Chromium,
        2,
        (84, 68),
    )
    .unwrap();
    let prefs: serde_json::Value = serde_json::from_str(&read(&path)).unwrap_or_default();
    assert_eq!(prefs["bookmark_bar"]["show_on_all_tabs"], true);
    // Where the person left the window is kept (issue 26: each shortcut keeps its last place).
    assert_eq!(
        prefs["browser"]["window_placement"],
        serde_json::json!({"left": 0})
    );
    assert_eq!(
        prefs["autogenerated"]["theme"]["color"],
        skia_color([0x1d, 0x6f, 0xd6])
    );
    let script = read(&dir.join(CHROMIUM_MARK_DIR).join("mark.js"));
    assert!(script.contains("\"rgb\":[192,0,0]") && script.contains("Acme – Prod (222222222222)"));
    // And back: the production mark goes, the client's colour stays.
    prepare(
        data.path(),
        "acme-prod",
        &mark("Acme – Prod", "#1d6fd6", false),
        BrowserKind::Chromium,
        3,
        (84, 68),
    )
    .unwrap();
    let script = read(&dir.join(CHROMIUM_MARK_DIR).join("mark.js"));
    assert!(script.contains("\"rgb\":[29,111,214]") && !script.contains("\"rgb\":[192,0,0]"));
}

#[test]
fn hostile_names_stay_inside_their_strings() {
    let evil = mark("x\"; } * { display: none } /* </script>", "#d13212", true);
    let css = firefox_css(&evil);
    assert!(
        css.contains(r#"content: "x\"; } * { display: none } /* </script> (222222222222)""#),
        "{css}"
    );
    let script = firefox_title_script(&evil);
    assert!(
        script.contains(
            r#"const preface = "x\"; } * { display: none } /* \u003c/script> (222222222222)""#
        ),
        "{script}"
    );
}

#[cfg(unix)]
#[test]
fn an_unwritable_data_dir_leaves_nothing_behind() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().unwrap();
    // A file where the profiles directory should be.
    fs::write(data.path().join("profiles"), "").unwrap();
    let err = prepare(
        data.path(),
        "x",
        &mark("X", "#d13212", false),
        BrowserKind::Chromium,
        1,
        (0, 0),
    )
    .err();
    assert!(matches!(err, Some(BrowserError::Profile { .. })), "{err:?}");
    let _ = fs::set_permissions(data.path(), fs::Permissions::from_mode(0o700));
}

fn shared(data: &Path, id: &str) -> ProfilePlace {
    place(data, id, BrowserKind::Chromium, ProfileLayout::Shared).unwrap()
}

#[test]
fn a_shared_browser_holds_a_marked_profile_per_shortcut() {
    let data = tempfile::tempdir().unwrap();
    let (acme, beta) = (shared(data.path(), "acme"), shared(data.path(), "beta"));
    for (p, id, m, now) in [
        (&acme, "acme", mark("Acme – Prod", "#d13212", true), 10),
        (&beta, "beta", mark("Beta – Dev", "#1d6fd6", false), 20),
    ] {
        let created =
            prepare_place(p, id, &m, BrowserKind::Chromium, now, at((0, 0)), None).unwrap();
        assert!(created);
    }
    let udd = shared_dir(data.path(), BrowserKind::Chromium);
    // One "Local State" names both profiles; each profile has its own colour.
    let state = read(&udd.join("Local State"));
    assert!(
        state.contains("\"shortcut-acme\"") && state.contains("Acme – Prod"),
        "{state}"
    );
    assert!(
        state.contains("\"shortcut-beta\"") && state.contains("Beta – Dev"),
        "{state}"
    );
    let color = |p: &ProfilePlace| {
        let prefs: serde_json::Value =
            serde_json::from_str(&read(&p.dir.join("Preferences"))).unwrap_or_default();
        prefs["autogenerated"]["theme"]["color"].clone()
    };
    assert_eq!(color(&acme), skia_color([0xd1, 0x32, 0x12]));
    assert_eq!(color(&beta), skia_color([0x1d, 0x6f, 0xd6]));
    // One page-mark extension for the browser, naming no account (each profile keeps its own
    // mark, handed over by its hand-off page).
    let script = read(&udd.join(CHROMIUM_MARK_DIR).join("mark.js"));
    assert!(
        script.contains("chrome.storage.local") && !script.contains("Acme"),
        "{script}"
    );
    assert!(!acme.dir.join(CHROMIUM_MARK_DIR).exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for d in [&udd, &acme.dir] {
            let mode = fs::metadata(d)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0);
            assert_eq!(mode, 0o700, "{d:?}");
        }
    }
    // Listed as shared profiles, by shortcut id.
    let listed = list(data.path());
    let ids: Vec<_> = listed
        .iter()
        .map(|p| (p.shortcut.as_str(), p.shared))
        .collect();
    assert_eq!(ids, [("acme", true), ("beta", true)]);
    assert_eq!(listed[1].last_used, Some(20));
    // Removing one takes its folder and its entry in the browser's profile list, nothing else.
    assert!(remove(data.path(), "acme").unwrap());
    assert!(!acme.dir.exists() && beta.dir.exists());
    let state = read(&udd.join("Local State"));
    assert!(
        !state.contains("shortcut-acme") && state.contains("shortcut-beta"),
        "{state}"
    );
    assert!(!remove(data.path(), "acme").unwrap());
    // A profile removed while the browser ran stays in its list until the next start.
    let mut state: serde_json::Value =
        serde_json::from_str(&read(&udd.join("Local State"))).unwrap();
    state["profile"]["info_cache"]["shortcut-gone"] = serde_json::json!({"name": "Gone"});
    fs::write(udd.join("Local State"), state.to_string()).unwrap();
    prepare_place(
        &beta,
        "beta",
        &mark("Beta – Dev", "#1d6fd6", false),
        BrowserKind::Chromium,
        30,
        at((0, 0)),
        None,
    )
    .unwrap();
    let state = read(&udd.join("Local State"));
    assert!(
        !state.contains("shortcut-gone") && state.contains("shortcut-beta"),
        "{state}"
    );
    // A folder Rolehop did not mark is left alone.
    fs::create_dir_all(udd.join("shortcut-stranger")).unwrap();
    assert!(matches!(
        remove(data.path(), "stranger"),
        Err(BrowserError::NotOurs { .. })
    ));
    assert!(udd.join("shortcut-stranger").is_dir());
}

#[cfg(target_os = "linux")]
#[test]
fn a_running_shared_browser_keeps_its_files_and_its_loaded_profiles() {
    let data = tempfile::tempdir().unwrap();
    let acme = shared(data.path(), "acme");
    prepare_place(
        &acme,
        "acme",
        &mark("Acme", "#d13212", false),
        BrowserKind::Chromium,
        1,
        at((0, 0)),
        None,
    )
    .unwrap();
    let udd = shared_dir(data.path(), BrowserKind::Chromium);
    // This test process stands in for the running browser, with Acme's profile loaded.
    std::os::unix::fs::symlink(
        format!("host-{}", std::process::id()),
        udd.join("SingletonLock"),
    )
    .unwrap();
    let held = fs::File::open(acme.dir.join("Preferences")).unwrap();
    let state_before = read(&udd.join("Local State"));
    let prefs_before = read(&acme.dir.join("Preferences"));
    // A new colour for Acme waits for the next start; a new profile gets its colour at once.
    prepare_place(
        &acme,
        "acme",
        &mark("Acme", "#1d6fd6", false),
        BrowserKind::Chromium,
        2,
        at((0, 0)),
        None,
    )
    .unwrap();
    assert_eq!(read(&acme.dir.join("Preferences")), prefs_before);
    let beta = shared(data.path(), "beta");
    prepare_place(
        &beta,
        "beta",
        &mark("Beta", "#1d6fd6", false),
        BrowserKind::Chromium,
        3,
        at((0, 0)),
        None,
    )
    .unwrap();
    assert!(
        read(&beta.dir.join("Preferences")).contains(&skia_color([0x1d, 0x6f, 0xd6]).to_string())
    );
    assert_eq!(
        read(&udd.join("Local State")),
        state_before,
        "the browser owns Local State"
    );
    // A loaded profile is not removed under the browser; one that is not loaded is.
    assert!(matches!(
        remove(data.path(), "acme"),
        Err(BrowserError::InUse { .. })
    ));
    assert!(acme.dir.is_dir());
    assert!(remove(data.path(), "beta").unwrap());
    drop(held);
    assert!(remove(data.path(), "acme").unwrap());
}

/// Every file Rolehop writes in a profile is private (0600), the marker included (it used to
/// be created 0644 while the README promised 0600), and so are the browser's preference files
/// Rolehop writes for it.
#[cfg(unix)]
#[test]
fn files_rolehop_writes_in_a_profile_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().unwrap();
    let acme = mark("Acme", "#d13212", false);
    for kind in [BrowserKind::Chromium, BrowserKind::Firefox] {
        prepare(data.path(), "acme-prod", &acme, kind, 1_000, (0, 0)).unwrap();
        let dir = profile_dir(data.path(), "acme-prod").unwrap();
        let mut stack = vec![dir.clone()];
        let mut seen = 0;
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                let mode = fs::symlink_metadata(&p).unwrap().permissions().mode() & 0o777;
                if p.is_dir() {
                    stack.push(p);
                } else {
                    assert_eq!(mode, 0o600, "{kind:?}: {} is {mode:o}", p.display());
                    seen += 1;
                }
            }
        }
        assert!(seen >= 2 && dir.join(MARKER).is_file(), "{kind:?}: {seen}");
        remove(data.path(), "acme-prod").unwrap();
    }
}

/// A window place at `(x, y)`, at the size a first window gets.
fn at((x, y): (i32, i32)) -> crate::browser::placement::Placement {
    crate::browser::placement::Placement {
        x,
        y,
        width: 1200,
        height: 800,
    }
}
