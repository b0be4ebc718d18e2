//! `rolehop profiles [--clean SHORTCUT | --unused]`: lists the per-shortcut browser profiles
//! (browsers of their own and profiles of the shared browsers) with size and last use, and
//! removes them.

use rolehop_core::base::browser_kind::ProfileLayout;
use rolehop_core::browser::profile;

use super::CliError;
use rolehop_core::system::Workspace;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Remove this shortcut's profile (its console sessions and browser data).
    #[arg(long, value_name = "SHORTCUT", conflicts_with = "unused")]
    clean: Option<String>,
    /// Remove the profiles of shortcuts that are no longer in the catalog.
    #[arg(long)]
    unused: bool,
}

fn human(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GiB", b as f64 / f64::from(1u32 << 30)),
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1u32 << 20)),
        b if b >= 1 << 10 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

fn when(unix: Option<i64>) -> String {
    unix.and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok())
        .and_then(|t| {
            t.format(&time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute] UTC"
            ))
            .ok()
        })
        .unwrap_or_else(|| "never".into())
}

/// Whether a browser process is using `dir` as its profile (Linux; elsewhere assumed not).
fn in_use(dir: &std::path::Path) -> bool {
    let needle = dir.display().to_string();
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return false;
    };
    procs.flatten().any(|p| {
        std::fs::read(p.path().join("cmdline"))
            .map(|c| {
                String::from_utf8_lossy(&c)
                    .split('\0')
                    .any(|arg| arg == needle || arg == format!("--user-data-dir={needle}"))
            })
            .unwrap_or(false)
    })
}

fn clean(data_dir: &std::path::Path, id: &str) -> Result<bool, CliError> {
    // A shortcut id is a slug; anything else (a path, `..`, an empty string) is a usage error
    // before it comes near the file system.
    rolehop_core::catalog::rules::slug(id)
        .map_err(|e| CliError::Usage(format!("--clean takes a shortcut id: {}", e.message)))?;
    // A browser of its own is checked here; a profile of a shared browser by `remove`, which
    // leaves it while the shared browser has it loaded.
    let dir = profile::profile_dir(data_dir, id)?;
    if in_use(&dir) {
        return Err(CliError::Failed(format!(
            "the browser of `{id}` is still running; close its windows, then clean again"
        )));
    }
    Ok(profile::remove(data_dir, id)?)
}

/// The IAM Identity Center sign-in profiles (one per identity, removed with the identity's
/// tokens by `rolehop forget`).
fn print_sign_ins(sign_ins: &[(String, std::path::PathBuf, u64)]) {
    if sign_ins.is_empty() {
        return;
    }
    say!("\nIAM Identity Center sign-in profiles (`rolehop forget IDENTITY` removes one):");
    for (identity, path, bytes) in sign_ins {
        say!("{identity:<24} {:>10}  {}", human(*bytes), path.display());
    }
}

pub fn run(args: Args) -> Result<(), CliError> {
    let ctx = Workspace::from_env()?;
    let data_dir = &ctx.paths.data_dir;
    if let Some(id) = &args.clean {
        if clean(data_dir, id)? {
            say_err!("Removed the profile of `{id}`.");
        } else {
            say_err!("`{id}` has no profile.");
        }
        return Ok(());
    }
    let catalog = ctx.catalog()?;
    let profiles = profile::list(data_dir);
    if args.unused {
        let mut removed = 0;
        for p in profiles
            .iter()
            .filter(|p| catalog.shortcut(&p.shortcut).is_none())
        {
            // One folder that is not Rolehop's (or not removable) does not stop the others.
            match clean(data_dir, &p.shortcut) {
                Ok(true) => {
                    say_err!(
                        "Removed the profile of `{}` (no such shortcut any more).",
                        p.shortcut
                    );
                    removed += 1;
                }
                Ok(false) => {}
                Err(e) => say_err!("Skipped {}: {e}", p.path.display()),
            }
        }
        if removed == 0 {
            say_err!("No unused profiles.");
        }
        return Ok(());
    }
    let sign_ins = rolehop_core::sso::page::sign_in_profiles(data_dir);
    if profiles.is_empty() {
        say!("No browser profiles yet; `rolehop open SHORTCUT` creates one per shortcut.");
        print_sign_ins(&sign_ins);
        return Ok(());
    }
    say!(
        "{:<24} {:>10}  {:<21} {:<19} PATH",
        "SHORTCUT",
        "SIZE",
        "LAST USED",
        "BROWSER"
    );
    let layout = catalog.profile_layout.unwrap_or_default();
    let mut other_layout = 0;
    for p in profiles {
        // A Chromium-family profile of the layout not chosen now is kept, but not opened.
        let chromium = p
            .kind
            .as_deref()
            .and_then(|k| rolehop_core::base::browser_kind::BrowserKind::parse(k).ok())
            .is_some_and(|k| k.is_chromium_family());
        let idle = chromium && p.shared != (layout == ProfileLayout::Shared);
        other_layout += usize::from(idle);
        let orphan = if catalog.shortcut(&p.shortcut).is_none() {
            " (unused)"
        } else if idle {
            " (other layout)"
        } else {
            ""
        };
        let kind = p.kind.unwrap_or_else(|| "?".into());
        let browser = if p.shared {
            format!("{kind} (shared)")
        } else {
            kind
        };
        say!(
            "{:<24} {:>10}  {:<21} {:<19} {}{orphan}",
            p.shortcut,
            human(p.bytes),
            when(p.last_used),
            browser,
            p.path.display()
        );
    }
    print_sign_ins(&sign_ins);
    if other_layout > 0 {
        say!(
            "\n{other_layout} Chromium profile(s) of the other layout are kept but not opened while profile_layout is \"{}\"; `rolehop profiles --clean SHORTCUT` removes one.",
            layout.as_str()
        );
    }
    Ok(())
}
