//! `rolehop signout SHORTCUT`: ends the shortcut's console session (the partition's logout
//! page, opened in that shortcut's profile), then drops its cached role credentials.

use rolehop_core::launch::sign_out;
use rolehop_core::vault::{OsKeychain, Vault};

use super::CliError;
use rolehop_core::system::{Workspace, browsers, found_browsers};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shortcut id.
    shortcut: String,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let ctx = Workspace::from_env()?;
    let catalog = ctx.catalog()?;
    let found = found_browsers();
    let env = browsers(&found, &ctx.paths.data_dir);
    let done = sign_out(&catalog, &Vault::new(OsKeychain), &args.shortcut, &env)?;
    if done.browsers.is_empty() && done.skipped.is_empty() {
        say_err!(
            "{} has no browser profile yet; nothing to sign out in a browser.",
            args.shortcut
        );
    }
    for kind in &done.browsers {
        say_err!(
            "Signing {} out of the console in its {kind} profile.",
            args.shortcut
        );
    }
    for kind in &done.skipped {
        say_err!(
            "{} also has a {kind} profile, but {kind} is not installed any more; `rolehop profiles --clean {}` removes that profile and its session.",
            args.shortcut,
            args.shortcut
        );
    }
    if done.dropped_credentials {
        say_err!("Dropped the cached role credentials of {}.", args.shortcut);
    }
    match done.failed.as_slice() {
        [] => Ok(()),
        failed => Err(CliError::Failed(
            failed
                .iter()
                .map(|(kind, why)| {
                    format!(
                        "cannot open the logout page in the {kind} profile of {}: {why}",
                        args.shortcut
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        )),
    }
}
