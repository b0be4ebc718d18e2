//! The idle tray's heap: glibc's malloc keeps memory a program freed (the catalog parsed,
//! merged and validated, the menu model built) for reuse instead of giving it back, and grows
//! its mmap and trim thresholds after large frees, so a tray that loaded 5,000 shortcuts once
//! held ~20 MB it no longer used (BENCHMARKS.md). Its documented tunables are environment
//! variables read when a process starts, so the tray sets them and starts itself once more
//! (one exec, a few milliseconds, before anything else): freed memory is then returned to the
//! system at once. (Calling `malloc_trim` would need `unsafe`, which this workspace forbids.)
//! The exec costs some 50-70 ms of start-up, so it is done only for a catalog big enough to
//! leave that much behind (its files, discovered and cached layers included, over
//! [`BIG_CATALOG_BYTES`]); an everyday one starts as fast as before.
//! Browsers the tray starts do not inherit them (`browser::launcher` removes them).

/// The variables and their values: trim whatever is free at the top of the heap, and serve
/// allocations of 64 KiB and more with their own mappings, returned when freed.
pub const TUNABLES: [(&str, &str); 2] = [
    ("MALLOC_TRIM_THRESHOLD_", "0"),
    ("MALLOC_MMAP_THRESHOLD_", "65536"),
];

/// About 1,000 shortcuts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub const BIG_CATALOG_BYTES: u64 = 128 * 1024;

/// The size of the catalog files the tray will read: the personal catalog, discovered layers
/// and cached URL layers.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn catalog_bytes() -> u64 {
    let Ok(paths) = rolehop_core::paths::Paths::from_env() else {
        return 0;
    };
    let dirs = rolehop_core::sources::layers::LayerDirs::of(&paths);
    let size = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let dir_size = |d: &std::path::Path| {
        std::fs::read_dir(d)
            .map(|entries| entries.flatten().map(|e| size(&e.path())).sum::<u64>())
            .unwrap_or(0)
    };
    size(&paths.catalog_file()) + dir_size(&dirs.discovered_dir) + dir_size(&dirs.cache_dir)
}

/// Starts the tray again with the tunables set, for a big catalog, unless they are set (or
/// this is not glibc, or the exec fails: the tray then simply runs with the defaults).
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;
        if std::env::var_os(TUNABLES[0].0).is_some() || catalog_bytes() < BIG_CATALOG_BYTES {
            return;
        }
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let mut command = std::process::Command::new(exe);
        command.args(std::env::args_os().skip(1));
        for (key, value) in TUNABLES {
            command.env(key, value);
        }
        // Only returns on failure.
        let error = command.exec();
        eprintln!("rolehop-tray: running with the default heap settings ({error})");
    }
}
