#!/usr/bin/env bash
# Builds the Windows installer DIST/Sportello.msi (DIST defaults to dist/)
# from DIST/Sportello.exe, with wixl, and signs both with osslsigncode:
#   1. checks the .exe's icon and version resource (scripts/winres.sh check);
#   2. signs the .exe in place, then verifies the signature;
#   3. builds the MSI from packaging/windows/Sportello.wxs, its version
#      read from FyneApp.toml, its icon taken from the .exe itself;
#   4. signs the MSI, verifies it, and checks that the .exe inside it is
#      the signed one;
#   5. prints the MSI's size, its tables' key rows and its files.
# Usage: scripts/msi.sh [DIST]
#        scripts/msi.sh --version X.Y.Z --out FILE [DIST]   (tests only: an
#        MSI of another version from the same .exe, to try an upgrade)
# Signing: with no SPORTELLO_SIGN_* variable, a throw-away self-signed
# code-signing certificate is made here with openssl and deleted at exit;
# nothing is time-stamped. The institute's own certificate (see
# packaging/windows/README.md):
#   SPORTELLO_SIGN_PKCS12=cert.p12 SPORTELLO_SIGN_PASSFILE=file-with-password
#   or SPORTELLO_SIGN_PKCS11_MODULE=/path/to/module.so
#      SPORTELLO_SIGN_PKCS11_CERT='pkcs11:...' SPORTELLO_SIGN_PKCS11_KEY='pkcs11:...'
#      (an HSM or a token; the PIN from the URI's pin-source or a prompt)
#   SPORTELLO_SIGN_TIMESTAMP=http://timestamp.server (RFC 3161)
#   SPORTELLO_SIGN_CAFILE=roots.pem (what verify checks the chain against;
#      the system's CA bundle if unset)
# Needs wixl, msitools, osslsigncode, openssl (scripts/setup.sh --windows)
# and go-winres (scripts/setup.sh --package).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$(go env GOPATH)/bin:$PATH"
version="" out=""
while [ $# -gt 0 ]; do
	case "$1" in
	--version) version=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	-*) echo "usage: scripts/msi.sh [--version X.Y.Z --out FILE] [DIST]" >&2; exit 2 ;;
	*) break ;;
	esac
done
dist=${1:-dist}
exe="$dist/Sportello.exe"
[ -f "$exe" ] || { echo "msi: $exe missing: run scripts/package.sh first" >&2; exit 1; }
for t in wixl msiinfo msiextract osslsigncode openssl go-winres; do
	command -v "$t" >/dev/null || { echo "msi: $t missing: run scripts/setup.sh --windows and --package" >&2; exit 1; }
done

toml() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\([^\"]*\)\"[[:space:]]*$/\1/p" FyneApp.toml | head -n1; }
version=${version:-$(toml Version)}
website=$(toml Website)
out=${out:-$dist/Sportello.msi}
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "msi: version \"$version\" is not x.y.z" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
start=$(date +%s.%N)
secs() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

scripts/winres.sh check "$exe"

# --- signing
ts=()
[ -n "${SPORTELLO_SIGN_TIMESTAMP:-}" ] && ts=(-ts "$SPORTELLO_SIGN_TIMESTAMP")
ca=${SPORTELLO_SIGN_CAFILE:-}
if [ -n "${SPORTELLO_SIGN_PKCS12:-}" ]; then
	signer=(-pkcs12 "$SPORTELLO_SIGN_PKCS12" -readpass "${SPORTELLO_SIGN_PASSFILE:?set SPORTELLO_SIGN_PASSFILE}")
	echo "msi: signing with $SPORTELLO_SIGN_PKCS12"
elif [ -n "${SPORTELLO_SIGN_PKCS11_MODULE:-}" ]; then
	signer=(-pkcs11module "$SPORTELLO_SIGN_PKCS11_MODULE" -pkcs11cert "${SPORTELLO_SIGN_PKCS11_CERT:?}" -key "${SPORTELLO_SIGN_PKCS11_KEY:?}")
	echo "msi: signing with the PKCS#11 key $SPORTELLO_SIGN_PKCS11_KEY"
else
	# Throw-away: made now, valid two days, gone at exit, never committed.
	openssl req -x509 -newkey rsa:3072 -nodes -days 2 -keyout "$stage/key.pem" -out "$stage/cert.pem" \
		-subj "/CN=Sportello CI (throw-away)/O=INPS test" \
		-addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=codeSigning" 2>"$stage/openssl.log" ||
		{ cat "$stage/openssl.log" >&2; echo "msi: cannot make the throw-away certificate" >&2; exit 1; }
	signer=(-certs "$stage/cert.pem" -key "$stage/key.pem")
	ca=${ca:-$stage/cert.pem}
	echo "msi: signing with a throw-away self-signed certificate ($(openssl x509 -in "$stage/cert.pem" -noout -fingerprint -sha256 | cut -d= -f2 | cut -c1-23)...), no timestamp"
fi
sign() {
	# A file signed before (an earlier run) loses that signature first.
	if osslsigncode remove-signature -in "$1" -out "$stage/unsigned" >/dev/null 2>&1; then
		mv "$stage/unsigned" "$1"
	fi
	osslsigncode sign "${signer[@]}" "${ts[@]}" -h sha256 -n "Sportello" -i "$website" \
		-in "$1" -out "$stage/signed" >"$stage/sign.log" 2>&1 || { cat "$stage/sign.log" >&2; echo "msi: signing $1 failed" >&2; exit 1; }
	mv "$stage/signed" "$1"
}
verify() {
	local cafile=()
	[ -n "$ca" ] && cafile=(-CAfile "$ca")
	if ! osslsigncode verify "${cafile[@]}" -in "$1" >"$stage/verify.log" 2>&1 || ! grep -q "^Signature verification: ok" "$stage/verify.log"; then
		cat "$stage/verify.log" >&2
		echo "msi: the signature of $1 does not verify" >&2
		exit 1
	fi
	echo "msi: $1: signature verified ($(grep -m1 'Subject:' "$stage/verify.log" | sed 's/^[[:space:]]*//'))"
}

if [ "$out" = "$dist/Sportello.msi" ]; then
	sign "$exe"
	verify "$exe"
	# verify checks the digest against the bytes: one byte changed after
	# signing must fail it.
	cp "$exe" "$stage/tampered.exe"
	printf 'X' | dd of="$stage/tampered.exe" bs=1 seek=$(($(stat -c %s "$exe") / 2)) conv=notrunc status=none
	if osslsigncode verify ${ca:+-CAfile "$ca"} -in "$stage/tampered.exe" >/dev/null 2>&1; then
		echo "msi: a tampered copy of $exe still verifies" >&2
		exit 1
	fi
	rm -f "$stage/tampered.exe"
	echo "msi: a copy with one byte changed fails verification, as it must"
fi

# --- the MSI. wixl finds sources relative to where it runs: the stage
# holds the .exe (a link) and the icon taken out of it.
ln -s "$(realpath "$exe")" "$stage/Sportello.exe"
go-winres extract --dir "$stage/res" "$exe" >"$stage/extract.log" 2>&1 || { cat "$stage/extract.log" >&2; echo "msi: cannot read the resources of $exe" >&2; exit 1; }
icon=$(find "$stage/res" -name 'APP*.ico' | head -n1)
[ -n "$icon" ] || icon=$(find "$stage/res" -name '*.ico' | sort | head -n1)
[ -n "$icon" ] || { echo "msi: no icon in $exe" >&2; exit 1; }
cp "$icon" "$stage/Sportello.ico"
wxs=$(realpath packaging/windows/Sportello.wxs)
out_abs=$(realpath -m "$out")
t=$(date +%s.%N)
(cd "$stage" && wixl -a x64 -D Version="$version" -D Exe=Sportello.exe -D Icon=Sportello.ico \
	-D Website="$website" -o "$out_abs" "$wxs") >"$stage/wixl.log" 2>&1 || { cat "$stage/wixl.log" >&2; echo "msi: wixl failed" >&2; exit 1; }
# wixl ignores what it does not know with a GLib warning and builds an
# MSI without it: an attribute lost so is an error here.
if grep -q "WARNING\|CRITICAL" "$stage/wixl.log"; then
	cat "$stage/wixl.log" >&2
	echo "msi: wixl ignored part of $wxs" >&2
	exit 1
fi
echo "msi: wixl built $out in $(secs "$t") s"
sign "$out"
verify "$out"

# --- what is inside
prop() { msiinfo export "$out" Property | tr -d '\r' | awk -F'\t' -v k="$1" '$1 == k { print $2 }'; }
[ "$(prop ProductVersion)" = "$version" ] || { echo "msi: ProductVersion $(prop ProductVersion), not $version" >&2; exit 1; }
# Read whole first: "| grep -q" fails under pipefail when grep stops early.
shortcuts=$(msiinfo export "$out" Shortcut)
grep -q "^SportelloShortcut" <<<"$shortcuts" || { echo "msi: no Start-menu shortcut" >&2; exit 1; }
msiextract -C "$stage/x" "$out" >/dev/null
inner=$(find "$stage/x" -name Sportello.exe | head -n1)
[ -n "$inner" ] && cmp -s "$inner" "$exe" || { echo "msi: the .exe in $out is not $exe as signed" >&2; exit 1; }
echo "== $out"
echo "size: $(stat -c %s "$out") bytes ($(du -h "$out" | cut -f1)); Sportello.exe $(stat -c %s "$exe") bytes; built and signed in $(secs "$start") s"
echo "ProductName $(prop ProductName), ProductVersion $(prop ProductVersion), Manufacturer $(prop Manufacturer), UpgradeCode $(prop UpgradeCode), ProductCode $(prop ProductCode)"
summary=$(msiinfo suminfo "$out")
grep -E "^(Subject|Author|Template|Source|Security):" <<<"$summary" | paste -sd'|' | sed 's/|/; /g' || true
echo "files (File table: id, component, name, bytes):"
msiinfo export "$out" File | tr -d '\r' | tail -n +4 | awk -F'\t' '{ printf "  %s\t%s\t%s\t%s\n", $1, $2, $3, $4 }'
echo "installed to: LocalAppDataFolder\\Programs\\Sportello (Directory table); shortcut: $(msiinfo export "$out" Shortcut | tr -d '\r' | tail -n +4 | awk -F'\t' '{ print $2 "\\" $3 ".lnk -> " $5 }')"
echo "streams: $(msiinfo streams "$out" | paste -sd' ')"
