//! The `rolehop` binary: the command line (clap; one file per subcommand, each a thin adapter
//! over `rolehop_core`, whose seams are wired in `rolehop_core::system`, shared with the tray).
//! It is a crate of its own, with no Tauri, wry, GTK or WebKit crate in its dependency tree
//! (the test command checks `cargo tree -p rolehop`). Without arguments, or with `show WINDOW`, it
//! becomes the tray app by executing `rolehop-tray` (installed next to it), which is the only
//! binary that links WebKitGTK: loading and binding WebKitGTK's ~170 shared libraries costs
//! about 100 ms before `main`, which every CLI call (`credential-process` runs on each AWS CLI
//! command) would otherwise pay.
//!
//! Exit codes: 0 ok, 1 operational error (the message says what to do), 2 usage error.
//!
//! This file holds the clap definition and the error-to-exit-code rule.

#[macro_use]
extern crate rolehop_common;

mod add;
mod args;
mod browsers;
mod completions;
mod console_channel;
mod console_host;
mod credential_process;
mod discover;
mod doctor;
mod error;
mod exec;
mod exec_each;
mod export;
mod forget;
mod import;
mod journal;
mod layers;
mod link;
mod list;
mod login;
mod open;
mod profiles;
mod prompt;
mod remove;
mod setup;
mod signout;
mod table;
mod tray_handoff;
mod url;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use error::CliError;

/// Rolehop: one step from your terminal (or tray) to any client AWS account's console.
///
/// `rolehop` with no arguments starts the tray app (or, when it runs, shows its Settings).
///
/// Your base keys live only in the OS keychain; MFA is asked once a day. Environment:
/// ROLEHOP_CONFIG_DIR (catalog), ROLEHOP_DATA_DIR (profiles, caches), ROLEHOP_FEDERATION_URL
/// (sign-in endpoint, tests only), AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_STS /
/// AWS_ENDPOINT_URL_ORGANIZATIONS (AWS endpoints), AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE
/// (what `import aws-config` reads), ROLEHOP_LOG (log filter, e.g. `debug`).
#[derive(Debug, Parser)]
#[command(
    name = "rolehop",
    version,
    // No command is needed: `rolehop` alone starts the tray app (main.rs), which clap's
    // default usage line (`<COMMAND>`) would deny.
    override_usage = "rolehop [OPTIONS] [COMMAND]\n       rolehop              (no arguments: start the tray app, or show its Settings)",
    arg_required_else_help = true,
    max_term_width = 100
)]
pub struct Cli {
    /// More log output on stderr (-v info, -vv debug). Secrets are never logged.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Store an identity's access key in the OS keychain (verified with AWS first).
    Setup(setup::Args),
    /// Add a client or a shortcut to the catalog.
    #[command(subcommand)]
    Add(add::What),
    /// Remove a client or a shortcut from the catalog.
    #[command(subcommand)]
    Remove(remove::What),
    /// List shortcuts.
    List(list::Args),
    /// Preview (then `--apply`) shortcuts from an AWS config file or AWS Extend Switch Roles.
    #[command(subcommand)]
    Import(import::Source),
    /// Print the catalog as an AWS config (credential_process), an Extend Switch Roles config,
    /// or a page of links for a knowledge base.
    Export(export::Args),
    /// Print a shortcut's links: rolehop://, AWS switch-role, or both as Markdown or HTML.
    Link(link::Args),
    /// Read-only team catalogs (files, directories, https URLs): list, add, remove, refresh.
    Layers(layers::Args),
    /// Shortcuts for every account of an AWS organization: add a source, preview, `--apply`.
    Discover(discover::Args),
    /// Open shortcuts' consoles, each in its own isolated browser profile.
    Open(open::Args),
    /// List the browsers found and the default one (`--default KIND` sets it).
    Browsers(browsers::Args),
    /// End a shortcut's console session and drop its cached credentials.
    Signout(signout::Args),
    /// List browser profiles with size and last use; remove them.
    Profiles(profiles::Args),
    /// Print a console sign-in URL for a shortcut (a secret, valid 15 minutes).
    Url(args::ShortcutArgs),
    /// Print credentials as AWS CLI `credential_process` JSON.
    CredentialProcess(args::ShortcutArgs),
    /// Run a command (or your shell) with a shortcut's credentials; `--each` runs it in many
    /// accounts.
    Exec(exec::Args),
    /// Start your shell with a shortcut's credentials, renewed while the day's session lasts,
    /// the terminal marked with the client.
    Shell(exec::ShellArgs),
    /// The day's consoles per client (time in front, opens, renewals, sign-outs), or CSV.
    Journal(journal::JournalArgs),
    /// The consoles that are live now, and since when; `--renew on|off` renewal in place.
    Live(journal::LiveArgs),
    /// Sign an IAM Identity Center identity in (again), in the browser or with a device code.
    Login(login::Args),
    /// Remove stored keys and cached sessions from the keychain.
    Forget(forget::Args),
    /// Check keychain, catalog, endpoints and browsers, and say what to fix.
    Doctor,
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions(completions::Args),
    /// Start the tray app (or use the running one) and show a window: bind a desktop shortcut
    /// to `rolehop show switcher` where global hotkeys are not allowed (Wayland).
    Show(ShowArgs),
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// switcher (find and open a shortcut), settings, or setup (the wizard).
    #[arg(value_parser = ["switcher", "settings", "setup"])]
    window: Option<String>,
}

/// `rolehop show` with no window: what it can show.
const SHOW_CHOICES: &str = "rolehop show WINDOW: which window?
  switcher   find a shortcut by client, account, role or tag, and open it
  settings   clients, shortcuts, identities, import and sources, general
  setup      the setup wizard (identity, browser, first client and shortcut)";

/// Runs the command line; `started` is when `main` began (for `-v` timings).
fn run(started: std::time::Instant) -> ExitCode {
    // `rolehop rolehop://open/…`: a link handed to the command line (by a person, a script, or
    // a desktop entry of an older install). The tray app follows it (started if needed), as it
    // does the links the desktop hands it directly (`rolehop-tray %u`).
    let args: Vec<String> = std::env::args().collect();
    if let Some(link) = rolehop_core::link::deep::lone_link(&args) {
        return tray(&[link]);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    rolehop_common::logging::init(cli.verbose);
    // Commands that can change what a shortcut means (or remove one).
    let edits_catalog = matches!(
        cli.command,
        Command::Setup(_)
            | Command::Add(_)
            | Command::Remove(_)
            | Command::Import(_)
            | Command::Layers(_)
            | Command::Discover(_)
            | Command::Forget(_)
    );
    let result = match cli.command {
        Command::Setup(args) => setup::run(args),
        Command::Add(what) => add::run(what),
        Command::Remove(what) => remove::run(what),
        Command::List(args) => list::run(args),
        Command::Import(source) => import::run(source),
        Command::Export(args) => export::run(args),
        Command::Link(args) => link::run(args),
        Command::Layers(args) => layers::run(args),
        Command::Discover(args) => discover::run(args),
        Command::Open(args) => open::run(args, started),
        Command::Browsers(args) => browsers::run(args),
        Command::Signout(args) => signout::run(args),
        Command::Profiles(args) => profiles::run(args),
        Command::Url(args) => url::run(args),
        Command::CredentialProcess(args) => credential_process::run(args),
        Command::Forget(args) => forget::run(args),
        Command::Login(args) => login::run(args),
        Command::Journal(args) => journal::run(args),
        Command::Live(args) => journal::run_live(args),
        Command::Doctor => doctor::run(),
        Command::Completions(args) => completions::run(args),
        Command::Show(ShowArgs { window: Some(w) }) => return tray(&["show", &w]),
        Command::Show(ShowArgs { window: None }) => Err(CliError::Usage(SHOW_CHOICES.into())),
        // exec and shell end with their child's exit code.
        Command::Exec(args) if !args.each.is_empty() => return exit_code_of(exec_each::run(args)),
        Command::Exec(args) => return exit_code_of(exec::run(args)),
        Command::Shell(args) => return exit_code_of(exec::run(args.into())),
    };
    if edits_catalog {
        rolehop_core::system::follow_catalog();
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say_err!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// A command that ends with a code of its own (an exec's child's), or its error's.
fn exit_code_of(result: Result<ExitCode, CliError>) -> ExitCode {
    result.unwrap_or_else(|e| {
        say_err!("error: {e}");
        ExitCode::from(e.exit_code())
    })
}

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    if std::env::args_os().len() == 1 {
        return tray(&[]);
    }
    // Started by a console's browser as the host of its extension's channel.
    if std::env::args()
        .nth(1)
        .is_some_and(|a| rolehop_core::browser::channel::is_host_call(&a))
    {
        return console_host::run();
    }
    run(started)
}

/// The tray app's binary: next to this one (as built and as packaged), else on PATH.
fn tray_binary() -> std::path::PathBuf {
    let name = format!("rolehop-tray{}", std::env::consts::EXE_SUFFIX);
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(&name)))
        .filter(|path| path.exists())
        .unwrap_or_else(|| name.into())
}

/// Runs the tray app with `args` (none, `show WINDOW`, or a `rolehop://` link), in this process where the OS
/// allows (so a caller waiting on this PID waits on the app); on Windows as a process of its own.
fn tray(args: &[&str]) -> ExitCode {
    let program = tray_binary();
    let mut command = std::process::Command::new(&program);
    command.args(args);
    // Decided here, so the tray need not start itself once more to get them (`heap`).
    command.envs(rolehop_common::heap::tunables_for_tray());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let error = command.exec();
        say_err!(
            "error: cannot start the tray app {}: {error}; reinstall Rolehop",
            program.display()
        );
        ExitCode::from(1)
    }
    // Windows: the tray is a GUI program of its own; `rolehop` (a console program, started
    // from a terminal or a shortcut) does not wait for it, so no console window stays open
    // while the tray runs.
    #[cfg(not(unix))]
    match command.spawn() {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            say_err!(
                "error: cannot start the tray app {}: {error}; reinstall Rolehop",
                program.display()
            );
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
