//! What a tray click does. Opening and signing out run in the background through the same
//! core flow as the CLI; the tray has no MFA window yet, so a shortcut that needs a new MFA
//! code says to run `rolehop open` in a terminal once (the daily session is then cached).

use rolehop_core::broker::NoPrompt;
use rolehop_core::launch::{OpenOptions, sign_out};
use rolehop_core::menu::MenuItemId;
use rolehop_core::vault::{OsKeychain, Vault};
use tauri::{AppHandle, Runtime};

use crate::cli::CliError;
use crate::cli::browser_env::{browsers, found};
use crate::cli::context::{Context, Parts, block_on};
use crate::cli::prompt::Mfa;

pub fn on_menu_event<R: Runtime>(app: &AppHandle<R>, id: &str) {
    match id.parse::<MenuItemId>() {
        Ok(MenuItemId::Quit) => app.exit(0),
        Ok(MenuItemId::Open { shortcut, .. }) => background(app, shortcut, open),
        Ok(MenuItemId::SignOut { shortcut }) => background(app, shortcut, signout),
        Ok(other) => tracing::debug!("menu item {other} has no action yet"),
        Err(e) => tracing::debug!("{e}"),
    }
}

fn background<R: Runtime>(
    app: &AppHandle<R>,
    shortcut: String,
    action: fn(&str) -> Result<(), CliError>,
) {
    let app = app.clone();
    std::thread::spawn(move || {
        if let Err(e) = action(&shortcut) {
            tracing::error!("{shortcut}: {e}");
            eprintln!("error: {shortcut}: {e}");
        }
        let handle = app.clone();
        let _ = app.run_on_main_thread(move || super::tray::rebuild(&handle));
    });
}

fn open(shortcut: &str) -> Result<(), CliError> {
    let ctx = Context::new()?;
    let parts = Parts::with_mfa(&ctx, Mfa::Nobody(NoPrompt))?;
    let found = found();
    let env = browsers(&found, &ctx.paths.data_dir);
    let ids = [shortcut.to_string()];
    for result in block_on(
        parts
            .engine()
            .open_many(&ids, &OpenOptions::default(), &env),
    )? {
        let opened = result.map_err(|e| match e.kind() {
            rolehop_core::ErrorKind::MfaRequired => CliError::Failed(format!(
                "{e}. The tray cannot ask for MFA codes yet: run `rolehop open {shortcut}` in a terminal once today"
            )),
            _ => CliError::Core(e),
        })?;
        tracing::info!("opened {} in {}", opened.shortcut.id, opened.kind);
    }
    Ok(())
}

fn signout(shortcut: &str) -> Result<(), CliError> {
    let ctx = Context::new()?;
    let catalog = ctx.catalog()?;
    let found = found();
    let env = browsers(&found, &ctx.paths.data_dir);
    sign_out(&catalog, &Vault::new(OsKeychain), shortcut, &env)?;
    Ok(())
}
