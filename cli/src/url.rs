//! `rolehop url SHORTCUT`: prints a console sign-in URL. The one place a sign-in token is
//! printed, because the person asked for it; it goes to stdout only.

use std::io::{IsTerminal, Write};

use super::CliError;
use super::args::{ShortcutArgs, print_notices};
use super::prompt::Mfa;
use rolehop_core::system::{System, Workspace, block_on};

pub fn run(args: ShortcutArgs) -> Result<(), CliError> {
    let ctx = Workspace::from_env()?;
    let parts = System::new(&ctx, ctx.catalog()?, Mfa::choose(args.mfa_code))?;
    let signin = block_on(
        parts
            .engine()
            .console_url(&args.shortcut, &ctx.paths.data_dir),
    )??;
    print_notices(&signin.notices);
    let mut out = rolehop_core::base::terminal::Sanitized(std::io::stdout().lock());
    writeln!(out, "{}", signin.url.expose()).map_err(|e| CliError::io("write the URL", e))?;
    if std::io::stderr().is_terminal() {
        say_err!(
            "This URL signs anyone who has it in to {} ({}) as {} for the next 15 minutes; do not share it.",
            signin.shortcut.client_name,
            signin.shortcut.account,
            signin.shortcut.role_name
        );
    }
    Ok(())
}
