//! The import use case, one for `rolehop import` and for Settings → Import & sources: read what
//! the person names, propose catalog entries from it, preview them against the personal
//! catalog, move static keys into the keychain for the rows kept, and apply those rows in one
//! locked edit. The parsing and planning themselves are pure and live in
//! [`crate::sources::import`]; this module only sequences them, so the CLI and the window
//! cannot drift apart.

use std::path::Path;

use crate::broker::Sts;
use crate::catalog::{Catalog, CatalogError, CatalogStore};
use crate::enroll::{Enrolled, ImportKeysError, enroll_import_keys};
use crate::sources::import::files::AwsConfigFiles;
use crate::sources::import::{
    Applied, ClientNaming, ImportError, ImportPlan, Proposal, Row, apply, aws_config, links, plan,
    plan_moving_keys, switch_roles,
};
use crate::vault::{Keychain, Vault};

/// What an import reads.
#[derive(Debug, Clone, Copy)]
pub enum ImportSource<'a> {
    /// An AWS CLI config file (and its credentials file); `None` for the default locations.
    AwsConfig {
        config: Option<&'a Path>,
        credentials: Option<&'a Path>,
    },
    /// AWS Extend Switch Roles' configuration text; `name` says where it came from in messages.
    SwitchRoles { name: &'a str, text: &'a str },
    /// Any text holding AWS switch-role links: a knowledge-base page (HTML, Markdown, plain
    /// text) or a bookmarks file (Chromium JSON, Netscape HTML).
    Links { name: &'a str, text: &'a str },
}

/// A source read and proposed, ready to preview or apply.
pub struct Import {
    /// Where the entries come from, as messages name it.
    pub source: String,
    pub proposal: Proposal,
    /// The AWS config files, whose credentials file keys can move from.
    files: Option<AwsConfigFiles>,
}

impl Import {
    /// Reads `source` and proposes what it holds, naming clients with `naming`.
    pub fn read(source: ImportSource<'_>, naming: &ClientNaming) -> Result<Self, ImportError> {
        match source {
            ImportSource::AwsConfig {
                config,
                credentials,
            } => {
                let files = AwsConfigFiles::read(config, credentials)?;
                let proposal = aws_config::import(files.input(), naming)?;
                Ok(Self {
                    source: files.config_name.clone(),
                    proposal,
                    files: Some(files),
                })
            }
            ImportSource::SwitchRoles { name, text } => Ok(Self {
                source: name.to_string(),
                proposal: switch_roles::import(name, text, naming)?,
                files: None,
            }),
            ImportSource::Links { name, text } => Ok(Self {
                source: name.to_string(),
                proposal: links::import(name, text, naming),
                files: None,
            }),
        }
    }

    /// Gives the shortcuts that name no identity (nor a parent) the catalog's identity `id`:
    /// for a source that cannot say whose keys assume its roles (switch-role links) when the
    /// person has several identities. An id the catalog does not know is an error.
    pub fn for_identity(&mut self, id: &str, current: &Catalog) -> Result<(), CatalogError> {
        if current.identity(id).is_none() {
            return Err(CatalogError::NotFound {
                what: "identity",
                id: id.to_string(),
                known: current.identities.iter().map(|i| i.id.clone()).collect(),
            });
        }
        for ps in &mut self.proposal.shortcuts {
            if ps.shortcut.identity.is_none() && ps.shortcut.via.is_none() {
                ps.shortcut.identity = Some(id.to_string());
            }
        }
        if self.proposal.says.is_some() {
            self.proposal.says = Some(links::SAYS_WITH_IDENTITY);
        }
        Ok(())
    }

    /// Whether keys can move from this source into the keychain (an AWS credentials file).
    pub fn can_move_keys(&self) -> bool {
        self.files.is_some()
    }

    /// Whether some proposed identity has static keys that could move.
    pub fn offers_keys(&self) -> bool {
        self.can_move_keys() && self.proposal.identities.iter().any(|i| i.has_keys)
    }

    /// The preview against `current`; nothing is written. With `moving_keys`, identities
    /// whose keys would move count as known (their shortcuts are not blocked for lack of one).
    pub fn preview(&self, current: &Catalog, moving_keys: bool) -> ImportPlan {
        if moving_keys && self.can_move_keys() {
            plan_moving_keys(&self.proposal, current)
        } else {
            plan(&self.proposal, current)
        }
    }

    /// Moves the static keys of the accepted new identities into the keychain (each checked
    /// with AWS first), before [`Import::apply`] adds the rows that need them. Nothing to move
    /// from a source without a credentials file.
    pub async fn move_keys<K: Keychain, S: Sts>(
        &self,
        store: &CatalogStore,
        vault: &Vault<K>,
        sts: &S,
        accept: &(dyn Fn(&Row) -> bool + Sync),
    ) -> Result<Vec<(String, Enrolled)>, ImportKeysError> {
        match &self.files {
            Some(files) => {
                enroll_import_keys(store, vault, sts, &self.proposal, files.input(), accept).await
            }
            None => Ok(Vec::new()),
        }
    }

    /// Applies the accepted rows in one locked, validated edit of the catalog as it is now.
    pub fn apply(
        &self,
        store: &CatalogStore,
        accept: &dyn Fn(&Row) -> bool,
        replace: bool,
    ) -> Result<(ImportPlan, Applied), CatalogError> {
        let (_, result) =
            store.edit(|doc, current| apply(doc, current, &self.proposal, accept, replace))?;
        Ok(result)
    }
}
