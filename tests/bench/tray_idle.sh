#!/usr/bin/env bash
# Tray benchmarks (goals, not pass/fail): start to tray registered, and the idle tray's memory
# and wakeups after it has sat in the tray with no window open.
# Usage: tests/bench/tray_idle.sh [idle seconds, default 60]
# Needs: a release build (`cargo build --release -p rolehop`), Xvfb, dbus, status-notifier-watcher.
set -euo pipefail
IDLE="${1:-60}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/rolehop"
[ -x "$BIN" ] || { echo "build first: cargo build --release -p rolehop" >&2; exit 2; }
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

inner() {
  export HOME="$WORK/home" ROLEHOP_CONFIG_DIR="$WORK/config" ROLEHOP_DATA_DIR="$WORK/data"
  mkdir -p "$HOME" "$ROLEHOP_CONFIG_DIR"
  # A realistic catalog: 20 clients, 150 shortcuts.
  {
    echo 'schema_version = 1'
    echo '[[identity]]'; echo 'id = "me"'; echo 'account = "111111111111"'
    for c in $(seq 1 20); do echo "[[client]]"; echo "id = \"client-$c\""; echo "name = \"Client $c\""; done
    for s in $(seq 1 150); do
      echo "[[shortcut]]"; echo "id = \"s$s\""; echo "client = \"client-$(( (s % 20) + 1 ))\""
      printf 'account = "%012d"\n' $(( 200000000000 + s )); echo 'role = "Admin"'
    done
  } > "$ROLEHOP_CONFIG_DIR/catalog.toml"
  for n in $(seq 90 200); do [ -e "/tmp/.X11-unix/X$n" ] || { DISPLAY_NUM=$n; break; }; done
  Xvfb ":$DISPLAY_NUM" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
  export DISPLAY=":$DISPLAY_NUM"
  status-notifier-watcher >/dev/null 2>&1 &
  sleep 1
  start=$(date +%s%N)
  "$BIN" >/dev/null 2>&1 &
  pid=$!
  while :; do
    items=$(dbus-send --session --print-reply --dest=org.kde.StatusNotifierWatcher /StatusNotifierWatcher \
      org.freedesktop.DBus.Properties.Get string:org.kde.StatusNotifierWatcher string:RegisteredStatusNotifierItems 2>/dev/null | grep -c '"' || true)
    [ "$items" -gt 0 ] && break
    sleep 0.005
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep "$IDLE"
  # The app and any helper processes it keeps (children).
  pids="$pid $(pgrep -P "$pid" || true)"
  private=0; rss=0; pss=0; helpers=0
  for p in $pids; do
    a=$(awk '/^RssAnon:/{print $2}' /proc/$p/status); s=$(awk '/^RssShmem:/{print $2}' /proc/$p/status)
    r=$(awk '/^VmRSS:/{print $2}' /proc/$p/status); q=$(awk '/^Pss:/{print $2}' /proc/$p/smaps_rollup)
    private=$(( private + a + s )); rss=$(( rss + r )); pss=$(( pss + q )); helpers=$(( helpers + 1 ))
  done
  c1=$(awk '/ctxt_switches/{s+=$2} END{print s}' /proc/$pid/status); sleep 10
  c2=$(awk '/ctxt_switches/{s+=$2} END{print s}' /proc/$pid/status)
  echo "start to tray registered: ${ready} ms (goal <= 300)"
  echo "after ${IDLE} s idle, ${helpers} process(es): private ${private} kB (goal <= 30720), RSS ${rss} kB, PSS ${pss} kB"
  echo "context switches in 10 s idle: $(( c2 - c1 )) (goal: no periodic wakeups)"
  kill "$pid"
}
export -f inner
export WORK BIN IDLE
dbus-run-session -- bash -c inner 2>/dev/null
