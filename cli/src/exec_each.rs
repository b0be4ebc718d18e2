//! `rolehop exec --each SELECTOR [-j N] -- COMMAND…`: one command in many client accounts.
//!
//! 1. The selector picks shortcuts (`rolehop_core::exec::select`); `--dry-run` lists the
//!    accounts and stops. Production accounts are confirmed at a terminal, or need `--yes`.
//! 2. Credentials for all of them first, from the one flow, one after another: the day's
//!    session is made once per identity, so MFA is asked once per identity; an identity
//!    whose MFA failed is not asked again (its shortcuts are reported without credentials).
//! 3. At most N children at once, each in a process group of its own, stdin closed, output
//!    prefixed with the shortcut (or written to `--out DIR`).
//! 4. Ctrl+C (SIGINT to Rolehop) stops every running child (SIGINT to its group, SIGKILL
//!    after a grace period) and starts no more; the closing table says what each did.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::{ExitCode, Stdio};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rolehop_core::Error;
use rolehop_core::catalog::ResolvedShortcut;
use rolehop_core::catalog::resolve::Lookup;
use rolehop_core::exec::fanout::{self, Ended, Outcome};
use rolehop_core::exec::{ChildCredentials, ChildTarget, ExecError, Provided};
use rolehop_core::system::{System, Workspace, block_on};
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};

use super::CliError;
use super::args::print_notices;
use super::exec::{Args, Parent, start_server};
use super::prompt::Mfa;

/// How long a stopped child has to end after SIGINT before it is killed.
const GRACE: Duration = Duration::from_secs(5);

/// One child to run: where, and with what environment.
struct Job {
    shortcut: ResolvedShortcut,
    env: Vec<(String, rolehop_core::Secret)>,
    /// Keeps the credential server up while the child runs (`--server`).
    _server: Option<rolehop_core::exec::server::CredentialServer>,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    if args.command.is_empty() {
        return Err(CliError::Usage(
            "--each runs a command in each account: add `-- COMMAND ARGS…` (a shell per account is not offered)".into(),
        ));
    }
    let ws = Workspace::from_env()?;
    let catalog = ws.catalog()?;
    let ids = rolehop_core::exec::select::select(&catalog, &args.each)
        .map_err(|e| Error::from(ExecError::from(e)))?;
    let lookup = Lookup::new(&catalog);
    let shortcuts: Vec<ResolvedShortcut> = ids
        .iter()
        .map(|id| lookup.resolve(id))
        .collect::<Result<_, _>>()?;
    let parent = Parent::current();
    for s in &shortcuts {
        rolehop_core::exec::check_nesting(&parent.utf8, &s.id, &s.account, args.nested)
            .map_err(Error::from)?;
    }
    let production: Vec<&str> = shortcuts
        .iter()
        .filter(|s| s.production)
        .map(|s| s.id.as_str())
        .collect();
    let command_line = shown_command(&args.command);
    if args.dry_run {
        print_plan(&shortcuts);
        say_err!(
            "Would run `{command_line}` in {} account(s){}, at most {} at a time. Nothing was run.",
            shortcuts.len(),
            if production.is_empty() {
                String::new()
            } else {
                format!(", {} of them PRODUCTION", production.len())
            },
            args.jobs
        );
        return Ok(ExitCode::SUCCESS);
    }
    if !production.is_empty() && !args.yes && !confirm(&shortcuts, &production, &command_line)? {
        say_err!("Nothing was run.");
        return Ok(ExitCode::FAILURE);
    }
    let files = match &args.out {
        Some(dir) => Some(out_files(dir, &shortcuts)?),
        None => None,
    };
    // Credentials for every shortcut before any child starts.
    say_err!("Getting credentials for {} shortcut(s)…", shortcuts.len());
    let parts = System::new(&ws, catalog.clone(), Mfa::choose(args.mfa_code.clone()))?;
    let engine = parts.engine();
    let mut refused_identity: HashMap<String, String> = HashMap::new();
    let mut jobs: Vec<Result<Job, Outcome>> = Vec::new();
    for s in shortcuts {
        let not_started = |why: String| Outcome {
            shortcut: s.id.clone(),
            account: s.account.clone(),
            production: s.production,
            ended: Ended::NoCredentials(why),
            duration: Duration::ZERO,
        };
        if let Some(why) = refused_identity.get(&s.identity) {
            jobs.push(Err(not_started(why.clone())));
            continue;
        }
        let role = match block_on(engine.credentials(&s.id))? {
            Ok(role) => role,
            Err(e) => {
                let why = e.to_string();
                // An identity that could not get its day's session is not asked again.
                if matches!(
                    e.kind(),
                    rolehop_core::ErrorKind::MfaRequired
                        | rolehop_core::ErrorKind::MfaRejected
                        | rolehop_core::ErrorKind::MfaReused
                        | rolehop_core::ErrorKind::KeysMissing
                        | rolehop_core::ErrorKind::InvalidKeys
                        | rolehop_core::ErrorKind::SsoSignIn
                ) {
                    refused_identity.insert(s.identity.clone(), why.clone());
                }
                say_err!("{} | no credentials: {why}", s.id);
                jobs.push(Err(not_started(why)));
                continue;
            }
        };
        print_notices(&role.notices);
        let credentials = ChildCredentials::from_role(&role.credentials);
        let target = ChildTarget::of(&catalog, &s);
        let server = if args.server {
            Some(start_server(&s.id, &s.role_arn, credentials.clone())?)
        } else {
            None
        };
        let provided = match &server {
            Some(server) => Provided::Server {
                uri: server.uri(),
                token: server.token(),
            },
            None => Provided::Keys(&credentials),
        };
        let env = rolehop_core::exec::env::child_environment(&parent.utf8, &target, provided);
        jobs.push(Ok(Job {
            shortcut: s,
            env,
            _server: server,
        }));
    }
    let width = jobs
        .iter()
        .map(|j| match j {
            Ok(job) => job.shortcut.id.chars().count(),
            Err(o) => o.shortcut.chars().count(),
        })
        .max()
        .unwrap_or(0);
    let run = Run {
        argv: args.command.clone(),
        other_env: parent.other,
        width,
        files,
        stop: Arc::new(AtomicBool::new(false)),
        running: Arc::new(AtomicUsize::new(0)),
        most: Arc::new(AtomicUsize::new(0)),
        groups: Arc::new(Mutex::new(Vec::new())),
    };
    let (outcomes, interrupted) =
        block_on(run.all(jobs, args.jobs))?.map_err(|e| CliError::io("run the commands", e))?;
    let most = run.most.load(Ordering::SeqCst);
    let rows = fanout::summary_rows(&outcomes);
    say_err!();
    for line in super::table::lines(&fanout::SUMMARY_HEADERS, &rows) {
        say_err!("{line}");
    }
    say_err!("{}", fanout::summary_line(&outcomes, most));
    Ok(ExitCode::from(fanout::exit_code(&outcomes, interrupted)))
}

fn shown_command(argv: &[OsString]) -> String {
    argv.iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn print_plan(shortcuts: &[ResolvedShortcut]) {
    let mut out = rolehop_core::base::terminal::Sanitized(std::io::stdout().lock());
    for line in super::table::lines(&fanout::PLAN_HEADERS, &fanout::plan_rows(shortcuts)) {
        let _ = writeln!(out, "{line}");
    }
}

/// At a terminal: the accounts, production marked, and a yes/no. Elsewhere: refused, with
/// what to pass.
fn confirm(
    shortcuts: &[ResolvedShortcut],
    production: &[&str],
    command_line: &str,
) -> Result<bool, CliError> {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(CliError::Usage(format!(
            "{} of these accounts are production ({}): pass --yes to run `{command_line}` there from a script (see them all with --dry-run)",
            production.len(),
            production.join(", ")
        )));
    }
    for line in super::table::lines(&fanout::PLAN_HEADERS, &fanout::plan_rows(shortcuts)) {
        say_err!("{line}");
    }
    say_err_inline!(
        "Run `{command_line}` in these {} accounts, {} of them PRODUCTION? [y/N] ",
        shortcuts.len(),
        production.len()
    );
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    Ok(matches!(line.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}

/// Each shortcut's output files under `dir` (created if missing), checked before anything
/// runs.
fn out_files(
    dir: &std::path::Path,
    shortcuts: &[ResolvedShortcut],
) -> Result<HashMap<String, (std::path::PathBuf, std::path::PathBuf)>, CliError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::io(format!("create {}", dir.display()), e))?;
    shortcuts
        .iter()
        .map(|s| {
            fanout::out_files(dir, &s.id)
                .map(|files| (s.id.clone(), files))
                .map_err(|e| CliError::Core(Error::from(ExecError::from(e))))
        })
        .collect()
}

/// What every child's task shares.
#[derive(Clone)]
struct Run {
    argv: Vec<OsString>,
    other_env: Vec<(OsString, OsString)>,
    width: usize,
    files: Option<HashMap<String, (std::path::PathBuf, std::path::PathBuf)>>,
    /// Set by Ctrl+C: no more children start.
    stop: Arc<AtomicBool>,
    running: Arc<AtomicUsize>,
    /// The most children that ran at once.
    most: Arc<AtomicUsize>,
    /// The process ids of running children (each leads its own process group).
    groups: Arc<Mutex<Vec<u32>>>,
}

impl Run {
    /// Runs every job, at most `jobs` at once; returns the outcomes in the jobs' order and
    /// whether Ctrl+C stopped the run.
    async fn all(
        &self,
        jobs: Vec<Result<Job, Outcome>>,
        at_once: usize,
    ) -> std::io::Result<(Vec<Outcome>, bool)> {
        // Listening before any child starts: a Ctrl+C from now on stops the run.
        let interrupt = interrupted()?;
        let permits = Arc::new(tokio::sync::Semaphore::new(at_once));
        let mut set = tokio::task::JoinSet::new();
        let mut outcomes: Vec<Option<Outcome>> = Vec::new();
        for (i, job) in jobs.into_iter().enumerate() {
            match job {
                Err(outcome) => outcomes.push(Some(outcome)),
                Ok(job) => {
                    outcomes.push(None);
                    let (me, permits) = (self.clone(), permits.clone());
                    set.spawn(async move { (i, me.one(job, permits).await) });
                }
            }
        }
        tokio::pin!(interrupt);
        let mut stopping: Option<Instant> = None;
        loop {
            tokio::select! {
                joined = set.join_next() => match joined {
                    Some(Ok((i, outcome))) => outcomes[i] = Some(outcome),
                    Some(Err(e)) => return Err(std::io::Error::other(e.to_string())),
                    None => break,
                },
                _ = &mut interrupt, if stopping.is_none() => {
                    self.stop.store(true, Ordering::SeqCst);
                    say_err!("\nrolehop: stopping every command (Ctrl+C)…");
                    self.signal_all(false);
                    stopping = Some(Instant::now());
                }
                _ = tokio::time::sleep(Duration::from_millis(200)), if stopping.is_some() => {
                    if stopping.is_some_and(|at| at.elapsed() > GRACE) {
                        self.signal_all(true);
                    }
                }
            }
        }
        Ok((
            outcomes.into_iter().flatten().collect(),
            self.stop.load(Ordering::SeqCst),
        ))
    }

    /// Sends SIGINT (or, `kill`, SIGKILL) to every running child's process group.
    fn signal_all(&self, kill: bool) {
        let pids: Vec<u32> = self.groups.lock().map(|g| g.clone()).unwrap_or_default();
        for pid in pids {
            #[cfg(unix)]
            {
                use nix::sys::signal::{Signal, killpg};
                let signal = if kill {
                    Signal::SIGKILL
                } else {
                    Signal::SIGINT
                };
                if let Ok(pid) = i32::try_from(pid) {
                    let _ = killpg(nix::unistd::Pid::from_raw(pid), signal);
                }
            }
            #[cfg(not(unix))]
            {
                // Windows: a child in a group of its own gets no console Ctrl+C; it is ended.
                let _ = (pid, kill);
                let _ = std::process::Command::new("taskkill")
                    .args(["/T", "/F", "/PID", &pid.to_string()])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
            }
        }
    }

    /// Runs one job when a permit is free.
    async fn one(&self, job: Job, permits: Arc<tokio::sync::Semaphore>) -> Outcome {
        let s = &job.shortcut;
        let outcome = |ended: Ended, duration: Duration| Outcome {
            shortcut: s.id.clone(),
            account: s.account.clone(),
            production: s.production,
            ended,
            duration,
        };
        let Ok(_permit) = permits.acquire().await else {
            return outcome(Ended::NotStarted, Duration::ZERO);
        };
        if self.stop.load(Ordering::SeqCst) {
            return outcome(Ended::NotStarted, Duration::ZERO);
        }
        let Some((program, rest)) = self.argv.split_first() else {
            return outcome(Ended::CannotRun("no command".into()), Duration::ZERO);
        };
        let mut command = tokio::process::Command::new(program);
        command
            .args(rest)
            .env_clear()
            .envs(self.other_env.iter().map(|(n, v)| (n, v)))
            .envs(job.env.iter().map(|(n, v)| (n, v.expose())))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        // A group of its own: the terminal's Ctrl+C reaches Rolehop, which stops each child
        // (and what it started) and reports; a child never reads the terminal.
        #[cfg(unix)]
        command.process_group(0);
        #[cfg(windows)]
        command.creation_flags(0x0000_0200); // CREATE_NEW_PROCESS_GROUP
        let started = Instant::now();
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(e) => {
                let why = e.to_string();
                say_err!("{} | cannot run: {why}", s.id);
                return outcome(Ended::CannotRun(why), Duration::ZERO);
            }
        };
        let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        let pid = child.id();
        if let (Some(pid), Ok(mut groups)) = (pid, self.groups.lock()) {
            groups.push(pid);
        }
        let prefix = fanout::prefix(&s.id, self.width);
        let files = self.files.as_ref().and_then(|f| f.get(&s.id)).cloned();
        let (out_sink, err_sink) = match &files {
            Some((out, err)) => (Sink::file(out), Sink::file(err)),
            None => (Sink::Stdout(prefix.clone()), Sink::Stderr(prefix.clone())),
        };
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        let (status, _, _) = tokio::join!(
            child.wait(),
            copy_lines(stdout, out_sink),
            copy_lines(stderr, err_sink)
        );
        let duration = started.elapsed();
        self.running.fetch_sub(1, Ordering::SeqCst);
        if let (Some(pid), Ok(mut groups)) = (pid, self.groups.lock()) {
            groups.retain(|p| *p != pid);
        }
        if let Some((_, err)) = &files {
            // An empty `.err` says nothing: only the ones with something in them stay.
            if std::fs::metadata(err).is_ok_and(|m| m.len() == 0) {
                let _ = std::fs::remove_file(err);
            }
        }
        let ended = match status {
            Ok(status) if self.stop.load(Ordering::SeqCst) && !status.success() => Ended::Stopped,
            Ok(status) => ended_of(status),
            Err(e) => Ended::CannotRun(e.to_string()),
        };
        say_err!(
            "{prefix}{} after {}",
            ended.shown(),
            fanout::shown_duration(duration)
        );
        outcome(ended, duration)
    }
}

fn ended_of(status: std::process::ExitStatus) -> Ended {
    if let Some(code) = status.code() {
        return Ended::Exited(code);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return Ended::Signal(signal);
        }
    }
    Ended::Exited(-1)
}

/// A future that resolves when Ctrl+C (SIGINT) or a SIGTERM reaches Rolehop, listening from
/// the moment it is made.
fn interrupted() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
    }
}

/// Where a child's stream goes: a prefixed line on Rolehop's stdout or stderr, or a file.
enum Sink {
    Stdout(String),
    Stderr(String),
    File(Option<std::fs::File>),
}

impl Sink {
    fn file(path: &std::path::Path) -> Self {
        let file = std::fs::File::create(path)
            .map_err(|e| say_err!("cannot write {}: {e}", path.display()))
            .ok();
        Self::File(file)
    }

    fn line(&mut self, line: &[u8]) {
        let write = |out: &mut dyn Write, prefix: &str| {
            let _ = out.write_all(prefix.as_bytes());
            let _ = out.write_all(line);
            if !line.ends_with(b"\n") {
                let _ = out.write_all(b"\n");
            }
            let _ = out.flush();
        };
        match self {
            Self::Stdout(prefix) => write(&mut std::io::stdout().lock(), prefix),
            Self::Stderr(prefix) => write(&mut std::io::stderr().lock(), prefix),
            Self::File(Some(file)) => {
                let _ = file.write_all(line);
            }
            Self::File(None) => {}
        }
    }
}

/// Copies a child's stream to its sink, a line at a time (each line whole, so lines of
/// several children never mix).
async fn copy_lines(stream: Option<impl AsyncRead + Unpin>, mut sink: Sink) {
    let Some(stream) = stream else { return };
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => break,
            Ok(_) => sink.line(&line),
        }
    }
}
