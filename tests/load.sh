#!/usr/bin/env bash
# The whole test command with a CPU hog on every core beside it, as on a busy 2-core machine
# (RELIABILITY.md, "Under load"). The hogs run at the same priority as the tests and stop when
# the command ends, whatever its result.
set -euo pipefail
cd "$(dirname "$0")/.."
hogs=()
for _ in $(seq 1 "$(nproc)"); do
  ( while :; do :; done ) &
  hogs+=("$!")
done
trap 'kill "${hogs[@]}" 2>/dev/null || true' EXIT
echo "== $(nproc) CPU hog(s) running beside the test command"
bash scripts/test.sh "$@"
