#!/usr/bin/env bash
# Cargo's target runner for x86_64-pc-windows-gnu: runs a Windows .exe under Wine, with the
# test-only bcryptprimitives.dll shim beside it (see bcryptprimitives.c). The Wine prefix is
# $WINEPREFIX (scripts/windows.sh makes a fresh one per run).
set -euo pipefail
exe="$1"; shift
shim="${ROLEHOP_WINE_SHIM:?ROLEHOP_WINE_SHIM names the built bcryptprimitives.dll}"
dir="$(dirname "$exe")"
[ -e "$dir/bcryptprimitives.dll" ] || cp "$shim" "$dir/bcryptprimitives.dll"
# The tray's test binary (in deps/) imports WebView2Loader.dll, which webview2-com-sys's build
# puts beside the binaries one folder up (GNU builds load it at run time; MSVC ones link it).
if [ ! -e "$dir/WebView2Loader.dll" ] && [ -e "$dir/../WebView2Loader.dll" ]; then
  cp "$dir/../WebView2Loader.dll" "$dir/WebView2Loader.dll"
fi
export WINEDEBUG="${WINEDEBUG:--all}"
exec /usr/lib/wine/wine64 "$exe" "$@"
