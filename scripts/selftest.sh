#!/usr/bin/env bash
# Shows that the test command's guards and summary cannot lie: each is fed a deliberately
# broken input and must fire. Run by scripts/test.sh before anything else.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/checks.sh
fail() { echo "selftest: $*" >&2; exit 1; }

# The purity guard fires on a tree with a UI crate in it: as the first line, early in a long
# tree (where a grep that stops at the first match made the producer die of SIGPIPE and the
# guard answer "pure" 4 times in 5), deep in it, and for each crate of the list. Many runs:
# the old failure was a race.
big_tail="$(for i in $(seq 1 60000); do echo "│   ├── dep$i v1.0.0"; done)"
for run in $(seq 1 25); do
  { echo "rolehop-core v0.1.0"; echo "├── tauri v2.9.0"; printf '%s\n' "$big_tail"; } \
    | core_is_pure 2>/dev/null && fail "guard passed a long tree with tauri early (run $run)"
done
for crate in tauri tauri-runtime-wry wry tao muda tray-icon gtk gdk webkit2gtk javascriptcore-rs soup3 libappindicator clap clap_builder; do
  { echo "rolehop-core v0.1.0"; printf '%s\n' "$big_tail" | head -100; echo "│   │   └── $crate v0.1.0 (*)"; } \
    | core_is_pure 2>/dev/null && fail "guard missed $crate"
done
printf 'rolehop-core v0.1.0\n└── tauri v2.9.0\n' | core_is_pure 2>/dev/null && fail "guard passed a tree with tauri"
{ echo "rolehop-core v0.1.0"; printf '%s\n' "$big_tail"; echo "└── clap v4.5.0"; } \
  | core_is_pure 2>/dev/null && fail "guard passed a long tree ending in clap"
printf '' | core_is_pure 2>/dev/null && fail "guard passed an empty tree (cargo tree failed)"
# Names that only contain a UI crate's name are not that crate.
printf 'rolehop-core v0.1.0\n├── toml v0.9\n├── gtkish v1.0\n├── mytauri v1.0\n└── claptrap v1\n' | core_is_pure \
  || fail "guard fired on a pure tree"

# The CLI's guard: the same reading, without clap. It fires on every webview crate, deep in a
# long tree and many times over, and passes a tree with clap.
for run in $(seq 1 10); do
  { echo "rolehop v0.1.0"; printf '%s\n' "$big_tail"; echo "│   └── webkit2gtk v2.0.1"; } \
    | cli_is_light 2>/dev/null && fail "CLI guard passed a long tree with webkit2gtk (run $run)"
done
for crate in tauri tauri-plugin-deep-link wry tao muda tray-icon gtk gdk-pixbuf webkit2gtk-sys javascriptcore-rs soup3 libappindicator; do
  printf 'rolehop v0.1.0\n├── rolehop-common v0.1.0\n│   └── %s v0.1.0\n' "$crate" \
    | cli_is_light 2>/dev/null && fail "CLI guard missed $crate"
done
printf '' | cli_is_light 2>/dev/null && fail "CLI guard passed an empty tree (cargo tree failed)"
printf 'rolehop v0.1.0\n├── clap v4.5.0\n├── rolehop-common v0.1.0\n└── zbus v5.0.0\n' | cli_is_light \
  || fail "CLI guard fired on a tree with clap"

# The unsafe guard fires on a crate that lifts the lint anywhere else, in any spelling, and
# when the one allowed module is missing; it passes the real tree.
tree="$(mktemp -d)"
mkdir -p "$tree/core/src/owner" "$tree/src-tauri/src"
echo '#![allow(unsafe_code)]' > "$tree/core/src/owner/windows.rs"
(cd "$tree" && unsafe_only_in_its_module core src-tauri 2>/dev/null) || fail "unsafe guard fired on the allowed module alone"
for spelling in '#![allow(unsafe_code)]' '#[allow(dead_code, unsafe_code)]' '#[expect(unsafe_code)]' '#![allow(rust::unsafe_code)]'; do
  echo "$spelling" > "$tree/src-tauri/src/ffi.rs"
  (cd "$tree" && unsafe_only_in_its_module core src-tauri 2>/dev/null) && fail "unsafe guard passed: $spelling"
done
rm "$tree/src-tauri/src/ffi.rs" "$tree/core/src/owner/windows.rs"
(cd "$tree" && unsafe_only_in_its_module core src-tauri 2>/dev/null) && fail "unsafe guard passed a tree without its module"
rm -rf "$tree"
unsafe_only_in_its_module core common cli src-tauri tests fuzz || fail "unsafe guard fired on the real tree"

# The summary counts a crashed test binary (no result line) as failed.
log="$(mktemp)"; trap 'rm -f "$log"' EXIT
cat > "$log" <<'LOG'
test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.1s
error: test failed, to rerun pass `-p rolehop-tests --test tray`
Caused by:
  process didn't exit successfully: `/t/tray-abc` (signal: 11, SIGSEGV: invalid memory reference)
LOG
line=$(summarize "$log" 2>/dev/null)
[ "$line" = "12 passed, 1 failed, 0 skipped" ] || fail "summary of a crash read: $line"
cat > "$log" <<'LOG'
test result: FAILED. 3 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.1s
test result: ok. 4 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.1s
error: 2 targets failed:
    `-p rolehop-core --lib`
    `-p rolehop-tests --test faults`
LOG
line=$(summarize "$log" 2>/dev/null)
[ "$line" = "7 passed, 3 failed, 1 skipped" ] || fail "summary of a failure and a crash read: $line"
# A failed binary that cargo names twice (when it fails, and in the closing list) is one.
cat > "$log" <<'LOG'
test result: FAILED. 6 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.1s
error: test failed, to rerun pass `-p rolehop-tests --test ui_e2e`
error: 1 target failed:
    `-p rolehop-tests --test ui_e2e`
LOG
line=$(summarize "$log" 2>/dev/null)
[ "$line" = "6 passed, 1 failed, 0 skipped" ] || fail "summary of one failure named twice read: $line"
# A fuzz target that found a panic counts as failed.
fuzz="$(mktemp)"
printf 'fuzz catalog: 100 inputs in 15 s, 0 panics\nfuzz layer: 7 inputs in 15 s, FAILED (see fuzz/artifacts/layer)\n' > "$fuzz"
printf 'test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.1s\n' > "$log"
line=$(summarize "$log" "" "$fuzz" 2>/dev/null)
rm -f "$fuzz"
[ "$line" = "2 passed, 1 failed, 0 skipped" ] || fail "summary with a fuzz failure read: $line"
# A fuzz target that ran no input, and a fuzz build that failed, are failures.
fuzz="$(mktemp)"
printf 'fuzz catalog: 0 inputs in 15 s, 0 panics\n' > "$fuzz"
line=$(summarize "$log" "" "$fuzz" 2>/dev/null)
[ "$line" = "1 passed, 1 failed, 0 skipped" ] || fail "summary with a fuzz target that ran nothing read: $line"
printf 'fuzz build FAILED\n' > "$fuzz"
line=$(summarize "$log" "" "$fuzz" 2>/dev/null)
[ "$line" = "1 passed, 1 failed, 0 skipped" ] || fail "summary with a failed fuzz build read: $line"
rm -f "$fuzz"
# A Vitest file that failed to import (its tests never ran) is a failure, and so is a Vitest
# run with no summary.
ui="$(mktemp)"
printf ' FAIL  src/setup.test.ts [ src/setup.test.ts ]\nError: Failed to resolve import\n Test Files  1 failed | 9 passed (10)\n      Tests  55 passed (55)\n' > "$ui"
line=$(summarize "$log" "$ui" 2>/dev/null)
[ "$line" = "56 passed, 1 failed, 0 skipped" ] || fail "summary with a Vitest import failure read: $line"
printf 'Error: something broke before any test\n' > "$ui"
line=$(summarize "$log" "$ui" 2>/dev/null)
[ "$line" = "1 passed, 1 failed, 0 skipped" ] || fail "summary of a Vitest run without a summary read: $line"
rm -f "$ui"
# A test that skipped is counted as skipped, not passed.
skips="$(mktemp)"
printf 'test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.1s\n' > "$log"
printf 'faults::disk_full: cannot mount a tmpfs here\n' > "$skips"
line=$(summarize "$log" "" "" "$skips" 2>/dev/null)
rm -f "$skips"
[ "$line" = "2 passed, 0 failed, 1 skipped" ] || fail "summary with a skipped test read: $line"
# The import-cycle guard fires on two modules that import each other (through `use crate::`,
# and through an inline `super::` path), and passes a tree without a cycle.
crate_dir="$(mktemp -d)"
mkdir -p "$crate_dir/a"
printf 'mod a;\nmod b;\n' > "$crate_dir/lib.rs"
printf 'pub mod inner;\nuse crate::b::thing;\n' > "$crate_dir/a/mod.rs"
printf 'pub fn f() {}\n' > "$crate_dir/a/inner.rs"
printf 'pub fn thing() { super::a::inner::f() }\n' > "$crate_dir/b.rs"
python3 scripts/lib/import_cycles.py "$crate_dir" 1 >/dev/null && fail "cycle guard passed a <-> b"
printf 'pub fn thing() {}\n' > "$crate_dir/b.rs"
python3 scripts/lib/import_cycles.py "$crate_dir" 1 >/dev/null || fail "cycle guard fired without a cycle"
# A cycle hidden after a `#[cfg(test)] mod tests { … }` block still counts (the guard used to
# drop everything after the first `mod tests`), and so does one through a root re-export
# (`use crate::Thing` where lib.rs has `pub use b::Thing`).
printf '#[cfg(test)]\nmod tests {\n    fn t() {}\n}\nuse crate::b::thing;\n' > "$crate_dir/a/mod.rs"
printf 'pub fn thing() { super::a::inner::f() }\n' > "$crate_dir/b.rs"
python3 scripts/lib/import_cycles.py "$crate_dir" 1 >/dev/null && fail "cycle guard missed an edge after mod tests"
printf 'mod a;\nmod b;\npub use b::Thing;\n' > "$crate_dir/lib.rs"
printf 'use crate::Thing;\n' > "$crate_dir/a/mod.rs"
printf 'pub struct Thing;\npub fn thing() { super::a::inner::f() }\n' > "$crate_dir/b.rs"
python3 scripts/lib/import_cycles.py "$crate_dir" 1 >/dev/null && fail "cycle guard missed an edge through a root re-export"
# Test-only edges do not count.
printf 'pub fn thing() {}\n#[cfg(test)]\nmod tests {\n    use crate::a::inner::f;\n}\n' > "$crate_dir/b.rs"
python3 scripts/lib/import_cycles.py "$crate_dir" 1 >/dev/null || fail "cycle guard counted a test-only edge"
rm -rf "$crate_dir"
echo "selftest: guards and summary fire on broken input"
