//! `rolehop open SHORTCUT|LINK...`: opens each shortcut's console in its own isolated browser
//! profile (credentials fetched in parallel; in `daily` mode MFA is asked once per identity).
//! A shortcut is named by its id, a `rolehop://open/…` link, or an AWS switch-role link from a
//! knowledge base (`rolehop_core::link::target`): the one shortcut with that account and role,
//! a choice when several have it, or the `rolehop add` lines when none does.

use std::io::{BufRead, IsTerminal, Write};

use rolehop_core::catalog::Catalog;
use rolehop_core::launch::OpenOptions;
use rolehop_core::link::deep::link_of;
use rolehop_core::link::target::{Named, Target, named};

use super::CliError;
use super::args::{parse_kind, print_notices};
use super::prompt::Mfa;
use rolehop_core::system::{System, Workspace, block_on, browsers, found_browsers};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One or more shortcut ids (see `rolehop list`), `rolehop://open/<id>` links, or AWS
    /// switch-role links (`https://signin.aws.amazon.com/switchrole?account=…&roleName=…`).
    #[arg(required = true, value_name = "SHORTCUT|LINK")]
    shortcuts: Vec<String>,
    /// Browser kind for this open: chromium, chrome, brave, edge, vivaldi, firefox,
    /// firefox-container, builtin (the tray app's own console window), custom, default.
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
    // What each argument names is settled here, in the terminal, before anything opens or is
    // handed over.
    let catalog = ctx.catalog()?;
    let mut targets: Vec<Target> = Vec::new();
    for text in &args.shortcuts {
        let target = target_of(&catalog, text)?;
        // Each shortcut once (per landing), in the order named (`open a b a` opens a and b).
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
    // The built-in console window is the tray app's: hand it over, or say how to get one.
    if browser == Some(rolehop_core::browser::BrowserKind::Builtin) {
        let mut argv = vec![
            "rolehop".to_string(),
            "open".to_string(),
            BUILTIN_FLAG.to_string(),
        ];
        argv.extend(targets.iter().map(as_argument));
        if !args.here && super::tray_handoff::hand_over(&argv) {
            say_err!(
                "Handed to the running Rolehop tray app: it opens the built-in console window."
            );
            return Ok(());
        }
        return Err(CliError::Usage(
            "--browser builtin opens the tray app's own console window: start the tray app (`rolehop`) and run this again, or choose another browser".into(),
        ));
    }
    let plain = !args.here && browser.is_none() && !args.new_window && args.mfa_code.is_none();
    if plain {
        let mut argv = vec!["rolehop".to_string(), "open".to_string()];
        argv.extend(targets.iter().map(as_argument));
        if super::tray_handoff::hand_over(&argv) {
            say_err!(
                "Handed to the running Rolehop tray app: it opens {} (and asks for an MFA code in its window if one is needed; errors appear as notifications). Use --here to open from this terminal.",
                targets
                    .iter()
                    .map(|t| t.shortcut.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            return Ok(());
        }
    }
    let parts = System::new(&ctx, catalog, Mfa::choose(args.mfa_code))?;
    let found = found_browsers();
    let env = browsers(&found, &ctx.paths.data_dir);
    let options = OpenOptions {
        browser,
        new_window: args.new_window,
    };
    let results = block_on(parts.engine().open_many(&targets, &options, &env))?;
    let mut failed = 0;
    for (target, result) in targets.iter().zip(results) {
        let id = &target.shortcut;
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
                say_err!(
                    "Opened {} ({} - {}, {} as {}) in {}; {place}",
                    s.id,
                    s.client_name,
                    s.label,
                    s.account,
                    s.role_name,
                    opened.kind
                );
            }
            Err(e) => {
                failed += 1;
                say_err!("error: {id}: {e}");
            }
        }
    }
    match failed {
        0 => Ok(()),
        n => Err(CliError::Failed(format!(
            "{n} of {} {} did not open",
            targets.len(),
            if targets.len() == 1 {
                "shortcut"
            } else {
                "shortcuts"
            }
        ))),
    }
}

/// The handed-over command line's way of asking for the built-in console window.
pub const BUILTIN_FLAG: &str = "--builtin";

/// A target as the tray reads it back from a handed-over command line: the id, or the
/// `rolehop://` link when it lands somewhere of its own.
fn as_argument(target: &Target) -> String {
    if target.landing.is_empty() {
        target.shortcut.clone()
    } else {
        link_of(&target.shortcut, &target.landing)
    }
}

/// What one argument names, asking which when a switch-role link names several shortcuts.
fn target_of(catalog: &Catalog, text: &str) -> Result<Target, CliError> {
    match named(catalog, text)? {
        Named::One(target) => Ok(target),
        Named::Nothing { link, add } => Err(CliError::Failed(format!(
            "no shortcut opens account {} as role {} ({}). To add one:\n  {}{}",
            link.account,
            link.role,
            link.partition.as_str(),
            add.join("\n  "),
            if add.iter().any(|l| l.ends_with("--identity ID")) {
                format!(
                    "\n(ID: whose keys assume the role, one of {})",
                    catalog
                        .identities
                        .iter()
                        .map(|i| i.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                String::new()
            }
        ))),
        Named::Several { link, shortcuts } => {
            let listed: Vec<String> = shortcuts
                .iter()
                .map(|s| {
                    format!(
                        "{} ({} – {}, identity {})",
                        s.id, s.client_name, s.label, s.identity
                    )
                })
                .collect();
            let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
            if !interactive {
                return Err(CliError::Usage(format!(
                    "{} shortcuts open account {} as role {}: name one of them instead of the link:\n  {}",
                    shortcuts.len(),
                    link.account,
                    link.role,
                    listed.join("\n  ")
                )));
            }
            let mut err = rolehop_core::terminal::Sanitized(std::io::stderr());
            let _ = writeln!(
                err,
                "{} shortcuts open account {} as role {}:",
                shortcuts.len(),
                link.account,
                link.role
            );
            for (n, line) in listed.iter().enumerate() {
                let _ = writeln!(err, "  {}) {line}", n + 1);
            }
            loop {
                let _ = write!(err, "Which one? [1-{}] ", shortcuts.len());
                let _ = err.flush();
                let mut answer = String::new();
                match std::io::stdin().lock().read_line(&mut answer) {
                    Ok(0) | Err(_) => {
                        return Err(CliError::Failed("nothing chosen; nothing opened".into()));
                    }
                    Ok(_) => {}
                }
                let answer = answer.trim();
                let chosen = answer
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|i| shortcuts.get(i))
                    .or_else(|| shortcuts.iter().find(|s| s.id == answer));
                if let Some(s) = chosen {
                    return Ok(Target::plain(s.id.clone()));
                }
                let _ = writeln!(err, "Type a number from the list, or a shortcut id.");
            }
        }
    }
}
