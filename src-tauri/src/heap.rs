//! The idle tray's heap: glibc's malloc keeps memory a program freed (the catalog parsed,
//! merged and validated, the menu model built) for reuse instead of giving it back, and grows
//! its mmap and trim thresholds after large frees, so a tray that loaded 5,000 shortcuts once
//! held ~20 MB it no longer used (BENCHMARKS.md). Its documented tunables are environment
//! variables read when a process starts, so the tray sets them and starts itself once more
//! (one exec, a few milliseconds, before anything else): freed memory is then returned to the
//! system at once. (Calling `malloc_trim` would need `unsafe`, which this workspace forbids.)
//! Browsers the tray starts do not inherit them (`browser::launcher` removes them).

/// The variables and their values: trim whatever is free at the top of the heap, and serve
/// allocations of 64 KiB and more with their own mappings, returned when freed.
pub const TUNABLES: [(&str, &str); 2] = [
    ("MALLOC_TRIM_THRESHOLD_", "0"),
    ("MALLOC_MMAP_THRESHOLD_", "65536"),
];

/// Starts the tray again with the tunables set, unless they are (or this is not glibc, or the
/// exec fails: the tray then simply runs with the defaults).
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;
        if std::env::var_os(TUNABLES[0].0).is_some() {
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
