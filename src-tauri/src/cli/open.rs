//! `rolehop open SHORTCUT...`: opens each shortcut's console in its own isolated browser
//! profile (credentials fetched in parallel; in `daily` mode MFA is asked once per identity).

use rolehop_core::launch::OpenOptions;

use super::CliError;
use super::args::{parse_kind, print_notices};
use super::prompt::Mfa;
use rolehop_core::system::{System, Workspace, block_on, browsers, found_browsers};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One or more shortcut ids (see `rolehop list`).
    #[arg(required = true, value_name = "SHORTCUT")]
    shortcuts: Vec<String>,
    /// Browser kind for this open: chromium, chrome, brave, edge, vivaldi, firefox,
    /// firefox-container, custom, default.
    #[arg(long, value_name = "KIND")]
    browser: Option<String>,
    /// Open in a new window instead of a new tab of a running profile.
    #[arg(long)]
    new_window: bool,
    /// An MFA code, for scripts; without it Rolehop asks on the terminal when it needs one.
    #[arg(long, value_name = "123456", value_parser = super::prompt::mfa_code_arg)]
    mfa_code: Option<String>,
    /// Open from this terminal even when the tray app runs (which otherwise serves `open`,
    /// asking for MFA codes in its own window).
    #[arg(long)]
    here: bool,
}

pub fn run(args: Args, started: std::time::Instant) -> Result<(), CliError> {
    let browser = args.browser.as_deref().map(parse_kind).transpose()?;
    let ctx = Workspace::from_env()?;
    let plain = !args.here && browser.is_none() && !args.new_window && args.mfa_code.is_none();
    if plain {
        // Unknown ids are reported here, in the terminal, before anything is handed over.
        let catalog = ctx.catalog()?;
        for id in &args.shortcuts {
            rolehop_core::catalog::resolve::resolve(&catalog, id)?;
        }
        let mut argv = vec!["rolehop".to_string(), "open".to_string()];
        argv.extend(args.shortcuts.iter().cloned());
        if super::tray_handoff::hand_over(&argv) {
            eprintln!(
                "Handed to the running Rolehop tray app: it opens {} (and asks for an MFA code in its window if one is needed; errors appear as notifications). Use --here to open from this terminal.",
                args.shortcuts.join(", ")
            );
            return Ok(());
        }
    }
    let parts = System::new(&ctx, ctx.catalog()?, Mfa::choose(args.mfa_code))?;
    let found = found_browsers();
    let env = browsers(&found, &ctx.paths.data_dir);
    let options = OpenOptions {
        browser,
        new_window: args.new_window,
    };
    // Each shortcut once, in the order named (`open a b a` opens a and b).
    let mut seen = std::collections::HashSet::new();
    let ids: Vec<String> = args
        .shortcuts
        .iter()
        .filter(|id| seen.insert(id.as_str()))
        .cloned()
        .collect();
    let results = block_on(parts.engine().open_many(&ids, &options, &env))?;
    let mut failed = 0;
    for (id, result) in ids.iter().zip(results) {
        match result {
            Ok(opened) => {
                print_notices(&opened.notices);
                tracing::info!(
                    "timing: browser started {} µs after program start",
                    opened.launched_at.duration_since(started).as_micros()
                );
                let s = &opened.shortcut;
                let place = match &opened.profile {
                    Some(p) => format!(
                        "profile {}{}",
                        p.display(),
                        if opened.created_profile { " (new)" } else { "" }
                    ),
                    None => "no isolated profile".to_string(),
                };
                eprintln!(
                    "Opened {} ({} - {}, {} as {}) in {}; {place}",
                    s.id, s.client_name, s.label, s.account, s.role_name, opened.kind
                );
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {id}: {e}");
            }
        }
    }
    match failed {
        0 => Ok(()),
        n => Err(CliError::Failed(format!(
            "{n} of {} shortcut(s) did not open",
            ids.len()
        ))),
    }
}
