//! The terminal side of Rolehop: `rolehop exec` and `rolehop shell` run a command or a shell
//! with a shortcut's role credentials, and `rolehop exec --each` one command across many
//! client accounts. The credentials come from the one flow ([`crate::launch::Engine`]) with
//! its keychain and its one-MFA-per-identity gate; this module holds what is particular to a
//! child process:
//!
//! - [`mod@env`]: the child's environment (credentials or the credential endpoint, the variables
//!   that would override them removed, the `ROLEHOP_*` marks), and which exec a process is
//!   already inside (pure);
//! - [`server`]: the credential server that renews the child's credentials past the role
//!   session's end (loopback, this user only, a token per exec);
//! - [`marks`]: the terminal's title and colour for a marked shell (pure);
//! - [`select`]: which shortcuts a fan-out's selector picks (pure);
//! - [`fanout`]: a fan-out's preview, output prefixes and files, closing table (pure);
//! - [`emulator`]: the terminal emulator command the tray and the switcher open a marked shell
//!   with (pure).
//!
//! The CLI (`cli/src/exec*.rs`) starts the children and waits for them.

pub mod emulator;
pub mod env;
pub mod fanout;
pub mod marks;
pub mod select;
pub mod server;

pub use env::{ChildCredentials, ChildTarget, Provided};

/// Why an exec cannot go ahead.
#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    #[error(transparent)]
    Select(#[from] select::SelectError),
    #[error(transparent)]
    OutName(#[from] fanout::OutName),
    #[error(transparent)]
    Server(#[from] server::ServerError),
    #[error(
        "this terminal is already inside `rolehop exec {inside}` (account {inside_account}); an exec into `{wanted}` (account {wanted_account}) from here would give one terminal two clients' accounts. Leave it first (`exit`), or pass --nested to do it anyway"
    )]
    Nested {
        inside: String,
        inside_account: String,
        wanted: String,
        wanted_account: String,
    },
    #[error(
        "`{shortcut}` now names another role ({now}) than this exec started with ({was}): its credentials are not renewed; start a new `rolehop exec {shortcut}` to use the new one"
    )]
    ShortcutChanged {
        shortcut: String,
        was: String,
        now: String,
    },
    #[error("{0}")]
    Terminal(#[from] emulator::EmulatorError),
}

impl ExecError {
    pub fn kind(&self) -> crate::ErrorKind {
        match self {
            Self::Server(_) => crate::ErrorKind::Io,
            Self::Terminal(_) => crate::ErrorKind::BrowserMissing,
            _ => crate::ErrorKind::Config,
        }
    }
}

/// Refuses an exec into `wanted` (in `wanted_account`) from inside another exec's child in
/// another account, unless `allow` (`--nested`). An exec into the same account is no mix.
pub fn check_nesting(
    parent: &[(String, String)],
    wanted: &str,
    wanted_account: &str,
    allow: bool,
) -> Result<(), ExecError> {
    match env::nested(parent) {
        Some((inside, inside_account)) if !allow && inside_account != wanted_account => {
            Err(ExecError::Nested {
                inside,
                inside_account,
                wanted: wanted.to_string(),
                wanted_account: wanted_account.to_string(),
            })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exec_into_another_account_from_inside_one_is_refused_unless_asked_for() {
        let inside = vec![
            ("ROLEHOP_SHORTCUT".to_string(), "acme-prod".to_string()),
            ("ROLEHOP_ACCOUNT".to_string(), "222222222222".to_string()),
        ];
        let refused = check_nesting(&inside, "beta-dev", "333333333333", false).unwrap_err();
        let text = refused.to_string();
        assert!(
            text.contains("acme-prod") && text.contains("beta-dev"),
            "{text}"
        );
        assert!(text.contains("--nested"), "{text}");
        assert!(check_nesting(&inside, "beta-dev", "333333333333", true).is_ok());
        // The same account (another role in it, or the same shortcut again) is no mix.
        assert!(check_nesting(&inside, "acme-prod-ro", "222222222222", false).is_ok());
        assert!(check_nesting(&[], "beta-dev", "333333333333", false).is_ok());
    }
}
