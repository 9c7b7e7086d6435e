#!/usr/bin/env bash
# Prepares a throw-away 64-bit Wine prefix for running the Windows build in
# tests: wineboot, then the test-only ProcessPrng stand-in (processprng.c,
# built here with MinGW-w64) in the prefix's system32, since Wine 8 has no
# bcryptprimitives.dll and the Go 1.26 runtime will not start without it.
# Usage: WINEPREFIX=/some/new/dir scripts/wine/prefix.sh
# Needs wine64 and gcc-mingw-w64-x86-64 (scripts/setup.sh --windows).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${WINEPREFIX:?set WINEPREFIX to the folder of the prefix to create}"
export WINEPREFIX WINEARCH=win64 WINEDEBUG="${WINEDEBUG:--all}"
# wineboot with no display: Wine must not open its own windows here.
DISPLAY= wineboot --init >/dev/null 2>&1 || true
wineserver --wait
sys32="$WINEPREFIX/drive_c/windows/system32"
[ -d "$sys32" ] || { echo "wine prefix: $sys32 missing after wineboot" >&2; exit 1; }
x86_64-w64-mingw32-gcc -O2 -shared -o "$sys32/bcryptprimitives.dll" \
	"$here/processprng.c" "$here/bcryptprimitives.def" -ladvapi32
echo "wine prefix ready: $WINEPREFIX"
