#!/usr/bin/env bash
# Browser memory per open console (a goal, not pass/fail): `rolehop open` of N accounts in
# Chromium, as a browser per shortcut (profile_layout = "separate", the layout before issue 15)
# and as profiles of one shared Rolehop browser (the default), on the federation stand-in's
# console page against moto. Prints PSS summed over each layout's browser process trees side by
# side, and the cost of each additional console. See tests/benches/browser_memory.rs.
# Usage: tests/bench/browser_memory.sh [counts, default "1 4 10"] [settle seconds, default 15]
# Needs what the README's test command installs (chromium, Xvfb, moto, gnome-keyring).
set -euo pipefail
cd "$(dirname "$0")/../.."
export ROLEHOP_BENCH_COUNTS="${1:-1 4 10}" ROLEHOP_BENCH_SETTLE="${2:-15}"
exec cargo bench -p rolehop-tests --bench browser_memory
