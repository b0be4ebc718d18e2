//! The import use case, one for `rolehop import` and for Settings → Import & sources: read what
//! the person names, propose catalog entries from it, preview them against the personal
//! catalog, move static keys into the keychain for the rows kept, and apply those rows in one
//! locked edit. The parsing and planning themselves are pure and live in
//! [`crate::sources::import`]; this module only sequences them, so the CLI and the window
//! cannot drift apart.

use std::path::Path;

use crate::broker::Sts;
use crate::browser::detect::Os;
use crate::catalog::{Catalog, CatalogError, CatalogStore};
use crate::sources::import::files::AwsConfigFiles;
use crate::sources::import::found::{Candidate, FoundFormat, candidates};
use crate::sources::import::{
    Applied, ClientNaming, ImportError, ImportPlan, Proposal, Row, apply, aws_config, links, plan,
    plan_moving_keys, switch_roles,
};
use crate::use_cases::enroll::Enrolled;
use crate::use_cases::import_keys::{ImportKeysError, enroll_import_keys};
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

/// A file on this machine that holds accounts to import (see
/// [`crate::sources::import::found`]): what it is, where, and how many shortcuts it would
/// propose; or why it could not be read (an AWS config with a syntax error is worth saying).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundSource {
    pub format: FoundFormat,
    pub path: std::path::PathBuf,
    pub name: String,
    pub shortcuts: usize,
    pub problem: Option<String>,
}

/// The candidates that exist and hold something to import, read as the import reads them
/// (the same parser, the same client naming), so the count the offer shows is the preview's.
/// A bookmarks file without a switch-role link is no offer; nothing is written.
pub fn found_sources() -> Vec<FoundSource> {
    let Some(home) = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()) else {
        return Vec::new();
    };
    let env = |name: &str| std::env::var(name).ok();
    found_in(candidates(Os::current(), &home.to_string_lossy(), &env))
}

/// [`found_sources`] for the given candidates.
pub fn found_in(candidates: Vec<Candidate>) -> Vec<FoundSource> {
    let naming = ClientNaming::default();
    candidates
        .into_iter()
        .filter(|c| c.path.is_file())
        .filter_map(|c| {
            let read = match c.format {
                FoundFormat::AwsConfig => Import::read(
                    ImportSource::AwsConfig {
                        config: Some(&c.path),
                        credentials: None,
                    },
                    &naming,
                ),
                FoundFormat::Bookmarks => {
                    let text = crate::base::files::read_capped(
                        &c.path,
                        crate::base::files::IMPORT_MAX_BYTES,
                        false,
                    )
                    .ok()?;
                    let name = c.path.display().to_string();
                    Import::read(
                        ImportSource::Links {
                            name: &name,
                            text: &text,
                        },
                        &naming,
                    )
                }
            };
            let (shortcuts, problem) = match read {
                Ok(import) => (import.proposal.shortcuts.len(), None),
                Err(e) => (0, Some(e.to_string())),
            };
            (shortcuts > 0 || (problem.is_some() && c.format == FoundFormat::AwsConfig)).then_some(
                FoundSource {
                    format: c.format,
                    path: c.path,
                    name: c.name,
                    shortcuts,
                    problem,
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod found_tests {
    use super::*;

    #[test]
    fn files_that_hold_accounts_are_offered_with_their_count_and_others_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            p
        };
        let config = write(
            "config",
            "[profile me]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s\n[profile acme-prod]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = me\n[profile acme-dev]\nrole_arn = arn:aws:iam::333333333333:role/Dev\nsource_profile = me\n",
        );
        let link = "https://signin.aws.amazon.com/switchrole?roleName=Admin&account=444444444444&displayName=Hooli%20Prod";
        let bookmarks = write(
            "Bookmarks",
            &format!(
                r#"{{"roots":{{"bookmark_bar":{{"type":"folder","name":"Bar","children":[{{"type":"folder","name":"Hooli","children":[{{"type":"url","name":"Hooli Prod","url":"{link}"}}]}}]}}}},"version":1}}"#
            ),
        );
        let plain = write(
            "Plain",
            r#"{"roots":{"bookmark_bar":{"type":"folder","name":"Bar","children":[{"type":"url","name":"News","url":"https://example.com/"}]}},"version":1}"#,
        );
        let broken = write("broken", "[profile acme\nrole_arn = x\n");
        let candidate = |format, path: &std::path::Path, name: &str| Candidate {
            format,
            path: path.to_path_buf(),
            name: name.into(),
        };
        let found = found_in(vec![
            candidate(FoundFormat::AwsConfig, &config, "AWS config"),
            candidate(FoundFormat::Bookmarks, &bookmarks, "Chromium bookmarks"),
            candidate(FoundFormat::Bookmarks, &plain, "Brave bookmarks"),
            candidate(FoundFormat::Bookmarks, &dir.path().join("none"), "Vivaldi"),
        ]);
        let summary: Vec<(&str, usize, bool)> = found
            .iter()
            .map(|f| (f.name.as_str(), f.shortcuts, f.problem.is_some()))
            .collect();
        assert_eq!(
            summary,
            [("AWS config", 2, false), ("Chromium bookmarks", 1, false)]
        );
        // A config the AWS CLI could not read either is offered with the reason.
        let bad = found_in(vec![candidate(
            FoundFormat::AwsConfig,
            &broken,
            "AWS config",
        )]);
        assert_eq!(bad.len(), 1);
        assert!(bad[0].problem.is_some(), "{bad:?}");
    }
}
