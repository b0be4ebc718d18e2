//! What a team layer may hold. A shared file must never be able to run code on a teammate's
//! machine or send their console somewhere else, so a layer is rejected whole (never used in
//! part) when it sets identities, a browser or a browser command, a destination off the
//! console host, a client link that is not https, or other layers. Errors name the file, line
//! and key.

use toml_edit::Document;

use crate::catalog::locate::{Loc, locate};
use crate::catalog::model::{Catalog, Partition};
use crate::catalog::store::parse_only;
use crate::partition::destination::destination_url;

/// Why a layer file is not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[error("{file}:{line}: {key}: {message}")]
pub struct LayerError {
    pub file: String,
    pub line: usize,
    pub key: String,
    pub message: String,
}

/// Parses a layer file and checks what it may hold.
pub fn check(file: &str, text: &str) -> Result<Catalog, LayerError> {
    let path = std::path::Path::new(file);
    let layer = parse_only(path, text).map_err(|e| match e {
        crate::catalog::CatalogError::Parse { line, message, .. } => LayerError {
            file: file.to_string(),
            line,
            key: String::new(),
            message,
        },
        other => LayerError {
            file: file.to_string(),
            line: 1,
            key: String::new(),
            message: other.to_string(),
        },
    })?;
    let doc = Document::parse(text).map_err(|e| LayerError {
        file: file.to_string(),
        line: 1,
        key: String::new(),
        message: e.message().to_string(),
    })?;
    let fail = |section: Option<&'static str>,
                index: usize,
                field: Option<&'static str>,
                key: String,
                message: &str| {
        let (line, _) = locate(
            &doc,
            text,
            &Loc {
                section,
                index,
                field,
            },
        );
        Err(LayerError {
            file: file.to_string(),
            line,
            key,
            message: message.to_string(),
        })
    };
    if let Some(i) = layer.identities.first() {
        return fail(
            Some("identity"),
            0,
            None,
            format!("identity[{}]", i.id),
            "a team layer cannot define identities: they are personal (and their keys stay in each person's keychain)",
        );
    }
    if layer.browser.is_some() || layer.browser_command.is_some() || layer.profile_layout.is_some()
    {
        let field = if layer.browser_command.is_some() {
            "browser_command"
        } else if layer.profile_layout.is_some() {
            "profile_layout"
        } else {
            "browser"
        };
        return fail(
            None,
            0,
            Some(field),
            field.to_string(),
            "a team layer cannot choose a browser or a browser command: only your own catalog can",
        );
    }
    if !layer.layers.is_empty() || !layer.discoveries.is_empty() {
        let section = if layer.layers.is_empty() {
            "discovery"
        } else {
            "layer"
        };
        return fail(
            Some(section),
            0,
            None,
            section.to_string(),
            "a team layer cannot include other layers or discovery sources",
        );
    }
    for (i, c) in layer.clients.iter().enumerate() {
        if c.browser.is_some() {
            return fail(
                Some("client"),
                i,
                Some("browser"),
                format!("client[{}].browser", c.id),
                "a team layer cannot choose a browser",
            );
        }
        if let Some(link) = &c.link
            && !link.starts_with("https://")
        {
            return fail(
                Some("client"),
                i,
                Some("link"),
                format!("client[{}].link", c.id),
                "a team layer's links must be https:// (no files, programs or other schemes)",
            );
        }
    }
    for (i, s) in layer.shortcuts.iter().enumerate() {
        if s.browser.is_some() {
            return fail(
                Some("shortcut"),
                i,
                Some("browser"),
                format!("shortcut[{}].browser", s.id),
                "a team layer cannot choose a browser",
            );
        }
        if let Some(d) = &s.destination {
            // Checked in every partition's terms: a destination must stay on a console host.
            let on_console = Partition::ALL.iter().any(|p| {
                destination_url(
                    *p,
                    s.region.as_deref().unwrap_or(p.default_region()),
                    Some(d),
                )
                .is_ok()
            });
            if !on_console {
                return fail(
                    Some("shortcut"),
                    i,
                    Some("destination"),
                    format!("shortcut[{}].destination", s.id),
                    "a team layer's destination must stay on the AWS console",
                );
            }
        }
    }
    Ok(layer)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "schema_version = 1\n[[client]]\nid = \"acme\"\nname = \"Acme\"\nlink = \"https://wiki.example.com/acme\"\n[[shortcut]]\nid = \"acme-prod\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\ndestination = \"cloudwatch\"\n";

    #[test]
    fn a_plain_team_file_passes() {
        let layer = check("team.toml", GOOD).unwrap();
        assert_eq!(layer.shortcuts.len(), 1);
    }

    #[test]
    fn what_could_run_code_or_leave_the_console_is_rejected_with_its_line() {
        for (extra, line, key) in [
            (
                "browser_command = \"sh -c evil {url}\"\n",
                1,
                "browser_command",
            ),
            ("browser = \"custom\"\n", 1, "browser"),
            ("profile_layout = \"separate\"\n", 1, "profile_layout"),
            (
                "[[identity]]\nid = \"x\"\naccount = \"111111111111\"\n",
                12,
                "identity[x]",
            ),
            ("[[layer]]\nid = \"more\"\npath = \"/tmp\"\n", 12, "layer"),
        ] {
            // Top-level keys must come before the tables.
            let text = if line == 1 {
                format!("{extra}{GOOD}")
            } else {
                format!("{GOOD}{extra}")
            };
            let err = check("team.toml", &text)
                .err()
                .unwrap_or_else(|| panic!("accepted {extra}"));
            assert_eq!((err.line, err.key.as_str()), (line, key), "{err}");
        }
        for (from, to, line, key) in [
            (
                "destination = \"cloudwatch\"",
                "destination = \"https://evil.example.com/login\"",
                11,
                "shortcut[acme-prod].destination",
            ),
            (
                "link = \"https://wiki.example.com/acme\"",
                "link = \"file:///usr/bin/xterm\"",
                5,
                "client[acme].link",
            ),
            (
                "role = \"Admin\"",
                "role = \"Admin\"\nbrowser = \"firefox\"",
                11,
                "shortcut[acme-prod].browser",
            ),
        ] {
            let text = GOOD.replace(from, to);
            let err = check("team.toml", &text)
                .err()
                .unwrap_or_else(|| panic!("accepted {to}"));
            assert_eq!((err.line, err.key.as_str()), (line, key), "{err}");
            assert!(err.to_string().starts_with("team.toml:"), "{err}");
        }
        let err = check("team.toml", "[[shortcut]]\nid = \n").err();
        assert_eq!(err.map(|e| e.line), Some(2));
    }
}
