//! Tests of `profile.rs`.

use super::chromium::skia_color;
use super::firefox::firefox_title_script;
use super::*;

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
    let script = read(&dir.join(CHROMIUM_MARK_DIR).join("mark.js"));
    assert!(
        script.contains("rgb(209,50,18)") && script.contains("2px solid"),
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
    assert_eq!(
        prefs["browser"]["window_placement"],
        serde_json::Value::Null
    );
    assert_eq!(
        prefs["autogenerated"]["theme"]["color"],
        skia_color([0x1d, 0x6f, 0xd6])
    );
    let script = read(&dir.join(CHROMIUM_MARK_DIR).join("mark.js"));
    assert!(script.contains("rgb(192,0,0)") && script.contains("Acme – Prod (222222222222)"));
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
    assert!(script.contains("rgb(29,111,214)") && !script.contains("rgb(192,0,0)"));
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
