#!/usr/bin/env bash
# The macOS type-check, run on this Linux machine (scripts/test.sh runs it; ARCHITECTURE.md §8):
# clippy (-D warnings) over the whole workspace for aarch64-apple-darwin and
# x86_64-apple-darwin, with zig as the C compiler of build scripts (cargo-zigbuild and
# ziglang from PyPI, installed by scripts/deps.sh --test). Nothing is linked or run: that
# needs Apple's SDK and a Mac (the CI workflow's macOS jobs, .github/workflows/ci.yml).
#
# What this check does not reach, exactly: the shell is checked without its `notifications`
# feature, because that feature's macOS backend (notify-rust → mac-notification-sys) compiles
# Objective-C against Cocoa headers that only Apple's SDK has. So mac-notification-sys itself
# and the few lines behind `#[cfg(feature = "notifications")]` (app/notify.rs, the plugin's
# registration in app/mod.rs) are not type-checked for macOS; they are for Linux and Windows,
# and built for macOS on the CI runners.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/rolehop-target}"
venv="${ROLEHOP_VENV:-/var/tmp/rolehop-venv}"
# zig (python-zig) and cargo-zigbuild sit in the venv.
export PATH="$venv/bin:$PATH"
for target in aarch64-apple-darwin x86_64-apple-darwin; do
  echo "== macOS ($target): cargo clippy --all-targets -- -D warnings (core and test harness)"
  cargo-zigbuild clippy --locked -p rolehop-core -p rolehop-tests --all-targets --target "$target" -- -D warnings
  echo "== macOS ($target): cargo clippy --all-targets -- -D warnings (the app, without notifications)"
  cargo-zigbuild clippy --locked -p rolehop -p rolehop-common -p rolehop-tray --no-default-features --all-targets --target "$target" -- -D warnings
done
echo "macOS type-check: passed for aarch64-apple-darwin and x86_64-apple-darwin"
