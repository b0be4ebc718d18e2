//! What every subcommand needs: the directories, the catalog store, and a runtime for the async
//! core. Built per command so a command that needs no keychain never touches it.

use rolehop_core::broker::limits::RoleLimits;
use rolehop_core::catalog::{Catalog, CatalogStore};
use rolehop_core::paths::Paths;
use rolehop_core::sources::layers::LayerDirs;

use super::CliError;

pub struct Context {
    pub paths: Paths,
    pub store: CatalogStore,
}

impl Context {
    pub fn new() -> Result<Self, CliError> {
        let paths = Paths::from_env()?;
        let store = CatalogStore::from_paths(&paths);
        Ok(Self { paths, store })
    }

    /// What the person works with: the personal catalog with its team layers merged under it.
    pub fn catalog(&self) -> Result<Catalog, CliError> {
        Ok(self.layered()?.catalog)
    }

    /// The merged catalog with the origin of every entry, layer problems and conflicts.
    pub fn layered(&self) -> Result<rolehop_core::sources::layers::Layered, CliError> {
        Ok(rolehop_core::sources::layers::load_layered_from(
            &self.store,
            &LayerDirs::of(&self.paths),
        )?)
    }

    /// Only the personal file (what edits and imports change).
    pub fn personal(&self) -> Result<Catalog, CliError> {
        Ok(self.store.load()?)
    }

    pub fn limits(&self) -> RoleLimits {
        RoleLimits::load(self.paths.role_limits_file())
    }
}

/// After a command that may have edited the catalog (or a layer): drops cached role
/// credentials made for a shortcut that is gone or now means something else. Never fails the
/// command: a keychain that cannot be reached now is checked again at the next open (where a
/// mismatch is a miss anyway).
pub fn follow_catalog() {
    let Ok(ctx) = Context::new() else { return };
    let Ok(catalog) = ctx.catalog() else { return };
    let vault = rolehop_core::vault::Vault::new(rolehop_core::vault::OsKeychain);
    match rolehop_core::sessions::follow_catalog(&vault, &catalog) {
        Ok(dropped) if !dropped.is_empty() => tracing::info!(
            "dropped cached credentials that no longer match their shortcut: {}",
            dropped.join(", ")
        ),
        Ok(_) => {}
        Err(e) => tracing::debug!("cannot check cached credentials against the catalog: {e}"),
    }
}

/// A single-threaded runtime: the CLI's work is a few sequential HTTPS calls.
pub fn block_on<F: std::future::Future>(future: F) -> Result<F::Output, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::io("start the async runtime", e))?;
    Ok(runtime.block_on(future))
}

/// The real seams, owned, so a command can lend them to the core's engine.
pub struct Parts {
    pub catalog: Catalog,
    pub vault: rolehop_core::vault::Vault<rolehop_core::vault::OsKeychain>,
    pub sts: rolehop_core::broker::AwsSts,
    pub signin: rolehop_core::federation::HttpSigninClient,
    pub mfa: super::prompt::Mfa,
    pub limits: RoleLimits,
}

impl Parts {
    pub fn new(ctx: &Context, mfa_code: Option<String>) -> Result<Self, CliError> {
        Self::with_mfa(ctx, super::prompt::Mfa::choose(mfa_code))
    }

    pub fn with_mfa(ctx: &Context, mfa: super::prompt::Mfa) -> Result<Self, CliError> {
        Self::with_catalog(ctx, ctx.catalog()?, mfa)
    }

    /// With a catalog the caller has loaded already (the merged one, as `ctx.catalog()`).
    pub fn with_catalog(
        ctx: &Context,
        catalog: Catalog,
        mfa: super::prompt::Mfa,
    ) -> Result<Self, CliError> {
        // Another Rolehop process getting the same identity's session is waited for.
        rolehop_core::broker::gate::Gates::global().use_lock_dir(ctx.paths.data_dir.join("locks"));
        Ok(Self {
            catalog,
            vault: rolehop_core::vault::Vault::new(rolehop_core::vault::OsKeychain),
            sts: rolehop_core::broker::AwsSts::new(),
            signin: rolehop_core::federation::HttpSigninClient::new()?,
            mfa,
            limits: ctx.limits(),
        })
    }

    pub fn engine(
        &self,
    ) -> rolehop_core::launch::Engine<
        '_,
        rolehop_core::vault::OsKeychain,
        rolehop_core::broker::AwsSts,
        rolehop_core::federation::HttpSigninClient,
        super::prompt::Mfa,
    > {
        rolehop_core::launch::Engine {
            catalog: &self.catalog,
            vault: &self.vault,
            sts: &self.sts,
            signin: &self.signin,
            mfa: &self.mfa,
            limits: &self.limits,
        }
    }
}

/// Prints what the person should know (to stderr, so stdout stays machine-readable).
pub fn print_notices(notices: &[String]) {
    for notice in notices {
        eprintln!("note: {notice}");
    }
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
