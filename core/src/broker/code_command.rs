//! MFA codes from a command instead of a person: an identity's `mfa_process`, for example
//! `ykman oath accounts code --single "Amazon Web Services:alice@111111111111"`, which has a
//! YubiKey compute the current TOTP code (waiting for a touch if the credential asks for one).
//! The same key `aws-vault` reads from `~/.aws/config`.
//!
//! The broker (`broker::asking`) runs the command where it would otherwise ask, and treats the
//! code exactly like a typed one: used once, refused if already used (it then waits for the
//! next 30 s step and runs the command again). This module holds the pure parts (splitting
//! the command line, reading the code out of its output, the messages) and the process seam
//! [`CodeCommand`], whose real implementation [`ProcessCodes`] runs the program **without a
//! shell** (no globbing, no `$VAR`, no `;`), with no stdin, and gives up after a bounded wait.
//! The code it prints never reaches a log: it travels as a [`Secret`].

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::base::secret::Secret;

/// How long a command may take: a YubiKey waits about 15 s for a touch, and a person may need
/// a moment to find it.
pub const CODE_COMMAND_TIMEOUT: Duration = Duration::from_secs(60);

/// Stderr kept for a message: the last lines, bounded.
const STDERR_CHARS: usize = 600;

/// What a finished command left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOutput {
    /// The exit code (`None` when a signal ended it).
    pub code: Option<i32>,
    pub stdout: Secret,
    pub stderr: String,
}

/// Why a command gave no code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeCommandError {
    #[error("`{command}` cannot be run: {reason}")]
    BadCommand { command: String, reason: String },
    #[error(
        "`{program}` was not found; install it (for a YubiKey: the `yubikey-manager` package, which provides `ykman`) or give its full path"
    )]
    NotFound { program: String },
    #[error("`{program}` could not be started: {detail}")]
    NotStarted { program: String, detail: String },
    #[error(
        "`{program}` gave no code within {secs} s (a security key waits for a touch) and was stopped"
    )]
    TimedOut { program: String, secs: u64 },
    #[error("`{program}` failed ({status}){}", stderr_part(stderr))]
    Failed {
        program: String,
        status: String,
        stderr: String,
    },
    #[error("`{program}` printed no 6-digit code{}", stderr_part(stderr))]
    NoCode { program: String, stderr: String },
}

fn stderr_part(stderr: &str) -> String {
    if stderr.is_empty() {
        String::new()
    } else {
        format!(": {stderr}")
    }
}

/// The side-effect seam: run a program with arguments, without a shell and without stdin.
pub trait CodeCommand: Send + Sync {
    fn run<'a>(
        &'a self,
        argv: &'a [String],
    ) -> Pin<Box<dyn Future<Output = Result<CommandOutput, CodeCommandError>> + Send + 'a>>;
}

/// The real runner: a child process, killed if it outlives `timeout`.
#[derive(Debug, Clone, Copy)]
pub struct ProcessCodes {
    pub timeout: Duration,
}

/// The runner every broker uses unless a test gives it another.
pub static PROCESS_CODES: ProcessCodes = ProcessCodes {
    timeout: CODE_COMMAND_TIMEOUT,
};

impl CodeCommand for ProcessCodes {
    fn run<'a>(
        &'a self,
        argv: &'a [String],
    ) -> Pin<Box<dyn Future<Output = Result<CommandOutput, CodeCommandError>> + Send + 'a>> {
        Box::pin(async move {
            let (program, args) =
                argv.split_first()
                    .ok_or_else(|| CodeCommandError::BadCommand {
                        command: String::new(),
                        reason: "it is empty".into(),
                    })?;
            let child = tokio::process::Command::new(program)
                .args(args)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .kill_on_drop(true)
                .spawn()
                .map_err(|e| match e.kind() {
                    std::io::ErrorKind::NotFound => CodeCommandError::NotFound {
                        program: program.clone(),
                    },
                    _ => CodeCommandError::NotStarted {
                        program: program.clone(),
                        detail: e.to_string(),
                    },
                })?;
            match tokio::time::timeout(self.timeout, child.wait_with_output()).await {
                Err(_) => Err(CodeCommandError::TimedOut {
                    program: program.clone(),
                    secs: self.timeout.as_secs(),
                }),
                Ok(Err(e)) => Err(CodeCommandError::NotStarted {
                    program: program.clone(),
                    detail: e.to_string(),
                }),
                Ok(Ok(out)) => Ok(CommandOutput {
                    code: out.status.code(),
                    stdout: Secret::new(String::from_utf8_lossy(&out.stdout).into_owned()),
                    stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                }),
            }
        })
    }
}

/// Splits an `mfa_process` command line the way a POSIX shell would quote it (so a YubiKey
/// account name with spaces can be quoted), without running a shell.
pub fn split_command(command: &str) -> Result<Vec<String>, CodeCommandError> {
    let bad = |reason: &str| CodeCommandError::BadCommand {
        command: command.to_string(),
        reason: reason.to_string(),
    };
    let argv = shlex::split(command).ok_or_else(|| bad("a quote is not closed"))?;
    if argv.is_empty() {
        return Err(bad("it is empty"));
    }
    Ok(argv)
}

/// The code in a finished command's output: the last whitespace-separated word of stdout that
/// is exactly six digits (`ykman … --single` prints only the code; without `--single` it
/// prints `name  123456`). A failed exit is a failure whatever it printed.
pub fn code_from_output(program: &str, out: &CommandOutput) -> Result<Secret, CodeCommandError> {
    let stderr = tail(&out.stderr);
    if out.code != Some(0) {
        return Err(CodeCommandError::Failed {
            program: program.to_string(),
            status: match out.code {
                Some(n) => format!("exit status {n}"),
                None => "ended by a signal".into(),
            },
            stderr,
        });
    }
    out.stdout
        .expose()
        .split_whitespace()
        .rev()
        .find(|w| w.len() == 6 && w.bytes().all(|b| b.is_ascii_digit()))
        .map(Secret::new)
        .ok_or(CodeCommandError::NoCode {
            program: program.to_string(),
            stderr,
        })
}

/// The end of a command's stderr, on one line, bounded: enough to say what went wrong.
fn tail(stderr: &str) -> String {
    let joined = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" / ");
    let chars: Vec<char> = joined.chars().collect();
    if chars.len() <= STDERR_CHARS {
        joined
    } else {
        let start = chars.len() - STDERR_CHARS;
        format!("…{}", chars[start..].iter().collect::<String>())
    }
}

/// Runs an identity's command and returns its code.
pub async fn code_from(
    runner: &dyn CodeCommand,
    command: &str,
) -> Result<Secret, CodeCommandError> {
    let argv = split_command(command)?;
    let out = runner.run(&argv).await?;
    code_from_output(&argv[0], &out)
}

/// The command the wizard offers when `ykman` is installed, for a YubiKey OATH account name.
pub fn ykman_command(account: &str) -> String {
    format!(
        "ykman oath accounts code --single {}",
        shlex::try_quote(account).map_or_else(|_| account.to_string(), |q| q.into_owned())
    )
}

/// `ykman` on this machine's PATH, if installed (the wizard then offers the key's accounts).
pub fn find_ykman() -> Option<std::path::PathBuf> {
    let name = if cfg!(windows) { "ykman.exe" } else { "ykman" };
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The OATH account names `ykman oath accounts list` printed, one per line.
pub fn oath_accounts(out: &CommandOutput) -> Result<Vec<String>, CodeCommandError> {
    if out.code != Some(0) {
        return Err(code_from_output("ykman", out)
            .err()
            .unwrap_or(CodeCommandError::NoCode {
                program: "ykman".into(),
                stderr: tail(&out.stderr),
            }));
    }
    Ok(out
        .stdout
        .expose()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect())
}

/// The accounts on the plugged-in YubiKey (no touch is needed to list them).
pub async fn ykman_accounts(runner: &dyn CodeCommand) -> Result<Vec<String>, CodeCommandError> {
    let argv: Vec<String> = ["ykman", "oath", "accounts", "list"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    oath_accounts(&runner.run(&argv).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(code: Option<i32>, stdout: &str, stderr: &str) -> CommandOutput {
        CommandOutput {
            code,
            stdout: Secret::new(stdout),
            stderr: stderr.into(),
        }
    }

    #[test]
    fn commands_split_like_a_shell_quotes_them_and_never_run_one() {
        let table: &[(&str, Result<&[&str], &str>)] = &[
            (
                "ykman oath accounts code --single 'Amazon Web Services:alice@111111111111'",
                Ok(&[
                    "ykman",
                    "oath",
                    "accounts",
                    "code",
                    "--single",
                    "Amazon Web Services:alice@111111111111",
                ]),
            ),
            ("/opt/bin/totp \"my key\"", Ok(&["/opt/bin/totp", "my key"])),
            // A `;` is an argument, not a second command.
            (
                "echo 123456; rm -rf x",
                Ok(&["echo", "123456;", "rm", "-rf", "x"]),
            ),
            ("", Err("it is empty")),
            ("   ", Err("it is empty")),
            ("ykman 'open", Err("a quote is not closed")),
        ];
        for (command, want) in table {
            let got = split_command(command);
            match want {
                Ok(words) => assert_eq!(got.unwrap(), words.to_vec(), "{command}"),
                Err(reason) => assert!(
                    matches!(&got, Err(CodeCommandError::BadCommand { reason: r, .. }) if r == reason),
                    "{command}: {got:?}"
                ),
            }
        }
    }

    #[test]
    fn the_code_is_the_last_six_digit_word_of_a_successful_run() {
        let table: &[(CommandOutput, Result<&str, &str>)] = &[
            (out(Some(0), "123456\n", ""), Ok("123456")),
            (
                out(Some(0), "Amazon Web Services:alice  654321\n", ""),
                Ok("654321"),
            ),
            (
                out(Some(0), "Touch your YubiKey...\n012345\n", ""),
                Ok("012345"),
            ),
            (
                out(Some(0), "1234567\n", ""),
                Err("printed no 6-digit code"),
            ),
            (
                out(Some(0), "", "Touch timed out"),
                Err("printed no 6-digit code: Touch timed out"),
            ),
            (
                out(Some(2), "123456", "Error: No YubiKey detected!\n"),
                Err("failed (exit status 2): Error: No YubiKey detected!"),
            ),
            (out(None, "", ""), Err("failed (ended by a signal)")),
        ];
        for (output, want) in table {
            let got = code_from_output("ykman", output);
            match want {
                Ok(code) => assert_eq!(got.unwrap().expose(), *code),
                Err(text) => {
                    let message = got.unwrap_err().to_string();
                    assert!(message.ends_with(text), "{message} / {text}");
                }
            }
        }
    }

    #[test]
    fn long_stderr_keeps_its_end_on_one_line() {
        let long = format!("{}\nthe real reason\n", "noise ".repeat(300));
        let t = tail(&long);
        assert!(t.chars().count() <= STDERR_CHARS + 1);
        assert!(
            t.starts_with('…') && t.ends_with("noise / the real reason"),
            "{t}"
        );
    }

    #[test]
    fn the_offered_ykman_command_quotes_the_account() {
        assert_eq!(
            ykman_command("Amazon Web Services:alice@111111111111"),
            "ykman oath accounts code --single 'Amazon Web Services:alice@111111111111'"
        );
        assert_eq!(
            split_command(&ykman_command("it's me"))
                .unwrap()
                .last()
                .unwrap(),
            "it's me"
        );
    }

    #[test]
    fn a_keys_accounts_are_its_listed_lines() {
        let listed = out(
            Some(0),
            "Amazon Web Services:alice@111111111111\nGitHub:alice\n\n",
            "",
        );
        assert_eq!(
            oath_accounts(&listed).unwrap(),
            ["Amazon Web Services:alice@111111111111", "GitHub:alice"]
        );
        let none = out(Some(2), "", "ERROR: No YubiKey detected!");
        assert_eq!(
            oath_accounts(&none).unwrap_err().to_string(),
            "`ykman` failed (exit status 2): ERROR: No YubiKey detected!"
        );
    }

    #[cfg(unix)]
    fn script(dir: &std::path::Path, body: &str) -> String {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join("fake-ykman");
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700)).unwrap();
        path.display().to_string()
    }

    #[cfg(unix)]
    fn run(command: &str, timeout: Duration) -> Result<Secret, CodeCommandError> {
        let runner = ProcessCodes { timeout };
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(code_from(&runner, command))
    }

    /// (Shell scripts as fake keys: Unix only.)
    #[cfg(unix)]
    #[test]
    fn a_real_process_gives_its_code_its_stderr_or_is_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let ok = script(dir.path(), "echo \"code for $1\" >&2; echo 246810");
        assert_eq!(
            run(&format!("{ok} 'my key'"), CODE_COMMAND_TIMEOUT)
                .unwrap()
                .expose(),
            "246810"
        );
        let failing = script(dir.path(), "echo 'Error: No YubiKey detected!' >&2; exit 1");
        let err = run(&failing, CODE_COMMAND_TIMEOUT).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("`{failing}` failed (exit status 1): Error: No YubiKey detected!")
        );
        let hanging = script(dir.path(), "exec sleep 30");
        let err = run(&hanging, Duration::from_millis(300)).unwrap_err();
        assert!(matches!(err, CodeCommandError::TimedOut { .. }), "{err}");
        let err = run("rolehop-no-such-program-xyz 1", CODE_COMMAND_TIMEOUT).unwrap_err();
        assert!(matches!(err, CodeCommandError::NotFound { .. }), "{err}");
    }
}
