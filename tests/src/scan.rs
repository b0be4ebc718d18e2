//! Leak scans: which files under a directory contain any of the given secrets.

use std::path::{Path, PathBuf};

/// Files under `dir` (recursively) whose bytes contain any needle, with the needle's index.
/// `skip` says which paths are not scanned (for example a browser's own cookie store).
pub fn files_containing(
    dir: &Path,
    needles: &[String],
    skip: &dyn Fn(&Path) -> bool,
) -> Vec<(PathBuf, usize)> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if skip(&path) {
                continue;
            }
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(t) if t.is_file() => {
                    if let Ok(bytes) = std::fs::read(&path) {
                        for (i, needle) in needles.iter().enumerate() {
                            if !needle.is_empty() && contains(&bytes, needle.as_bytes()) {
                                hits.push((path.clone(), i));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    hits
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
