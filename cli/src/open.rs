//! `rolehop open SHORTCUT|LINK...`: opens each shortcut's console in its own isolated browser
//! profile (credentials fetched in parallel; in `daily` mode MFA is asked once per identity).
//! A shortcut is named by its id, a `rolehop://open/…` link, or an AWS switch-role link from a
//! knowledge base (`rolehop_core::link::target`): the one shortcut with that account and role,
//! a choice when several have it, or the `rolehop add` lines when none does.

use std::io::{BufRead, IsTerminal, Write};

use rolehop_core::catalog::{Catalog, ResolvedShortcut};
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
                if opened.focused {
                    say_err!(
                        "{} ({} - {}, {}) is open: brought its console to the front",
                        s.id,
                        s.client_name,
                        s.label,
                        s.account
                    );
                    continue;
                }
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

/// What one argument names, asking which when a link names several shortcuts (or, a console
/// page that names no account, any).
fn target_of(catalog: &Catalog, text: &str) -> Result<Target, CliError> {
    match named(catalog, text)? {
        Named::One(target) => Ok(target),
        Named::Nothing { link, add } => Err(CliError::Failed(format!(
            "no shortcut opens {} ({}). To add one:\n  {}{}",
            link.what(),
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
            let question = format!("{} shortcuts open {}", shortcuts.len(), link.what());
            let chosen = choose(
                &question,
                &shortcuts,
                "name one of them instead of the link",
            )?;
            Ok(link.target(chosen.id.clone()))
        }
        Named::NoAccount { link } => {
            let lookup = rolehop_core::catalog::resolve::Lookup::new(catalog);
            let all: Vec<ResolvedShortcut> = catalog
                .shortcuts
                .iter()
                .filter_map(|s| lookup.resolve(&s.id).ok())
                .collect();
            if all.is_empty() {
                return Err(CliError::Failed(
                    "the link names no account, and the catalog has no shortcut to open it in"
                        .into(),
                ));
            }
            // Which client first (a catalog has many shortcuts), then which of its shortcuts.
            let mut clients: Vec<(String, String)> = Vec::new();
            for s in &all {
                if !clients.iter().any(|(id, _)| *id == s.client) {
                    clients.push((s.client.clone(), s.client_name.clone()));
                }
            }
            let example = link_of("SHORTCUT", &link.landing);
            let hint = format!("open it in a shortcut's console: rolehop open '{example}'");
            let client = if clients.len() == 1 {
                clients[0].0.clone()
            } else {
                let names: Vec<String> = clients
                    .iter()
                    .map(|(id, name)| format!("{name} ({id})"))
                    .collect();
                let picked = ask_which(
                    "The link names no account. Which client's console opens it?",
                    &names,
                    &hint,
                )?;
                clients[picked].0.clone()
            };
            let of_client: Vec<ResolvedShortcut> =
                all.into_iter().filter(|s| s.client == client).collect();
            let chosen = if of_client.len() == 1 {
                &of_client[0]
            } else {
                choose("Which shortcut", &of_client, &hint)?
            };
            Ok(link.target(chosen.id.clone()))
        }
    }
}

/// Asks which of `shortcuts` (at a terminal; elsewhere the error says `otherwise`).
fn choose<'s>(
    question: &str,
    shortcuts: &'s [ResolvedShortcut],
    otherwise: &str,
) -> Result<&'s ResolvedShortcut, CliError> {
    let listed: Vec<String> = shortcuts
        .iter()
        .map(|s| {
            format!(
                "{} ({} – {}, account {}, identity {})",
                s.id, s.client_name, s.label, s.account, s.identity
            )
        })
        .collect();
    let ids: Vec<&str> = shortcuts.iter().map(|s| s.id.as_str()).collect();
    let picked = ask_which_by(&format!("{question}:"), &listed, &ids, otherwise)?;
    Ok(&shortcuts[picked])
}

/// Asks which of `listed` at a terminal: its number. Without a terminal, the error lists them
/// and says `otherwise`.
fn ask_which(question: &str, listed: &[String], otherwise: &str) -> Result<usize, CliError> {
    ask_which_by(question, listed, &[], otherwise)
}

/// [`ask_which`], also taking one of `ids` as the answer.
fn ask_which_by(
    question: &str,
    listed: &[String],
    ids: &[&str],
    otherwise: &str,
) -> Result<usize, CliError> {
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !interactive {
        return Err(CliError::Usage(format!(
            "{question} {otherwise}:\n  {}",
            listed.join("\n  ")
        )));
    }
    let mut err = rolehop_core::base::terminal::Sanitized(std::io::stderr());
    let _ = writeln!(err, "{question}");
    for (n, line) in listed.iter().enumerate() {
        let _ = writeln!(err, "  {}) {line}", n + 1);
    }
    loop {
        let _ = write!(err, "Which one? [1-{}] ", listed.len());
        let _ = err.flush();
        let mut answer = String::new();
        match std::io::stdin().lock().read_line(&mut answer) {
            Ok(0) | Err(_) => {
                return Err(CliError::Failed("nothing chosen; nothing opened".into()));
            }
            Ok(_) => {}
        }
        let answer = answer.trim();
        let picked = answer
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .filter(|i| *i < listed.len())
            .or_else(|| ids.iter().position(|id| *id == answer));
        if let Some(i) = picked {
            return Ok(i);
        }
        let _ = writeln!(
            err,
            "Type a number from the list{}.",
            if ids.is_empty() {
                ""
            } else {
                ", or a shortcut id"
            }
        );
    }
}
