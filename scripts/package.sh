#!/usr/bin/env bash
# Packages Sportello in dist/: a Linux tarball made by the fyne tool from
# bin/sportello (the binary the test command built; built here if missing),
# and a Windows amd64 executable cross-built with MinGW-w64 and cgo, whose
# PE header is checked, stamped with its icon and a full version resource
# (scripts/winres.sh: fyne package's lacks CompanyName and more), then
# signed and packed into the per-user installer dist/Sportello.msi
# (scripts/msi.sh). macOS builds need a Mac: see the README.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --package
scripts/setup.sh --windows
export PATH="$(go env GOPATH)/bin:$PATH"
mkdir -p dist
# fyne package --release bumps the build number in FyneApp.toml and
# rewrites it: the tracked file is put back as it was.
meta=$(mktemp)
cp FyneApp.toml "$meta"
trap 'cp "$meta" FyneApp.toml; rm -f "$meta"' EXIT

if [ ! -x bin/sportello ]; then
	go build -tags migrated_fynedo -o bin/sportello .
fi
echo "== Linux package (fyne package, from bin/sportello)"
start=$(date +%s)
fyne package --os linux --release --executable bin/sportello
mv Sportello.tar.xz dist/sportello-linux-amd64.tar.xz
# The listing is read whole first: "tar | grep -q" fails under pipefail
# whenever grep stops reading before tar has written its last name.
listing=$(tar -tJf dist/sportello-linux-amd64.tar.xz)
for f in usr/local/bin/sportello usr/local/share/applications/it.inps.sportello.desktop usr/local/share/pixmaps/it.inps.sportello.png; do
	grep -qx "sportello/$f" <<<"$listing" || { echo "package: $f missing from the Linux tarball" >&2; exit 1; }
done
echo "dist/sportello-linux-amd64.tar.xz: $(du -h dist/sportello-linux-amd64.tar.xz | cut -f1) in $(( $(date +%s) - start )) s"

echo "== Windows amd64 (MinGW-w64, cgo)"
start=$(date +%s)
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc fyne package --os windows --release
mv Sportello.exe dist/Sportello.exe
header=$(file dist/Sportello.exe)
echo "$header"
case "$header" in
*"PE32+ executable"*"x86-64"*) ;;
*) echo "package: dist/Sportello.exe is not a PE32+ x86-64 executable" >&2; exit 1 ;;
esac
# The build number fyne stamped is the one before its bump: $meta's.
scripts/winres.sh stamp dist/Sportello.exe "$meta"
scripts/winres.sh check dist/Sportello.exe "$meta"
echo "dist/Sportello.exe: $(du -h dist/Sportello.exe | cut -f1) in $(( $(date +%s) - start )) s"

echo "== Windows installer (wixl, osslsigncode)"
scripts/msi.sh dist
