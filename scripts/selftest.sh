#!/usr/bin/env bash
# Shows that the test command's guards and summary cannot lie: each is fed a deliberately
# broken input and must fire. Run by scripts/test.sh before anything else.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/checks.sh
fail() { echo "selftest: $*" >&2; exit 1; }

# The purity guard fires on a tree with Tauri or clap in it (as the first line, and deep in a
# long tree, where an early-exiting grep used to make the pipeline fail and the guard pass).
printf 'rolehop-core v0.1.0\n└── tauri v2.9.0\n' | core_is_pure 2>/dev/null && fail "guard passed a tree with tauri"
{ echo "rolehop-core v0.1.0"; for i in $(seq 1 20000); do echo "├── dep$i v1.0.0"; done; echo "└── clap v4.5.0"; } \
  | core_is_pure 2>/dev/null && fail "guard passed a long tree ending in clap"
printf '' | core_is_pure 2>/dev/null && fail "guard passed an empty tree (cargo tree failed)"
printf 'rolehop-core v0.1.0\n├── toml v0.9\n└── tauri-free-thing-not v1\n' | core_is_pure 2>/dev/null && fail "guard missed tauri-* crate"
printf 'rolehop-core v0.1.0\n├── toml v0.9\n└── regex v1\n' | core_is_pure || fail "guard fired on a pure tree"

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
rm -rf "$crate_dir"
echo "selftest: guards and summary fire on broken input"
