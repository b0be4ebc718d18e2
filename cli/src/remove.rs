//! `rolehop remove shortcut|client ID`: removes an entry, and its cached role credentials.

use rolehop_core::catalog::model::EntryKind;
use rolehop_core::vault::{OsKeychain, Vault};

use super::CliError;
use rolehop_core::system::Workspace;

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Remove a shortcut.
    Shortcut {
        /// The shortcut id.
        id: String,
    },
    /// Remove a client.
    Client {
        /// The client id.
        id: String,
        /// Also remove the client's shortcuts.
        #[arg(long)]
        with_shortcuts: bool,
    },
}

pub fn run(what: What) -> Result<(), CliError> {
    let ctx = Workspace::from_env()?;
    // An entry from a team layer is not the person's to remove: say where it comes from.
    let layered = ctx.layered()?;
    let (kind, id) = match &what {
        What::Shortcut { id } => (EntryKind::Shortcut, id),
        What::Client { id, .. } => (EntryKind::Client, id),
    };
    if layered.is_layered(kind, id) {
        return Err(CliError::Failed(format!(
            "{kind} `{id}` comes from the read-only layer `{}`; change it there (or define `{id}` in your own catalog to override it)",
            layered.origin(kind, id)
        )));
    }
    let removed_shortcuts = match what {
        What::Shortcut { id } => {
            ctx.store.edit(|doc, _| doc.remove_shortcut(&id))?;
            say_err!("Removed shortcut `{id}`.");
            vec![id]
        }
        What::Client { id, with_shortcuts } => {
            let (_, shortcuts) = ctx
                .store
                .edit(|doc, _| doc.remove_client(&id, with_shortcuts))?;
            say_err!(
                "Removed client `{id}`{}.",
                if shortcuts.is_empty() {
                    String::new()
                } else {
                    format!(" and its shortcuts {}", shortcuts.join(", "))
                }
            );
            shortcuts
        }
    };
    // Cached credentials of a removed shortcut are useless; drop them, but a keychain that is
    // not reachable right now must not fail a catalog edit that already succeeded.
    let vault = Vault::new(OsKeychain);
    for id in removed_shortcuts {
        if let Err(e) = vault.drop_role(&id) {
            tracing::warn!("could not drop cached credentials of `{id}`: {e}");
        }
    }
    Ok(())
}
