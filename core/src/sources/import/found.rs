//! Where a person's list of accounts may already be on this machine, for the wizard's and the
//! empty screens' "Import" offers: the AWS CLI's config file, and the bookmarks files of the
//! Chromium-family browsers (a team's switch-role links are often bookmarks). Pure: from the
//! OS, the home folder and a few environment variables to candidate paths; reading them is
//! [`crate::use_cases::importing::found_sources`]'s. Extend Switch Roles keeps its configuration inside
//! the browser extension's storage, which no other program should read: it is pasted.
//!
//! Rolehop's own browser profiles (under its data folder) are never candidates: their
//! bookmarks are nobody's list.

use std::path::PathBuf;

use crate::browser::detect::Os;

/// What kind of file a candidate is, as the import reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundFormat {
    /// An AWS CLI config file.
    AwsConfig,
    /// A Chromium-format `Bookmarks` file (read as switch-role links).
    Bookmarks,
}

/// A file that may hold accounts, and what to call it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub format: FoundFormat,
    pub path: PathBuf,
    /// "AWS config", "Google Chrome bookmarks".
    pub name: String,
}

/// The Chromium-family browsers whose bookmarks are looked at: their name, and their user data
/// folder below the platform's base (Linux: `~/.config`; macOS: `~/Library/Application
/// Support`; Windows: `%LOCALAPPDATA%`).
const CHROMIUMS: [(&str, &str, &str, &str); 5] = [
    // (name, Linux, macOS, Windows)
    (
        "Google Chrome",
        "google-chrome",
        "Google/Chrome",
        "Google/Chrome/User Data",
    ),
    ("Chromium", "chromium", "Chromium", "Chromium/User Data"),
    (
        "Brave",
        "BraveSoftware/Brave-Browser",
        "BraveSoftware/Brave-Browser",
        "BraveSoftware/Brave-Browser/User Data",
    ),
    (
        "Microsoft Edge",
        "microsoft-edge",
        "Microsoft Edge",
        "Microsoft/Edge/User Data",
    ),
    ("Vivaldi", "vivaldi", "Vivaldi", "Vivaldi/User Data"),
];

/// The candidates on `os` for a person whose home is `home`; `env` reads an environment
/// variable (`AWS_CONFIG_FILE`, `XDG_CONFIG_HOME`, `LOCALAPPDATA`). Only each browser's
/// default profile: the one a person's bookmarks are in unless they made others.
pub fn candidates(os: Os, home: &str, env: &dyn Fn(&str) -> Option<String>) -> Vec<Candidate> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    let join = |base: &str, rest: &str| -> PathBuf {
        let mut p = PathBuf::from(base);
        for part in rest.split('/') {
            p.push(part);
        }
        p
    };
    let mut out = vec![Candidate {
        format: FoundFormat::AwsConfig,
        path: var("AWS_CONFIG_FILE")
            .map(PathBuf::from)
            .unwrap_or_else(|| join(home, ".aws/config")),
        name: "AWS config".into(),
    }];
    let base = match os {
        Os::Linux => var("XDG_CONFIG_HOME")
            .unwrap_or_else(|| join(home, ".config").to_string_lossy().into_owned()),
        Os::MacOs => join(home, "Library/Application Support")
            .to_string_lossy()
            .into_owned(),
        Os::Windows => match var("LOCALAPPDATA") {
            Some(dir) => dir,
            None => join(home, "AppData/Local").to_string_lossy().into_owned(),
        },
    };
    for (name, linux, mac, windows) in CHROMIUMS {
        let dir = match os {
            Os::Linux => linux,
            Os::MacOs => mac,
            Os::Windows => windows,
        };
        out.push(Candidate {
            format: FoundFormat::Bookmarks,
            path: join(&join(&base, dir).to_string_lossy(), "Default/Bookmarks"),
            name: format!("{name} bookmarks"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(os: Os, home: &str, vars: &[(&str, &str)]) -> Vec<(FoundFormat, String)> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let env = |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        candidates(os, home, &env)
            .into_iter()
            .map(|c| (c.format, c.path.to_string_lossy().replace('\\', "/")))
            .collect()
    }

    #[test]
    fn the_aws_config_and_each_chromiums_default_bookmarks_per_platform() {
        let linux = paths(Os::Linux, "/home/jane", &[]);
        assert_eq!(
            linux[0],
            (FoundFormat::AwsConfig, "/home/jane/.aws/config".into())
        );
        assert!(linux.contains(&(
            FoundFormat::Bookmarks,
            "/home/jane/.config/google-chrome/Default/Bookmarks".into()
        )));
        assert!(linux.contains(&(
            FoundFormat::Bookmarks,
            "/home/jane/.config/BraveSoftware/Brave-Browser/Default/Bookmarks".into()
        )));
        let mac = paths(Os::MacOs, "/Users/jane", &[]);
        assert!(mac.contains(&(
            FoundFormat::Bookmarks,
            "/Users/jane/Library/Application Support/Microsoft Edge/Default/Bookmarks".into()
        )));
        let windows = paths(
            Os::Windows,
            "C:/Users/jane",
            &[("LOCALAPPDATA", "C:/Users/jane/AppData/Local")],
        );
        assert_eq!(
            windows[0],
            (FoundFormat::AwsConfig, "C:/Users/jane/.aws/config".into())
        );
        assert!(windows.contains(&(
            FoundFormat::Bookmarks,
            "C:/Users/jane/AppData/Local/Google/Chrome/User Data/Default/Bookmarks".into()
        )));
        assert_eq!(windows.len(), 1 + CHROMIUMS.len());
    }

    #[test]
    fn the_aws_cli_s_and_xdg_variables_are_followed() {
        let moved = paths(
            Os::Linux,
            "/home/jane",
            &[
                ("AWS_CONFIG_FILE", "/work/aws.conf"),
                ("XDG_CONFIG_HOME", "/home/jane/cfg"),
            ],
        );
        assert_eq!(moved[0].1, "/work/aws.conf");
        assert!(
            moved
                .iter()
                .any(|(_, p)| p == "/home/jane/cfg/chromium/Default/Bookmarks")
        );
        // An empty variable is no variable (as the AWS CLI reads it).
        let empty = paths(Os::Linux, "/home/jane", &[("AWS_CONFIG_FILE", "")]);
        assert_eq!(empty[0].1, "/home/jane/.aws/config");
    }
}
