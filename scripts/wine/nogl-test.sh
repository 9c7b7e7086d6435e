#!/usr/bin/env bash
# The Windows build on a computer with no OpenGL, under Wine and Xvfb.
# Wine's opengl32.dll draws through the X server's GLX, so an Xvfb started
# without GLX is a Windows whose opengl32.dll finds no driver behind it:
# what a Remote Desktop session or a virtual desktop with no GPU gives.
# (WINEDLLOVERRIDES=opengl32=d is no such case: Windows always has
# opengl32.dll, and the .exe, linked to it, would not even load.)
# For each language it checks that the console shows Windows' own message
# box, titled "Sportello non può partire" (or in English), keeps a
# screenshot of it, closes it with Enter, then exits with status 6, and
# that stderr and the log in the data folder say what is missing and what
# IT can do.
# Usage: WINEPREFIX=/tmp/some-prefix scripts/wine/nogl-test.sh Sportello.exe [artifacts-dir]
# Needs wine64, Xvfb, xdotool, xwininfo, ImageMagick's import; the prefix
# is made with scripts/wine/prefix.sh when missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exe="$(realpath "${1:?usage: $0 Sportello.exe [artifacts-dir]}")"
art="${2:-artifacts}"
: "${WINEPREFIX:?set WINEPREFIX to the Wine prefix to use (made if missing)}"
export WINEPREFIX WINEARCH=win64 WINEDEBUG="${WINEDEBUG:--all}"
[ -d "$WINEPREFIX/drive_c/windows/system32" ] || "$here/prefix.sh"
mkdir -p "$art"
work="$(mktemp -d)"
xvfb_pid=
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp -extension GLX >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
exec 3>&-
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$work/display")"
echo "nogl: Xvfb $DISPLAY without GLX"

fail() { echo "nogl: FAIL: $*" >&2; exit 1; }

check() { # lang, box title, text on stderr and in the log
	local lang="$1" title="$2" says="$3"
	local dir="nogl-$lang-$$" unixdir="$WINEPREFIX/drive_c/users/Public/nogl-$lang-$$"
	local began=$SECONDS
	wine "$exe" --operator demo --lang "$lang" --data-dir "C:\\users\\Public\\$dir" >"$work/out-$lang" 2>&1 &
	pid=$!
	local win=
	for _ in $(seq 120); do
		win="$(xdotool search --name "^$title\$" 2>/dev/null | head -1 || true)"
		[ -n "$win" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	[ -n "$win" ] || { cat "$work/out-$lang" >&2; fail "$lang: no message box titled \"$title\""; }
	echo "nogl: $lang: message box \"$title\" shown after $((SECONDS - began)) s ($(xwininfo -id "$win" | awk '/Width|Height/{printf "%s ", $2}')px)"
	sleep 1
	import -window root "$art/wine-no-opengl-$lang.png"
	echo "nogl: $lang: screenshot $art/wine-no-opengl-$lang.png"
	xdotool key --window "$win" Return 2>/dev/null
	local status=0
	for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
	kill -0 "$pid" 2>/dev/null && { kill "$pid"; fail "$lang: still running after Enter on the message box"; }
	wait "$pid" || status=$?
	pid=
	[ "$status" = 6 ] || { cat "$work/out-$lang" >&2; fail "$lang: exit status $status, want 6"; }
	echo "nogl: $lang: Enter closed it; exit status 6"
	grep -qF "$says" "$work/out-$lang" || { cat "$work/out-$lang" >&2; fail "$lang: stderr lacks \"$says\""; }
	{ grep -qF "opengl32.dll" "$work/out-$lang" && grep -qF "Mesa" "$work/out-$lang"; } || fail "$lang: stderr does not name Mesa's opengl32.dll"
	echo "nogl: $lang: stderr says \"$says …\" and names Mesa's opengl32.dll"
	local log="$unixdir/logs/sportello.log"
	grep -F 'msg="console not started"' "$log" | grep -qF "$says" || { cat "$log" >&2; fail "$lang: the log does not say it"; }
	echo "nogl: $lang: the log says it too: $(grep -o 'msg=failed err=.*' "$log" | head -1)"
	rm -rf "$unixdir"
}

check it "Sportello non può partire" "Sportello non può aprire la sua finestra: su questo computer manca OpenGL 2.1"
check en "Sportello cannot start" "Sportello cannot open its window: this computer lacks OpenGL 2.1"
echo "nogl: ok"
