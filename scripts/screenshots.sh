#!/usr/bin/env bash
# Copies the screenshots the test suites take (tray menu, switcher, wizard, settings, MFA
# prompt) into docs/screenshots/, which the README shows. Run scripts/test.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
src="${CARGO_TARGET_DIR:-/var/tmp/rolehop-target}/rolehop-screenshots"
mkdir -p docs/screenshots
# (docs/screenshots/switcher.png was taken by hand: `rolehop show switcher` under Xvfb, "acme"
# typed with xdotool; under WebDriver automation the switcher window's pixels on screen stay
# blank, see the issue notes.)
for name in tray-menu wizard-identity settings mfa-wrong-code; do
  cp "$src/$name.png" "docs/screenshots/$name.png"
done
ls -l docs/screenshots
