#!/usr/bin/env bash
# Cargo's target runner for x86_64-pc-windows-gnu: runs a Windows .exe under Wine, with the
# test-only bcryptprimitives.dll shim beside it (see bcryptprimitives.c). The Wine prefix is
# $WINEPREFIX (scripts/windows.sh makes a fresh one per run).
set -euo pipefail
exe="$1"; shift
shim="${ROLEHOP_WINE_SHIM:?ROLEHOP_WINE_SHIM names the built bcryptprimitives.dll}"
dir="$(dirname "$exe")"
[ -e "$dir/bcryptprimitives.dll" ] || cp "$shim" "$dir/bcryptprimitives.dll"
export WINEDEBUG="${WINEDEBUG:--all}"
exec /usr/lib/wine/wine64 "$exe" "$@"
