#!/usr/bin/env bash
# Installs, runs, upgrades and uninstalls the MSI under Wine, as an
# operator without administrator rights would:
#   1. an MSI of an older version (built here from the same .exe) is
#      installed, then DIST/Sportello.msi over it: one Sportello remains;
#   2. the installed Sportello.exe runs: it serves its own sandbox on
#      loopback, logs in against it (secrets to Wine's Credential Manager)
#      and syncs into %LocalAppData%\Sportello, each exiting 0;
#   3. the Start-menu Sportello.lnk exists and points at the .exe;
#   4. msiexec /x: the program folder, the shortcut and the product are
#      gone, the data folder is kept; installed again, the console logs in
#      and syncs on the kept data;
#   5. msiexec /x REMOVEDATA=1 (after a logout, which clears the
#      Credential Manager): the data folder is gone too.
# Prints the install, upgrade and uninstall times.
# Usage: scripts/wine/msi-test.sh [DIST]   (DIST/Sportello.msi and
# DIST/Sportello.exe from scripts/msi.sh; default dist). Uses a new
# throw-away Wine prefix unless WINEPREFIX names one made by prefix.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
dist=${1:-dist}
msi=$(realpath "$dist/Sportello.msi")
[ -f "$msi" ] || { echo "msi-test: $msi missing: run scripts/msi.sh" >&2; exit 1; }
version=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' FyneApp.toml | head -n1)
export WINEDEBUG=-all WINEARCH=win64
tmp=$(mktemp -d)
sandbox_pid=""
cleanup() {
	[ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null || true
	wineserver -k 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
if [ -z "${WINEPREFIX:-}" ]; then
	export WINEPREFIX="$tmp/prefix"
	scripts/wine/prefix.sh >/dev/null
fi
export DISPLAY=
users="$WINEPREFIX/drive_c/users/$(id -un)"
[ -d "$users" ] || users=$(find "$WINEPREFIX/drive_c/users" -mindepth 1 -maxdepth 1 -type d ! -name Public | head -n1)
progdir="$users/AppData/Local/Programs/Sportello"
datadir="$users/AppData/Local/Sportello"
lnk="$users/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Sportello.lnk"
exe='C:\users\'"$(basename "$users")"'\AppData\Local\Programs\Sportello\Sportello.exe'
fail() { echo "msi-test: $*" >&2; exit 1; }
secs() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
msiexec() {
	local t rc=0
	t=$(date +%s.%N)
	wine msiexec "$@" /qn >"$tmp/msiexec.out" 2>&1 || rc=$?
	[ "$rc" -eq 0 ] || { cat "$tmp/msiexec.out" >&2; fail "msiexec $* exited $rc"; }
	took=$(secs "$t")
}
# products: the installed products named Sportello, as "version" lines.
products() {
	wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null | tr -d '\r' |
		awk '/^HKEY/ { name = "" } /DisplayName[[:space:]]+REG_SZ[[:space:]]+Sportello$/ { name = 1 }
			name && /DisplayVersion/ { print $3; name = "" }'
	wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null | tr -d '\r' |
		awk '/^HKEY/ { name = "" } /DisplayName[[:space:]]+REG_SZ[[:space:]]+Sportello$/ { name = 1 }
			name && /DisplayVersion/ { print $3; name = "" }'
}

echo "== upgrade: 0.0.1 first, then $version"
scripts/msi.sh --version 0.0.1 --out "$tmp/old.msi" "$dist" >/dev/null
msiexec /i "$(winepath -w "$tmp/old.msi")"
[ "$(products)" = "0.0.1" ] || fail "after installing 0.0.1: products \"$(products)\""
echo "installed 0.0.1 in $took s"
msiexec /i "$(winepath -w "$msi")"
[ "$(products)" = "$version" ] || fail "after installing $version over 0.0.1: products \"$(products | paste -sd' ')\", want only $version"
echo "upgraded to $version in $took s: one Sportello installed ($version)"
[ -f "$progdir/Sportello.exe" ] || fail "$progdir/Sportello.exe missing"
cmp -s "$progdir/Sportello.exe" "$dist/Sportello.exe" || fail "the installed Sportello.exe is not $dist/Sportello.exe"
[ -f "$lnk" ] || fail "Start-menu shortcut $lnk missing"
grep -qaF 'Programs\Sportello\Sportello.exe' "$lnk" || fail "$lnk does not point at Sportello.exe"
echo "installed: $progdir/Sportello.exe ($(stat -c %s "$progdir/Sportello.exe") bytes), Start menu: $(basename "$lnk") -> Sportello.exe"

echo "== the installed Sportello.exe runs"
port=$((20000 + RANDOM % 20000))
# The installed .exe serves the sandbox the console talks to; it is
# stopped before each uninstall, as the operator closes Sportello first (a
# running .exe is in use: Windows Installer leaves it for the next reboot).
start_sandbox() {
	wine "$exe" sandbox --addr "127.0.0.1:$port" --seed 1 >"$tmp/sandbox.out" 2>&1 &
	sandbox_pid=$!
	for _ in $(seq 1 60); do
		curl -s -o /dev/null "http://127.0.0.1:$port/v1/me" && return 0
		sleep 0.5
	done
	cat "$tmp/sandbox.out" >&2
	fail "the installed Sportello.exe's sandbox never answered"
}
stop_sandbox() {
	kill "$sandbox_pid" 2>/dev/null || true
	wait "$sandbox_pid" 2>/dev/null || true
	sandbox_pid=""
	wineserver --wait
}
start_sandbox
t=$(date +%s.%N)
echo demo | wine "$exe" login --server "http://127.0.0.1:$port" --operator demo >"$tmp/login.out" 2>&1 || { cat "$tmp/login.out" >&2; fail "Sportello.exe login failed"; }
wine "$exe" sync --once >"$tmp/sync.out" 2>&1 || { cat "$tmp/sync.out" >&2; fail "Sportello.exe sync --once failed"; }
echo "login and sync in $(secs "$t") s: $(tail -n1 "$tmp/sync.out" | tr -d '\r')"
[ -f "$datadir/config.json" ] && [ -f "$datadir/cache.db" ] || fail "no config.json and cache.db in $datadir"
echo "data folder: $(find "$datadir" -type f | wc -l) files, $(du -sh "$datadir" | cut -f1)"

echo "== uninstall keeps the data"
stop_sandbox
msiexec /x "$(winepath -w "$msi")"
[ ! -e "$progdir" ] || fail "$progdir still there after uninstall: $(ls -A "$progdir")"
[ ! -e "$lnk" ] || fail "$lnk still there after uninstall"
[ -z "$(products)" ] || fail "still registered after uninstall: $(products)"
[ -f "$datadir/config.json" ] && [ -f "$datadir/cache.db" ] || fail "the data folder lost its files on uninstall"
echo "uninstalled in $took s: program folder and shortcut gone, data folder kept ($(find "$datadir" -type f | wc -l) files)"
msiexec /i "$(winepath -w "$msi")"
start_sandbox
# A new sandbox knows no earlier token: the operator logs in again, and
# the console syncs into the mirror it kept.
echo demo | wine "$exe" login --server "http://127.0.0.1:$port" --operator demo >"$tmp/login.out" 2>&1 || { cat "$tmp/login.out" >&2; fail "login after reinstalling failed"; }
wine "$exe" sync --once >"$tmp/sync.out" 2>&1 || { cat "$tmp/sync.out" >&2; fail "sync after reinstalling failed"; }
echo "installed again in $took s; login and sync on the kept data: $(tail -n1 "$tmp/sync.out" | tr -d '\r')"

echo "== uninstall with REMOVEDATA=1"
wine "$exe" logout >"$tmp/logout.out" 2>&1 || { cat "$tmp/logout.out" >&2; fail "logout failed"; }
stop_sandbox
msiexec /x "$(winepath -w "$msi")" REMOVEDATA=1
[ ! -e "$progdir" ] || fail "$progdir still there after uninstall"
[ ! -e "$datadir" ] || fail "$datadir still there after uninstall with REMOVEDATA=1: $(find "$datadir" | head)"
echo "uninstalled in $took s: program folder and data folder gone"
echo "msi-test: ok"
