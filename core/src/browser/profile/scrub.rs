//! Scrubbing a profile whose browser is not running: cache files that hold a sign-in link
//! (a one-time token in their URL) are removed before the browser starts.

use std::fs;
use std::path::{Path, PathBuf};

/// Files a browser may have written a cached sign-in request into: its HTTP caches.
const CACHE_DIRS: [&str; 3] = ["Default/Cache", "Cache", "cache2"];

/// Removes, from a profile whose browser is not running, cache files that hold a sign-in
/// request (`SigninToken=`). Only cache files, and only small ones: a cached redirect has no
/// body and takes a few KiB, so the console's scripts and images are never read (this runs
/// before every start).
pub fn scrub_signin(dir: &Path) -> usize {
    const NEEDLE: &[u8] = b"SigninToken=";
    let mut removed = 0;
    let mut stack: Vec<PathBuf> = CACHE_DIRS.iter().map(|d| dir.join(d)).collect();
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(entry.path());
            } else if meta.is_file()
                && meta.len() <= 32 * 1024
                && fs::read(entry.path())
                    .is_ok_and(|b| b.windows(NEEDLE.len()).any(|w| w == NEEDLE))
                && fs::remove_file(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
}
