//! Whether Rolehop's own directories are the person's own. The config dir holds the catalog
//! (which names the commands Rolehop runs), the data dir holds the browser profiles and the
//! hand-off pages: a folder another user owns or may write lets that user swap a page the
//! browser follows, or plant a symbolic link that makes Rolehop write (and chmod) a folder of
//! the person's elsewhere. Both dirs, and every folder Rolehop keeps in the data dir (two
//! levels down: `profiles/<id>`, `browsers/<kind>`, `sso/<identity>`, `handoff`, …), must be
//! owned by this user, writable by nobody else, and not a symbolic link Rolehop did not make
//! (the dirs themselves, and links in the config dir such as one to a team checkout, may be
//! links the person made: a link owned by this user to a folder that passes the same checks). `rolehop doctor` reports what fails; every other command
//! refuses to run with it. Unix only: elsewhere the OS's per-user profile folders do this.

use std::path::{Path, PathBuf};

/// A folder Rolehop will not use, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{} {reason}: Rolehop keeps browser profiles, sign-in pages and its catalog only in folders that are its user's own; fix the folder (`chmod go-w`, `chown`) or point ROLEHOP_CONFIG_DIR / ROLEHOP_DATA_DIR at a private one",
    path.display()
)]
pub struct Untrusted {
    pub path: PathBuf,
    pub reason: String,
}

/// What a dir holds, which decides whether a symbolic link to a folder may be in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirKind {
    /// The config dir: the person's own links (to a team checkout, a dotfiles repository) are
    /// fine when the link is theirs and its folder passes the same checks.
    Config,
    /// The data dir: only folders Rolehop made, and Rolehop makes no links there.
    Data,
}

/// Checks a config or data dir and the folders in it (see the module doc). A dir that does
/// not exist yet is fine: Rolehop makes it 0700.
pub fn check_dir(dir: &Path, kind: DirKind) -> Result<(), Untrusted> {
    #[cfg(unix)]
    {
        unix::check_root(dir)?;
        if dir.is_dir() {
            unix::check_tree(dir, 2, kind == DirKind::Config)?;
        }
    }
    #[cfg(not(unix))]
    let _ = (dir, kind);
    Ok(())
}

#[cfg(unix)]
mod unix {
    use super::Untrusted;
    use std::os::unix::fs::MetadataExt;
    use std::path::Path;

    /// This user (`u32::MAX`, which owns nothing, when it cannot be told: everything is
    /// then refused rather than trusted).
    fn me() -> u32 {
        crate::base::files::current_uid().unwrap_or(u32::MAX)
    }

    fn untrusted(path: &Path, reason: impl Into<String>) -> Untrusted {
        Untrusted {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }

    /// A folder's owner and mode.
    fn owned_private(path: &Path, meta: &std::fs::Metadata, me: u32) -> Result<(), Untrusted> {
        if meta.uid() != me {
            return Err(untrusted(
                path,
                format!("belongs to another user (uid {}, not {me})", meta.uid()),
            ));
        }
        if meta.mode() & 0o022 != 0 {
            return Err(untrusted(
                path,
                format!(
                    "can be written by other users (mode {:o})",
                    meta.mode() & 0o777
                ),
            ));
        }
        Ok(())
    }

    /// The dir itself: a link the person made is followed once its own owner is checked.
    pub(super) fn check_root(dir: &Path) -> Result<(), Untrusted> {
        let me = me();
        let link = match std::fs::symlink_metadata(dir) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(untrusted(dir, format!("cannot be read ({e})"))),
        };
        if link.file_type().is_symlink() && link.uid() != me {
            return Err(untrusted(
                dir,
                format!(
                    "is a symbolic link made by another user (uid {})",
                    link.uid()
                ),
            ));
        }
        let meta =
            std::fs::metadata(dir).map_err(|e| untrusted(dir, format!("cannot be read ({e})")))?;
        if !meta.is_dir() {
            return Err(untrusted(dir, "is not a folder"));
        }
        owned_private(dir, &meta, me)
    }

    /// The folders in `dir`, `depth` levels down, never through a symbolic link: a link to a
    /// folder is refused (Rolehop makes none there); links to files (a browser's lock) and
    /// files are left to their own checks.
    pub(super) fn check_tree(dir: &Path, depth: usize, own_links: bool) -> Result<(), Untrusted> {
        let me = me();
        let mut level = vec![dir.to_path_buf()];
        for _ in 0..depth {
            let mut next = Vec::new();
            for folder in &level {
                let Ok(entries) = std::fs::read_dir(folder) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let path = entry.path();
                    let Ok(meta) = std::fs::symlink_metadata(&path) else {
                        continue;
                    };
                    if meta.file_type().is_symlink() {
                        let Ok(target) = std::fs::metadata(&path) else {
                            continue;
                        };
                        if !target.is_dir() {
                            continue;
                        }
                        if !own_links {
                            return Err(untrusted(
                                &path,
                                "is a symbolic link to a folder, which Rolehop never makes here",
                            ));
                        }
                        if meta.uid() != me {
                            return Err(untrusted(
                                &path,
                                format!(
                                    "is a symbolic link made by another user (uid {})",
                                    meta.uid()
                                ),
                            ));
                        }
                        // The person's own link: its folder passes the same checks, and is
                        // not walked further (it is theirs, outside Rolehop's dirs).
                        owned_private(&path, &target, me)?;
                        continue;
                    }
                    if meta.is_dir() {
                        owned_private(&path, &meta, me)?;
                        next.push(path);
                    }
                }
            }
            level = next;
        }
        Ok(())
    }
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn chmod(p: &Path, mode: u32) {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn private_dirs_pass_and_shared_ones_do_not() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("data");
        assert!(
            check_dir(&data, DirKind::Data).is_ok(),
            "missing: made later, 0700"
        );
        std::fs::create_dir_all(data.join("profiles/acme-prod")).unwrap();
        chmod(&data, 0o700);
        chmod(&data.join("profiles"), 0o700);
        chmod(&data.join("profiles/acme-prod"), 0o700);
        check_dir(&data, DirKind::Data).unwrap();

        chmod(&data, 0o777);
        let e = check_dir(&data, DirKind::Data).unwrap_err();
        assert!(e.to_string().contains("written by other users"), "{e}");
        chmod(&data, 0o700);

        chmod(&data.join("profiles/acme-prod"), 0o770);
        let e = check_dir(&data, DirKind::Data).unwrap_err();
        assert_eq!(e.path, data.join("profiles/acme-prod"));
        chmod(&data.join("profiles/acme-prod"), 0o700);

        // A planted link to a folder of the person's elsewhere.
        let elsewhere = root.path().join("documents");
        std::fs::create_dir(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, data.join("profiles/beta-prod")).unwrap();
        let e = check_dir(&data, DirKind::Data).unwrap_err();
        assert!(e.to_string().contains("symbolic link to a folder"), "{e}");
        std::fs::remove_file(data.join("profiles/beta-prod")).unwrap();

        // In the config dir the person's own link to a private folder is fine (a team
        // checkout); one to a folder others can write is not.
        let config = root.path().join("config");
        std::fs::create_dir(&config).unwrap();
        chmod(&config, 0o700);
        chmod(&elsewhere, 0o700);
        std::os::unix::fs::symlink(&elsewhere, config.join("team")).unwrap();
        check_dir(&config, DirKind::Config).unwrap();
        chmod(&elsewhere, 0o777);
        assert!(check_dir(&config, DirKind::Config).is_err());
        chmod(&elsewhere, 0o700);

        // A browser's lock link (to no folder) is its own business.
        std::os::unix::fs::symlink("host-123", data.join("profiles/acme-prod/SingletonLock"))
            .unwrap();
        check_dir(&data, DirKind::Data).unwrap();

        // The dir may be the person's own link to a private folder.
        let link = root.path().join("data-link");
        std::os::unix::fs::symlink(&data, &link).unwrap();
        check_dir(&link, DirKind::Data).unwrap();
    }
}
