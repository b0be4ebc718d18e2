#!/usr/bin/env bash
# The Windows build, checked on this Linux machine (scripts/test.sh runs it; ARCHITECTURE.md §8):
# clippy for x86_64-pc-windows-gnu over the whole workspace (-D warnings), the two Windows
# binaries, and the core's and the app's unit tests run under Wine (cargo's target runner,
# with the test-only bcryptprimitives.dll shim Wine 8 lacks). Each run gets a fresh Wine
# prefix, removed after.
# Output goes to stdout: the caller's log counts the "test result" lines like any other.
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-pc-windows-gnu
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/rolehop-target}"
echo "== Windows ($target): cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets --locked --target "$target" -- -D warnings
echo "== Windows ($target): the rolehop.exe and rolehop-tray.exe binaries"
cargo build --locked -p rolehop -p rolehop-tray --target "$target"
shim_dir="$CARGO_TARGET_DIR/wine"
mkdir -p "$shim_dir"
x86_64-w64-mingw32-gcc -shared -O2 -o "$shim_dir/bcryptprimitives.dll" \
  scripts/windows/bcryptprimitives.c -lbcrypt
prefix="$(mktemp -d /tmp/rolehop-wine.XXXXXX)"
trap 'WINEPREFIX="$prefix" /usr/lib/wine/wineserver -k 2>/dev/null || true; rm -rf "$prefix"' EXIT
export WINEPREFIX="$prefix" WINEDEBUG=-all ROLEHOP_WINE_SHIM="$shim_dir/bcryptprimitives.dll"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$PWD/scripts/windows/wine-run.sh"
echo "== Windows ($target): the core's unit tests under Wine"
cargo test --locked -p rolehop-core --lib --target "$target"
echo "== Windows ($target): the app's unit tests under Wine (CLI and tray binaries)"
cargo test --locked -p rolehop -p rolehop-common -p rolehop-tray --target "$target"
