//! Applying a new menu model to the menu already on screen without building it again: a pure
//! edit script from the old model to the new one, which the shell carries out on its GTK menu
//! (remove, insert, set a text). An edit of one shortcut touches that item, not the ~200 others
//! (each GTK item costs time to build and to send over D-Bus to the tray host).
//!
//! Nodes are matched by key: an item by its id (and whether it has a dot), a submenu by its
//! text and colour, a label by its text, separators as such; the longest common subsequence
//! of keys stays in place. The script is: removals (from the last index down, so each index
//! is valid when it is applied), then, walking the new list, inserts and updates at their new
//! index. Applied in order to the old list, it gives the new one ([`apply`] is the reference).

use super::MenuNode;

/// One step of an edit script. Indices are positions at the time the step is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuOp {
    Remove {
        at: usize,
    },
    Insert {
        at: usize,
        node: MenuNode,
    },
    /// The same item with another text (its label or its hotkey changed).
    SetText {
        at: usize,
        text: String,
    },
    /// The same submenu with changed children.
    Descend {
        at: usize,
        /// Whether it has children now (an empty submenu is shown disabled).
        enabled: bool,
        ops: Vec<MenuOp>,
    },
}

/// What identifies a node across two models.
#[derive(Debug, PartialEq, Eq)]
enum Key<'a> {
    Item(String, bool),
    Label(&'a str),
    Submenu(&'a str, Option<&'a str>),
    Separator,
}

fn key(node: &MenuNode) -> Key<'_> {
    match node {
        MenuNode::Item { id, color, .. } => Key::Item(id.to_string(), color.is_some()),
        MenuNode::Label(text) => Key::Label(text),
        MenuNode::Submenu { text, color, .. } => Key::Submenu(text, color.as_deref()),
        MenuNode::Separator => Key::Separator,
    }
}

/// The text an item shows (its hotkey in brackets, as the shell renders it).
pub fn item_text(text: &str, accelerator: Option<&str>) -> String {
    match accelerator {
        Some(keys) => format!("{text}  ({keys})"),
        None => text.to_string(),
    }
}

/// Pairs (old index, new index) of the longest common subsequence of keys.
fn common(old: &[Key<'_>], new: &[Key<'_>]) -> Vec<(usize, usize)> {
    let (n, m) = (old.len(), new.len());
    // lengths[i][j]: LCS of old[i..] and new[j..].
    let mut lengths = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[at(i, j)] = if old[i] == new[j] {
                lengths[at(i + 1, j + 1)] + 1
            } else {
                lengths[at(i + 1, j)].max(lengths[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < n && j < m {
        if old[i] == new[j] {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if lengths[at(i + 1, j)] >= lengths[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// The edit script that turns the menu `old` into `new` (empty when they are equal).
pub fn diff(old: &[MenuNode], new: &[MenuNode]) -> Vec<MenuOp> {
    let old_keys: Vec<Key<'_>> = old.iter().map(key).collect();
    let new_keys: Vec<Key<'_>> = new.iter().map(key).collect();
    let pairs = common(&old_keys, &new_keys);
    let mut ops = Vec::new();
    let kept: Vec<bool> = {
        let mut kept = vec![false; old.len()];
        for (i, _) in &pairs {
            kept[*i] = true;
        }
        kept
    };
    for at in (0..old.len()).rev().filter(|i| !kept[*i]) {
        ops.push(MenuOp::Remove { at });
    }
    let mut matched = pairs.iter().peekable();
    for (at, node) in new.iter().enumerate() {
        let Some(&&(i, _)) = matched.peek().filter(|(_, j)| *j == at) else {
            ops.push(MenuOp::Insert {
                at,
                node: node.clone(),
            });
            continue;
        };
        matched.next();
        match (&old[i], node) {
            (
                MenuNode::Item {
                    text: a,
                    accelerator: ka,
                    ..
                },
                MenuNode::Item {
                    text: b,
                    accelerator: kb,
                    ..
                },
            ) => {
                let (was, now) = (item_text(a, ka.as_deref()), item_text(b, kb.as_deref()));
                if was != now {
                    ops.push(MenuOp::SetText { at, text: now });
                }
            }
            (MenuNode::Submenu { children: a, .. }, MenuNode::Submenu { children: b, .. }) => {
                let inner = diff(a, b);
                if !inner.is_empty() {
                    ops.push(MenuOp::Descend {
                        at,
                        enabled: !b.is_empty(),
                        ops: inner,
                    });
                }
            }
            // Same key: labels and separators are equal.
            _ => {}
        }
    }
    ops
}

/// Carries an edit script out on a model (what the shell does to its GTK menu): `apply(old,
/// diff(old, new))` is `new`. Returns `None` when a step does not fit the list (an index out of
/// range, a text on a node that has none), which the shell treats as "build the menu again".
pub fn apply(mut nodes: Vec<MenuNode>, ops: &[MenuOp]) -> Option<Vec<MenuNode>> {
    for op in ops {
        match op {
            MenuOp::Remove { at } => {
                if *at >= nodes.len() {
                    return None;
                }
                nodes.remove(*at);
            }
            MenuOp::Insert { at, node } => {
                if *at > nodes.len() {
                    return None;
                }
                nodes.insert(*at, node.clone());
            }
            MenuOp::SetText { at, text: new } => match nodes.get_mut(*at) {
                Some(MenuNode::Item {
                    text, accelerator, ..
                }) => {
                    *text = new.clone();
                    *accelerator = None;
                }
                _ => return None,
            },
            MenuOp::Descend { at, ops, .. } => match nodes.get_mut(*at) {
                Some(MenuNode::Submenu { children, .. }) => {
                    *children = apply(std::mem::take(children), ops)?;
                }
                _ => return None,
            },
        }
    }
    Some(nodes)
}

/// [`MenuNode`]s as they are shown: the hotkey folded into the text (what `apply` leaves).
pub fn shown(nodes: &[MenuNode]) -> Vec<MenuNode> {
    nodes
        .iter()
        .map(|n| match n {
            MenuNode::Item {
                id,
                text,
                accelerator,
                color,
            } => MenuNode::Item {
                id: id.clone(),
                text: item_text(text, accelerator.as_deref()),
                accelerator: None,
                color: color.clone(),
            },
            MenuNode::Submenu {
                text,
                color,
                children,
            } => MenuNode::Submenu {
                text: text.clone(),
                color: color.clone(),
                children: shown(children),
            },
            other => other.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::menu::{MenuItemId, Place};

    fn item(id: &str, text: &str) -> MenuNode {
        MenuNode::Item {
            id: MenuItemId::Open {
                shortcut: id.into(),
                place: Place::Client,
            },
            text: text.into(),
            accelerator: None,
            color: Some("#d13212".into()),
        }
    }

    fn submenu(text: &str, children: Vec<MenuNode>) -> MenuNode {
        MenuNode::Submenu {
            text: text.into(),
            color: Some("#d13212".into()),
            children,
        }
    }

    fn check(old: &[MenuNode], new: &[MenuNode]) -> Vec<MenuOp> {
        let ops = diff(old, new);
        assert_eq!(apply(shown(old), &ops), Some(shown(new)), "{ops:#?}");
        ops
    }

    #[test]
    fn one_edit_touches_one_item() {
        let many = |label: &str| {
            let mut clients: Vec<MenuNode> = (0..30)
                .map(|c| {
                    submenu(
                        &format!("Client {c}"),
                        (0..5)
                            .map(|s| item(&format!("c{c}-s{s}"), &format!("shortcut {s}")))
                            .collect(),
                    )
                })
                .collect();
            if let Some(MenuNode::Submenu { children, .. }) = clients.get_mut(7) {
                children[2] = item("c7-s2", label);
            }
            clients.push(MenuNode::Separator);
            clients.push(MenuNode::Label("Active sessions".into()));
            clients
        };
        let ops = check(&many("shortcut 2"), &many("renamed"));
        assert_eq!(
            ops,
            [MenuOp::Descend {
                at: 7,
                enabled: true,
                ops: vec![MenuOp::SetText {
                    at: 2,
                    text: "renamed".into()
                }]
            }]
        );
        assert!(check(&many("x"), &many("x")).is_empty());
    }

    #[test]
    fn scripts_turn_any_menu_into_any_other() {
        let a = item("a", "A");
        let b = item("b", "B");
        let c = item("c", "C");
        let sep = MenuNode::Separator;
        let label = |t: &str| MenuNode::Label(t.into());
        let table: Vec<(Vec<MenuNode>, Vec<MenuNode>)> = vec![
            (vec![], vec![a.clone(), b.clone()]),
            (vec![a.clone(), b.clone()], vec![]),
            (
                vec![a.clone(), b.clone(), c.clone()],
                vec![c.clone(), a.clone()],
            ),
            (
                vec![a.clone(), sep.clone(), b.clone()],
                vec![b.clone(), sep.clone(), a.clone(), sep.clone()],
            ),
            (
                vec![label("Pinned"), a.clone()],
                vec![label("Recent"), a.clone(), c.clone()],
            ),
            (
                vec![submenu("Acme", vec![a.clone(), b.clone()]), c.clone()],
                vec![
                    submenu("Acme", vec![b.clone()]),
                    submenu("Beta", vec![c.clone()]),
                ],
            ),
            // A client emptied: its submenu stays, disabled.
            (
                vec![submenu("Acme", vec![a.clone()])],
                vec![submenu("Acme", vec![])],
            ),
            // A renamed client is another submenu.
            (
                vec![submenu("Acme", vec![a.clone()])],
                vec![submenu("Acme Corp", vec![a.clone()])],
            ),
            // An item that gains its hotkey in the text.
            (
                vec![a.clone()],
                vec![MenuNode::Item {
                    id: MenuItemId::Open {
                        shortcut: "a".into(),
                        place: Place::Client,
                    },
                    text: "A".into(),
                    accelerator: Some("Ctrl+1".into()),
                    color: Some("#d13212".into()),
                }],
            ),
        ];
        for (old, new) in table {
            check(&old, &new);
        }
        let ops = diff(
            &[submenu("Acme", vec![a.clone()])],
            &[submenu("Acme", vec![])],
        );
        assert!(matches!(
            ops.as_slice(),
            [MenuOp::Descend { enabled: false, .. }]
        ));
        // A step that does not fit is refused, not guessed.
        assert_eq!(apply(vec![], &[MenuOp::Remove { at: 0 }]), None);
        assert_eq!(
            apply(
                vec![sep],
                &[MenuOp::SetText {
                    at: 0,
                    text: "x".into()
                }]
            ),
            None
        );
    }
}
