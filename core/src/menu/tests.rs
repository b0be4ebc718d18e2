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
        },
        ActiveSession {
            shortcut: "acme-stage".into(),
            expires_at: 900,
        },
    ];
    let menu = build(&MenuInput {
        catalog: &catalog,
        usage: &usage,
        sessions: &sessions,
        now: 1000,
        switcher_hotkey: "Ctrl+Alt+Space",
        recent_limit: 5,
    });
    assert_eq!(
        texts(&menu),
        vec![
            "Beta GmbH — beta-prod · 444444444444 · Admin",
            "---",
            "[Recently used]",
            "Acme Corp — Staging · 333333333333 · ReadOnly",
            "---",
            "Acme Corp > Production · 222222222222 · Admin | Staging · 333333333333 · ReadOnly",
            "Beta GmbH > beta-prod · 444444444444 · Admin",
            "---",
            "Open switcher…",
            "Active sessions (1) > Acme Corp – Production (42 min left) > Open | Renew (sign in again) | Sign out | --- | Sign out all",
            "---",
            "Settings…",
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
    }];
    let menu = build(&MenuInput {
        catalog: &catalog,
        usage: &usage,
        sessions: &sessions,
        now: 0,
        switcher_hotkey: "Ctrl+Alt+Space",
        recent_limit: 5,
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
        usage: &Usage::default(),
        sessions: &[],
        now: 0,
        switcher_hotkey: "Cmd+Option+Space",
        recent_limit: 5,
    });
    assert_eq!(texts(&menu)[0], "[No shortcuts yet: add them in Settings…]");
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
