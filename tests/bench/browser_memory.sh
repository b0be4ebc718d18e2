#!/usr/bin/env bash
# Browser memory per open console (a goal, not pass/fail): Chromium with N accounts open side by
# side, as N separate instances (one --user-data-dir each, Rolehop's layout today) and as one
# Rolehop-owned instance with N profile directories (--profile-directory), each showing a page
# that stands in for a console. Prints PSS summed over each layout's process tree.
# Usage: tests/bench/browser_memory.sh [counts, default "1 4 10"] [settle seconds, default 15]
# Needs: chromium, Xvfb, python3.
set -euo pipefail
COUNTS="${1:-1 4 10}"
SETTLE="${2:-15}"
BROWSER="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$BROWSER" ] || { echo "needs chromium" >&2; exit 2; }
WORK="$(mktemp -d)"
trap 'pkill -f "$WORK" 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

# A page with what a console page has a little of: markup, styles, a script that keeps state.
mkdir -p "$WORK/site"
cat > "$WORK/site/console.html" <<'HTML'
<!doctype html><meta charset="utf-8"><title>Console Home</title>
<style>body{font:14px system-ui;margin:0}header{background:#232f3e;color:#fff;padding:8px 16px}
main{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;padding:16px}.card{border:1px solid #ccc;border-radius:6px;padding:12px;min-height:80px}</style>
<header>AWS Management Console (stand-in) — account <span id="acct"></span></header><main id="m"></main>
<script>
document.getElementById('acct').textContent = location.hash.slice(1);
const m = document.getElementById('m'); const rows = [];
for (let i = 0; i < 400; i++) { const d = document.createElement('div'); d.className = 'card';
  d.textContent = 'Service ' + i + ' ' + 'x'.repeat(i % 50); m.appendChild(d); rows.push({i, t: d.textContent}); }
window.state = rows;
</script>
HTML
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/site" >/dev/null 2>&1 &
for n in $(seq 90 200); do [ -e "/tmp/.X11-unix/X$n" ] || { DISPLAY_NUM=$n; break; }; done
Xvfb ":$DISPLAY_NUM" -screen 0 1600x900x24 -nolisten tcp >/dev/null 2>&1 &
export DISPLAY=":$DISPLAY_NUM"
sleep 1
FLAGS=(--no-first-run --no-default-browser-check --disable-background-networking --disable-component-update
  --disable-sync --disable-gpu --password-store=basic --disable-features=Translate,MediaRouter)
[ "$(id -u)" = 0 ] && FLAGS+=(--no-sandbox)

pss_of() { # PSS in kB summed over every process whose command line names $1
  local total=0 pid q
  for pid in $(pgrep -f -- "$1" || true); do
    q=$(awk '/^Pss:/{print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    total=$(( total + ${q:-0} ))
  done
  echo "$total"
}
procs_of() { pgrep -f -- "$1" | wc -l; }

for n in $COUNTS; do
  # N instances, one user-data-dir each.
  for i in $(seq 1 "$n"); do
    "$BROWSER" "${FLAGS[@]}" --user-data-dir="$WORK/separate-$n/p$i" --new-window \
      "http://127.0.0.1:$PORT/console.html#$i" >/dev/null 2>&1 &
    sleep 1
  done
  sleep "$SETTLE"
  sep=$(pss_of "$WORK/separate-$n/"); sep_procs=$(procs_of "$WORK/separate-$n/")
  pkill -f -- "$WORK/separate-$n/" || true; sleep 2
  # One instance, N profile directories (isolated cookies and storage per profile).
  for i in $(seq 1 "$n"); do
    "$BROWSER" "${FLAGS[@]}" --user-data-dir="$WORK/shared-$n" --profile-directory="Profile $i" --new-window \
      "http://127.0.0.1:$PORT/console.html#$i" >/dev/null 2>&1 &
    sleep 1
  done
  sleep "$SETTLE"
  shared=$(pss_of "$WORK/shared-$n"); shared_procs=$(procs_of "$WORK/shared-$n")
  pkill -f -- "$WORK/shared-$n" || true; sleep 2
  saved=$(( sep > 0 ? (100 * (sep - shared)) / sep : 0 ))
  echo "$n account(s): separate instances ${sep} kB PSS in ${sep_procs} processes; one instance with profiles ${shared} kB in ${shared_procs} processes (${saved} % less)"
done
