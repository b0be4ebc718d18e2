//! Making Rolehop the desktop's handler of `rolehop:` links on Linux: a desktop entry
//! `rolehop-links.desktop` (`MimeType=x-scheme-handler/rolehop`, `Exec=<rolehop-tray> %u`) in
//! `$XDG_DATA_HOME/applications`, made the scheme's default with `xdg-mime`
//! (<https://specifications.freedesktop.org/desktop-entry-spec/latest/>). The tray app does
//! this at start; `rolehop doctor` reports it. The .deb's own desktop entry carries the same
//! MimeType (tauri.conf.json, `plugins.deep-link`).
//!
//! Written here rather than by tauri-plugin-deep-link's `register`, which quotes the program
//! (`Exec="/usr/bin/rolehop-tray" %u`): xdg-utils' generic `xdg-open` (a desktop without
//! GNOME's or KDE's opener, a tiling window manager) takes the quotes as part of the program's
//! name and opens nothing. The entry quotes only a path that needs it. The file carries a
//! marker, and Rolehop only ever rewrites a file that has it.

use std::path::{Path, PathBuf};
use std::process::Command;

use rolehop_common::desktop::{LINKS_ENTRY as ENTRY, LINKS_MIME as MIME, links_handler};
const MARKER: &str = "X-Rolehop-Generated=true";

/// The desktop entry that runs `program` with a link.
pub fn entry(program: &Path) -> String {
    format!(
        "[Desktop Entry]\nType=Application\nName=Rolehop\nComment=Open rolehop:// links to AWS consoles with Rolehop\nExec={} %u\nTerminal=false\nNoDisplay=true\nMimeType={MIME};\n{MARKER}\n",
        exec_word(&program.display().to_string())
    )
}

/// A program path as an Exec key's first word: as it is when it has no reserved character,
/// else double-quoted with `"`, `` ` ``, `$` and `\` escaped (and `\` doubled again, as
/// every string value's escapes are read first); `%` is always doubled.
fn exec_word(path: &str) -> String {
    let reserved = |c: char| " \t\n\"'\\><~|&;$*?#()`".contains(c);
    let path = path.replace('%', "%%");
    if !path.chars().any(reserved) {
        return path;
    }
    let mut out = String::from("\"");
    for c in path.chars() {
        match c {
            '"' | '`' | '$' => {
                out.push_str("\\\\");
                out.push(c);
            }
            '\\' => out.push_str("\\\\\\\\"),
            '\n' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `$XDG_DATA_HOME/applications` (`~/.local/share/applications`).
pub fn applications_dir() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(data.join("applications"))
}

/// Why registering failed.
#[derive(Debug, thiserror::Error)]
pub enum SchemeError {
    #[error("no home directory to put a desktop entry in")]
    NoHome,
    #[error("{path} exists and was not written by Rolehop; it is left as it is")]
    NotOurs { path: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot run xdg-mime ({0}); install xdg-utils")]
    XdgMime(#[source] std::io::Error),
    #[error("xdg-mime could not make Rolehop the handler of rolehop:// links")]
    NotDefault,
}

/// Writes the entry for `program` (when it is missing or differs) and makes it the scheme's
/// default (when it is not already).
pub fn register(program: &Path) -> Result<(), SchemeError> {
    let dir = applications_dir().ok_or(SchemeError::NoHome)?;
    let path = dir.join(ENTRY);
    let want = entry(program);
    let shown = path.display().to_string();
    match std::fs::read_to_string(&path) {
        Ok(have) if have == want => {}
        Ok(have) if !have.contains(MARKER) => return Err(SchemeError::NotOurs { path: shown }),
        _ => {
            std::fs::create_dir_all(&dir).map_err(|source| SchemeError::Write {
                path: dir.display().to_string(),
                source,
            })?;
            rolehop_core::base::files::write_atomic(&path, want.as_bytes(), false).map_err(
                |source| SchemeError::Write {
                    path: shown.clone(),
                    source,
                },
            )?;
            // Optional (desktop-file-utils): refreshes the MIME cache some openers read.
            let _ = Command::new("update-desktop-database")
                .arg(&dir)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status();
        }
    }
    if links_handler().as_deref() == Some(ENTRY) {
        return Ok(());
    }
    let status = Command::new("xdg-mime")
        .args(["default", ENTRY, MIME])
        .status()
        .map_err(SchemeError::XdgMime)?;
    if !status.success() {
        return Err(SchemeError::NotDefault);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_runs_the_program_with_the_link() {
        let e = entry(Path::new("/usr/bin/rolehop-tray"));
        assert!(e.contains("\nExec=/usr/bin/rolehop-tray %u\n"), "{e}");
        assert!(e.contains("\nMimeType=x-scheme-handler/rolehop;\n"), "{e}");
        assert!(e.contains(MARKER));
        for (path, want) in [
            (
                "/opt/Rolehop App/rolehop-tray",
                "\"/opt/Rolehop App/rolehop-tray\"",
            ),
            ("/home/a/100%/rolehop-tray", "/home/a/100%%/rolehop-tray"),
            ("/x/$HOME/r", "\"/x/\\\\$HOME/r\""),
        ] {
            assert_eq!(exec_word(path), want, "{path}");
        }
    }
}
