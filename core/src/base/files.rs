//! Writing Rolehop's own files safely: every file Rolehop writes (the catalog, layer copies,
//! discovery results) goes through [`write_atomic`], and every directory it makes through
//! [`create_private_dir`].
//!
//! - A save never shows a reader half a file: temp file in the same directory, fsync, rename,
//!   fsync of the directory.
//! - A save keeps the file's identity: its mode stays (a new file is 0600, a new directory
//!   0700), and a symlinked file (a catalog kept in a dotfiles repository) is written through
//!   the link to its target, so the link keeps pointing at the live file.
//! - A writer killed mid-save leaves a temp file; the next save removes temp files whose writer
//!   is gone, so none accumulate.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// This process's user id (Unix), read once: the owner of `/proc/self` on Linux; elsewhere the
/// owner of a file made now (a fresh name, `O_EXCL`, so no link someone left in the temporary
/// folder is followed). `None` when neither can be read. The workspace forbids `unsafe`, so
/// `getuid` is not called.
#[cfg(unix)]
pub fn current_uid() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    static UID: std::sync::OnceLock<Option<u32>> = std::sync::OnceLock::new();
    *UID.get_or_init(|| {
        if let Ok(m) = fs::metadata("/proc/self") {
            return Some(m.uid());
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        for attempt in 0..8u32 {
            let probe = std::env::temp_dir().join(format!(
                ".rolehop-uid-{}-{nanos}-{attempt}",
                std::process::id()
            ));
            if let Ok(file) = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&probe)
            {
                let uid = file.metadata().ok().map(|m| m.uid());
                let _ = fs::remove_file(&probe);
                return uid;
            }
        }
        None
    })
}

/// Creates `dir` and any missing parents with mode 0700 (existing directories keep theirs).
/// On Windows `dir` gets an owner-only, protected DACL instead ([`crate::owner`]): what is made
/// in it inherits that, so no other user or group can open it.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    #[cfg(windows)]
    crate::owner::windows::make_owner_only(dir)?;
    Ok(())
}

/// The file a save should replace: `path` itself, or the end of its symlink chain (a dangling
/// link's target is created).
pub fn write_target(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // A bounded walk: a link loop ends in an error rather than a hang.
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = if link.is_absolute() {
                    link
                } else {
                    current.parent().unwrap_or(Path::new(".")).join(link)
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!(
        "{} is a loop of symbolic links",
        path.display()
    )))
}

fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.")
}

/// Whether the process that wrote a temp file (its pid is in the name) is still running.
fn writer_alive(pid: &str) -> bool {
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        // Without /proc, assume it may be: an old temp file is only a little litter.
        true
    }
}

/// Removes temp files of `target` left by writers that were killed (`.<name>.<pid>.tmp`).
pub fn remove_stale_temps(target: &Path) {
    let (Some(dir), prefix) = (target.parent(), temp_prefix(target)) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            // `.<name>.<pid>.tmp`, or the backup's `.<name>.bak.<pid>.tmp`.
            .map(|rest| rest.rsplit('.').next().unwrap_or(rest))
            && !writer_alive(pid)
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Replaces `path` with `bytes` atomically, keeping its mode (0600 for a new file) and writing
/// through a symlink to its target. With `backup`, the previous content is kept as
/// `<name>.bak` beside the target first.
pub fn write_atomic(path: &Path, bytes: &[u8], backup: bool) -> std::io::Result<()> {
    let target = write_target(path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_private_dir(&dir)?;
    remove_stale_temps(&target);
    if target != path {
        // Earlier versions saved beside the link itself.
        remove_stale_temps(path);
    }
    let mode = existing_mode(&target);
    let tmp = dir.join(format!(
        "{}{}.tmp",
        temp_prefix(&target),
        std::process::id()
    ));
    let write = || -> std::io::Result<()> {
        let mut file = create_with_mode(&tmp, mode.unwrap_or(0o600))?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        hold_for_test(&target);
        if backup && target.exists() {
            keep_backup(&target, mode.unwrap_or(0o600))?;
        }
        fs::rename(&tmp, &target)?;
        // Make the rename itself durable.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    };
    write().inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// Copies `target` to `<name>.bak` the way a save replaces a file: into a temp file, synced,
/// then renamed over the old backup. A copy cut short (a full disk) fails the save and leaves
/// the previous backup whole: a good backup is never replaced by a partial one.
fn keep_backup(target: &Path, mode: u32) -> std::io::Result<()> {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    let bak = target.with_file_name(&name);
    let tmp = target.with_file_name(format!("{}{}.tmp", temp_prefix(&bak), std::process::id()));
    let copy = || -> std::io::Result<()> {
        let mut from = File::open(target)?;
        let mut to = create_with_mode(&tmp, mode)?;
        std::io::copy(&mut from, &mut to)?;
        to.sync_all()?;
        fs::rename(&tmp, &bak)
    };
    copy().inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// The largest file Rolehop reads as its catalog (a catalog of 5,000 shortcuts is about 1 MB).
pub const CATALOG_MAX_BYTES: u64 = 16 * 1024 * 1024;
/// The largest input an import reads (a wiki page, a bookmarks file, an AWS config file).
pub const IMPORT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Why [`read_capped`] did not return a text.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("it is larger than {} MiB, more than Rolehop reads from such a file", .max / (1024 * 1024))]
    TooLarge { max: u64 },
    #[error("it is not a regular file (a {what}): Rolehop reads only regular files here")]
    NotAFile { what: &'static str },
    #[error("it is not UTF-8 text")]
    NotText,
}

impl ReadError {
    /// A missing file (which some callers treat as empty).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

impl From<ReadError> for std::io::Error {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Io(e) => e,
            other => std::io::Error::new(std::io::ErrorKind::InvalidData, other.to_string()),
        }
    }
}

/// What a path that is not a regular file is, in words.
fn file_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "named pipe";
        }
        if t.is_char_device() {
            return "character device";
        }
        if t.is_block_device() {
            return "block device";
        }
        if t.is_socket() {
            return "socket";
        }
    }
    if meta.is_dir() {
        "directory"
    } else {
        "special file"
    }
}

/// Reads a text file of at most `max` bytes, following symlinks. With `regular_only`, anything
/// but a regular file (a named pipe, which would block the read until a writer comes, a
/// device such as `/dev/zero`) is refused before it is opened; without it (an import, which
/// may read a shell's `<(…)` pipe) such a file is read up to the cap. Never reads more than
/// `max + 1` bytes, so an endless input costs no memory.
pub fn read_capped(path: &Path, max: u64, regular_only: bool) -> Result<String, ReadError> {
    let meta = fs::metadata(path)?;
    if meta.is_dir() || (regular_only && !meta.is_file()) {
        return Err(ReadError::NotAFile {
            what: file_kind(&meta),
        });
    }
    if meta.is_file() && meta.len() > max {
        return Err(ReadError::TooLarge { max });
    }
    read_capped_from(File::open(path)?, max)
}

/// Reads a stream (stdin, an opened file) of at most `max` bytes.
pub fn read_capped_from(from: impl std::io::Read, max: u64) -> Result<String, ReadError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    from.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge { max });
    }
    String::from_utf8(bytes).map_err(|_| ReadError::NotText)
}

/// Debug builds only, for the crash suite: with `ROLEHOP_TEST_HOLD_SAVE=<file>`, a save of
/// the catalog stops between its temp file and the rename, says so by creating `<file>`, and
/// waits (up to a minute) until `<file>` is removed, so a test can kill the writer exactly
/// mid-save instead of hoping a timer lands there.
fn hold_for_test(target: &Path) {
    if !cfg!(debug_assertions) || target.file_name().is_none_or(|n| n != "catalog.toml") {
        return;
    }
    let Some(marker) = std::env::var_os("ROLEHOP_TEST_HOLD_SAVE").map(PathBuf::from) else {
        return;
    };
    if fs::write(&marker, std::process::id().to_string()).is_err() {
        return;
    }
    for _ in 0..6000 {
        if !marker.exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

fn existing_mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

fn create_with_mode(path: &Path, mode: u32) -> std::io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(mode);
        let file = options.open(path)?;
        // The umask may have narrowed the mode; an existing file's mode is kept exactly.
        file.set_permissions(fs::Permissions::from_mode(mode))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        let _ = mode;
        options.open(path)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0)
    }

    /// A backup that cannot be written whole (here its temp file's place is taken; on a full
    /// disk the copy is cut short) fails the save and leaves the good backup and the file as
    /// they were; no temp file stays.
    #[test]
    fn a_backup_that_cannot_be_written_never_replaces_the_good_one() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("catalog.toml");
        write_atomic(&file, b"one", true).unwrap();
        write_atomic(&file, b"two", true).unwrap();
        let bak = dir.path().join("catalog.toml.bak");
        assert_eq!(fs::read_to_string(&bak).unwrap(), "one");
        let blocker = dir
            .path()
            .join(format!(".catalog.toml.bak.{}.tmp", std::process::id()));
        fs::create_dir(&blocker).unwrap();
        assert!(write_atomic(&file, b"three", true).is_err());
        assert_eq!(fs::read_to_string(&bak).unwrap(), "one");
        assert_eq!(fs::read_to_string(&file).unwrap(), "two");
        fs::remove_dir(&blocker).unwrap();
        write_atomic(&file, b"three", true).unwrap();
        assert_eq!(fs::read_to_string(&bak).unwrap(), "two");
        assert_eq!(mode(&bak), 0o600);
        let temps: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(temps.is_empty(), "{temps:?}");
    }

    #[test]
    fn capped_reads_refuse_what_is_too_big_or_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("page.html");
        fs::write(&file, "x".repeat(100)).unwrap();
        assert_eq!(read_capped(&file, 100, true).unwrap().len(), 100);
        let e = read_capped(&file, 99, true).err().map(|e| e.to_string());
        assert!(e.unwrap_or_default().contains("larger than"));
        // An endless device is read only up to the cap, then refused; with `regular_only`
        // it is refused before it is opened.
        let e = read_capped(Path::new("/dev/zero"), 1 << 20, false)
            .err()
            .map(|e| e.to_string());
        assert!(e.unwrap_or_default().contains("larger than 1 MiB"));
        let e = read_capped(Path::new("/dev/zero"), 1 << 20, true)
            .err()
            .map(|e| e.to_string());
        assert!(e.unwrap_or_default().contains("character device"));
        let e = read_capped(dir.path(), 1 << 20, false)
            .err()
            .map(|e| e.to_string());
        assert!(e.unwrap_or_default().contains("directory"));
        assert!(
            read_capped(&dir.path().join("missing"), 10, true)
                .err()
                .is_some_and(|e| e.is_not_found())
        );
        let e = read_capped_from(&[0xffu8, 0xfe][..], 10)
            .err()
            .map(|e| e.to_string());
        assert!(e.unwrap_or_default().contains("not UTF-8"));
    }

    #[test]
    fn new_files_are_private_and_modes_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub/catalog.toml");
        write_atomic(&file, b"one", false).unwrap();
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(&dir.path().join("sub")), 0o700);
        fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&file, b"two", false).unwrap();
        assert_eq!(mode(&file), 0o640);
        assert_eq!(fs::read_to_string(&file).unwrap_or_default(), "two");
    }

    #[test]
    fn symlinks_are_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles/catalog.toml");
        fs::create_dir_all(dir.path().join("dotfiles")).unwrap();
        fs::create_dir_all(dir.path().join("config")).unwrap();
        fs::write(&real, "old").unwrap();
        let link = dir.path().join("config/catalog.toml");
        std::os::unix::fs::symlink("../dotfiles/catalog.toml", &link).unwrap();
        write_atomic(&link, b"new", true).unwrap();
        assert!(
            fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()),
            "still a link"
        );
        assert_eq!(fs::read_to_string(&real).unwrap_or_default(), "new");
        assert_eq!(
            fs::read_to_string(dir.path().join("dotfiles/catalog.toml.bak")).unwrap_or_default(),
            "old"
        );
    }

    #[test]
    fn stale_temps_of_dead_writers_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("catalog.toml");
        // pid 0 never names a live writer; our own pid does.
        let dead = dir.path().join(".catalog.toml.0.tmp");
        let other = dir.path().join(".other.toml.0.tmp");
        fs::write(&dead, "half").unwrap();
        fs::write(&other, "not ours").unwrap();
        write_atomic(&file, b"x", false).unwrap();
        assert!(!dead.exists());
        assert!(other.exists(), "only this file's temps");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .map(|r| r.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    fn link_loops_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        assert!(write_atomic(&a, b"x", false).is_err());
    }
}
