#!/usr/bin/env bash
# Installs what Sportello needs on Debian, skipping what is already there:
# the C toolchain and GL/X11 headers that Fyne's cgo driver builds against,
# and xdg-utils, whose xdg-open opens a web meeting's link in the browser.
# With --test, also what the test suite uses: Xvfb and Mesa's software GL for
# a real window, D-Bus and gnome-keyring for a real Secret Service,
# ImageMagick and x11-utils for screenshots, xdotool to click through the
# reception's screens, xclip to read what the console copied, poppler-utils (pdftotext) to read the booking
# confirmation back, iproute2 for the network namespace of the
# low-connectivity test, and staticcheck. With --package, what packaging
# needs: the MinGW-w64 cross compiler for the Windows build, file(1) to
# check it, the fyne tool and go-winres for the .exe's icon and version
# resource, wixl and msitools to build and read the MSI, osslsigncode and
# openssl to sign both with a throw-away certificate. With --windows, what running the Windows
# build needs: Wine 8 (wine64) and MinGW-w64 for its test-only ProcessPrng
# stand-in, wixl to build the MSI and osslsigncode to sign it, openssl for
# the throw-away signing certificate, and Xvfb, xdotool and ImageMagick for
# its window.
set -euo pipefail

STATICCHECK_VERSION=v0.8.2
FYNE_TOOL_VERSION=v1.7.4
GO_WINRES_VERSION=v0.3.3

pkgs=(gcc pkg-config libgl1-mesa-dev xorg-dev xdg-utils)
if [ "${1:-}" = "--package" ]; then
	pkgs+=(gcc-mingw-w64-x86-64 file xz-utils wixl msitools osslsigncode openssl)
fi
if [ "${1:-}" = "--windows" ]; then
	pkgs+=(gcc-mingw-w64-x86-64 wine64 wixl msitools osslsigncode openssl xvfb libgl1-mesa-dri xdotool imagemagick x11-utils curl)
fi
if [ "${1:-}" = "--test" ]; then
	pkgs+=(xvfb libgl1-mesa-dri dbus dbus-x11 gnome-keyring imagemagick x11-utils iproute2 xdotool xclip poppler-utils)
fi

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} -gt 0 ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	echo "setup: installing ${missing[*]}" >&2
	$sudo apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null; then
	echo "setup: Go is not installed: install Go 1.26 from https://go.dev/dl/ and retry" >&2
	exit 1
fi

if [ "${1:-}" = "--test" ]; then
	gobin="$(go env GOPATH)/bin"
	if [ ! -x "$gobin/staticcheck" ] || ! "$gobin/staticcheck" -version 2>/dev/null | grep -q "${STATICCHECK_VERSION#v}"; then
		echo "setup: installing staticcheck $STATICCHECK_VERSION" >&2
		go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION"
	fi
fi

if [ "${1:-}" = "--package" ]; then
	gobin="$(go env GOPATH)/bin"
	if [ ! -x "$gobin/fyne" ] || ! "$gobin/fyne" version 2>/dev/null | grep -q "cli version: $FYNE_TOOL_VERSION"; then
		echo "setup: installing the fyne tool $FYNE_TOOL_VERSION" >&2
		go install "fyne.io/tools/cmd/fyne@$FYNE_TOOL_VERSION"
	fi
	if [ ! -x "$gobin/go-winres" ]; then
		echo "setup: installing go-winres $GO_WINRES_VERSION" >&2
		go install "github.com/tc-hib/go-winres@$GO_WINRES_VERSION"
	fi
fi
