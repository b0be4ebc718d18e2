#!/usr/bin/env bash
# Builds the Debian package with the Tauri bundler: installs what is missing, builds ui/ and
# the CLI (scripts/cli-sidecar.mjs: the `rolehop` crate, installed beside the tray app), then
# `tauri build --bundles deb` (release build of the tray, `rolehop-tray`). The .deb lands in
# $CARGO_TARGET_DIR/release/bundle/deb/ (default target/…), and its path is printed last.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
node scripts/cli-sidecar.mjs >&2
(cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb --ci --config tauri.bundle.json) >&2
ls -1 "${CARGO_TARGET_DIR:-target}"/release/bundle/deb/*.deb
