use super::*;

fn entry(at: i64, event: Event, shortcut: &str, client: &str, seconds: Option<u64>) -> Entry {
    Entry {
        at,
        event,
        shortcut: shortcut.into(),
        client: client.into(),
        client_name: format!("{client} Corp"),
        account: "222222222222".into(),
        production: shortcut.ends_with("prod"),
        seconds,
    }
}

/// A scripted day: two clients, opens, a renewal, focus spells, a sign-out.
fn day() -> Vec<Entry> {
    vec![
        entry(1000, Event::Opened, "acme-prod", "acme", None),
        entry(1010, Event::InFront, "acme-prod", "acme", Some(600)),
        entry(1700, Event::Opened, "beta-dev", "beta", None),
        entry(1705, Event::InFront, "beta-dev", "beta", Some(1200)),
        entry(3000, Event::Renewed, "acme-prod", "acme", None),
        entry(3100, Event::InFront, "acme-prod", "acme", Some(900)),
        entry(4000, Event::SignedOut, "acme-prod", "acme", None),
    ]
}

#[test]
fn a_day_adds_up_per_client() {
    let totals = totals(&day());
    assert_eq!(totals.len(), 2);
    let acme = totals.iter().find(|t| t.client == "acme").unwrap();
    assert_eq!(
        (
            acme.in_front,
            acme.production_in_front,
            acme.opened,
            acme.renewed,
            acme.signed_out
        ),
        (1500, 1500, 1, 1, 1)
    );
    assert_eq!(acme.shortcuts, ["acme-prod"]);
    let beta = totals.iter().find(|t| t.client == "beta").unwrap();
    assert_eq!(
        (beta.in_front, beta.production_in_front, beta.opened),
        (1200, 0, 1)
    );
    // In front longest first.
    assert_eq!(totals[0].client, "acme");
    assert_eq!(duration(1500), "25 min");
    assert_eq!(duration(3900), "1 h 05 min");
    assert_eq!(duration(40), "40 s");
}

#[test]
fn queries_pick_a_time_and_a_client_by_id_or_name() {
    let all = day();
    let q = |since, client: Option<&str>| {
        select(
            &all,
            &Query {
                since,
                client: client.map(String::from),
            },
        )
        .len()
    };
    assert_eq!(q(0, None), 7);
    assert_eq!(q(3000, None), 3);
    assert_eq!(q(0, Some("beta")), 2);
    assert_eq!(q(0, Some("ACME corp")), 5);
    assert_eq!(q(0, Some("nobody")), 0);
}

#[test]
fn the_csv_is_quoted_and_formula_safe() {
    let mut entries = day();
    entries[0].client_name = "=HYPERLINK(\"x\"), Inc".into();
    let text = csv(&entries[..2]);
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "time,event,client,client_name,shortcut,account,production,seconds"
    );
    assert_eq!(
        lines[1],
        "1970-01-01T00:16:40Z,opened,acme,\"'=HYPERLINK(\"\"x\"\"), Inc\",acme-prod,222222222222,true,"
    );
    assert_eq!(
        lines[2],
        "1970-01-01T00:16:50Z,in front,acme,acme Corp,acme-prod,222222222222,true,600"
    );
}

#[test]
fn recording_follows_the_settings_and_drops_old_entries() {
    let dir = tempfile::tempdir().unwrap();
    let now = 100 * 86_400;
    record(
        dir.path(),
        &entry(now - 95 * 86_400, Event::Opened, "old", "acme", None),
    );
    record(
        dir.path(),
        &entry(now, Event::Opened, "acme-prod", "acme", None),
    );
    let kept = read(dir.path()).unwrap();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0].shortcut, "acme-prod");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file(dir.path()))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
    // Off: nothing more is written.
    LiveSettings {
        journal: false,
        ..LiveSettings::default()
    }
    .save(dir.path())
    .unwrap();
    record(
        dir.path(),
        &entry(now + 1, Event::Renewed, "acme-prod", "acme", None),
    );
    assert_eq!(read(dir.path()).unwrap().len(), 1);
    // A torn line is skipped, the rest read.
    std::fs::write(
        file(dir.path()),
        format!(
            "{}\n{{\"at\": 5, \"ev\n",
            serde_json::to_string(&kept[0]).unwrap()
        ),
    )
    .unwrap();
    assert_eq!(read(dir.path()).unwrap().len(), 1);
}

#[test]
fn since_takes_words_spans_and_local_dates() {
    use chrono::TimeZone;
    let now = chrono::Local
        .with_ymd_and_hms(2026, 12, 7, 15, 30, 0)
        .unwrap();
    let midnight = chrono::Local
        .with_ymd_and_hms(2026, 12, 7, 0, 0, 0)
        .unwrap()
        .timestamp();
    assert_eq!(parse_since("today", now).unwrap(), midnight);
    assert_eq!(parse_since(" Today ", now).unwrap(), midnight);
    assert!(parse_since("yesterday", now).unwrap() < midnight);
    assert_eq!(parse_since("3h", now).unwrap(), now.timestamp() - 3 * 3600);
    assert_eq!(
        parse_since("7d", now).unwrap(),
        now.timestamp() - 7 * 86_400
    );
    assert_eq!(parse_since("2026-12-07", now).unwrap(), midnight);
    assert_eq!(
        parse_since("2026-12-07T09:00", now).unwrap(),
        midnight + 9 * 3600
    );
    for bad in ["", "soon", "-3h", "2026-13-01", "99999999d"] {
        assert!(parse_since(bad, now).is_err(), "{bad}");
    }
}
