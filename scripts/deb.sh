#!/usr/bin/env bash
# Builds the Debian package with the Tauri bundler: installs what is missing, builds ui/, then
# `tauri build --bundles deb` (release build). The .deb lands in
# $CARGO_TARGET_DIR/release/bundle/deb/ (default target/…), and its path is printed last.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
(cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb --ci) >&2
ls -1 "${CARGO_TARGET_DIR:-target}"/release/bundle/deb/*.deb
