//! `rolehop browsers [--default KIND]`: lists the browsers found and which one is the default;
//! `--default` sets it in the catalog.

use rolehop_core::browser::BrowserKind;

use super::CliError;
use super::args::parse_kind;
use rolehop_core::system::{Workspace, found_browsers};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Make KIND the default browser (saved in the catalog).
    #[arg(long, value_name = "KIND")]
    default: Option<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let ctx = Workspace::from_env()?;
    let found = found_browsers();
    if let Some(kind) = &args.default {
        let kind = parse_kind(kind)?;
        if kind.is_isolated()
            && kind != BrowserKind::Custom
            && !found.iter().any(|f| f.kind == kind.engine())
        {
            return Err(CliError::Usage(format!(
                "{kind} is not installed here; pick one of the browsers listed by `rolehop browsers`"
            )));
        }
        ctx.store
            .edit(|doc, _| doc.set_default_browser(kind.as_str()))?;
        say_err!("Default browser: {kind}");
    }
    let catalog = ctx.catalog()?;
    let default = catalog
        .browser
        .clone()
        .or_else(|| found.first().map(|f| f.kind.as_str().to_string()));
    if found.is_empty() {
        say!(
            "No supported browser found. Install Chromium, Chrome, Brave, Edge, Vivaldi or Firefox, or set `browser = \"custom\"` and `browser_command` in the catalog."
        );
    }
    for f in &found {
        let mark = if default.as_deref() == Some(f.kind.as_str()) {
            "*"
        } else {
            " "
        };
        let how = match &f.launcher {
            rolehop_core::browser::detect::Launcher::Direct => f.program.clone(),
            rolehop_core::browser::detect::Launcher::Flatpak { app_id } => {
                format!("{} run {app_id}", f.program)
            }
        };
        say!("{mark} {:<18} {how}  ({})", f.kind.as_str(), f.source);
        if f.kind == BrowserKind::Firefox {
            let dm = if default.as_deref() == Some("firefox-container") {
                "*"
            } else {
                " "
            };
            say!(
                "{dm} {:<18} {how}  (needs the Granted containers add-on)",
                "firefox-container"
            );
        }
    }
    let bm = if default.as_deref() == Some("builtin") {
        "*"
    } else {
        " "
    };
    say!(
        "{bm} {:<18} Rolehop's own console window (the tray app; its own cookies per shortcut)",
        "builtin"
    );
    let dm = if default.as_deref() == Some("default") {
        "*"
    } else {
        " "
    };
    say!(
        "{dm} {:<18} the system default browser (not isolated)",
        "default"
    );
    if catalog.browser_command.is_some() {
        let dm = if default.as_deref() == Some("custom") {
            "*"
        } else {
            " "
        };
        say!(
            "{dm} {:<18} {}",
            "custom",
            catalog.browser_command.unwrap_or_default()
        );
    }
    if let Some(d) = default {
        say!(
            "default: {d}{}",
            if catalog.browser.is_none() {
                " (first found; set with --default)"
            } else {
                ""
            }
        );
    }
    Ok(())
}
