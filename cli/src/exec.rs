//! `rolehop exec SHORTCUT [-- COMMAND…]` and `rolehop shell SHORTCUT`: a command (or the
//! person's shell) with the shortcut's role credentials in its environment, marked with
//! `ROLEHOP_*`; with `--server` (the default for a shell) the credentials come from a local
//! endpoint that renews them (`rolehop_core::exec::server`). The child's exit code is
//! Rolehop's. `--each SELECTOR` runs one command in many accounts (`exec_each.rs`).
//!
//! The credentials come from the one flow (`Engine::credentials`), like `credential-process`
//! and every console; the environment, the server, the marks and the checks are the core's
//! (`rolehop_core::exec`); this file starts the child and waits for it.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use rolehop_core::Error;
use rolehop_core::broker::NoPrompt;
use rolehop_core::catalog::resolve::resolve;
use rolehop_core::exec::server::{CredentialServer, Renew, Report};
use rolehop_core::exec::{ChildCredentials, ChildTarget, ExecError, Provided, marks};
use rolehop_core::system::{System, Workspace, block_on};

use super::CliError;
use super::args::print_notices;
use super::prompt::Mfa;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  rolehop exec acme-prod -- aws sts get-caller-identity
  rolehop exec acme-prod                      (your shell, marked, credentials renewed)
  rolehop exec --server acme-prod -- terraform apply
  rolehop exec --each client:acme -j 4 -- aws s3 ls
  rolehop exec --each tag:prod --dry-run -- aws ec2 describe-vpcs")]
pub struct Args {
    /// The shortcut (see `rolehop list`); not with --each.
    #[arg(required_unless_present = "each", conflicts_with = "each")]
    pub shortcut: Option<String>,
    /// The command and its arguments, after `--`. Without one: your shell ($SHELL).
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
    /// Serve the credentials from a local endpoint that renews them, so a job can outlive the
    /// role session (the default for a shell).
    #[arg(long, conflicts_with = "no_server")]
    pub server: bool,
    /// Put the credentials themselves in the environment, also for a shell (they end when
    /// the role session does).
    #[arg(long)]
    pub no_server: bool,
    /// Allow an exec into another account from inside another exec's shell.
    #[arg(long)]
    pub nested: bool,
    /// An MFA code, for scripts; without it Rolehop asks on the terminal when it needs one.
    #[arg(long, value_name = "123456", value_parser = super::prompt::mfa_code_arg)]
    pub mfa_code: Option<String>,
    /// Run the command in every shortcut the selector picks: ids (`a,b,c`), globs
    /// (`acme-*`), `client:ID`, `tag:TAG`, `all`, `!TERM` to leave out; repeatable.
    #[arg(long, value_name = "SELECTOR")]
    pub each: Vec<String>,
    /// With --each: how many commands run at once.
    #[arg(short = 'j', long, value_name = "N", default_value_t = rolehop_core::exec::fanout::DEFAULT_JOBS, value_parser = jobs, requires = "each")]
    pub jobs: usize,
    /// With --each: write each shortcut's output to DIR/SHORTCUT.out (and .err) instead of
    /// prefixed lines.
    #[arg(long, value_name = "DIR", requires = "each")]
    pub out: Option<PathBuf>,
    /// With --each: list the accounts it would run in, production marked, and run nothing.
    #[arg(long, requires = "each")]
    pub dry_run: bool,
    /// With --each: run in production accounts without asking (needed when not at a terminal).
    #[arg(long, requires = "each")]
    pub yes: bool,
}

/// `rolehop shell SHORTCUT`: `rolehop exec SHORTCUT` without a command.
#[derive(Debug, clap::Args)]
pub struct ShellArgs {
    /// The shortcut (see `rolehop list`).
    pub shortcut: String,
    /// Put the credentials themselves in the environment instead of a renewing endpoint.
    #[arg(long)]
    pub no_server: bool,
    /// Allow a shell into another account from inside another exec's shell.
    #[arg(long)]
    pub nested: bool,
    /// An MFA code, for scripts; without it Rolehop asks on the terminal when it needs one.
    #[arg(long, value_name = "123456", value_parser = super::prompt::mfa_code_arg)]
    pub mfa_code: Option<String>,
}

impl From<ShellArgs> for Args {
    fn from(a: ShellArgs) -> Self {
        Self {
            shortcut: Some(a.shortcut),
            command: Vec::new(),
            server: false,
            no_server: a.no_server,
            nested: a.nested,
            mfa_code: a.mfa_code,
            each: Vec::new(),
            jobs: rolehop_core::exec::fanout::DEFAULT_JOBS,
            out: None,
            dry_run: false,
            yes: false,
        }
    }
}

fn jobs(text: &str) -> Result<usize, String> {
    let max = rolehop_core::exec::fanout::MAX_JOBS;
    match text.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!("a number from 1 to {max}")),
    }
}

/// Runs the exec of one shortcut (`--each` is `exec_each.rs`); its exit code is the child's.
pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let Some(id) = args.shortcut.clone() else {
        return Err(CliError::Usage(
            "name a shortcut, or --each SELECTOR".into(),
        ));
    };
    let ws = Workspace::from_env()?;
    let catalog = ws.catalog()?;
    let shortcut = resolve(&catalog, &id)?;
    let parent = Parent::current();
    rolehop_core::exec::check_nesting(&parent.utf8, &id, &shortcut.account, args.nested)
        .map_err(Error::from)?;
    let shell = args.command.is_empty();
    let serve = args.server || (shell && !args.no_server);
    let target = ChildTarget::of(&catalog, &shortcut);
    let parts = System::new(&ws, catalog, Mfa::choose(args.mfa_code))?;
    let role = block_on(parts.engine().credentials(&id))??;
    print_notices(&role.notices);
    rolehop_core::base::usage::Usage::record(
        &ws.paths.data_dir,
        &id,
        rolehop_core::base::credentials::now_unix(),
    );
    let credentials = ChildCredentials::from_role(&role.credentials);
    let server = if serve {
        Some(start_server(&id, &shortcut.role_arn, credentials.clone())?)
    } else {
        None
    };
    let provided = match &server {
        Some(s) => Provided::Server {
            uri: s.uri(),
            token: s.token(),
        },
        None => Provided::Keys(&credentials),
    };
    let env = rolehop_core::exec::env::child_environment(&parent.utf8, &target, provided);
    let argv = if shell {
        let program = default_shell();
        say_err!(
            "rolehop: a shell in `{id}` ({}, account {}{}){}; `exit` leaves it.",
            shortcut.client_name,
            shortcut.account,
            if shortcut.production {
                ", PRODUCTION"
            } else {
                ""
            },
            if serve {
                ", credentials renewed while the day's session lasts"
            } else {
                ""
            }
        );
        vec![program]
    } else {
        args.command.clone()
    };
    let mark = marks::Mark {
        client_name: shortcut.client_name.clone(),
        label: shortcut.label.clone(),
        account: shortcut.account.clone(),
        color: shortcut.color.clone(),
        production: shortcut.production,
    };
    let terminal = if shell && std::io::stderr().is_terminal() {
        marks::Terminal::detect(&parent.utf8)
    } else {
        marks::Terminal::Plain
    };
    write_terminal(&marks::start(&mark, terminal));
    let status = block_on(run_child(&argv, &env, &parent.other));
    write_terminal(&marks::end(terminal));
    drop(server);
    match status? {
        Ok(status) => Ok(exit_of(status)),
        Err(e) => {
            let program = argv
                .first()
                .map(|a| a.to_string_lossy().into_owned())
                .unwrap_or_default();
            say_err!("error: cannot run `{program}`: {e}");
            // As a shell says it: 127 when there is no such command, 126 when it cannot run.
            Ok(ExitCode::from(
                if e.kind() == std::io::ErrorKind::NotFound {
                    127
                } else {
                    126
                },
            ))
        }
    }
}

/// The parent's environment: the variables that are text (what the core reads and changes)
/// and those that are not (passed through as they are).
pub(super) struct Parent {
    pub utf8: Vec<(String, String)>,
    pub other: Vec<(OsString, OsString)>,
}

impl Parent {
    pub fn current() -> Self {
        let mut utf8 = Vec::new();
        let mut other = Vec::new();
        for (name, value) in std::env::vars_os() {
            match (name.into_string(), value.into_string()) {
                (Ok(n), Ok(v)) => utf8.push((n, v)),
                (n, v) => other.push((
                    n.map(OsString::from).unwrap_or_else(|n| n),
                    v.map(OsString::from).unwrap_or_else(|v| v),
                )),
            }
        }
        Self { utf8, other }
    }
}

/// The person's shell: `$SHELL` (Unix) or `%COMSPEC%` (Windows), else the system's.
fn default_shell() -> OsString {
    let (var, fallback) = if cfg!(windows) {
        ("COMSPEC", "cmd.exe")
    } else {
        ("SHELL", "/bin/sh")
    };
    std::env::var_os(var)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| fallback.into())
}

fn write_terminal(text: &str) {
    if text.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// A child's exit status as Rolehop's exit code: its code, or 128 + the signal that ended it
/// (as a shell reports it).
pub(super) fn exit_of(status: std::process::ExitStatus) -> ExitCode {
    if let Some(code) = status.code() {
        return ExitCode::from(u8::try_from(code & 0xff).unwrap_or(1));
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return ExitCode::from(u8::try_from(128 + signal).unwrap_or(1));
        }
    }
    ExitCode::FAILURE
}

/// Runs the child in this terminal and waits: Ctrl+C reaches it from the terminal (Rolehop
/// stays to stop the server and restore the title), a SIGTERM or SIGHUP sent to Rolehop is
/// passed on.
async fn run_child(
    argv: &[OsString],
    env: &[(String, rolehop_core::Secret)],
    other: &[(OsString, OsString)],
) -> std::io::Result<std::process::ExitStatus> {
    let (program, rest) = argv
        .split_first()
        .ok_or_else(|| std::io::Error::other("no command"))?;
    let mut command = tokio::process::Command::new(program);
    command
        .args(rest)
        .env_clear()
        .envs(other.iter().map(|(n, v)| (n, v)))
        .envs(env.iter().map(|(n, v)| (n, v.expose())));
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut quit = signal(SignalKind::quit())?;
        let mut terminate = signal(SignalKind::terminate())?;
        let mut hangup = signal(SignalKind::hangup())?;
        let mut child = command.spawn()?;
        let pid = child.id();
        let pass = |sig: nix::sys::signal::Signal| {
            if let Some(pid) = pid.and_then(|p| i32::try_from(p).ok()) {
                let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), sig);
            }
        };
        loop {
            tokio::select! {
                status = child.wait() => return status,
                _ = interrupt.recv() => {}
                _ = quit.recv() => {}
                _ = terminate.recv() => pass(nix::sys::signal::Signal::SIGTERM),
                _ = hangup.recv() => pass(nix::sys::signal::Signal::SIGHUP),
            }
        }
    }
    #[cfg(not(unix))]
    {
        let mut child = command.spawn()?;
        loop {
            tokio::select! {
                status = child.wait() => return status,
                _ = tokio::signal::ctrl_c() => {}
            }
        }
    }
}

/// Starts the credential server for a shortcut, seeded with credentials just fetched.
pub(super) fn start_server(
    id: &str,
    role_arn: &str,
    first: ChildCredentials,
) -> Result<CredentialServer, CliError> {
    let server = CredentialServer::start(renewer(id, role_arn, first), reporter(id))
        .map_err(|e| CliError::Core(Error::from(ExecError::from(e))))?;
    Ok(server)
}

/// The server's source: the credentials fetched for the start first, then the flow each time
/// the SDK asks (the broker's cache, renewed from the day's session when they near their
/// end), as long as the shortcut still names the role the exec started with. Nobody is asked
/// for an MFA code here: the child owns the terminal.
fn renewer(id: &str, role_arn: &str, first: ChildCredentials) -> Renew<Error> {
    let (id, role_arn) = (id.to_string(), role_arn.to_string());
    let first = Mutex::new(Some(first));
    Box::new(move || {
        let first = first.lock().ok().and_then(|mut f| f.take());
        if let Some(first) = first.filter(|f| {
            f.expires_at
                .is_some_and(|at| at > rolehop_core::base::credentials::now_unix() + 60)
        }) {
            return Ok(first);
        }
        let ws = Workspace::from_env()?;
        let catalog = ws.catalog()?;
        let now = resolve(&catalog, &id)?;
        if now.role_arn != role_arn {
            return Err(ExecError::ShortcutChanged {
                shortcut: id.clone(),
                was: role_arn.clone(),
                now: now.role_arn,
            }
            .into());
        }
        let parts = System::new(&ws, catalog, NoPrompt)?;
        // The flow's notices were shown at the start; a renewal repeating them on every SDK
        // request would write into the child's terminal.
        let role = block_on(parts.engine().credentials(&id))??;
        Ok(ChildCredentials::from_role(&role.credentials))
    })
}

/// Tells the person, once per reason, that renewing failed.
fn reporter(id: &str) -> Report<Error> {
    let id = id.to_string();
    let said = Mutex::new(String::new());
    Box::new(move |e: &Error| {
        let text = e.to_string();
        let Ok(mut said) = said.lock() else { return };
        if *said == text {
            return;
        }
        say_err!(
            "\nrolehop: cannot renew the credentials of `{id}`: {text}\nrolehop: the command keeps those it has while they last. To start a new day's session, open any shortcut of this identity in Rolehop or run `rolehop credential-process {id}` in another terminal; this exec picks it up."
        );
        *said = text;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_ends_with_128_plus_it() {
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(
                exit_of(std::process::ExitStatus::from_raw(9)),
                ExitCode::from(137)
            );
            assert_eq!(
                exit_of(std::process::ExitStatus::from_raw(3 << 8)),
                ExitCode::from(3)
            );
        }
    }

    #[test]
    fn jobs_are_one_to_the_most() {
        assert_eq!(jobs("4"), Ok(4));
        assert!(jobs("0").is_err());
        assert!(jobs("65").is_err());
        assert!(jobs("x").is_err());
    }
}
