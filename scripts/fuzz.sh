#!/usr/bin/env bash
# Runs every cargo-fuzz target (fuzz/fuzz_targets) for SECONDS each (default 15: the bounded
# run of scripts/test.sh; `scripts/fuzz.sh 600` is the longer one) from the committed corpus
# (fuzz/corpus), and prints one line per target with its executions. Exits non-zero if any
# input made a target panic or crash; the input is kept under fuzz/artifacts/<target>/.
# Needs a nightly toolchain and cargo-fuzz (scripts/deps.sh --test installs both).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-15}"
export PATH="${ROLEHOP_TOOLS:-/var/tmp/rolehop-tools}/bin:$PATH"
# Its own build directory: nightly and libFuzzer's instrumentation share nothing with the
# stable builds.
export CARGO_TARGET_DIR="${ROLEHOP_FUZZ_TARGET_DIR:-/var/tmp/rolehop-fuzz-target}"
# Debug assertions on (-a), no sanitizer: the code is safe Rust, what is looked for is panics.
flags=(-O -a --sanitizer none)
if ! cargo +nightly fuzz build "${flags[@]}" >&2; then
  echo "fuzz build FAILED"
  exit 1
fi
status=0
for target in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$target"
  log="$(mktemp)"
  # New inputs go to a scratch directory (the committed corpus is only read), unless GROW=1
  # asks to keep them (then minimise with `cargo +nightly fuzz cmin` before committing).
  if [ "${GROW:-0}" = 1 ]; then dirs=("corpus/$target"); else
    scratch="$(mktemp -d)"; dirs=("$scratch" "corpus/$target"); fi
  if cargo +nightly fuzz run "${flags[@]}" "$target" "${dirs[@]}" -- \
      -max_total_time="$seconds" -print_final_stats=1 -max_len=65536 >"$log" 2>&1; then
    result="0 panics"
  else
    result="FAILED (see fuzz/artifacts/$target)"
    status=1
    grep -E "panicked|ERROR|SUMMARY" "$log" | head -5 >&2 || true
  fi
  execs=$(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$log" | grep -Eo '[0-9]+$' || echo 0)
  echo "fuzz $target: ${execs} inputs in ${seconds} s, ${result}"
  rm -f "$log"
  if [ "${GROW:-0}" != 1 ]; then rm -rf "$scratch"; fi
done
exit "$status"
