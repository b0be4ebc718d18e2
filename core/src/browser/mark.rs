//! What every console window shows so a person knows which account it is, in every browser
//! kind: the name "Client – label", the title "Client – label (account)", the client's colour,
//! and for production shortcuts (tagged `prod` or `production`) a strong red mark. Pure: the
//! profile writers ([`super::profile`]), the launch plans ([`super::plan`]) and the built-in
//! window all take their text from here, already cleaned of control characters; each escapes
//! it again for where it goes (JSON, CSS, JavaScript).

use crate::catalog::resolve::ResolvedShortcut;

/// The red of the production mark (frame, banner, title badge).
pub const PRODUCTION_RED: &str = "#c00000";

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

/// Text safe for a title bar: one line, control characters as spaces, bidi controls dropped
/// (the catalog's own tidying of names from outside, [`crate::catalog::rules::tidy_display`]).
pub fn clean(text: &str) -> String {
    crate::catalog::rules::tidy_display(text)
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

/// What the page mark draws, as data: the colour of the frame and banner, the banner's text
/// colour, the frame's width and the text. Written into one profile's script (separate
/// browsers, the built-in window), or handed to a shared browser's profile at each open
/// (see [`shared_page_script`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PageMark {
    pub text: String,
    pub rgb: [u8; 3],
    pub text_rgb: [u8; 3],
    pub width: u8,
}

impl PageMark {
    pub fn of(mark: &WindowMark) -> Self {
        let color = if mark.production {
            PRODUCTION_RED.to_string()
        } else {
            mark.color.clone()
        };
        let rgb = crate::catalog::colors::parse_hex(&color).unwrap_or([0xc0, 0, 0]);
        Self {
            text: mark.title.clone(),
            rgb,
            text_rgb: crate::catalog::colors::text_on(rgb),
            width: if mark.production { 4 } else { 2 },
        }
    }

    /// As a JSON object (for a script or a URL fragment).
    pub fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

/// The pages the mark is drawn on: AWS's console and sign-in pages of every partition (and
/// their regional hosts), the sign-in endpoint's own origin when it is not AWS's (tests point
/// it at a local stand-in, `ROLEHOP_FEDERATION_URL`), and Rolehop's local hand-off pages. The
/// mark names the client, the label and the account: a third-party page opened in a console
/// profile (a link from a ticket, a page a console links to) must not find that in its DOM.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MarkScope {
    /// Hosts whose pages (and their subdomains') are marked, over https.
    pub hosts: Vec<String>,
    /// Whole origins (`scheme://host:port`) also marked.
    pub origins: Vec<String>,
}

impl MarkScope {
    /// The scope for a profile whose sign-ins go through `signin_origin` (the federation
    /// endpoint's origin; `None`: AWS's own).
    pub fn new(signin_origin: Option<&str>) -> Self {
        let mut hosts = Vec::new();
        for p in crate::catalog::Partition::ALL {
            hosts.push(crate::partition::hosts::console_host(p).to_string());
            hosts.push(crate::partition::hosts::signin_host(p).to_string());
        }
        let covered = |origin: &url::Url| {
            origin.scheme() == "https"
                && origin.port().is_none()
                && origin.host_str().is_some_and(|h| {
                    hosts
                        .iter()
                        .any(|b| h == b || h.ends_with(&format!(".{b}")))
                })
        };
        let origins = signin_origin
            .and_then(|o| url::Url::parse(o).ok())
            .filter(|u| !covered(u) && matches!(u.scheme(), "https" | "http"))
            .map(|u| vec![u.origin().ascii_serialization()])
            .unwrap_or_default();
        Self { hosts, origins }
    }

    /// The content script's `matches` in a Chromium extension manifest. Chromium's match
    /// patterns ignore ports, so an extra origin's host is matched on any port; the script
    /// checks the whole origin again before it draws.
    pub fn match_patterns(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .hosts
            .iter()
            .map(|h| format!("https://*.{h}/*"))
            .collect();
        for origin in &self.origins {
            if let Ok(u) = url::Url::parse(origin)
                && let Some(host) = u.host_str()
            {
                out.push(format!("{}://{host}/*", u.scheme()));
            }
        }
        out.push("file:///*".to_string());
        out
    }

    fn js(&self) -> String {
        js_json(&serde_json::to_string(self).unwrap_or_else(|_| "{}".into()))
    }
}

/// `rolehopHere(scope)`: whether this page is one the mark is drawn on ([`MarkScope`]).
const HERE_FUNCTION: &str = "function rolehopHere(scope) {
  if (location.protocol === \"file:\") return location.pathname.includes(\"/rolehop-handoff-\");
  if (scope.origins.includes(location.origin)) return true;
  const h = location.hostname;
  return location.protocol === \"https:\" && location.port === \"\" && scope.hosts.some((b) => h === b || h.endsWith(\".\" + b));
}
";

/// `rolehopDraw(mark)`: draws a frame around the page and a banner naming the client, label
/// and account, in the client's colour (red for production), above the page and letting
/// clicks through; a second call replaces the first drawing. The mark is checked field by
/// field (it may come from a stored value), and its text is set as text, never as markup.
const DRAW_FUNCTION: &str = "function rolehopDraw(mark) {
  if (window.top !== window || !mark || typeof mark.text !== \"string\" || !rolehopHere(SCOPE)) return;
  const byte = (v) => (Number.isInteger(v) && v >= 0 && v <= 255 ? v : 0);
  const rgb = (a) => (Array.isArray(a) && a.length === 3 ? `rgb(${byte(a[0])},${byte(a[1])},${byte(a[2])})` : \"rgb(192,0,0)\");
  const width = mark.width === 4 ? 4 : 2;
  for (const old of document.querySelectorAll(\"[data-rolehop-mark]\")) old.remove();
  const frame = document.createElement(\"div\");
  frame.setAttribute(\"data-rolehop-mark\", \"\");
  frame.style.cssText = `position:fixed;inset:0;border:${width}px solid ${rgb(mark.rgb)};pointer-events:none;z-index:2147483647`;
  const banner = document.createElement(\"div\");
  banner.setAttribute(\"data-rolehop-mark\", \"\");
  banner.textContent = mark.text;
  banner.style.cssText = `position:fixed;left:0;bottom:0;background:${rgb(mark.rgb)};color:${rgb(mark.text_rgb)};font:bold 12px sans-serif;padding:3px 10px;border-top-right-radius:6px;pointer-events:none;z-index:2147483647`;
  const add = () => document.documentElement.append(frame, banner);
  if (document.documentElement) add(); else document.addEventListener(\"DOMContentLoaded\", add);
}
";

/// A script that marks every page it runs in with this shortcut's mark (see
/// `DRAW_FUNCTION`). Runs in the built-in console window on every page, and as the page
/// mark's content script of a Chromium browser of its own.
pub fn page_script(mark: &WindowMark, scope: &MarkScope) -> String {
    format!(
        "// Written by Rolehop: says which account this window is.\n(() => {{\nconst SCOPE = {};\n{HERE_FUNCTION}{DRAW_FUNCTION}rolehopDraw({});\n}})();\n",
        scope.js(),
        js_json(&PageMark::of(mark).json())
    )
}

/// The fragment a shared browser's hand-off page carries: the profile's page mark, which the
/// shared content script keeps in that profile's extension storage (each profile has its
/// own), so every page of the profile shows its own account. Not a secret: the same text is
/// the window title on the browser's command line.
pub const MARK_FRAGMENT: &str = "rolehop-mark=";

/// `#rolehop-mark=<JSON, percent-encoded>`: the page mark and the shortcut (the profile's
/// extension tells Rolehop which shortcut it is, see [`crate::browser::channel`]).
pub fn mark_fragment(mark: &WindowMark, shortcut: &str) -> String {
    let mut value = serde_json::to_value(PageMark::of(mark)).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("shortcut".into(), shortcut.into());
    }
    let json = value.to_string();
    let encoded: String = url::form_urlencoded::byte_serialize(json.as_bytes()).collect::<String>();
    format!("#{MARK_FRAGMENT}{}", encoded.replace('+', "%20"))
}

/// The page mark's content script in a shared browser, the same for every profile: on a
/// Rolehop hand-off page (a local file, so no web page can pose as one) it keeps the mark the
/// URL's fragment carries in the profile's storage; on every other page it draws the stored
/// mark, and draws again when it changes.
pub fn shared_page_script(scope: &MarkScope) -> String {
    format!(
        "// Written by Rolehop: says which account this profile's windows are.\n(() => {{\nconst SCOPE = {};\n{HERE_FUNCTION}{DRAW_FUNCTION}const KEY = \"rolehopMark\";\n\
if (location.protocol === \"file:\" && location.pathname.includes(\"/rolehop-handoff-\") && location.hash.startsWith(\"#{MARK_FRAGMENT}\")) {{\n\
  try {{\n\
    const mark = JSON.parse(decodeURIComponent(location.hash.slice({})));\n\
    chrome.storage.local.set({{ [KEY]: mark }}).catch(() => {{}});\n\
  }} catch (e) {{}}\n\
  return;\n\
}}\n\
chrome.storage.local.get(KEY).then((r) => rolehopDraw(r[KEY])).catch(() => {{}});\n\
chrome.storage.onChanged.addListener((changes, area) => {{ if (area === \"local\" && changes[KEY]) rolehopDraw(changes[KEY].newValue); }});\n\
}})();\n",
        scope.js(),
        MARK_FRAGMENT.len() + 1
    )
}

/// The storage key a profile keeps its shortcut under (set by the page script from a hand-off
/// page, like a shared browser's mark; read by the extension's channel).
pub const SHORTCUT_KEY: &str = "rolehopShortcut";

/// The page script's part (every Chromium layout) that keeps, from a Rolehop hand-off page (a
/// local file, so no web page can pose as one), the shortcut its fragment names in the
/// profile's storage, where the extension's channel reads it.
pub fn shortcut_from_handoff() -> String {
    format!(
        "(() => {{\n\
  if (location.protocol !== \"file:\" || !location.pathname.includes(\"/rolehop-handoff-\") || !location.hash.startsWith(\"#{MARK_FRAGMENT}\")) return;\n\
  try {{\n\
    const m = JSON.parse(decodeURIComponent(location.hash.slice({})));\n\
    if (m && typeof m.shortcut === \"string\" && m.shortcut.length > 0 && m.shortcut.length <= 128) chrome.storage.local.set({{ {}: m.shortcut }}).catch(() => {{}});\n\
  }} catch (e) {{}}\n\
}})();\n",
        MARK_FRAGMENT.len() + 1,
        js_string(SHORTCUT_KEY)
    )
}

/// JSON text as a script literal: `<` and the line separators escaped (see [`js_string`]).
fn js_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
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
    fn the_page_script_names_the_account_in_its_colour() {
        let mut mark = WindowMark::of(&shortcut("label = \"Prod\"\n"));
        let scope = MarkScope::new(None);
        let script = page_script(&mark, &scope);
        assert!(
            script.contains("\"Acme Corp – Prod (222222222222)\""),
            "{script}"
        );
        assert!(script.contains("\"rgb\":[209,50,18]") && script.contains("\"width\":2"));
        mark.production = true;
        let script = page_script(&mark, &scope);
        assert!(script.contains("\"rgb\":[192,0,0]") && script.contains("\"width\":4"));
        // A title cannot end the script.
        mark.title = "</script><b>x\u{2028}".into();
        let script = page_script(&mark, &scope);
        assert!(
            !script.contains("</script>") && !script.contains('\u{2028}'),
            "{script}"
        );
    }

    #[test]
    fn a_shared_profile_gets_its_mark_through_the_hand_off_fragment() {
        let mark = WindowMark::of(&shortcut("label = \"Prod & co\"\n"));
        let fragment = mark_fragment(&mark, "acme-prod");
        let encoded = fragment.strip_prefix(&format!("#{MARK_FRAGMENT}")).unwrap();
        assert!(!encoded.contains(' ') && !encoded.contains('&') && !encoded.contains('+'));
        let decoded: String = url::form_urlencoded::parse(format!("m={encoded}").as_bytes())
            .map(|(_, v)| v.into_owned())
            .collect();
        let back: serde_json::Value = serde_json::from_str(&decoded).unwrap();
        assert_eq!(back["text"], "Acme Corp – Prod & co (222222222222)");
        assert_eq!(back["rgb"], serde_json::json!([209, 50, 18]));
        assert_eq!(back["shortcut"], "acme-prod");
        let keep = shortcut_from_handoff();
        assert!(keep.contains("location.protocol !== \"file:\""), "{keep}");
        assert!(
            keep.contains("{ \"rolehopShortcut\": m.shortcut }"),
            "{keep}"
        );
        // The script takes the mark only from a local hand-off page, and skips the prefix.
        let script = shared_page_script(&MarkScope::new(None));
        assert!(
            script.contains("location.protocol === \"file:\""),
            "{script}"
        );
        assert!(script.contains(&format!("slice({})", MARK_FRAGMENT.len() + 1)));
        assert!(script.contains("chrome.storage.onChanged"));
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

    /// The mark names the account: only AWS's console and sign-in pages, the test stand-in's
    /// origin and Rolehop's hand-off pages get it, never a third-party page.
    #[test]
    fn the_mark_is_drawn_only_on_aws_console_pages() {
        let scope = MarkScope::new(None);
        assert!(scope.hosts.contains(&"console.aws.amazon.com".to_string()));
        assert!(
            scope
                .hosts
                .contains(&"console.amazonaws-eusc.eu".to_string())
        );
        assert!(scope.origins.is_empty());
        // AWS's own (regional) sign-in origin is already covered.
        assert!(
            MarkScope::new(Some("https://eu-west-1.signin.aws.amazon.com"))
                .origins
                .is_empty()
        );
        let test = MarkScope::new(Some("http://127.0.0.1:4567"));
        assert_eq!(test.origins, ["http://127.0.0.1:4567"]);
        let patterns = scope.match_patterns();
        assert!(patterns.contains(&"https://*.console.aws.amazon.com/*".to_string()));
        assert!(
            !patterns
                .iter()
                .any(|p| p.contains("<all_urls>") || p == "https://*/*")
        );
        assert!(
            test.match_patterns()
                .contains(&"http://127.0.0.1/*".to_string())
        );
        let script = page_script(&WindowMark::of(&shortcut("")), &scope);
        assert!(script.contains("rolehopHere(SCOPE)"), "{script}");
    }
}
