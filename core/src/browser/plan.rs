//! Launch plans: the exact program, arguments and environment for opening one URL in one
//! shortcut's profile. Pure, so every kind on every OS is a table test.
//!
//! - Chromium family: `--user-data-dir=<profile>` (and `--profile-directory=shortcut-<id>`
//!   in the shared browser, see [`super::profile::place`]), `--no-first-run`,
//!   `--no-default-browser-check`, on Linux a `--class` per shortcut (its own taskbar group;
//!   a shared browser has one class, `rolehop-<kind>`, since the class is the process's),
//!   `--window-name` (the title names client, label and account), `--window-position` (a new
//!   window never exactly covers the previous one; a shared browser's profiles carry it in
//!   their preferences), the page mark's extension
//!   (`--load-extension`, which Chromium allows only with its feature switch off; branded
//!   Chrome ignores it and keeps the title and colour marks), `--no-sandbox` only when running
//!   as root (Chromium refuses to start as root without it).
//!   A second open of the same profile, or of any profile of the shared browser, is handed to
//!   the running browser by Chromium itself (which honours the profile, `--window-name` and
//!   `--new-window`; the position and extensions are the first start's).
//! - Firefox: `-profile <profile>` (`-new-window` or `-new-tab`); Firefox also hands a second
//!   open of a running profile to that instance.
//! - Firefox containers: the `ext+granted-containers:` URL the Granted add-on handles, in the
//!   person's usual Firefox profile.
//! - Custom: a template split into arguments (no shell), `{url}` and `{profile}` replaced.
//! - Default: the system opener; explicit and not isolated.
//!
//! The URL given here is always the single-use hand-off URL, never the sign-in URL.

use super::BrowserError;
use super::detect::{Found, Launcher, Os, default_opener};
use crate::base::browser_kind::{BrowserKind, split_command};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaunchPlan {
    pub program: String,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub cwd: Option<String>,
}

/// What the plan is for.
#[derive(Debug, Clone)]
pub struct PlanInput<'a> {
    pub kind: BrowserKind,
    /// The installed browser (not needed for `custom` and `default`).
    pub found: Option<&'a Found>,
    /// The browser's data directory.
    pub profile_dir: &'a str,
    /// The profile inside a shared browser (Chromium family).
    pub profile_directory: Option<&'a str>,
    pub url: &'a str,
    pub os: Os,
    pub is_root: bool,
    pub new_window: bool,
    pub shortcut_id: &'a str,
    /// "Client - label", for container names.
    pub title: &'a str,
    /// The client's colour (#rrggbb), for containers.
    pub color: Option<&'a str>,
    pub custom_template: Option<&'a str>,
    /// The window title (Chromium family).
    pub window_title: Option<&'a str>,
    /// Where a new window opens (Chromium family).
    pub position: Option<(i32, i32)>,
    /// Its size (Chromium family, with `position`).
    pub size: Option<(u32, u32)>,
    /// An unpacked extension to load (the page mark, Chromium family).
    pub extension_dir: Option<&'a str>,
}

/// What a console browser starts without (issue 28, "lighter consoles"): no first-run page or
/// default-browser question, no sync or browser sign-in, no component updates or model
/// downloads, no background requests of its own (variations, promotions, prefetching), no
/// default apps. A console needs the AWS console and nothing else; each of these costs memory,
/// disk in the profile folder, or a network request per console (measured in BENCHMARKS.md).
pub const LIGHT_CHROMIUM: [&str; 7] = [
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-sync",
    "--disable-component-update",
    "--disable-background-networking",
    "--disable-default-apps",
    "--disable-breakpad",
];

/// Chromium features a console does not need: translation, casting, the optimization
/// guide's hints and on-device models (downloaded to the profile), shopping and reading-list
/// side panels, and the sign-in promotions.
pub const LIGHT_CHROMIUM_FEATURES: [&str; 8] = [
    "Translate",
    "MediaRouter",
    "OptimizationHints",
    "OptimizationGuideModelDownloading",
    "OptimizationHintsFetching",
    "OnDeviceModelService",
    "ShoppingList",
    "ReadLater",
];

/// The window class (taskbar group) of a shortcut's browser on Linux.
pub fn window_class(shortcut_id: &str) -> String {
    format!("rolehop-{shortcut_id}")
}

/// The window class of a shared browser of `kind` on Linux (all its consoles).
pub fn shared_window_class(kind: BrowserKind) -> String {
    format!("rolehop-{}", kind.as_str())
}

pub fn plan(input: &PlanInput<'_>) -> Result<LaunchPlan, BrowserError> {
    let missing = || BrowserError::Missing {
        kind: input.kind.as_str().to_string(),
        found: String::new(),
    };
    match input.kind {
        k if k.is_chromium_family() => {
            let found = input.found.ok_or_else(missing)?;
            let mut args = vec![format!("--user-data-dir={}", input.profile_dir)];
            if let Some(directory) = input.profile_directory {
                args.push(format!("--profile-directory={directory}"));
            }
            args.extend(LIGHT_CHROMIUM.iter().map(|a| a.to_string()));
            if input.os == Os::Linux {
                let class = match input.profile_directory {
                    Some(_) => shared_window_class(input.kind),
                    None => window_class(input.shortcut_id),
                };
                args.push(format!("--class={class}"));
            }
            if let Some(title) = input.window_title {
                args.push(format!("--window-name={title}"));
            }
            // A shared browser applies its first start's position to every window it opens
            // later, so its profiles carry their place in their preferences instead.
            if let (Some((x, y)), None) = (input.position, input.profile_directory) {
                args.push(format!("--window-position={x},{y}"));
                if let Some((w, h)) = input.size {
                    args.push(format!("--window-size={w},{h}"));
                }
            }
            if let Some(dir) = input.extension_dir {
                args.push(format!("--load-extension={dir}"));
            }
            // One `--disable-features` (Chromium keeps the last of a switch given twice):
            // what a console does not need, and, with the page mark, the switch that lets
            // `--load-extension` work in Chromium 137 and later.
            let mut disabled: Vec<&str> = LIGHT_CHROMIUM_FEATURES.to_vec();
            if input.extension_dir.is_some() {
                disabled.push("DisableLoadExtensionCommandLineSwitch");
            }
            args.push(format!("--disable-features={}", disabled.join(",")));
            if input.is_root && input.os == Os::Linux {
                args.push("--no-sandbox".to_string());
            }
            if input.new_window {
                args.push("--new-window".to_string());
            }
            args.push(input.url.to_string());
            Ok(wrap(found, input.profile_dir, args))
        }
        BrowserKind::Firefox => {
            let found = input.found.ok_or_else(missing)?;
            let mut args = vec!["-profile".to_string(), input.profile_dir.to_string()];
            if input.os == Os::Linux {
                args.push("--class".to_string());
                args.push(window_class(input.shortcut_id));
            }
            args.push(
                if input.new_window {
                    "-new-window"
                } else {
                    "-new-tab"
                }
                .to_string(),
            );
            args.push(input.url.to_string());
            Ok(wrap(found, input.profile_dir, args))
        }
        BrowserKind::FirefoxContainer => {
            let found = input.found.ok_or_else(missing)?;
            let args = vec![container_url(input.title, input.url, input.color)];
            Ok(LaunchPlan {
                program: found.program.clone(),
                args: match &found.launcher {
                    Launcher::Direct => args,
                    Launcher::Flatpak { app_id } => {
                        let mut a = vec!["run".to_string(), app_id.clone()];
                        a.extend(args);
                        a
                    }
                },
                env: vec![],
                cwd: None,
            })
        }
        BrowserKind::Custom => custom(input),
        BrowserKind::Builtin => Err(BrowserError::BuiltinNeedsApp {
            shortcut: input.shortcut_id.to_string(),
        }),
        _ => {
            let (program, pre) = default_opener(input.os);
            let mut args: Vec<String> = pre.iter().map(|s| s.to_string()).collect();
            args.push(input.url.to_string());
            Ok(LaunchPlan {
                program: program.to_string(),
                args,
                env: vec![],
                cwd: None,
            })
        }
    }
}

fn wrap(found: &Found, profile_dir: &str, args: Vec<String>) -> LaunchPlan {
    match &found.launcher {
        Launcher::Direct => LaunchPlan {
            program: found.program.clone(),
            args,
            env: vec![],
            cwd: None,
        },
        Launcher::Flatpak { app_id } => {
            let mut all = vec![
                "run".to_string(),
                format!("--filesystem={profile_dir}"),
                app_id.clone(),
            ];
            all.extend(args);
            LaunchPlan {
                program: found.program.clone(),
                args: all,
                env: vec![],
                cwd: None,
            }
        }
    }
}

fn custom(input: &PlanInput<'_>) -> Result<LaunchPlan, BrowserError> {
    let template = input.custom_template.ok_or(BrowserError::NoCustomCommand)?;
    let bad = |reason: &str| BrowserError::BadCustomCommand {
        template: template.to_string(),
        reason: reason.to_string(),
    };
    let words = split_command(template).map_err(|r| bad(&r.to_string()))?;
    if !template.contains("{url}") {
        return Err(bad("it has no {url} placeholder"));
    }
    let mut words = words.into_iter().map(|w| {
        w.replace("{url}", input.url)
            .replace("{profile}", input.profile_dir)
    });
    let program = words.next().ok_or_else(|| bad("it is empty"))?;
    Ok(LaunchPlan {
        program,
        args: words.collect(),
        env: vec![],
        cwd: None,
    })
}

/// Firefox container colours (what the Multi-Account Containers API accepts).
const CONTAINER_COLORS: [(&str, (u8, u8, u8)); 8] = [
    ("blue", (0x37, 0xad, 0xff)),
    ("turquoise", (0x00, 0xc7, 0x9a)),
    ("green", (0x51, 0xcd, 0x00)),
    ("yellow", (0xff, 0xcb, 0x00)),
    ("orange", (0xff, 0x9f, 0x00)),
    ("red", (0xff, 0x61, 0x3d)),
    ("pink", (0xff, 0x4b, 0xda)),
    ("purple", (0xaf, 0x51, 0xf5)),
];

/// The container colour nearest to a #rrggbb colour (blue when there is none).
pub fn container_color(hex: Option<&str>) -> &'static str {
    let rgb = hex.and_then(|h| h.strip_prefix('#')).and_then(|h| {
        let full = if h.len() == 3 {
            h.chars().flat_map(|c| [c, c]).collect::<String>()
        } else {
            h.to_string()
        };
        let n = u32::from_str_radix(&full, 16).ok()?;
        (full.len() == 6).then_some(((n >> 16) as u8, (n >> 8) as u8, n as u8))
    });
    let Some((r, g, b)) = rgb else { return "blue" };
    CONTAINER_COLORS
        .iter()
        .min_by_key(|(_, (cr, cg, cb))| {
            let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
            d(r, *cr) + d(g, *cg) + d(b, *cb)
        })
        .map(|(name, _)| *name)
        .unwrap_or("blue")
}

/// The URL the Granted containers add-on opens: a container named after the shortcut.
pub fn container_url(name: &str, url: &str, color: Option<&str>) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("name", name)
        .append_pair("url", url)
        .append_pair("color", container_color(color))
        .append_pair("icon", "fingerprint")
        .finish();
    format!("ext+granted-containers:{query}")
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
