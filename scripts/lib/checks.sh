# Guards and the closing summary of scripts/test.sh, as functions so scripts/selftest.sh can show
# each one firing on a deliberately broken input. Sourced, not run.

# The crates neither core nor the CLI (`cli/`, with rolehop-common) may depend on: Tauri and
# every tauri-* crate, its windowing, webview and tray stack (wry, tao, muda, tray-icon),
# GTK/GDK, WebKitGTK and its JavaScriptCore and libsoup, the app indicator. Core must not
# depend on clap either (UI_CRATES). Matched as whole crate names, as `cargo tree` prints them
# (`├── wry v0.53.0`).
WEBVIEW_CRATES='tauri(-[a-z0-9-]+)?|wry|tao|muda|tray-icon|gtk(-sys)?|gtk3-macros|gdk(-sys|-pixbuf|-pixbuf-sys|wayland-sys|x11-sys)?|webkit2gtk(-sys)?|javascriptcore-rs(-sys)?|soup3(-sys)?|libappindicator(-sys)?'
UI_CRATES="${WEBVIEW_CRATES}|clap(_builder|_derive|_lex)?"

# Reads `cargo tree` output on stdin; fails (status 1) when a crate matching the pattern $1 is
# in it, 2 when the tree is empty (cargo tree failed). The whole input is read into a variable
# and searched with a here-string: no pipe, so nothing can end early and SIGPIPE the producer
# (under `pipefail`, `printf … | grep -q` turned a match into a failed pipeline, i.e. "pure", in
# 4 runs of 5 on the real tree).
tree_is_free_of() {
  local pattern="$1" tree hits status=0
  tree="$(cat)"
  if [ -z "$tree" ]; then
    echo "tree_is_free_of: empty dependency tree (did cargo tree fail?)" >&2
    return 2
  fi
  hits="$(grep -E "(^|[^A-Za-z0-9_-])(${pattern}) v[0-9]" <<<"$tree")" || status=$?
  case "$status" in
    0) head -5 <<<"$hits" >&2; return 1 ;;
    1) return 0 ;;
    *) echo "tree_is_free_of: grep failed ($status)" >&2; return 2 ;;
  esac
}

# Core's tree on stdin: no UI crate and no clap.
core_is_pure() { tree_is_free_of "$UI_CRATES"; }

# The CLI's tree on stdin: no Tauri, wry, GTK or WebKit crate (clap is its own).
cli_is_light() { tree_is_free_of "$WEBVIEW_CRATES"; }

# The one module allowed `unsafe` (the workspace denies `unsafe_code`): the Win32 calls of
# core/src/owner/windows.rs.
UNSAFE_MODULE="core/src/owner/windows.rs"

# Fails (status 1, naming the files) when any Rust file under the folders given, other than
# UNSAFE_MODULE, lifts the `unsafe_code` lint (allow, expect or warn, alone or in a list, as
# an inner or outer attribute), or when UNSAFE_MODULE itself is not found among them (the
# guard would then be looking at the wrong tree). Run from the repository's root.
unsafe_only_in_its_module() {
  local files status=0
  files="$(grep -rlE --include='*.rs' '(allow|expect|warn)\(([A-Za-z_:, ]*)unsafe_code' "$@" | sort)" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "unsafe_only_in_its_module: grep failed ($status)" >&2; return 2
  fi
  if [ "$files" != "$UNSAFE_MODULE" ]; then
    echo "unsafe_code is allowed in: ${files:-no file} (only $UNSAFE_MODULE may)" >&2
    return 1
  fi
}

# Prints "P passed, F failed, S skipped" for a `cargo test` log ($1), a Vitest log ($2, may be
# empty), the fuzz log ($3) and the skip log ($4, one line per test that could not run here). A test binary that failed without printing its `test result` line (it
# crashed, or was killed) counts as one failed test, so the line can never read "0 failed"
# beside a failed run.
summarize() {
  local log="$1" ui_log="${2:-}" fuzz_log="${3:-}" skip_log="${4:-}"
  local passed failed ignored failed_bins failing_targets crashed ui_line skips=0
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
    # codes stripped in case a terminal setting forced them. A test file that failed to load
    # (an import error) is "Test Files  1 failed": its tests never ran, so it counts as failed
    # even when the Tests line shows no failure; no summary at all (Vitest crashed) is one too.
    local clean
    clean=$(sed -E 's/\x1b\[[0-9;]*m//g' "$ui_log")
    ui_line=$(grep -E '^ +Tests +' <<<"$clean" | tail -1 || true)
    local files_line files_failed tests_failed
    files_line=$(grep -E '^ +Test Files +' <<<"$clean" | tail -1 || true)
    passed=$((passed + $(grep -Eo '[0-9]+ passed' <<<"$ui_line" | grep -Eo '[0-9]+' || echo 0)))
    tests_failed=$(grep -Eo '[0-9]+ failed' <<<"$ui_line" | grep -Eo '[0-9]+' || echo 0)
    files_failed=$(grep -Eo '[0-9]+ failed' <<<"$files_line" | grep -Eo '[0-9]+' || echo 0)
    failed=$((failed + tests_failed))
    if [ "$files_failed" -gt "$tests_failed" ]; then
      failed=$((failed + files_failed - tests_failed))
      echo "(Vitest: ${files_failed} test file(s) failed, some before their tests ran: counted as failed)" >&2
    fi
    if [ -z "$files_line" ]; then
      failed=$((failed + 1))
      echo "(Vitest printed no summary: counted as failed)" >&2
    fi
  fi
  if [ -n "$fuzz_log" ] && [ -f "$fuzz_log" ]; then
    # One line per fuzz target: "fuzz catalog: 165156 inputs in 15 s, 0 panics". A target
    # that ran no input proves nothing: failed. So is a fuzz build that failed (no target line
    # at all, or its "fuzz build FAILED" line).
    local fuzz_ok fuzz_lines
    fuzz_ok=$(grep -E '^fuzz [a-z_0-9]+: [1-9][0-9]* inputs .*, 0 panics$' "$fuzz_log" | wc -l)
    fuzz_lines=$(grep -cE '^fuzz [a-z_0-9]+: ' "$fuzz_log" || true)
    passed=$((passed + fuzz_ok))
    failed=$((failed + fuzz_lines - fuzz_ok))
    if [ "$fuzz_lines" -eq 0 ] || grep -qE '^fuzz build FAILED' "$fuzz_log"; then
      failed=$((failed + 1))
      echo "(the fuzz targets did not build or did not run: counted as failed)" >&2
    fi
  fi
  if [ -n "$skip_log" ] && [ -s "$skip_log" ]; then
    # Tests that returned early because something they need is missing: they passed nothing.
    skips=$(wc -l < "$skip_log")
    passed=$((passed > skips ? passed - skips : 0))
    ignored=$((ignored + skips))
    echo "(skipped, each counted once as skipped and not as passed:)" >&2
    sed 's/^/  /' "$skip_log" >&2
  fi
  if [ "$crashed" -gt 0 ]; then
    echo "(${crashed} test binary/binaries ended without a result line: counted as failed)" >&2
  fi
  echo "${passed} passed, ${failed} failed, ${ignored} skipped"
}
