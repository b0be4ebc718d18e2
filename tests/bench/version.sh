#!/usr/bin/env bash
# `rolehop --version`: process start of the CLI binary (it links no WebKitGTK), the median of
# 50 runs after 5 warm-up runs, in ms. With hyperfine installed it also prints hyperfine's
# own summary. The binary: $ROLEHOP_BENCH_BIN, else the release build.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${ROLEHOP_BENCH_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/rolehop}"
[ -x "$BIN" ] || { echo "build first: cargo build --release -p rolehop -p rolehop-tray (or set ROLEHOP_BENCH_BIN)" >&2; exit 2; }
for _ in 1 2 3 4 5; do "$BIN" --version >/dev/null; done
times=()
for _ in $(seq 1 50); do
  t0=$(date +%s%N); "$BIN" --version >/dev/null; t1=$(date +%s%N)
  times+=("$(( (t1 - t0) / 1000 ))")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
awk -v us="$median" 'BEGIN { printf "rolehop --version: median %.1f ms over 50 runs\n", us / 1000 }'
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 5 --runs 50 "$BIN --version"
fi
