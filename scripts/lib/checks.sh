# Guards and the closing summary of scripts/test.sh, as functions so scripts/selftest.sh can show
# each one firing on a deliberately broken input. Sourced, not run.

# Reads `cargo tree` output on stdin; fails (status 1) when a Tauri or clap crate is in it.
# The whole input is read first: under `pipefail`, `grep -q` ending early would SIGPIPE the
# producer and turn "found" into a failed pipeline, i.e. into "pure".
core_is_pure() {
  local tree
  tree="$(cat)"
  if [ -z "$tree" ]; then
    echo "core_is_pure: empty dependency tree (did cargo tree fail?)" >&2
    return 2
  fi
  if printf '%s\n' "$tree" | grep -Eq '(^|[^a-z_-])(tauri|clap)([^a-z]|$)'; then
    printf '%s\n' "$tree" | grep -E '(^|[^a-z_-])(tauri|clap)([^a-z]|$)' | head -5 >&2
    return 1
  fi
  return 0
}

# Prints "P passed, F failed, S skipped" for a `cargo test` log ($1) and a Vitest log ($2,
# may be empty). A test binary that failed without printing its `test result` line (it
# crashed, or was killed) counts as one failed test, so the line can never read "0 failed"
# beside a failed run.
summarize() {
  local log="$1" ui_log="${2:-}" fuzz_log="${3:-}"
  local passed failed ignored failed_bins failing_targets crashed ui_line
  passed=$(grep -Eo '^test result: [A-Za-z]+\. [0-9]+ passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  failed=$(grep -E '^test result: ' "$log" | grep -Eo '[0-9]+ failed;' | awk '{s+=$1} END {print s+0}')
  ignored=$(grep -E '^test result: ' "$log" | grep -Eo '[0-9]+ ignored;' | awk '{s+=$1} END {print s+0}')
  failed_bins=$(grep -cE '^test result: FAILED' "$log" || true)
  # cargo names every target that failed: one "to rerun pass" line, or a list after
  # "error: N targets failed:".
  # cargo may name the same target twice (once when it fails, once in the closing list).
  failing_targets=$(grep -E '^error: test failed, to rerun pass|^    `-p [^`]+`$' "$log" \
    | grep -Eo '`-p [^`]+`' | sort -u | wc -l || true)
  crashed=$((failing_targets > failed_bins ? failing_targets - failed_bins : 0))
  failed=$((failed + crashed))
  if [ -n "$ui_log" ] && [ -f "$ui_log" ]; then
    # Vitest's summary: "Tests  25 passed (25)" or "Tests  1 failed | 24 passed (25)"; colour
    # codes stripped in case a terminal setting forced them.
    ui_line=$(sed -E 's/\x1b\[[0-9;]*m//g' "$ui_log" | grep -E '^ +Tests +' | tail -1 || true)
    passed=$((passed + $(echo "$ui_line" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || echo 0)))
    failed=$((failed + $(echo "$ui_line" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' || echo 0)))
  fi
  if [ -n "$fuzz_log" ] && [ -f "$fuzz_log" ]; then
    # One line per fuzz target: "fuzz catalog: 165156 inputs in 15 s, 0 panics".
    passed=$((passed + $(grep -cE '^fuzz [a-z_]+: .*, 0 panics$' "$fuzz_log" || true)))
    failed=$((failed + $(grep -cE '^fuzz [a-z_]+: .*FAILED' "$fuzz_log" || true)))
  fi
  if [ "$crashed" -gt 0 ]; then
    echo "(${crashed} test binary/binaries ended without a result line: counted as failed)" >&2
  fi
  echo "${passed} passed, ${failed} failed, ${ignored} skipped"
}
