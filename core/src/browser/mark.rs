//! What every console window shows so a person knows which account it is, in every browser
//! kind: the name "Client – label", the title "Client – label (account)", the client's colour,
//! and for production shortcuts (tagged `prod` or `production`) a strong red mark. Pure: the
//! profile writers ([`super::profile`]), the launch plans ([`super::plan`]) and the built-in
//! window all take their text from here, already cleaned of control characters; each escapes
//! it again for where it goes (JSON, CSS, JavaScript).

use crate::catalog::resolve::ResolvedShortcut;

/// The red of the production mark (frame, banner, title badge).
pub const PRODUCTION_RED: &str = "#c00000";

/// How far each new console window is moved from the previous one (pixels).
const CASCADE_STEP: i32 = 36;
/// After this many steps the cascade starts again at the top left.
const CASCADE_SLOTS: i32 = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowMark {
    /// "Acme Corp – Production": the browser profile's name.
    pub name: String,
    /// "Acme Corp – Production (222222222222)", prefixed "PRODUCTION · " for production.
    pub title: String,
    /// The client's colour, `#rrggbb`.
    pub color: String,
    pub production: bool,
}

/// Text safe for a title bar: control characters become spaces, runs of spaces one.
pub fn clean(text: &str) -> String {
    let replaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    replaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Client – label" of a shortcut as windows, notices and the tray name it, or its id when
/// the catalog cannot resolve it.
pub fn display_name(catalog: &crate::catalog::Catalog, shortcut: &str) -> String {
    crate::catalog::resolve::resolve(catalog, shortcut)
        .map(|r| WindowMark::of(&r).name)
        .unwrap_or_else(|_| shortcut.to_string())
}

impl WindowMark {
    pub fn of(shortcut: &ResolvedShortcut) -> Self {
        let name = clean(&format!("{} – {}", shortcut.client_name, shortcut.label));
        let plain = format!("{name} ({})", shortcut.account);
        Self {
            title: if shortcut.production {
                format!("PRODUCTION · {plain}")
            } else {
                plain
            },
            name,
            color: shortcut.color.clone(),
            production: shortcut.production,
        }
    }

    /// The colour as RGB (the palette's first colour if it is not `#rrggbb`).
    pub fn rgb(&self) -> [u8; 3] {
        crate::catalog::colors::parse_hex(&self.color).unwrap_or([0xd1, 0x32, 0x12])
    }
}

/// Where the `slot`-th console window opens (top-left corner), so a new window never exactly
/// covers the one before it.
pub fn cascade_position(slot: usize) -> (i32, i32) {
    let step = i32::try_from(slot).unwrap_or(0) % CASCADE_SLOTS;
    (48 + step * CASCADE_STEP, 32 + step * CASCADE_STEP)
}

/// A script that marks every page it runs in: a frame around the page and a banner naming
/// the client, label and account, in the client's colour (red for production), drawn above
/// the page and letting clicks through. Runs in the built-in console window on every page,
/// and as the production mark's content script in the Chromium family.
pub fn page_script(mark: &WindowMark) -> String {
    let color = if mark.production {
        PRODUCTION_RED.to_string()
    } else {
        mark.color.clone()
    };
    let [r, g, b] = crate::catalog::colors::parse_hex(&color).unwrap_or([0xc0, 0, 0]);
    let [tr, tg, tb] = crate::catalog::colors::text_on([r, g, b]);
    let width = if mark.production { 4 } else { 2 };
    format!(
        "// Written by Rolehop: says which account this window is.\n\
         (() => {{\n\
         \x20 if (window.top !== window) return;\n\
         \x20 const frame = document.createElement(\"div\");\n\
         \x20 frame.style.cssText = \"position:fixed;inset:0;border:{width}px solid rgb({r},{g},{b});pointer-events:none;z-index:2147483647\";\n\
         \x20 const banner = document.createElement(\"div\");\n\
         \x20 banner.textContent = {};\n\
         \x20 banner.style.cssText = \"position:fixed;left:0;bottom:0;background:rgb({r},{g},{b});color:rgb({tr},{tg},{tb});font:bold 12px sans-serif;padding:3px 10px;border-top-right-radius:6px;pointer-events:none;z-index:2147483647\";\n\
         \x20 const add = () => document.documentElement.append(frame, banner);\n\
         \x20 if (document.documentElement) add(); else document.addEventListener(\"DOMContentLoaded\", add);\n\
         }})();\n",
        js_string(&mark.title)
    )
}

/// A string as a JavaScript/JSON string literal (quotes, backslashes, `<`, line separators
/// escaped), for the scripts written into a profile.
pub fn js_string(text: &str) -> String {
    let json = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into());
    // `</script>` and U+2028/2029 are harmless in a .js file, but escape them anyway so the
    // literal is safe wherever it ends up.
    json.replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// A string as a CSS string literal: quotes and backslashes escaped, and every control
/// character (line ends, NUL, escape, DEL, C1) written as a CSS hex escape (`\a `), so no
/// name can end the string, the rule or the sheet.
pub fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // NUL is not allowed even escaped: CSS turns it into U+FFFD.
            '\0' => out.push_str("\\fffd "),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\{:x} ", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::resolve::resolve;

    fn shortcut(extra: &str) -> ResolvedShortcut {
        let text = format!(
            "[[identity]]\nid = \"me\"\naccount = \"111111111111\"\n[[client]]\nid = \"acme\"\nname = \"Acme Corp\"\ncolor = \"#d13212\"\n[[shortcut]]\nid = \"acme-prod\"\nclient = \"acme\"\naccount = \"222222222222\"\nrole = \"Admin\"\n{extra}"
        );
        let catalog = toml::from_str(&text).unwrap();
        resolve(&catalog, "acme-prod").unwrap()
    }

    #[test]
    fn names_titles_and_the_production_mark() {
        let table = [
            (
                "label = \"Production\"\n",
                "Acme Corp – Production",
                "Acme Corp – Production (222222222222)",
                false,
            ),
            (
                "",
                "Acme Corp – acme-prod",
                "Acme Corp – acme-prod (222222222222)",
                false,
            ),
            (
                "label = \"Prod\"\ntags = [\"Prod\"]\n",
                "Acme Corp – Prod",
                "PRODUCTION · Acme Corp – Prod (222222222222)",
                true,
            ),
            (
                "label = \"Line\\nbreak\\u0007 x\"\ntags = [\"production\"]\n",
                "Acme Corp – Line break x",
                "PRODUCTION · Acme Corp – Line break x (222222222222)",
                true,
            ),
        ];
        for (extra, name, title, production) in table {
            let mark = WindowMark::of(&shortcut(extra));
            assert_eq!(mark.name, name);
            assert_eq!(mark.title, title);
            assert_eq!(mark.production, production);
            assert_eq!(mark.color, "#d13212");
        }
    }

    #[test]
    fn cascade_never_repeats_the_previous_position() {
        for slot in 0..20 {
            assert_ne!(cascade_position(slot), cascade_position(slot + 1));
        }
        assert_eq!(cascade_position(0), cascade_position(8));
    }

    #[test]
    fn the_page_script_names_the_account_in_its_colour() {
        let mut mark = WindowMark::of(&shortcut("label = \"Prod\"\n"));
        let script = page_script(&mark);
        assert!(
            script.contains("\"Acme Corp – Prod (222222222222)\""),
            "{script}"
        );
        assert!(script.contains("rgb(209,50,18)") && script.contains("2px solid"));
        mark.production = true;
        let script = page_script(&mark);
        assert!(script.contains("rgb(192,0,0)") && script.contains("4px solid"));
    }

    #[test]
    fn escapes_for_scripts_and_stylesheets() {
        assert_eq!(js_string("a\"b</script>"), "\"a\\\"b\\u003c/script>\"");
        assert_eq!(css_string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\a d\"");
        // Every control character is escaped, none is left raw.
        let all: String = (0u32..0xa0).filter_map(char::from_u32).collect();
        let escaped = css_string(&all);
        assert!(!escaped.chars().any(|c| c.is_control()), "{escaped:?}");
        assert!(
            escaped.contains("\\1b ") && escaped.contains("\\7f ") && escaped.contains("\\9f ")
        );
    }
}
