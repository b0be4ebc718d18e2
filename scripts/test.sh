#!/usr/bin/env bash
# Runs every test: formatting, clippy (which also type-checks the benchmarks), unit tests, and the cross-component suites, which start
# their own moto server, D-Bus + gnome-keyring Secret Service and federation stand-in.
# Installs what is missing first. Builds go to $CARGO_TARGET_DIR (default /var/tmp/rolehop-target,
# a cache outside the clone that later runs reuse).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh --test
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/rolehop-target}"
export CARGO_TERM_COLOR=never

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== core stays free of Tauri and UI crates"
if cargo tree -p rolehop-core --edges normal | grep -Eq 'tauri|clap'; then
  echo "rolehop-core depends on tauri or clap" >&2; exit 1
fi
echo "== UI unit tests (Vitest)"
ui_log="$(mktemp)"
ui_status=0
# NO_COLOR: picocolors colours its output whenever CI is set, which would hide the summary line
# from the grep below.
(cd ui && NO_COLOR=1 npx vitest run) 2>&1 | tee "$ui_log" || ui_status=$?
echo "== cargo build (the rolehop and rolehop-tray binaries the suites drive)"
cargo build --locked -p rolehop --bins
echo "== cargo test --workspace"
log="$(mktemp)"
trap 'rm -f "$log" "$ui_log"' EXIT
status=0
cargo test --workspace --locked --no-fail-fast 2>&1 | tee "$log" || status=$?
# One closing line over every test binary (cargo prints one `test result` per binary).
passed=$(grep -Eo '^test result: [A-Za-z]+\. [0-9]+ passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed;' "$log" | awk '{s+=$1} END {print s+0}')
ignored=$(grep -Eo '[0-9]+ ignored;' "$log" | awk '{s+=$1} END {print s+0}')
# Vitest's summary line: "Tests  25 passed (25)" or "Tests  1 failed | 24 passed (25)".
# Colour codes stripped in case a terminal setting forced them anyway; no summary (Vitest did not
# start) counts as nothing passed, and ui_status carries the failure.
ui_line=$(sed -E 's/\x1b\[[0-9;]*m//g' "$ui_log" | grep -E '^ +Tests +' | tail -1 || true)
passed=$((passed + $(echo "$ui_line" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || echo 0)))
failed=$((failed + $(echo "$ui_line" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' || echo 0)))
if [ "$ui_status" -ne 0 ] && [ "$status" -eq 0 ]; then status=$ui_status; fi
echo
echo "${passed} passed, ${failed} failed, ${ignored} skipped"
exit "$status"
