//! The marks a terminal running a `rolehop exec` shell gets, so a person sees which client's
//! account a window or tab is in: the title ("Client – label (account)", production said in
//! it), and where the terminal can show one, the client's colour (red for production). Pure:
//! the escape sequences to write before the shell starts and after it ends, from what the
//! environment says the terminal is.
//!
//! - every xterm-compatible terminal (GNOME Terminal, Konsole, Windows Terminal, Terminal.app,
//!   iTerm2, kitty, WezTerm, tmux): the title, with OSC 0; the title before is pushed on the
//!   terminal's title stack (`CSI 22 ; 0 t`) and popped back when the shell ends (`CSI 23 ; 0 t`)
//!   (<https://invisible-island.net/xterm/ctlseqs/ctlseqs.html>);
//! - iTerm2: the tab's colour (`OSC 6 ; 1 ; bg ; red ; brightness ; N`), reset at the end
//!   (<https://iterm2.com/documentation-escape-codes.html>);
//! - kitty and WezTerm: user variables `rolehop_client`, `rolehop_color`, `rolehop_production`
//!   (`OSC 1337 ; SetUserVar=name=base64`), which their configs can colour a tab with (README,
//!   "In the terminal").
//!
//! Names come from catalogs others write: every character a terminal would act on is replaced
//! ([`crate::base::terminal::shown`]) before it goes into a sequence.

use base64::Engine as _;

/// The colour production is marked with.
pub const PRODUCTION_COLOR: &str = "#d32f2f";

/// What the marks say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub client_name: String,
    pub label: String,
    pub account: String,
    /// The client's colour, `#rrggbb`.
    pub color: String,
    pub production: bool,
}

/// What the terminal can show, from its environment variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terminal {
    /// A terminal that shows no escape sequence (`TERM=dumb`, or none at all).
    Plain,
    /// xterm-compatible: a title.
    Xterm,
    /// iTerm2: a title and a tab colour.
    ITerm2,
    /// kitty or WezTerm: a title and user variables.
    UserVars,
}

impl Terminal {
    /// What the terminal is, from the environment a shell in it has.
    pub fn detect(env: &[(String, String)]) -> Self {
        let get = |name: &str| {
            env.iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .unwrap_or_default()
        };
        let term = get("TERM");
        match get("TERM_PROGRAM") {
            "iTerm.app" => return Self::ITerm2,
            "WezTerm" => return Self::UserVars,
            _ => {}
        }
        if term == "xterm-kitty" || !get("KITTY_WINDOW_ID").is_empty() {
            return Self::UserVars;
        }
        // Windows Terminal sets no TERM; its WT_SESSION says it is there.
        if term.is_empty() && !get("WT_SESSION").is_empty() {
            return Self::Xterm;
        }
        if term.is_empty() || term == "dumb" {
            return Self::Plain;
        }
        Self::Xterm
    }
}

/// The title: "Acme Corp – Prod admin (222222222222)", with "PRODUCTION" in front for a
/// production shortcut. Safe to put in a sequence.
pub fn title(mark: &Mark) -> String {
    let text = format!(
        "{}{} – {} ({})",
        if mark.production {
            "PRODUCTION · "
        } else {
            ""
        },
        mark.client_name,
        mark.label,
        mark.account
    );
    crate::base::terminal::shown(&text).into_owned()
}

/// The colour the terminal shows: red for production, else the client's.
pub fn shown_color(mark: &Mark) -> &str {
    if mark.production {
        PRODUCTION_COLOR
    } else {
        &mark.color
    }
}

/// `#rrggbb` as three bytes; `None` for anything else.
fn rgb(color: &str) -> Option<[u8; 3]> {
    let hex = color.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

fn user_var(name: &str, value: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(value);
    format!("\x1b]1337;SetUserVar={name}={encoded}\x07")
}

/// What to write to the terminal before the shell starts.
pub fn start(mark: &Mark, terminal: Terminal) -> String {
    if terminal == Terminal::Plain {
        return String::new();
    }
    let mut out = format!("\x1b[22;0t\x1b]0;{}\x07", title(mark));
    let color = shown_color(mark);
    match terminal {
        Terminal::ITerm2 => {
            if let Some([r, g, b]) = rgb(color) {
                for (name, value) in [("red", r), ("green", g), ("blue", b)] {
                    out.push_str(&format!("\x1b]6;1;bg;{name};brightness;{value}\x07"));
                }
            }
        }
        Terminal::UserVars => {
            let client = crate::base::terminal::shown(&mark.client_name).into_owned();
            out.push_str(&user_var("rolehop_client", &client));
            if rgb(color).is_some() {
                out.push_str(&user_var("rolehop_color", color));
            }
            out.push_str(&user_var(
                "rolehop_production",
                if mark.production { "1" } else { "0" },
            ));
        }
        Terminal::Xterm | Terminal::Plain => {}
    }
    out
}

/// What to write when the shell has ended: the title before it, and no colour or variables.
pub fn end(terminal: Terminal) -> String {
    match terminal {
        Terminal::Plain => String::new(),
        Terminal::Xterm => "\x1b[23;0t".into(),
        Terminal::ITerm2 => "\x1b]6;1;bg;*;default\x07\x1b[23;0t".into(),
        Terminal::UserVars => format!(
            "{}{}{}\x1b[23;0t",
            user_var("rolehop_client", ""),
            user_var("rolehop_color", ""),
            user_var("rolehop_production", "")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(production: bool) -> Mark {
        Mark {
            client_name: "Acme Corp".into(),
            label: "Prod admin".into(),
            account: "222222222222".into(),
            color: "#1e88e5".into(),
            production,
        }
    }

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_terminal_is_told_apart_by_its_variables() {
        let table = [
            (env(&[("TERM", "xterm-256color")]), Terminal::Xterm),
            (
                env(&[("TERM", "xterm-256color"), ("TERM_PROGRAM", "iTerm.app")]),
                Terminal::ITerm2,
            ),
            (env(&[("TERM", "xterm-kitty")]), Terminal::UserVars),
            (
                env(&[("TERM", "xterm-256color"), ("KITTY_WINDOW_ID", "3")]),
                Terminal::UserVars,
            ),
            (
                env(&[("TERM", "xterm-256color"), ("TERM_PROGRAM", "WezTerm")]),
                Terminal::UserVars,
            ),
            (env(&[("WT_SESSION", "abc")]), Terminal::Xterm),
            (env(&[("TERM", "dumb")]), Terminal::Plain),
            (env(&[]), Terminal::Plain),
        ];
        for (vars, want) in table {
            assert_eq!(Terminal::detect(&vars), want, "{vars:?}");
        }
    }

    #[test]
    fn the_title_names_client_label_and_account_and_says_production() {
        assert_eq!(title(&mark(false)), "Acme Corp – Prod admin (222222222222)");
        assert_eq!(
            title(&mark(true)),
            "PRODUCTION · Acme Corp – Prod admin (222222222222)"
        );
        let mut hostile = mark(false);
        hostile.client_name = "Acme\x07\x1b]0;pwned".into();
        let shown = start(&hostile, Terminal::Xterm);
        // One BEL ends the one title sequence; the name's own controls are replaced.
        assert_eq!(shown.matches('\x07').count(), 1, "{shown:?}");
        assert_eq!(shown.matches('\x1b').count(), 2, "{shown:?}");
    }

    #[test]
    fn each_terminal_gets_what_it_shows_and_has_it_undone() {
        assert_eq!(start(&mark(false), Terminal::Plain), "");
        assert_eq!(end(Terminal::Plain), "");
        let xterm = start(&mark(false), Terminal::Xterm);
        assert_eq!(
            xterm,
            "\x1b[22;0t\x1b]0;Acme Corp – Prod admin (222222222222)\x07"
        );
        assert_eq!(end(Terminal::Xterm), "\x1b[23;0t");
        // iTerm2: the client's colour, or red for production.
        let iterm = start(&mark(false), Terminal::ITerm2);
        assert!(
            iterm.contains("\x1b]6;1;bg;red;brightness;30\x07"),
            "{iterm:?}"
        );
        assert!(iterm.contains("\x1b]6;1;bg;blue;brightness;229\x07"));
        let prod = start(&mark(true), Terminal::ITerm2);
        assert!(
            prod.contains("\x1b]6;1;bg;red;brightness;211\x07"),
            "{prod:?}"
        );
        assert!(end(Terminal::ITerm2).contains("bg;*;default"));
        // kitty / WezTerm: base64 user variables.
        let vars = start(&mark(true), Terminal::UserVars);
        assert!(
            vars.contains("SetUserVar=rolehop_client=QWNtZSBDb3Jw\x07"),
            "{vars:?}"
        );
        assert!(vars.contains("SetUserVar=rolehop_color=I2QzMmYyZg==\x07"));
        assert!(vars.contains("SetUserVar=rolehop_production=MQ==\x07"));
        assert!(end(Terminal::UserVars).contains("SetUserVar=rolehop_client=\x07"));
    }
}
