#!/usr/bin/env bash
# The Windows resources of Sportello.exe: its icon and its version
# resource (the Details tab of the file's properties, what IT inventories
# read).
#   scripts/winres.sh stamp EXE [META]   writes them into EXE
#   scripts/winres.sh check EXE [META]   fails unless EXE carries both
# META is the FyneApp.toml to read (default ./FyneApp.toml): package.sh
# gives the copy from before `fyne package --release` bumped Build, since
# fyne stamps the build number it found, not the one it leaves behind.
# fyne package writes an icon, a manifest and a version resource with only
# ProductName, FileDescription and the versions, in a string table of
# language 0 and code page 0 that go-winres cannot even read back; so stamp
# replaces all of them (go-winres patch --delete): the icon from
# FyneApp.toml's Icon at every size Windows asks for (16 to 256 px), the
# same manifest fyne writes, and a full version resource: CompanyName
# INPS, ProductName, FileDescription, LegalCopyright, OriginalFilename,
# FileVersion x.y.z.build and ProductVersion x.y.z, both from FyneApp.toml.
# Needs go-winres (scripts/setup.sh --package).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$(go env GOPATH)/bin:$PATH"
mode=${1:-}
exe=${2:-}
meta=${3:-FyneApp.toml}
[ -n "$mode" ] && [ -f "$exe" ] || { echo "usage: scripts/winres.sh stamp|check EXE" >&2; exit 2; }
command -v go-winres >/dev/null || { echo "winres: go-winres missing: run scripts/setup.sh --package" >&2; exit 1; }

# toml KEY: the value of KEY = "..." or KEY = N in FyneApp.toml.
toml() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*$/\1/p" "$meta" | head -n1; }
version=$(toml Version)
build=$(toml Build)
icon=$(toml Icon)
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "winres: $meta Version \"$version\" is not x.y.z" >&2; exit 1; }
[[ "$build" =~ ^[0-9]+$ ]] || { echo "winres: $meta Build \"$build\" is not a number" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case "$mode" in
stamp)
	cp "$icon" "$tmp/app.png"
	# The manifest is the one fyne package writes (identity, Windows 7 and
	# later, DPI unaware: Fyne scales itself), so only the version changes.
	cat >"$tmp/winres.json" <<EOF
{
  "RT_GROUP_ICON": {
    "APP": { "0000": "app.png" },
    "#32512": { "0000": "app.png" }
  },
  "RT_MANIFEST": {
    "#1": {
      "0409": {
        "identity": { "name": "Sportello", "version": "$version.$build" },
        "minimum-os": "win7",
        "dpi-awareness": "unaware"
      }
    }
  },
  "RT_VERSION": {
    "#1": {
      "0410": {
        "fixed": { "file_version": "$version.$build", "product_version": "$version.$build" },
        "info": {
          "0410": {
            "CompanyName": "INPS",
            "FileDescription": "Sportello, console dell'operatore INPS",
            "FileVersion": "$version.$build",
            "InternalName": "Sportello",
            "LegalCopyright": "© INPS",
            "OriginalFilename": "Sportello.exe",
            "ProductName": "Sportello",
            "ProductVersion": "$version"
          }
        }
      }
    }
  }
}
EOF
	go-winres patch --delete --no-backup --in "$tmp/winres.json" "$exe"
	echo "winres: $exe stamped with version $version (file $version.$build), CompanyName INPS and the icon of $icon"
	;;
check)
	go-winres extract --dir "$tmp/x" "$exe" 2>"$tmp/err" || { cat "$tmp/err" >&2; echo "winres: cannot read the resources of $exe" >&2; exit 1; }
	j="$tmp/x/winres.json"
	fail=0
	# An icon group whose .ico holds at least one image.
	ico=$(find "$tmp/x" -name '*.ico' -size +1k | head -n1)
	grep -q '"RT_GROUP_ICON"' "$j" && [ -n "$ico" ] || { echo "winres: $exe has no icon" >&2; fail=1; }
	want=("\"CompanyName\": \"INPS\"" "\"ProductName\": \"Sportello\"" "\"ProductVersion\": \"$version\""
		"\"FileVersion\": \"$version." "\"OriginalFilename\": \"Sportello.exe\"" "\"file_version\": \"$version.")
	for w in "${want[@]}"; do
		grep -qF "$w" "$j" || { echo "winres: $exe: version resource lacks $w" >&2; fail=1; }
	done
	[ "$fail" -eq 0 ] || exit 1
	echo "winres: $exe carries the icon ($(basename "$ico"), $(du -b "$ico" | cut -f1) bytes) and the version resource:"
	sed -n '/"info"/,/}/p' "$j" | grep '": "' | sed 's/^[[:space:]]*/  /; s/,$//'
	;;
*)
	echo "usage: scripts/winres.sh stamp|check EXE" >&2
	exit 2
	;;
esac
