//! `catalog.toml` on disk: loading with located errors, and edits that are atomic (temp file,
//! fsync, rename), keep one `.bak`, and hold an advisory lock so two writers never lose an
//! update. A file that does not parse is never overwritten.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

use super::CatalogError;
use super::edit::{CatalogDoc, NEW_FILE};
use super::error::Issue;
use super::locate::{line_col, locate};
use super::model::Catalog;
use super::validate::validate;
use crate::base::paths::Paths;

#[derive(Debug, Clone)]
pub struct CatalogStore {
    path: PathBuf,
}

/// How long a save waits for another writer (another `rolehop`, the tray) to finish. A save
/// takes milliseconds; a lock held this long belongs to a process that is stuck.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Takes the catalog's write lock: at once if it is free; else it says that it waits (once, on
/// stderr through the log) and gives up after `wait` with [`CatalogError::Busy`] instead of
/// waiting silently forever.
fn take_lock(
    lock: &std::fs::File,
    path: &Path,
    wait: std::time::Duration,
) -> Result<(), CatalogError> {
    use std::fs::TryLockError;
    let start = std::time::Instant::now();
    let mut said = false;
    loop {
        match lock.try_lock() {
            Ok(()) => return Ok(()),
            Err(TryLockError::Error(e)) => return Err(CatalogError::io(path, "lock", e)),
            Err(TryLockError::WouldBlock) => {}
        }
        if start.elapsed() >= wait {
            return Err(CatalogError::Busy {
                path: path.to_path_buf(),
                secs: wait.as_secs(),
            });
        }
        if !said {
            tracing::warn!(
                "waiting for another Rolehop to finish saving the catalog (it holds {}; giving up after {} s)",
                path.display(),
                wait.as_secs()
            );
            said = true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

impl CatalogStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn from_paths(paths: &Paths) -> Self {
        Self::new(paths.catalog_file())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn exists(&self) -> bool {
        self.path.exists()
    }

    fn read_text(&self) -> Result<Option<String>, CatalogError> {
        // Only a regular file of a sane size: a named pipe would block every start, and a
        // link to `/dev/zero` would be read until memory ran out.
        match crate::base::files::read_capped(
            &self.path,
            crate::base::files::CATALOG_MAX_BYTES,
            true,
        ) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(CatalogError::io(&self.path, "read", e.into())),
        }
    }

    /// Loads and validates the catalog; a missing file is an empty catalog.
    pub fn load(&self) -> Result<Catalog, CatalogError> {
        match self.read_text()? {
            Some(text) => parse_and_validate(&self.path, &text),
            None => Ok(Catalog::default()),
        }
    }

    /// Applies an edit under the lock and saves it atomically. The edit sees the file as it is
    /// now (not as it was when the caller loaded it), so concurrent writers never lose updates.
    /// Nothing is written unless the edited catalog is valid.
    pub fn edit<T>(
        &self,
        change: impl FnOnce(&mut CatalogDoc, &Catalog) -> Result<T, CatalogError>,
    ) -> Result<(Catalog, T), CatalogError> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        crate::base::files::create_private_dir(dir)
            .map_err(|e| CatalogError::io(dir, "create the directory", e))?;
        let lock_path = dir.join(".catalog.lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| CatalogError::io(&lock_path, "open the lock file", e))?;
        take_lock(&lock, &lock_path, LOCK_WAIT)?;

        let existing = self.read_text()?;
        // Parse errors stop here, before anything is written.
        let (after, result, after_text) = self.apply(existing.as_deref(), change)?;
        if existing.as_deref() != Some(after_text.as_str()) {
            self.write_atomically(existing.is_some(), &after_text)?;
        }
        drop(lock);
        Ok((after, result))
    }

    /// What an edit would give, checked exactly as `edit` checks it, without taking the lock or
    /// writing anything: the settings window validates forms with it as the person types.
    pub fn preview<T>(
        &self,
        change: impl FnOnce(&mut CatalogDoc, &Catalog) -> Result<T, CatalogError>,
    ) -> Result<(Catalog, T), CatalogError> {
        let existing = self.read_text()?;
        let (after, result, _) = self.apply(existing.as_deref(), change)?;
        Ok((after, result))
    }

    /// An edit applied to the file's text (or a new file's): the checked catalog, the edit's
    /// result and the new text.
    fn apply<T>(
        &self,
        existing: Option<&str>,
        change: impl FnOnce(&mut CatalogDoc, &Catalog) -> Result<T, CatalogError>,
    ) -> Result<(Catalog, T, String), CatalogError> {
        let before_text = existing.unwrap_or(NEW_FILE);
        let before = parse_only(&self.path, before_text)?;
        let mut doc = CatalogDoc::parse(before_text)
            .map_err(|e| toml_edit_error(&self.path, before_text, &e))?;
        let result = change(&mut doc, &before)?;
        let after_text = doc.to_text();
        let after = parse_and_validate(&self.path, &after_text).map_err(|e| match e {
            CatalogError::Invalid { file, issues } => CatalogError::EditRejected { file, issues },
            other => other,
        })?;
        Ok((after, result, after_text))
    }

    /// Saves through [`crate::base::files::write_atomic`]: same mode, through a symlink, stale
    /// temp files of killed writers removed, the previous text kept as `catalog.toml.bak`.
    fn write_atomically(&self, keep_backup: bool, text: &str) -> Result<(), CatalogError> {
        let save = || crate::base::files::write_atomic(&self.path, text.as_bytes(), keep_backup);
        save().map_err(|e| CatalogError::io(&self.path, "save", e))
    }
}

fn parse_error(
    file: &Path,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    message: &str,
) -> CatalogError {
    let (line, column) = span.map(|s| line_col(text, s.start)).unwrap_or((1, 1));
    CatalogError::Parse {
        file: file.to_path_buf(),
        line,
        column,
        message: message.trim().to_string(),
    }
}

fn toml_edit_error(file: &Path, text: &str, e: &toml_edit::TomlError) -> CatalogError {
    parse_error(file, text, e.span(), e.message())
}

/// Parses without validating (typed shape and TOML syntax only).
pub fn parse_only(file: &Path, text: &str) -> Result<Catalog, CatalogError> {
    toml::from_str::<Catalog>(text).map_err(|e| parse_error(file, text, e.span(), e.message()))
}

/// Parses and validates catalog text; errors carry the file, line and column.
pub fn parse_and_validate(file: &Path, text: &str) -> Result<Catalog, CatalogError> {
    let catalog = parse_only(file, text)?;
    let problems = validate(&catalog);
    if problems.is_empty() {
        return Ok(catalog);
    }
    let doc = toml_edit::Document::parse(text).map_err(|e| toml_edit_error(file, text, &e))?;
    let issues = problems
        .into_iter()
        .map(|p| {
            let (line, column) = locate(&doc, text, &p.loc);
            Issue {
                line,
                column,
                key: p.key,
                message: p.message,
                example: p.example,
            }
        })
        .collect();
    Err(CatalogError::Invalid {
        file: file.to_path_buf(),
        issues,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::{Client, Shortcut};
    use std::fs;

    fn client(id: &str) -> Client {
        Client {
            id: id.into(),
            name: id.to_uppercase(),
            color: None,
            notes: None,
            link: None,
            browser: None,
        }
    }

    /// A lock another writer holds: the save says so and gives up after the wait, with the
    /// lock file named, instead of waiting forever.
    #[test]
    fn a_held_lock_gives_up_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".catalog.lock");
        let holder = std::fs::File::create(&path).unwrap();
        holder.lock().unwrap();
        let waiter = OpenOptions::new().write(true).open(&path).unwrap();
        let e = take_lock(&waiter, &path, std::time::Duration::from_millis(100))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("being saved by another Rolehop"), "{e}");
        assert!(e.contains(".catalog.lock"), "{e}");
        drop(holder);
        assert!(take_lock(&waiter, &path, std::time::Duration::from_millis(100)).is_ok());
    }

    /// A catalog that is a named pipe or a device is refused at once (a pipe would block every
    /// start; `/dev/zero` would be read until memory ran out), and so is one over the cap.
    #[cfg(unix)]
    #[test]
    fn a_catalog_that_is_not_a_file_or_too_big_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("catalog.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = CatalogStore::new(&fifo).load().err().map(|e| e.to_string());
            assert!(
                e.as_deref().unwrap_or_default().contains("named pipe"),
                "{e:?}"
            );
        }
        let zero = dir.path().join("zero.toml");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let e = CatalogStore::new(&zero).load().err().map(|e| e.to_string());
        assert!(
            e.as_deref()
                .unwrap_or_default()
                .contains("character device"),
            "{e:?}"
        );
        let big = dir.path().join("big.toml");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(crate::base::files::CATALOG_MAX_BYTES + 1)
            .unwrap();
        let e = CatalogStore::new(&big).load().err().map(|e| e.to_string());
        assert!(
            e.as_deref()
                .unwrap_or_default()
                .contains("larger than 16 MiB"),
            "{e:?}"
        );
    }

    #[test]
    fn missing_file_is_empty_and_first_edit_creates_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = CatalogStore::new(dir.path().join("sub/catalog.toml"));
        assert_eq!(store.load().ok(), Some(Catalog::default()));
        store
            .edit(|doc, _| doc.add_client(&client("acme"), false))
            .unwrap();
        let text = fs::read_to_string(store.path()).unwrap_or_default();
        assert!(text.starts_with("# Rolehop catalog"));
        assert_eq!(store.load().map(|c| c.clients.len()).ok(), Some(1));
        assert!(!store.path().with_extension("toml.bak").exists());
        store
            .edit(|doc, _| doc.add_client(&client("beta"), false))
            .unwrap();
        assert!(store.path().with_extension("toml.bak").exists());
    }

    #[test]
    fn a_broken_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = CatalogStore::new(dir.path().join("catalog.toml"));
        let broken = "schema_version = 1\n[[client]]\nid = \"acme\"\nname = \n";
        fs::write(store.path(), broken).unwrap();
        let err = store
            .edit(|doc, _| doc.add_client(&client("beta"), false))
            .err();
        assert!(
            matches!(err, Some(CatalogError::Parse { line: 4, .. })),
            "{err:?}"
        );
        assert_eq!(fs::read_to_string(store.path()).unwrap_or_default(), broken);
    }

    #[test]
    fn invalid_edits_are_refused_and_located() {
        let dir = tempfile::tempdir().unwrap();
        let store = CatalogStore::new(dir.path().join("catalog.toml"));
        let err = store
            .edit(|doc, _| {
                doc.add_shortcut(
                    &Shortcut {
                        id: "x".into(),
                        client: "ghost".into(),
                        account: Some("1".into()),
                        role: "Admin".into(),
                        ..Default::default()
                    },
                    false,
                )
            })
            .err();
        match err {
            Some(CatalogError::EditRejected { issues, .. }) => {
                assert!(
                    issues
                        .iter()
                        .any(|i| i.key == "shortcut[x].client" && i.line > 1)
                );
                assert!(issues.iter().any(|i| i.key == "shortcut[x].account"));
            }
            other => panic!("{other:?}"),
        }
        assert!(!store.path().exists());
    }

    #[test]
    fn preview_checks_like_edit_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = CatalogStore::new(dir.path().join("catalog.toml"));
        let (after, ()) = store
            .preview(|doc, _| doc.add_client(&client("acme"), false))
            .unwrap();
        assert_eq!(after.clients.len(), 1);
        assert!(!store.path().exists());
        let err = store
            .preview(|doc, _| {
                doc.add_shortcut(
                    &Shortcut {
                        id: "x".into(),
                        client: "ghost".into(),
                        account: Some("1".into()),
                        role: "Admin".into(),
                        ..Default::default()
                    },
                    false,
                )
            })
            .err();
        assert!(
            matches!(&err, Some(CatalogError::EditRejected { issues, .. }) if issues.iter().any(|i| i.key == "shortcut[x].client")),
            "{err:?}"
        );
    }

    #[test]
    fn unknown_keys_are_errors_with_position() {
        let text =
            "schema_version = 1\n[[client]]\nid = \"acme\"\nname = \"A\"\ncolour = \"#fff\"\n";
        let err = parse_and_validate(Path::new("c.toml"), text).err();
        match err {
            Some(CatalogError::Parse { line, message, .. }) => {
                assert_eq!(line, 5);
                assert!(message.contains("colour"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn concurrent_writers_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("catalog.toml");
        let handles: Vec<_> = (0..8)
            .map(|n| {
                let store = CatalogStore::new(path.clone());
                std::thread::spawn(move || {
                    for k in 0..5 {
                        store
                            .edit(|doc, _| doc.add_client(&client(&format!("c{n}-{k}")), false))
                            .unwrap();
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap_or_else(|_| panic!("writer panicked"));
        }
        let catalog = CatalogStore::new(path).load().unwrap();
        assert_eq!(catalog.clients.len(), 40);
    }
}
