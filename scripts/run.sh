#!/usr/bin/env bash
# Builds Rolehop (release) and runs it, installing what is missing first.
# Usage: scripts/run.sh                 the tray app (needs a desktop session)
#        scripts/run.sh [arguments…]    the CLI, e.g. scripts/run.sh doctor
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
cargo build --release --locked -p rolehop -p rolehop-tray >&2
bin="${CARGO_TARGET_DIR:-target}/release/rolehop"
exec "$bin" "$@"
