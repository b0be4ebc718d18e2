//! The idle tray's heap: glibc's malloc keeps memory a program freed (the catalog parsed,
//! merged and validated, the menu model built) for reuse instead of giving it back, and grows
//! its mmap and trim thresholds after large frees, so a tray that loaded 5,000 shortcuts once
//! held ~20 MB it no longer used (BENCHMARKS.md). Its documented tunables are environment
//! variables read when a process starts, so the tray sets them and starts itself once more
//! (one exec, a few milliseconds, before anything else): freed memory is then returned to the
//! system at once. (Calling `malloc_trim` would need `unsafe`, which this workspace forbids.)
//! The exec costs some 50-70 ms of start-up (WebKitGTK's libraries are bound twice), so it is
//! done only for a catalog big enough to leave that much behind (its files, discovered and
//! cached layers included, over `BIG_CATALOG_BYTES`), and only when the tray was not started
//! by `rolehop`, which sets them on its own exec of the tray (it links no WebKitGTK, so the
//! decision costs it nothing); an everyday catalog starts as fast as before.
//! Browsers the tray starts do not inherit them (`browser::launcher` removes them).

/// The variables and their values: trim whatever is free at the top of the heap, and serve
/// allocations of 64 KiB and more with their own mappings, returned when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
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
    let Ok(paths) = rolehop_core::base::paths::Paths::from_env() else {
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

/// The tunables a tray started now should run with: for a big catalog (glibc only), unless
/// they are set already; none otherwise.
pub fn tunables_for_tray() -> Vec<(&'static str, &'static str)> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os(TUNABLES[0].0).is_none() && catalog_bytes() >= BIG_CATALOG_BYTES {
        return TUNABLES.to_vec();
    }
    Vec::new()
}
