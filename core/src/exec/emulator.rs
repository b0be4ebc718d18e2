//! The terminal emulator the tray's and the switcher's "Open terminal" start, running
//! `rolehop shell SHORTCUT` (the marked shell, with its credential server). Pure: the person's
//! own command (Settings › General › Terminal) or this desktop's default, and the inner
//! command, to the command line to start. No shell runs it, and nothing secret is on it: the
//! shell gets its credentials itself.
//!
//! The person's command is split like a shell would (quotes, no expansion); `{command}`
//! stands for the inner command's words (`wezterm start -- {command}`); without it they are
//! appended. Defaults, by platform:
//! - Linux: the desktop's own (GNOME Terminal on GNOME, Konsole on KDE Plasma, the Xfce
//!   terminal on Xfce), else Debian's `x-terminal-emulator`, else the first found of the
//!   common ones;
//! - macOS: iTerm2 when it is installed, else Terminal.app, both through AppleScript
//!   (`osascript`);
//! - Windows: Windows Terminal (`wt.exe`), else a new console window of its own.

use crate::browser::detect::Os;

/// Why no terminal can be started.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmulatorError {
    #[error(
        "no terminal emulator found (looked for {looked_for}); set one in Settings › General › Terminal, for example `xterm -e {{command}}`"
    )]
    NotFound { looked_for: String },
    #[error("the terminal command `{command}` cannot be used: {reason}")]
    Invalid { command: String, reason: String },
}

/// What to start: a program and its arguments, and whether it needs a console window of its
/// own (Windows without Windows Terminal: the shell itself, in a new console).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub argv: Vec<String>,
    pub new_console: bool,
}

/// Where the terminal starts: the platform, the desktop (`XDG_CURRENT_DESKTOP`), and which
/// programs are there (on `PATH`; on macOS `iTerm.app` is asked of the Applications folders).
pub struct Host<'a> {
    pub os: Os,
    pub desktop: &'a str,
    pub on_path: &'a dyn Fn(&str) -> bool,
}

/// The name [`Host::on_path`] is asked on macOS for iTerm2.
pub const ITERM: &str = "iTerm.app";

/// Linux terminals tried when the desktop's own is not there, with the option that runs a
/// command (the rest of the line).
const LINUX_TERMINALS: [(&str, &[&str]); 9] = [
    ("x-terminal-emulator", &["-e"]),
    ("gnome-terminal", &["--"]),
    ("konsole", &["-e"]),
    ("xfce4-terminal", &["-x"]),
    ("kitty", &[]),
    ("alacritty", &["-e"]),
    ("wezterm", &["start", "--"]),
    ("foot", &[]),
    ("xterm", &["-e"]),
];

/// The placeholder for the inner command's words.
pub const COMMAND: &str = "{command}";

/// The command line that opens a terminal running `inner` (`rolehop shell acme-prod`).
pub fn launch(
    configured: Option<&str>,
    host: &Host<'_>,
    inner: &[String],
) -> Result<Launch, EmulatorError> {
    if let Some(template) = configured.map(str::trim).filter(|t| !t.is_empty()) {
        return Ok(Launch {
            argv: from_template(template, inner)?,
            new_console: false,
        });
    }
    match host.os {
        Os::Linux => linux(host, inner),
        Os::MacOs => Ok(Launch {
            argv: mac_terminal(inner, (host.on_path)(ITERM)),
            new_console: false,
        }),
        Os::Windows => Ok(if (host.on_path)("wt.exe") {
            Launch {
                argv: ["wt.exe", "new-tab", "--"]
                    .iter()
                    .map(|s| s.to_string())
                    .chain(inner.iter().cloned())
                    .collect(),
                new_console: false,
            }
        } else {
            Launch {
                argv: inner.to_vec(),
                new_console: true,
            }
        }),
    }
}

/// The person's command with `{command}` replaced (or the inner words appended).
pub fn from_template(template: &str, inner: &[String]) -> Result<Vec<String>, EmulatorError> {
    let invalid = |reason: String| EmulatorError::Invalid {
        command: crate::base::terminal::shown(template).into_owned(),
        reason,
    };
    let words =
        crate::base::browser_kind::split_command(template).map_err(|e| invalid(e.to_string()))?;
    if words.is_empty() {
        return Err(invalid("it names no program".into()));
    }
    if words[0] == COMMAND {
        return Err(invalid(
            "it must start with the terminal program, not {command}".into(),
        ));
    }
    let mut argv = Vec::new();
    let mut placed = false;
    for word in words {
        if word == COMMAND {
            argv.extend(inner.iter().cloned());
            placed = true;
        } else if word.contains(COMMAND) {
            return Err(invalid(
                "{command} must be a word of its own (it stands for several words)".into(),
            ));
        } else {
            argv.push(word);
        }
    }
    if !placed {
        argv.extend(inner.iter().cloned());
    }
    Ok(argv)
}

fn linux(host: &Host<'_>, inner: &[String]) -> Result<Launch, EmulatorError> {
    let desktop = host.desktop.to_ascii_uppercase();
    let own = if desktop.contains("GNOME") || desktop.contains("UNITY") {
        Some("gnome-terminal")
    } else if desktop.contains("KDE") {
        Some("konsole")
    } else if desktop.contains("XFCE") {
        Some("xfce4-terminal")
    } else {
        None
    };
    let chosen = own
        .filter(|p| (host.on_path)(p))
        .or_else(|| {
            LINUX_TERMINALS
                .iter()
                .map(|(p, _)| *p)
                .find(|p| (host.on_path)(p))
        })
        .ok_or_else(|| EmulatorError::NotFound {
            looked_for: LINUX_TERMINALS
                .iter()
                .map(|(p, _)| *p)
                .collect::<Vec<_>>()
                .join(", "),
        })?;
    let run = LINUX_TERMINALS
        .iter()
        .find(|(p, _)| *p == chosen)
        .map(|(_, run)| *run)
        .unwrap_or(&["-e"]);
    Ok(Launch {
        argv: std::iter::once(chosen.to_string())
            .chain(run.iter().map(|s| s.to_string()))
            .chain(inner.iter().cloned())
            .collect(),
        new_console: false,
    })
}

/// iTerm2 or Terminal.app running the inner command: the words quoted for a shell, then as
/// an AppleScript string.
fn mac_terminal(inner: &[String], iterm: bool) -> Vec<String> {
    let line = inner
        .iter()
        .map(|w| format!("'{}'", w.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let script = line.replace('\\', "\\\\").replace('"', "\\\"");
    let (run, activate) = if iterm {
        (
            format!(
                "tell application \"iTerm\" to create window with default profile command \"{script}\""
            ),
            "tell application \"iTerm\" to activate",
        )
    } else {
        (
            format!("tell application \"Terminal\" to do script \"{script}\""),
            "tell application \"Terminal\" to activate",
        )
    };
    vec![
        "osascript".into(),
        "-e".into(),
        run,
        "-e".into(),
        activate.into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner() -> Vec<String> {
        vec![
            "/opt/Role hop/rolehop".into(),
            "shell".into(),
            "acme-prod".into(),
        ]
    }

    fn host<'a>(os: Os, desktop: &'a str, found: &'a dyn Fn(&str) -> bool) -> Host<'a> {
        Host {
            os,
            desktop,
            on_path: found,
        }
    }

    #[test]
    fn each_desktop_gets_its_own_terminal_else_the_first_found() {
        let all = |_: &str| true;
        let debian = |p: &str| p == "x-terminal-emulator" || p == "xterm";
        let only_kitty = |p: &str| p == "kitty";
        type Found<'a> = &'a dyn Fn(&str) -> bool;
        let table: [(&str, Found, &[&str]); 5] = [
            ("ubuntu:GNOME", &all, &["gnome-terminal", "--"]),
            ("KDE", &all, &["konsole", "-e"]),
            ("XFCE", &all, &["xfce4-terminal", "-x"]),
            ("KDE", &debian, &["x-terminal-emulator", "-e"]),
            ("", &only_kitty, &["kitty"]),
        ];
        for (desktop, found, want) in table {
            let got = launch(None, &host(Os::Linux, desktop, found), &inner()).unwrap();
            assert_eq!(&got.argv[..want.len()], want, "{desktop}");
            assert_eq!(&got.argv[want.len()..], inner().as_slice());
            assert!(!got.new_console);
        }
        let none = |_: &str| false;
        let err = launch(None, &host(Os::Linux, "GNOME", &none), &inner()).unwrap_err();
        assert!(err.to_string().contains("Settings"), "{err}");
    }

    #[test]
    fn the_persons_command_gets_the_inner_words_where_it_says() {
        let found = |_: &str| false;
        let h = host(Os::Linux, "", &found);
        let got = launch(
            Some("wezterm start --cwd '/home/j' -- {command}"),
            &h,
            &inner(),
        )
        .unwrap();
        assert_eq!(
            got.argv,
            [
                "wezterm",
                "start",
                "--cwd",
                "/home/j",
                "--",
                "/opt/Role hop/rolehop",
                "shell",
                "acme-prod"
            ]
        );
        let appended = launch(Some("alacritty -e"), &h, &inner()).unwrap();
        assert_eq!(appended.argv[..2], ["alacritty", "-e"]);
        assert_eq!(appended.argv[2..], inner());
        for bad in ["{command}", "xterm -e '{command}x'", "xterm 'unclosed"] {
            assert!(
                matches!(
                    launch(Some(bad), &h, &inner()),
                    Err(EmulatorError::Invalid { .. })
                ),
                "{bad}"
            );
        }
        // Blank means the default.
        let all = |_: &str| true;
        assert_eq!(
            launch(Some("  "), &host(Os::Linux, "KDE", &all), &inner())
                .unwrap()
                .argv[0],
            "konsole"
        );
    }

    #[test]
    fn macos_and_windows_defaults() {
        let none = |_: &str| false;
        let mac = launch(None, &host(Os::MacOs, "", &none), &inner()).unwrap();
        assert_eq!(mac.argv[0], "osascript");
        assert_eq!(
            mac.argv[2],
            "tell application \"Terminal\" to do script \"'/opt/Role hop/rolehop' 'shell' 'acme-prod'\""
        );
        let iterm = |p: &str| p == ITERM;
        let with_iterm = launch(None, &host(Os::MacOs, "", &iterm), &inner()).unwrap();
        assert_eq!(
            with_iterm.argv[2],
            "tell application \"iTerm\" to create window with default profile command \"'/opt/Role hop/rolehop' 'shell' 'acme-prod'\""
        );
        let wt = |p: &str| p == "wt.exe";
        let win = launch(None, &host(Os::Windows, "", &wt), &inner()).unwrap();
        assert_eq!(win.argv[..3], ["wt.exe", "new-tab", "--"]);
        let bare = launch(None, &host(Os::Windows, "", &none), &inner()).unwrap();
        assert_eq!(bare.argv, inner());
        assert!(bare.new_console);
    }
}
