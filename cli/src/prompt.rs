//! The terminal's MFA prompt, and the choice between it, `--mfa-code` and nobody to ask.

use std::io::{BufRead, IsTerminal, Write};

use rolehop_core::Secret;
use std::sync::OnceLock;

use rolehop_core::broker::{FixedCode, MfaPrompt, MfaRequest, MfaRetry, NoPrompt};
use rolehop_core::browser::SystemLauncher;
use rolehop_core::sso::SignInPage;
use rolehop_core::sso::page::BrowserPage;
use rolehop_core::system::{Workspace, sign_in_page};

/// Asks on the terminal (stderr for the question, stdin for the answer), and shows an IAM
/// Identity Center sign-in in the browser when one is needed (made on first need).
#[derive(Default)]
pub struct TerminalPrompt {
    page: OnceLock<Option<BrowserPage<'static, SystemLauncher>>>,
}

impl MfaPrompt for TerminalPrompt {
    fn code(&self, request: &MfaRequest) -> Option<Secret> {
        let mut err = rolehop_core::base::terminal::Sanitized(std::io::stderr());
        match request.retry {
            Some(MfaRetry::BadFormat) => {
                let _ = writeln!(
                    err,
                    "That is not a code: enter the 6 digits your authenticator shows."
                );
            }
            Some(MfaRetry::Rejected) => {
                let _ = writeln!(
                    err,
                    "AWS did not accept that code (wrong code, or this computer's clock is off). Try the current one."
                );
            }
            Some(MfaRetry::AlreadyUsed { wait_secs }) => {
                let _ = writeln!(
                    err,
                    "That code was just used, and AWS accepts each code once. Wait {wait_secs} s for the next one."
                );
            }
            None => {}
        }
        let _ = write!(
            err,
            "MFA code for identity `{}` ({}) {}: ",
            request.identity, request.serial, request.reason
        );
        let _ = err.flush();
        let mut line = String::new();
        match std::io::stdin().lock().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(Secret::new(line.trim().to_string())),
        }
    }

    fn interactive(&self) -> bool {
        true
    }

    fn device_waiting(&self, request: &MfaRequest, waiting: bool) {
        device_line(request, waiting);
    }

    fn confirm_command(&self, identity: &str, command: &str) -> Option<bool> {
        confirm_on_terminal(identity, command)
    }

    fn sign_in_page(&self) -> Option<&dyn SignInPage> {
        self.page
            .get_or_init(|| {
                let ws = Workspace::from_env().ok()?;
                let catalog = ws.catalog().ok()?;
                sign_in_page(&ws, &catalog, None, Box::new(|text| say_err!("{text}"))).ok()
            })
            .as_ref()
            .map(|page| page as &dyn SignInPage)
    }
}

/// "Touch your key" on stderr while an identity's code command runs (whatever the source of
/// typed codes: a command runs under `--mfa-code` and without a terminal too).
fn device_line(request: &MfaRequest, waiting: bool) {
    if waiting {
        let mut err = rolehop_core::base::terminal::Sanitized(std::io::stderr());
        let _ = writeln!(
            err,
            "Getting the MFA code for identity `{}` from its code command {}: touch your security key if it blinks…",
            request.identity, request.reason
        );
        let _ = err.flush();
    }
}

/// The MFA source for a command: `--mfa-code`, else the terminal, else nobody.
pub enum Mfa {
    Fixed(FixedCode),
    Terminal(TerminalPrompt),
    Nobody(NoPrompt),
}

impl Mfa {
    pub fn choose(code: Option<String>) -> Self {
        match code {
            Some(code) => Self::Fixed(FixedCode::new(Secret::new(code))),
            None if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() => {
                Self::Terminal(TerminalPrompt::default())
            }
            None => Self::Nobody(NoPrompt),
        }
    }
}

impl MfaPrompt for Mfa {
    fn code(&self, request: &MfaRequest) -> Option<Secret> {
        match self {
            Self::Fixed(p) => p.code(request),
            Self::Terminal(p) => p.code(request),
            Self::Nobody(p) => p.code(request),
        }
    }

    fn interactive(&self) -> bool {
        match self {
            Self::Fixed(p) => p.interactive(),
            Self::Terminal(p) => p.interactive(),
            Self::Nobody(p) => p.interactive(),
        }
    }

    fn device_waiting(&self, request: &MfaRequest, waiting: bool) {
        device_line(request, waiting);
    }

    fn sign_in_page(&self) -> Option<&dyn SignInPage> {
        match self {
            Self::Terminal(p) => p.sign_in_page(),
            Self::Fixed(_) | Self::Nobody(_) => None,
        }
    }

    fn confirm_command(&self, identity: &str, command: &str) -> Option<bool> {
        confirm_on_terminal(identity, command)
    }
}

/// Asks at the terminal whether an identity's `mfa_process` (not confirmed before) may run,
/// showing the command in full; `None` without a terminal (the error says where to confirm).
fn confirm_on_terminal(identity: &str, command: &str) -> Option<bool> {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return None;
    }
    let mut err = rolehop_core::base::terminal::Sanitized(std::io::stderr());
    let _ = write!(
        err,
        "Identity `{identity}` gets its MFA codes by running this command, which Rolehop has not run for it before (it may come from an imported configuration):\n\n    {command}\n\nRun it now and from now on? [y/N] "
    );
    let _ = err.flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => Some(false),
        Ok(_) => Some(matches!(line.trim(), "y" | "Y" | "yes" | "Yes" | "YES")),
    }
}

/// `--mfa-code` that is not a code.
#[derive(Debug, thiserror::Error)]
#[error("an MFA code is the 6 digits your authenticator shows; nothing was sent to AWS")]
pub struct NotAnMfaCode;

/// clap's parser of `--mfa-code`: six digits, or a usage error (exit 2) that says the code was
/// never sent. Every command that takes a code uses it, so the same mistake gives the same
/// exit code everywhere.
pub fn mfa_code_arg(text: &str) -> Result<String, NotAnMfaCode> {
    rolehop_core::broker::mfa::normalize_code(text)
        .map(|code| code.expose().to_string())
        .ok_or(NotAnMfaCode)
}
