//! `rolehop forget [IDENTITY]`: removes keys and cached sessions from the keychain (the catalog
//! entries stay, so `rolehop setup` can store a new key for them).

use rolehop_core::catalog::resolve::Lookup;
use rolehop_core::vault::{OsKeychain, Vault};

use super::CliError;
use rolehop_core::system::Workspace;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The identity to forget; all identities when omitted.
    identity: Option<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let ctx = Workspace::from_env()?;
    let catalog = ctx.catalog()?;
    let identities: Vec<String> = match &args.identity {
        Some(id) => {
            if catalog.identity(id).is_none() {
                return Err(rolehop_core::catalog::CatalogError::NotFound {
                    what: "identity",
                    id: id.clone(),
                    known: catalog.identities.iter().map(|i| i.id.clone()).collect(),
                }
                .into());
            }
            vec![id.clone()]
        }
        None => catalog.identities.iter().map(|i| i.id.clone()).collect(),
    };
    let vault = Vault::new(OsKeychain);
    let lookup = Lookup::new(&catalog);
    let mut total = 0;
    for identity in &identities {
        let shortcuts: Vec<String> = catalog
            .shortcuts
            .iter()
            .filter(|s| lookup.root_identity(&s.id).is_ok_and(|i| &i.id == identity))
            .map(|s| s.id.clone())
            .collect();
        let removed = vault.forget_identity(identity, &shortcuts)?;
        say_err!(
            "Forgot identity `{identity}`: {removed} keychain entr{} removed.",
            if removed == 1 { "y" } else { "ies" }
        );
        // An Identity Center identity's own browser profile (the portal's cookies).
        if catalog
            .identity(identity)
            .is_some_and(|i| i.portal().is_some())
        {
            match rolehop_core::sso::page::remove_sign_in_profile(&ctx.paths.data_dir, identity) {
                Ok(true) => say_err!("Removed its IAM Identity Center sign-in profile."),
                Ok(false) => {}
                Err(e) => say_err!("note: {e}"),
            }
        }
        total += removed;
    }
    if identities.is_empty() {
        say_err!("No identities in the catalog; nothing to forget.");
    } else if total == 0 {
        say_err!("The keychain held nothing for them.");
    }
    Ok(())
}
