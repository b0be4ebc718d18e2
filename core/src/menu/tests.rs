//! Tests of `menu.rs`.

use super::*;

fn catalog() -> Catalog {
    toml::from_str(
        r##"
[[identity]]
id = "me"
account = "111111111111"
[[client]]
id = "acme"
name = "Acme Corp"
color = "#d13212"
[[client]]
id = "beta"
name = "Beta GmbH"
[[client]]
id = "empty"
name = "No Shortcuts Yet"
[[shortcut]]
id = "acme-prod"
client = "acme"
label = "Production"
account = "222222222222"
role = "Admin"
[[shortcut]]
id = "acme-stage"
client = "acme"
label = "Staging"
account = "333333333333"
role = "ReadOnly"
[[shortcut]]
id = "beta-prod"
client = "beta"
account = "444444444444"
role = "/ops/Admin"
pinned = true
"##,
    )
    .unwrap()
}

fn texts(nodes: &[MenuNode]) -> Vec<String> {
    nodes
        .iter()
        .map(|n| match n {
            MenuNode::Item { text, .. } => text.clone(),
            MenuNode::Label(t) => format!("[{t}]"),
            MenuNode::Submenu { text, children, .. } => {
                format!("{text} > {}", texts(children).join(" | "))
            }
            MenuNode::Separator => "---".into(),
        })
        .collect()
}

#[test]
fn the_menu_in_order() {
    let catalog = catalog();
    let mut usage = Usage::default();
    usage.last_used.insert("acme-stage".into(), 50);
    usage.last_used.insert("beta-prod".into(), 60);
    usage.last_used.insert("removed-one".into(), 70);
    let sessions = [
        ActiveSession {
            shortcut: "acme-prod".into(),
            expires_at: 1000 + 42 * 60,
            live_since: None,
        },
        ActiveSession {
            shortcut: "acme-stage".into(),
            expires_at: 900,
            live_since: None,
        },
    ];
    let menu = build(&MenuInput {
        catalog: &catalog,
        limits: MenuLimits::DEFAULT,
        usage: &usage,
        sessions: &sessions,
        now: 1000,
        switcher_hotkey: "Ctrl+Alt+Space",
        recent_limit: 5,
        fixed_first: false,
        today: None,
    });
    assert_eq!(
        texts(&menu),
        vec![
            "Beta GmbH — beta-prod · 444444444444 · Admin",
            "---",
            "[Recently used]",
            "Acme Corp — Staging · 333333333333 · ReadOnly",
            "---",
            "Acme Corp > Production · 222222222222 · Admin | Staging · 333333333333 · ReadOnly | --- | Open terminal in > Production · 222222222222 · Admin | Staging · 333333333333 · ReadOnly",
            "Beta GmbH > beta-prod · 444444444444 · Admin | --- | Open terminal in > beta-prod · 444444444444 · Admin",
            "---",
            "Open switcher…",
            "Active sessions (1) > Acme Corp – Production (42 min left) > Open | Renew (sign in again) | Open terminal | Sign out | --- | Sign out all",
            "Today > [The journal is off (rolehop journal --on)]",
            "Settings…",
            "---",
            "Quit",
        ]
    );
    assert!(matches!(&menu[5], MenuNode::Submenu { color: Some(c), .. } if c == "#d13212"));
    // Every item standing for a shortcut has its client's colour: pinned, recent, in the
    // client's submenu and in active sessions; a client without one gets a palette colour.
    let beta = crate::catalog::resolve::Lookup::new(&catalog).client_color("beta");
    assert!(matches!(&menu[0], MenuNode::Item { color: Some(c), .. } if *c == beta));
    assert!(matches!(&menu[3], MenuNode::Item { color: Some(c), .. } if c == "#d13212"));
    assert!(matches!(&menu[6], MenuNode::Submenu { color: Some(c), .. } if *c == beta));
    if let MenuNode::Submenu { children, .. } = &menu[6] {
        assert!(matches!(&children[0], MenuNode::Item { color: Some(c), .. } if *c == beta));
        // "Open terminal in" names the same shortcuts, each opening its terminal.
        let MenuNode::Submenu {
            children: terminals,
            ..
        } = &children[2]
        else {
            panic!("{children:?}")
        };
        assert!(matches!(
            &terminals[0],
            MenuNode::Item { id: MenuItemId::Terminal { shortcut, place: Place::Client }, color: Some(c), .. }
                if shortcut == "beta-prod" && *c == beta
        ));
    }
    if let MenuNode::Submenu { children, .. } = &menu[9] {
        assert!(matches!(&children[0], MenuNode::Submenu { color: Some(c), .. } if c == "#d13212"));
    }
    assert!(
        matches!(&menu[8], MenuNode::Item { accelerator: Some(a), .. } if a == "Ctrl+Alt+Space")
    );
}

#[test]
fn ids_are_unique_and_round_trip() {
    let catalog = catalog();
    let mut usage = Usage::default();
    usage.last_used.insert("acme-prod".into(), 1);
    let sessions = [ActiveSession {
        shortcut: "acme-prod".into(),
        expires_at: 5000,
        live_since: None,
    }];
    let menu = build(&MenuInput {
        catalog: &catalog,
        limits: MenuLimits::DEFAULT,
        usage: &usage,
        sessions: &sessions,
        now: 0,
        switcher_hotkey: "Ctrl+Alt+Space",
        recent_limit: 5,
        fixed_first: false,
        today: None,
    });
    fn ids(nodes: &[MenuNode], out: &mut Vec<MenuItemId>) {
        for n in nodes {
            match n {
                MenuNode::Item { id, .. } => out.push(id.clone()),
                MenuNode::Submenu { children, .. } => ids(children, out),
                _ => {}
            }
        }
    }
    let mut all = Vec::new();
    ids(&menu, &mut all);
    let strings: HashSet<String> = all.iter().map(ToString::to_string).collect();
    assert_eq!(strings.len(), all.len(), "menu ids must be unique: {all:?}");
    for id in &all {
        assert_eq!(id.to_string().parse::<MenuItemId>().as_ref(), Ok(id));
    }
    for bad in [
        "",
        "terminal/beta-prod",
        "terminal/client/",
        "open/",
        "open/nowhere/x",
        "open/client/",
        "signout/",
        "renew/",
        "quit2",
    ] {
        assert!(bad.parse::<MenuItemId>().is_err(), "{bad}");
    }
}

#[test]
fn empty_catalog_and_time_left() {
    let catalog = Catalog::default();
    let menu = build(&MenuInput {
        catalog: &catalog,
        limits: MenuLimits::DEFAULT,
        usage: &Usage::default(),
        sessions: &[],
        now: 0,
        switcher_hotkey: "Cmd+Option+Space",
        recent_limit: 5,
        fixed_first: false,
        today: None,
    });
    assert_eq!(
        texts(&menu)[..3],
        [
            "[No shortcuts yet]",
            "Import from ~/.aws/config, Extend Switch Roles or links…",
            "Add a shortcut by hand…",
        ]
    );
    // Each has an id of its own (ids are unique in a menu), and they round-trip.
    let ids: Vec<MenuItemId> = menu
        .iter()
        .filter_map(|n| match n {
            MenuNode::Item { id, .. } => Some(id.clone()),
            _ => None,
        })
        .collect();
    for id in [MenuItemId::Import, MenuItemId::AddShortcut] {
        assert!(ids.contains(&id), "{ids:?}");
        assert_eq!(id.to_string().parse::<MenuItemId>(), Ok(id));
    }
    let unique: std::collections::HashSet<String> = ids.iter().map(|i| i.to_string()).collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert_eq!(time_left(42 * 60), "42 min left");
    assert_eq!(time_left(3900), "1 h 05 min left");
    assert_eq!(time_left(1), "1 min left");
    assert_eq!(time_left(-5), "0 min left");
}

#[test]
fn client_colours_parse_and_draw_as_a_round_dot() {
    assert_eq!(rgb("#d13212"), Some([0xd1, 0x32, 0x12]));
    for bad in ["red", "#12345", "#gg0000", "d13212", "#d13212ff", "#éé0000"] {
        assert_eq!(rgb(bad), None, "{bad}");
    }
    let px = dot_rgba([10, 20, 30], 16);
    assert_eq!(px.len(), 16 * 16 * 4);
    let alpha = |x: usize, y: usize| px[(y * 16 + x) * 4 + 3];
    assert_eq!(alpha(8, 8), 255, "the centre is solid");
    assert_eq!(alpha(0, 0), 0, "the corners are clear");
    assert_eq!(&px[(8 * 16 + 8) * 4..(8 * 16 + 8) * 4 + 3], &[10, 20, 30]);
}

/// A catalog of `clients` clients with `each` shortcuts each (ids `c<i>-s<j>`).
fn big(clients: usize, each: usize) -> Catalog {
    let mut catalog = Catalog {
        identities: vec![crate::catalog::Identity {
            id: "me".into(),
            account: "111111111111".into(),
            ..Default::default()
        }],
        ..Catalog::default()
    };
    for c in 0..clients {
        catalog.clients.push(crate::catalog::Client {
            id: format!("c{c}"),
            name: format!("Client {c}"),
            color: None,
            notes: None,
            link: None,
            browser: None,
        });
        for s in 0..each {
            catalog.shortcuts.push(crate::catalog::Shortcut {
                id: format!("c{c}-s{s}"),
                client: format!("c{c}"),
                account: Some(format!(
                    "{:012}",
                    200_000_000_000u64 + (c * each + s) as u64
                )),
                role: "Admin".into(),
                ..Default::default()
            });
        }
    }
    catalog
}

fn count(nodes: &[MenuNode]) -> usize {
    nodes
        .iter()
        .map(|n| match n {
            MenuNode::Submenu { children, .. } => 1 + count(children),
            _ => 1,
        })
        .sum()
}

fn all_ids(nodes: &[MenuNode], out: &mut Vec<MenuItemId>) {
    for n in nodes {
        match n {
            MenuNode::Item { id, .. } => out.push(id.clone()),
            MenuNode::Submenu { children, .. } => all_ids(children, out),
            _ => {}
        }
    }
}

#[test]
fn a_catalog_of_5000_shortcuts_gives_a_bounded_menu_with_everything_one_step_away() {
    let mut catalog = big(200, 25);
    catalog.shortcuts[4_321].pinned = true; // c172-s21
    let mut usage = Usage::default();
    usage.last_used.insert("c150-s24".into(), 2_000);
    usage.last_used.insert("c3-s9".into(), 1_000);
    let nodes = build(&MenuInput {
        catalog: &catalog,
        limits: MenuLimits::DEFAULT,
        usage: &usage,
        sessions: &[],
        now: 0,
        switcher_hotkey: "Ctrl+Alt+Space",
        recent_limit: 8,
        fixed_first: false,
        today: None,
    });
    let items = count(&nodes);
    assert!(items < 300, "{items} menu items for 5,000 shortcuts");
    let mut ids = Vec::new();
    all_ids(&nodes, &mut ids);
    let opens_in_client = |s: &str| {
        ids.contains(&MenuItemId::Open {
            shortcut: s.into(),
            place: Place::Client,
        })
    };
    // The used clients keep their submenu, with the used shortcuts in it.
    assert!(opens_in_client("c172-s21") && opens_in_client("c150-s24") && opens_in_client("c3-s9"));
    // Every client is in the menu (its shortcuts there, or "All N in …") or behind
    // "More clients…"; every cut submenu ends with its way to the rest.
    let texts = texts(&nodes);
    let shown_clients = texts
        .iter()
        .filter(|t| t.starts_with("Client ") && t.contains(" > "))
        .count();
    assert_eq!(shown_clients, MenuLimits::DEFAULT.cut_clients);
    assert!(ids.contains(&MenuItemId::Find { client: None }));
    assert!(
        texts
            .iter()
            .any(|t| t == "More clients (170, 4250 shortcuts)… (switcher)"),
        "{:?}",
        texts
            .iter()
            .filter(|t| t.starts_with("More"))
            .collect::<Vec<_>>()
    );
    let c3 = texts.iter().find(|t| t.starts_with("Client 3 >")).unwrap();
    assert!(c3.ends_with("--- | All 25 in Client 3… (switcher)"), "{c3}");
    assert!(ids.contains(&MenuItemId::Find {
        client: Some("c3".into())
    }));
    // Ids stay unique, and the id text round-trips.
    let unique: HashSet<String> = ids.iter().map(|i| i.to_string()).collect();
    assert_eq!(unique.len(), ids.len());
    for id in &ids {
        assert_eq!(&id.to_string().parse::<MenuItemId>().unwrap(), id);
    }
}

#[test]
fn a_catalog_within_the_limits_is_shown_whole() {
    let catalog = big(20, 15);
    let nodes = build(&MenuInput {
        catalog: &catalog,
        limits: MenuLimits::DEFAULT,
        usage: &Usage::default(),
        sessions: &[],
        now: 0,
        switcher_hotkey: "Ctrl+Alt+Space",
        recent_limit: 8,
        fixed_first: false,
        today: None,
    });
    let mut ids = Vec::new();
    all_ids(&nodes, &mut ids);
    for s in &catalog.shortcuts {
        assert!(ids.contains(&MenuItemId::Open {
            shortcut: s.id.clone(),
            place: Place::Client
        }));
    }
    assert!(!ids.iter().any(|i| matches!(i, MenuItemId::Find { .. })));
}

#[test]
fn an_edit_at_5000_shortcuts_changes_a_few_items_not_the_menu() {
    let mut catalog = big(200, 25);
    let mut usage = Usage::default();
    usage.last_used.insert("c3-s9".into(), 1_000);
    let menu = |catalog: &Catalog, usage: &Usage| {
        build(&MenuInput {
            catalog,
            limits: MenuLimits::DEFAULT,
            usage,
            sessions: &[],
            now: 0,
            switcher_hotkey: "Ctrl+Alt+Space",
            recent_limit: 8,
            fixed_first: false,
            today: None,
        })
    };
    let before = menu(&catalog, &usage);
    fn steps(ops: &[super::patch::MenuOp]) -> usize {
        ops.iter()
            .map(|op| match op {
                super::patch::MenuOp::Descend { ops, .. } => steps(ops),
                _ => 1,
            })
            .sum()
    }
    let check = |before: &[MenuNode], after: &[MenuNode], most: usize| {
        let ops = super::patch::diff(before, after);
        assert_eq!(
            super::patch::apply(super::patch::shown(before), &ops),
            Some(super::patch::shown(after))
        );
        assert!(
            (1..=most).contains(&steps(&ops)),
            "{} steps: {ops:#?}",
            steps(&ops)
        );
    };
    // A label edited: that item's text (in its client and in "Recent").
    let i = catalog
        .shortcuts
        .iter()
        .position(|s| s.id == "c3-s9")
        .unwrap();
    catalog.shortcuts[i].label = Some("Billing".into());
    let after = menu(&catalog, &usage);
    check(&before, &after, 2);
    // A shortcut added to a shown client: one insert (the client's count in "All N in …").
    catalog.shortcuts.push(crate::catalog::Shortcut {
        id: "c3-new".into(),
        client: "c3".into(),
        account: Some("999999999999".into()),
        role: "Admin".into(),
        ..Default::default()
    });
    let added = menu(&catalog, &usage);
    check(&after, &added, 4);
    // An open moves a shortcut into "Recent": a handful of steps, not ~200.
    usage.last_used.insert("c7-s1".into(), 2_000);
    check(&added, &menu(&catalog, &usage), 12);
}

/// The menu a person meets on a top panel or the macOS menu bar: the fixed items first, so a
/// growing "Recently used" never pushes them; active sessions by name, so they do not trade
/// places as their time runs; clients alphabetical whatever order they were added in.
#[test]
fn the_fixed_items_stay_where_the_pointer_finds_them() {
    let mut catalog = catalog();
    // Added last, named first in the alphabet.
    catalog.clients.push(crate::catalog::model::Client {
        id: "aardvark".into(),
        name: "aardvark labs".into(),
        color: None,
        notes: None,
        link: None,
        browser: None,
    });
    let mut zebra = catalog.shortcuts[0].clone();
    zebra.id = "aardvark-dev".into();
    zebra.client = "aardvark".into();
    zebra.label = Some("Dev".into());
    zebra.pinned = false;
    catalog.shortcuts.push(zebra);
    let menu_with = |usage: &Usage, sessions: &[ActiveSession], now: i64| {
        build(&MenuInput {
            catalog: &catalog,
            limits: MenuLimits::DEFAULT,
            usage,
            sessions,
            now,
            switcher_hotkey: "Cmd+Option+Space",
            recent_limit: 5,
            fixed_first: true,
            today: None,
        })
    };
    let fixed = |menu: &[MenuNode]| -> Vec<String> {
        texts(&menu[..5])
            .into_iter()
            .map(|t| t.split(" >").next().unwrap_or("").to_string())
            .collect()
    };
    let quiet = menu_with(&Usage::default(), &[], 1000);
    let mut busy_usage = Usage::default();
    for (i, id) in ["acme-stage", "acme-prod", "aardvark-dev"]
        .iter()
        .enumerate()
    {
        busy_usage.last_used.insert((*id).into(), 10 + i as i64);
    }
    let sessions = [
        ActiveSession {
            shortcut: "acme-stage".into(),
            expires_at: 1000 + 50 * 60,
            live_since: None,
        },
        ActiveSession {
            shortcut: "acme-prod".into(),
            expires_at: 1000 + 10 * 60,
            live_since: None,
        },
    ];
    let busy = menu_with(&busy_usage, &sessions, 1000);
    // The same first five rows however much is recent or open.
    assert_eq!(
        fixed(&quiet),
        vec![
            "Open switcher…",
            "Active sessions (none)",
            "Today",
            "Settings…",
            "---"
        ]
    );
    assert_eq!(
        fixed(&busy),
        vec![
            "Open switcher…",
            "Active sessions (2)",
            "Today",
            "Settings…",
            "---"
        ]
    );
    assert_eq!(texts(&busy).last().map(String::as_str), Some("Quit"));
    // Sessions by name: Production before Staging, though Staging has longer left; later
    // (Production's time nearly out) the order is the same.
    let order = |menu: &[MenuNode]| match &menu[1] {
        MenuNode::Submenu { children, .. } => texts(children),
        other => panic!("{other:?}"),
    };
    let now = order(&busy);
    assert!(
        now[0].starts_with("Acme Corp – Production (10 min left)"),
        "{now:?}"
    );
    assert!(
        now[1].starts_with("Acme Corp – Staging (50 min left)"),
        "{now:?}"
    );
    let later = order(&menu_with(&busy_usage, &sessions, 1000 + 9 * 60));
    assert!(
        later[0].starts_with("Acme Corp – Production (1 min left)"),
        "{later:?}"
    );
    // Clients alphabetical (case aside): aardvark labs, Acme Corp, Beta GmbH.
    let clients: Vec<String> = texts(&quiet)
        .into_iter()
        .filter(|t| {
            t.contains(" > ") && !t.starts_with("Active sessions") && !t.starts_with("Today")
        })
        .map(|t| t.split(" > ").next().unwrap_or("").to_string())
        .collect();
    assert_eq!(clients, vec!["aardvark labs", "Acme Corp", "Beta GmbH"]);
}

#[test]
fn names_sort_as_a_person_reads_them() {
    let mut names = vec![
        "client 10",
        "client 2",
        "client 1",
        "acme",
        "client 02b",
        "beta 9",
        "beta 10",
    ];
    names.sort_by(|a, b| natural_cmp(a, b));
    assert_eq!(
        names,
        vec![
            "acme",
            "beta 9",
            "beta 10",
            "client 1",
            "client 2",
            "client 02b",
            "client 10"
        ]
    );
}

/// A live console says so, since when, and goes to its window first; "Today" sums the
/// journal per client.
#[test]
fn live_sessions_and_the_day_per_client() {
    let catalog = catalog();
    let usage = Usage::default();
    let sessions = [ActiveSession {
        shortcut: "acme-prod".into(),
        expires_at: 10_000 + 42 * 60,
        live_since: Some(10_000 - 75 * 60),
    }];
    let totals = [crate::live::journal::ClientTotal {
        client: "acme".into(),
        client_name: "Acme Corp".into(),
        in_front: 3900,
        production_in_front: 600,
        opened: 2,
        renewed: 1,
        signed_out: 0,
        shortcuts: vec!["acme-prod".into()],
    }];
    let menu_of = |today| {
        texts(&build(&MenuInput {
            catalog: &catalog,
            limits: MenuLimits::DEFAULT,
            usage: &usage,
            sessions: &sessions,
            now: 10_000,
            switcher_hotkey: "Ctrl+Alt+Space",
            recent_limit: 5,
            fixed_first: true,
            today,
        }))
    };
    let menu = menu_of(Some(&totals[..]));
    assert_eq!(
        menu[1],
        "Active sessions (1) > ● Acme Corp – Production (open for 1 h 15 min, 42 min left) > Go to window | Renew (sign in again) | Open terminal | Sign out | --- | Sign out all"
    );
    assert_eq!(
        menu[2],
        "Today > [Acme Corp: 1 h 05 min in front (10 min production) · 2 opened · 1 renewed] | --- | [Every event and CSV: rolehop journal]"
    );
    assert_eq!(
        menu_of(Some(&[]))[2],
        "Today > [No console opened yet today]"
    );
    assert_eq!(time_ago(30), "just now");
    assert_eq!(time_ago(12 * 60), "for 12 min");
}
