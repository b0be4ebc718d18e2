//! `rolehop signout SHORTCUT`: ends the shortcut's console session (the partition's logout
//! page, opened in that shortcut's profile), then drops its cached role credentials.

use rolehop_core::browser::detect::Os;
use rolehop_core::browser::launcher::running_as_root;
use rolehop_core::browser::plan::{PlanInput, plan};
use rolehop_core::browser::{ProcessLauncher, SystemLauncher, profile};
use rolehop_core::catalog::resolve::resolve;
use rolehop_core::federation::signin::logout_url;
use rolehop_core::launch::choose_browser;
use rolehop_core::vault::{OsKeychain, Vault};

use super::CliError;
use super::browser_env::found;
use super::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shortcut id.
    shortcut: String,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let ctx = Context::new()?;
    let catalog = ctx.catalog()?;
    let shortcut = resolve(&catalog, &args.shortcut)?;
    let dir = profile::profile_dir(&ctx.paths.data_dir, &shortcut.id);
    if dir.exists() {
        let found = found();
        let (kind, installed) = choose_browser(&catalog, &shortcut.id, None, &found)?;
        let logout = logout_url(shortcut.partition)?;
        let dir_text = dir.display().to_string();
        let title = format!("{} - {}", shortcut.client_name, shortcut.label);
        let launch = plan(&PlanInput {
            kind,
            found: installed,
            profile_dir: &dir_text,
            url: &logout,
            os: Os::current(),
            is_root: running_as_root(),
            new_window: false,
            shortcut_id: &shortcut.id,
            title: &title,
            color: None,
            custom_template: catalog.browser_command.as_deref(),
        })?;
        SystemLauncher.launch(&launch)?;
        eprintln!(
            "Signing {} out of the console in its {kind} profile.",
            shortcut.id
        );
    } else {
        eprintln!(
            "{} has no browser profile yet; nothing to sign out in a browser.",
            shortcut.id
        );
    }
    let dropped = Vault::new(OsKeychain).drop_role(&shortcut.id)?;
    if dropped {
        eprintln!("Dropped the cached role credentials of {}.", shortcut.id);
    }
    Ok(())
}
