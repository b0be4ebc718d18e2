#!/usr/bin/env bash
# Copies the screenshots the test suites take (tray menu, switcher, wizard, settings, MFA
# prompt) into docs/screenshots/, which the README shows. Run scripts/test.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
src="${CARGO_TARGET_DIR:-/var/tmp/rolehop-target}/rolehop-screenshots"
mkdir -p docs/screenshots
for name in tray-menu wizard-identity settings mfa-wrong-code; do
  cp "$src/$name.png" "docs/screenshots/$name.png"
done
# Two accounts side by side (tests/tests/browsers.rs): Chromium in its default shared layout.
cp "$src/side-by-side-chromium-shared.png" docs/screenshots/side-by-side-chromium.png
cp "$src/side-by-side-firefox-separate.png" docs/screenshots/side-by-side-firefox.png
# From the screens suite (tests/tests/screens.rs): the window alone, on a 1280x800 screen.
screens="$src/screens"
cp "$screens/1280x800-light/switcher-window.png" docs/screenshots/switcher.png
cp "$screens/1280x800-dark/settings-shortcuts-window.png" docs/screenshots/settings-dark.png
cp "$screens/1024x640-light/wizard-3-shortcut-window.png" docs/screenshots/wizard-small-screen.png
ls -l docs/screenshots
