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
echo "== cargo build (the rolehop binary the suites drive)"
cargo build --locked -p rolehop --bin rolehop
echo "== cargo test --workspace"
cargo test --workspace --locked --no-fail-fast
