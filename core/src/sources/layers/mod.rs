//! Read-only layers under the personal catalog: team files (a file, or a directory of `*.toml`
//! such as a shared git checkout), team URLs (fetched by [`fetch`], used from their cache, so
//! offline works), and the results of AWS Organizations discovery. Layers are never written.
//!
//! Merging is pure ([`merge`]): the personal catalog first, then each layer file in order. An
//! entry whose id is already taken is left out and reported as a conflict (the personal file
//! wins, then the earlier layer). A layer file that breaks a rule ([`check`]) or would make the
//! merged catalog invalid is not used at all, and the problem is reported with its line. The
//! personal catalog always works, whatever the layers hold.

pub mod check;
pub mod fetch;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::base::paths::Paths;
use crate::catalog::locate::{Loc, locate};
use crate::catalog::model::{Catalog, EntryKind, LayerSpec};
use crate::catalog::rules::shown_url;
use crate::catalog::validate::validate;
use crate::catalog::{CatalogError, CatalogStore};

/// The origin name of the personal catalog's entries.
pub const PERSONAL: &str = "personal";

/// Why a layer's text is not there to merge (said in `rolehop layers` and Settings).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error("cannot read {path}: {reason}")]
    File { path: String, reason: String },
    #[error("cannot list {path}: {reason}")]
    Folder { path: String, reason: String },
    #[error("not fetched yet: run `rolehop layers refresh`")]
    NotFetched,
    #[error("not discovered yet: run `rolehop discover {id} --apply`")]
    NotDiscovered { id: String },
    /// The layer's id cannot name a file (checked where it becomes a path).
    #[error("{reason}")]
    BadName { reason: String },
}

/// One layer file's text, or why it could not be read.
#[derive(Debug, Clone)]
pub struct LayerInput {
    /// The layer's name (`team`, `discovery:org`).
    pub layer: String,
    /// Where it is read from, for messages (a path, or `url (cached copy)`).
    pub file: String,
    pub text: Result<String, Unreadable>,
    /// For URL layers: when the cached copy was fetched (RFC 3339).
    pub fetched: Option<String>,
}

/// How a layer file fared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerStatus {
    pub layer: String,
    pub file: String,
    /// Clients and shortcuts it contributed.
    pub entries: usize,
    /// Why it is not used, if it is not.
    pub problem: Option<String>,
    pub fetched: Option<String>,
}

/// An id defined more than once: `kept` wins, `ignored` is left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub kind: EntryKind,
    pub id: String,
    pub kept: String,
    pub ignored: String,
}

/// The merged catalog and where everything in it came from.
#[derive(Debug, Clone, Default)]
pub struct Layered {
    pub catalog: Catalog,
    /// `("shortcut" | "client", id)` -> origin; entries not listed are personal.
    pub origins: HashMap<(EntryKind, String), String>,
    pub layers: Vec<LayerStatus>,
    pub conflicts: Vec<Conflict>,
}

impl Layered {
    /// Only the personal catalog.
    pub fn personal(catalog: Catalog) -> Self {
        Self {
            catalog,
            ..Self::default()
        }
    }

    pub fn origin(&self, kind: EntryKind, id: &str) -> &str {
        self.origins
            .get(&(kind, id.to_string()))
            .map(String::as_str)
            .unwrap_or(PERSONAL)
    }

    /// Whether an entry comes from a layer (and so cannot be edited here).
    pub fn is_layered(&self, kind: EntryKind, id: &str) -> bool {
        self.origins.contains_key(&(kind, id.to_string()))
    }
}

/// Merges layer files under the personal catalog. Pure.
pub fn merge(personal: Catalog, inputs: Vec<LayerInput>) -> Layered {
    let mut out = Layered::personal(personal);
    for input in inputs {
        let mut status = LayerStatus {
            layer: input.layer.clone(),
            file: input.file.clone(),
            entries: 0,
            problem: None,
            fetched: input.fetched.clone(),
        };
        let text = match input.text {
            Ok(text) => text,
            Err(problem) => {
                status.problem = Some(problem.to_string());
                out.layers.push(status);
                continue;
            }
        };
        let layer = match check::check(&input.file, &text) {
            Ok(layer) => layer,
            Err(e) => {
                status.problem = Some(e.to_string());
                out.layers.push(status);
                continue;
            }
        };
        let mut candidate = out.catalog.clone();
        let mut conflicts = Vec::new();
        let mut added: Vec<(EntryKind, String)> = Vec::new();
        for c in &layer.clients {
            if candidate.client(&c.id).is_some() {
                conflicts.push(Conflict {
                    kind: EntryKind::Client,
                    id: c.id.clone(),
                    kept: out.origin(EntryKind::Client, &c.id).to_string(),
                    ignored: input.layer.clone(),
                });
            } else {
                candidate.clients.push(c.clone());
                added.push((EntryKind::Client, c.id.clone()));
            }
        }
        for s in &layer.shortcuts {
            if candidate.shortcut(&s.id).is_some() {
                conflicts.push(Conflict {
                    kind: EntryKind::Shortcut,
                    id: s.id.clone(),
                    kept: out.origin(EntryKind::Shortcut, &s.id).to_string(),
                    ignored: input.layer.clone(),
                });
            } else {
                candidate.shortcuts.push(s.clone());
                added.push((EntryKind::Shortcut, s.id.clone()));
            }
        }
        if let Some(problem) = validate(&candidate).into_iter().next() {
            let line = line_in_layer(&layer, &text, &problem.key, &problem.loc);
            status.problem = Some(format!(
                "{}:{line}: {}: {}{}",
                input.file,
                problem.key,
                problem.message,
                problem
                    .example
                    .map(|e| format!(" (for example: {e})"))
                    .unwrap_or_default()
            ));
            out.layers.push(status);
            continue;
        }
        status.entries = added.len();
        for key in added {
            out.origins.insert(key, input.layer.clone());
        }
        out.catalog = candidate;
        out.conflicts.extend(conflicts);
        out.layers.push(status);
    }
    out
}

/// The line in the layer file of the entry a merged-catalog problem names (`shortcut[x].role`).
fn line_in_layer(layer: &Catalog, text: &str, key: &str, loc: &Loc) -> usize {
    let Some(doc) = toml_edit::Document::parse(text).ok() else {
        return 1;
    };
    let id = key
        .split_once('[')
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(id, _)| id);
    let index = match (loc.section, id) {
        (Some("shortcut"), Some(id)) => layer.shortcuts.iter().position(|s| s.id == id),
        (Some("client"), Some(id)) => layer.clients.iter().position(|c| c.id == id),
        _ => None,
    };
    match index {
        Some(index) => {
            locate(
                &doc,
                text,
                &Loc {
                    index,
                    ..loc.clone()
                },
            )
            .0
        }
        None => 1,
    }
}

/// Where layer files live on this machine.
#[derive(Debug, Clone)]
pub struct LayerDirs {
    /// Relative layer paths are read from here (the catalog's directory).
    pub config_dir: PathBuf,
    /// Cached copies of URL layers.
    pub cache_dir: PathBuf,
    /// Discovery results (`<id>.toml`).
    pub discovered_dir: PathBuf,
}

impl LayerDirs {
    /// Where the layers of the catalog at `paths` are read from and cached.
    pub fn of(paths: &Paths) -> Self {
        Self {
            config_dir: paths.config_dir.clone(),
            cache_dir: paths.data_dir.join("layers"),
            discovered_dir: paths.data_dir.join("discovered"),
        }
    }
}

/// The personal catalog at `paths` with its read-only layers merged under it: how every entry
/// point (CLI, tray, windows) loads what it lists and opens. Errors are the personal file's; a
/// layer's problems are reported in the result and never stop the personal catalog from
/// loading.
pub fn load_layered(paths: &Paths) -> Result<Layered, CatalogError> {
    load_layered_from(&CatalogStore::from_paths(paths), &LayerDirs::of(paths))
}

/// As [`load_layered`], for a catalog file and layer folders given apart.
pub fn load_layered_from(store: &CatalogStore, dirs: &LayerDirs) -> Result<Layered, CatalogError> {
    Ok(load(store.load()?, dirs))
}

fn expand(path: &str, base: &Path) -> PathBuf {
    if let Some(rest) = path.strip_prefix("~/")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    let p = PathBuf::from(path);
    if p.is_absolute() { p } else { base.join(p) }
}

fn read(path: &Path) -> Result<String, Unreadable> {
    // The same cap as a layer fetched over https; a pipe is refused (it would block the tray).
    crate::base::files::read_capped(path, fetch::MAX_BYTES as u64, true).map_err(|e| {
        Unreadable::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        }
    })
}

/// Reads every layer's files: the catalog's `[[layer]]` entries in order, then discovery
/// results. Reading never touches the network: URL layers come from their cache.
pub fn read_inputs(catalog: &Catalog, dirs: &LayerDirs) -> Vec<LayerInput> {
    let mut inputs = Vec::new();
    for spec in &catalog.layers {
        inputs.extend(read_spec(spec, dirs));
    }
    for d in &catalog.discoveries {
        let path = match crate::sources::discover::layer_path(&dirs.discovered_dir, &d.id) {
            Ok(p) => p,
            Err(e) => {
                inputs.push(LayerInput {
                    layer: format!("discovery:{}", d.id),
                    file: String::new(),
                    text: Err(Unreadable::BadName {
                        reason: e.to_string(),
                    }),
                    fetched: None,
                });
                continue;
            }
        };
        let text = if path.exists() {
            read(&path)
        } else {
            Err(Unreadable::NotDiscovered { id: d.id.clone() })
        };
        inputs.push(LayerInput {
            layer: format!("discovery:{}", d.id),
            file: path.display().to_string(),
            text,
            fetched: None,
        });
    }
    inputs
}

fn read_spec(spec: &LayerSpec, dirs: &LayerDirs) -> Vec<LayerInput> {
    let one = |file: String, text, fetched| LayerInput {
        layer: spec.id.clone(),
        file,
        text,
        fetched,
    };
    if let Some(url) = &spec.url {
        let cached = match fetch::Cache::new(&dirs.cache_dir, &spec.id) {
            Ok(c) => c,
            Err(e) => {
                let bad = Unreadable::BadName { reason: e.message };
                return vec![one(shown_url(url), Err(bad), None)];
            }
        };
        return vec![match cached.read(url) {
            Some((text, meta)) => one(
                format!("{} (copy of {})", shown_url(url), meta.fetched),
                Ok(text),
                Some(meta.fetched),
            ),
            None => one(shown_url(url), Err(Unreadable::NotFetched), None),
        }];
    }
    let Some(path) = &spec.path else {
        return Vec::new();
    };
    let path = expand(path, &dirs.config_dir);
    if path.is_dir() {
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&path) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
                .collect(),
            Err(e) => {
                return vec![one(
                    path.display().to_string(),
                    Err(Unreadable::Folder {
                        path: path.display().to_string(),
                        reason: e.to_string(),
                    }),
                    None,
                )];
            }
        };
        files.sort();
        return files
            .into_iter()
            .map(|f| one(f.display().to_string(), read(&f), None))
            .collect();
    }
    vec![one(path.display().to_string(), read(&path), None)]
}

/// The directories whose `*.toml` files are a catalog's layers (for a watcher): discovery
/// results, cached URL copies, and each path layer's directory (a file layer's parent).
pub fn layer_dirs_of(catalog: &Catalog, dirs: &LayerDirs) -> Vec<PathBuf> {
    let mut out = vec![dirs.discovered_dir.clone(), dirs.cache_dir.clone()];
    for path in catalog.layers.iter().filter_map(|l| l.path.as_deref()) {
        let path = expand(path, &dirs.config_dir);
        let dir = if path.is_dir() {
            path
        } else {
            path.parent().map(Path::to_path_buf).unwrap_or(path)
        };
        if !out.contains(&dir) {
            out.push(dir);
        }
    }
    out
}

/// Loads the layers of a personal catalog and merges them.
pub fn load(personal: Catalog, dirs: &LayerDirs) -> Layered {
    if personal.layers.is_empty() && personal.discoveries.is_empty() {
        return Layered::personal(personal);
    }
    let inputs = read_inputs(&personal, dirs);
    merge(personal, inputs)
}

#[cfg(test)]
mod tests;
