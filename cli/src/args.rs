//! What several subcommands share on the command line: the shortcut-and-code arguments,
//! `--browser`'s parsing, and how notices are printed. The seams they drive are wired in
//! `rolehop_core::system`, shared with the tray.

use rolehop_core::browser::BrowserKind;

use super::CliError;

/// Prints what the person should know (to stderr, so stdout stays machine-readable).
pub fn print_notices(notices: &[String]) {
    for notice in notices {
        say_err!("note: {notice}");
    }
}

/// `--browser KIND`.
pub fn parse_kind(value: &str) -> Result<BrowserKind, CliError> {
    BrowserKind::parse(value).map_err(|e| CliError::Usage(format!("--browser: {e}")))
}

/// The arguments of commands that act on one shortcut with credentials.
#[derive(Debug, clap::Args)]
pub struct ShortcutArgs {
    /// The shortcut id (see `rolehop list`).
    pub shortcut: String,
    /// An MFA code, for scripts; without it Rolehop asks on the terminal when it needs one.
    #[arg(long, value_name = "123456", value_parser = super::prompt::mfa_code_arg)]
    pub mfa_code: Option<String>,
}
