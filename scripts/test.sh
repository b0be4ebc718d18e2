#!/usr/bin/env bash
# Runs every test: formatting, clippy (which also type-checks the benchmarks), unit tests, and the cross-component suites, which start
# their own moto server, D-Bus + gnome-keyring Secret Service and federation stand-in.
# Installs what is missing first. Builds go to $CARGO_TARGET_DIR (default /var/tmp/rolehop-target,
# a cache outside the clone that later runs reuse).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== the guards and the summary line fire on broken input"
bash scripts/selftest.sh
source scripts/lib/checks.sh
source scripts/deps.sh --test
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/rolehop-target}"
export CARGO_TERM_COLOR=never

echo "== cargo fmt --check (the workspace, and fuzz/, which is a workspace of its own)"
cargo fmt --all -- --check
(cd fuzz && cargo fmt --all -- --check)
echo "== cargo clippy --all-targets -- -D warnings (the workspace and fuzz/)"
cargo clippy --workspace --all-targets --locked -- -D warnings
(cd fuzz && cargo clippy --all-targets --locked -- -D warnings)
echo "== core stays free of Tauri and UI crates; the CLI of Tauri, wry, GTK and WebKit"
# The trees are taken whole first: a failing `cargo tree` stops the script (set -e), and the
# guards read all of it (see scripts/lib/checks.sh). Build dependencies count too.
core_tree="$(cargo tree -p rolehop-core --edges normal,build --locked)"
if ! core_is_pure <<<"$core_tree"; then
  echo "rolehop-core depends on a Tauri, GTK/WebKit or clap crate" >&2; exit 1
fi
# The CLI is a crate of its own (cli/), on core and rolehop-common: Cargo keeps the tray's
# crates out of it, and this says so if a dependency ever brings one in.
cli_tree="$(cargo tree -p rolehop -p rolehop-common --edges normal,build --locked)"
if ! cli_is_light <<<"$cli_tree"; then
  echo "the CLI (rolehop) or rolehop-common depends on a Tauri, wry, GTK or WebKit crate" >&2; exit 1
fi
# The guards are proven on the real case they exist for: the tray's tree holds Tauri, wry and
# GTK (and the CLI's holds clap), and each guard must say so every time, fed as above.
tray_tree="$(cargo tree -p rolehop-tray --edges normal,build --locked)"
for run in $(seq 1 20); do
  if core_is_pure <<<"$tray_tree" 2>/dev/null || core_is_pure <<<"$cli_tree" 2>/dev/null; then
    echo "the purity guard called the tray's or the CLI's tree pure (run $run)" >&2; exit 1
  fi
  if cli_is_light <<<"$tray_tree" 2>/dev/null; then
    echo "the CLI guard called the tray's tree (which holds Tauri) light (run $run)" >&2; exit 1
  fi
done
echo "== unsafe code is allowed in one module only ($UNSAFE_MODULE, the Win32 calls)"
unsafe_only_in_its_module core common cli src-tauri tests fuzz
echo "== module docs: every intra-doc link resolves (cargo doc -D warnings)"
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps -p rolehop-core -p rolehop-common -p rolehop -p rolehop-tray
echo "== no import cycles between modules (core, common, CLI, tray, test harness)"
for src in core/src common/src cli/src src-tauri/src tests/src; do
  for depth in 1 2 3; do
    if ! cycles="$(python3 scripts/lib/import_cycles.py "$src" "$depth")"; then
      echo "$cycles" >&2; echo "import cycle in $src (depth $depth)" >&2; exit 1
    fi
  done
done
echo "== UI unit tests (Vitest)"
ui_log="$(mktemp)"
ui_status=0
# NO_COLOR: picocolors colours its output whenever CI is set, which would hide the summary line
# from the grep below.
(cd ui && NO_COLOR=1 npx vitest run) 2>&1 | tee "$ui_log" || ui_status=$?
echo "== cargo build (the rolehop and rolehop-tray binaries the suites drive)"
cargo build --locked -p rolehop -p rolehop-tray
# The other platforms, checked here: scripts/windows.sh (clippy and the binaries for
# x86_64-pc-windows-gnu, the core's unit tests under Wine; its rolehop.exe is what the Windows
# CLI suite, tests/tests/windows_cli.rs, drives under Wine in the run below), scripts/macos.sh
# (clippy for both macOS targets) and scripts/workflows.sh (the CI workflows against GitHub's
# schema and zizmor). Their results count in the closing line like every test binary's.
platform_log="$(mktemp)"
platform_status=0
for check in windows macos workflows; do
  check_status=0
  bash "scripts/$check.sh" 2>&1 | tee -a "$platform_log" || check_status=$?
  if [ "$check_status" -ne 0 ]; then
    echo "the $check check failed (exit $check_status)" >&2
    # Counted even when it stopped before its tests (clippy, the build).
    echo "test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out (the $check check)" >> "$platform_log"
    platform_status=$check_status
  else
    echo "test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out (the $check check)" >> "$platform_log"
  fi
done
export ROLEHOP_WINDOWS_EXE="$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/debug/rolehop.exe"
export ROLEHOP_WINE_SHIM="$CARGO_TARGET_DIR/wine/bcryptprimitives.dll"
echo "== cargo test --workspace"
log="$(mktemp)"
# A test that cannot run here writes why to this log (rolehop_tests::skip): it is counted as
# skipped, never as passed. In CI (root, everything installed) a skip is a failure.
export ROLEHOP_SKIP_LOG="$(mktemp)"
if [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; then export ROLEHOP_NO_SKIP=1; fi
trap 'rm -f "$log" "$ui_log" "$platform_log" "$ROLEHOP_SKIP_LOG"' EXIT
status=0
cargo test --workspace --locked --no-fail-fast 2>&1 | tee "$log" || status=$?
if [ "$ui_status" -ne 0 ] && [ "$status" -eq 0 ]; then status=$ui_status; fi
# The platform checks' results (they ran before the suites, above) count in the closing line.
cat "$platform_log" >> "$log"
if [ "$platform_status" -ne 0 ] && [ "$status" -eq 0 ]; then status=$platform_status; fi
echo "== fuzzing: every cargo-fuzz target, bounded (scripts/fuzz.sh)"
fuzz_log="$(mktemp)"
trap 'rm -f "$log" "$ui_log" "$platform_log" "$fuzz_log" "$ROLEHOP_SKIP_LOG"' EXIT
fuzz_status=0
bash scripts/fuzz.sh "${ROLEHOP_FUZZ_SECONDS:-15}" 2>&1 | tee "$fuzz_log" || fuzz_status=$?
if [ "$fuzz_status" -ne 0 ] && [ "$status" -eq 0 ]; then status=$fuzz_status; fi
echo
# One closing line over every test binary, Vitest and the fuzz targets (scripts/lib/checks.sh).
summarize "$log" "$ui_log" "$fuzz_log" "$ROLEHOP_SKIP_LOG"
exit "$status"
