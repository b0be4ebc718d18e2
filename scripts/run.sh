#!/usr/bin/env bash
# Builds Rolehop (release) and runs it, installing what is missing first.
# Usage: scripts/run.sh [rolehop arguments…]   e.g. scripts/run.sh doctor
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
cargo build --release --locked -p rolehop --bin rolehop >&2
bin="${CARGO_TARGET_DIR:-target}/release/rolehop"
if [ $# -eq 0 ]; then set -- --help; fi
exec "$bin" "$@"
