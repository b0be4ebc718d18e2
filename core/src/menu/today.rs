//! The menu's "Today" submenu: each client's time in front, opens and renewals from the
//! day's journal.

use super::MenuNode;

/// "Today": each client's time in front, opens and renewals from the day's journal (labels:
/// it informs, `rolehop journal` has the rest).
pub(super) fn today(totals: Option<&[crate::live::journal::ClientTotal]>) -> MenuNode {
    let children = match totals {
        None => vec![MenuNode::Label(
            "The journal is off (rolehop journal --on)".into(),
        )],
        Some([]) => vec![MenuNode::Label("No console opened yet today".into())],
        Some(totals) => {
            let mut rows: Vec<MenuNode> = totals
                .iter()
                .map(|t| {
                    let mut parts = Vec::new();
                    if t.in_front > 0 {
                        let mut front =
                            format!("{} in front", crate::live::journal::duration(t.in_front));
                        if t.production_in_front > 0 {
                            front.push_str(&format!(
                                " ({} production)",
                                crate::live::journal::duration(t.production_in_front)
                            ));
                        }
                        parts.push(front);
                    }
                    for (n, what) in [(t.opened, "opened"), (t.renewed, "renewed")] {
                        if n > 0 {
                            parts.push(format!("{n} {what}"));
                        }
                    }
                    if parts.is_empty() {
                        parts.push("signed out".into());
                    }
                    let text = format!(
                        "{}: {}",
                        crate::catalog::rules::tidy_display(&t.client_name),
                        parts.join(" · ")
                    );
                    MenuNode::Label(text)
                })
                .collect();
            rows.push(MenuNode::Separator);
            rows.push(MenuNode::Label(
                "Every event and CSV: rolehop journal".into(),
            ));
            rows
        }
    };
    MenuNode::Submenu {
        text: "Today".into(),
        color: None,
        children,
    }
}
