//! The catalog's top-level keys: its schema version, default browser and custom command.

use super::{Collector, browser_ok};
use crate::catalog::locate::Loc;
use crate::catalog::model::{Catalog, SCHEMA_VERSION};

/// Checks the keys outside any section.
pub(super) fn check(catalog: &Catalog, c: &mut Collector) {
    if catalog.schema_version != SCHEMA_VERSION {
        let message = if catalog.schema_version > SCHEMA_VERSION {
            format!(
                "schema_version {} was written by a newer Rolehop; this one reads version {SCHEMA_VERSION}: upgrade Rolehop",
                catalog.schema_version
            )
        } else {
            format!("schema_version {} is unknown", catalog.schema_version)
        };
        c.push(
            Loc {
                section: None,
                index: 0,
                field: Some("schema_version"),
            },
            "schema_version".into(),
            message,
            Some("1"),
        );
    }

    if let Some(browser) = &catalog.browser {
        c.rule(
            Loc {
                section: None,
                index: 0,
                field: Some("browser"),
            },
            || "browser".to_string(),
            browser_ok(browser),
        );
    }
    if let Some(command) = &catalog.browser_command {
        let words = crate::base::browser_kind::split_command(command);
        if !command.contains("{url}") || words.map(|w| w.is_empty()).unwrap_or(true) {
            c.push(
                Loc { section: None, index: 0, field: Some("browser_command") },
                "browser_command".into(),
                "the custom browser command needs a program and a {url} placeholder (quotes must be closed)".into(),
                Some("\"my-browser --profile {profile} {url}\""),
            );
        }
    }
}
