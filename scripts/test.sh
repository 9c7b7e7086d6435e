#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, go vet, staticcheck, one
# build of the binary, then every test inside a private D-Bus session with a
# real gnome-keyring (a fresh, unlocked keyring in a temporary folder).
# Tests that need the keyring, Xvfb, the binary or a network namespace (root,
# iproute2, /dev/net/tun) fail here if those parts are missing, instead of
# skipping. Then scripts/package.sh packages the Linux build, cross-builds
# the Windows one and its signed MSI; last, the Windows build runs under
# Wine: the operator's day (login, sync, the agenda window, logout), the
# system proxy, the message without OpenGL, and the MSI installed, started
# and uninstalled.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$(go env GOPATH)/bin:$PATH"
TAGS=migrated_fynedo

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then
	echo "not gofmt-ed: $unformatted" >&2
	exit 1
fi
echo "== go vet"
go vet -tags "$TAGS" ./...
echo "== staticcheck"
staticcheck -tags "$TAGS" ./...
# The Windows-only files (system proxy, Credential Manager limits): the
# packages without cgo, checked as the Windows build compiles them.
GOOS=windows staticcheck -tags "$TAGS" ./client/... ./app/ ./ui/display/
# Every package loads as Windows and macOS build it (a file with a build
# tag of its own is compiled nowhere else: a wrong package clause in it
# shows only here, or in the cross-build at the end).
for os in windows darwin; do
	broken=$(GOOS=$os CGO_ENABLED=1 go list -e -tags "$TAGS" -f '{{if .Error}}{{.ImportPath}}: {{.Error}}{{end}}' ./...)
	if [ -n "$broken" ]; then
		echo "packages that do not load for $os: $broken" >&2
		exit 1
	fi
done
echo "== arrows between packages, go mod tidy"
scripts/arrows.sh
if ! go mod tidy -diff >/dev/null; then
	go mod tidy -diff >&2 || true
	echo "go.mod/go.sum are not tidy: run go mod tidy" >&2
	exit 1
fi
echo "== go build"
start=$(date +%s)
go build -tags "$TAGS" -o bin/sportello .
echo "built bin/sportello in $(( $(date +%s) - start )) s"

echo "== go test (real SQLite, loopback sandbox, gnome-keyring, Xvfb)"
export SPORTELLO_BIN="$PWD/bin/sportello"
export SPORTELLO_ARTIFACTS="$PWD/artifacts"
export SPORTELLO_REQUIRE_KEYRING=1 SPORTELLO_REQUIRE_E2E=1
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
XDG_DATA_HOME="$keyring_home" dbus-run-session -- bash -c '
	set -euo pipefail
	echo -n sportello-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
	# The screens run under the race detector (every screen reloads off the
	# UI goroutine), and so do the app tests of its goroutines: the sync
	# loop and its signals, a booking waiting on it, sessions refreshed
	# and shared, the data folder taken in turn, a killed sync. The rest
	# of app runs as is: under -race the pure-Go SQLite is instrumented too,
	# and the whole of app would take about half an hour on two cores.
	go test -tags '"$TAGS"' -count=1 $(go list ./... | grep -v -e "^sportello/ui")
	echo "== the ui tests and the app tests of its goroutines under the race detector"
	go test -race -timeout 30m -tags '"$TAGS"' -count=1 ./ui/...
	go test -race -timeout 30m -tags '"$TAGS"' -count=1 \
		-run "Loop|Await|Refresh|Share|WaitTheirTurn|Killed|Reaches|Conflict|Undo" ./app/
	echo "== the agenda-bound e2e tests at six moments of the week (SPORTELLO_TEST_CLOCK)"
	scripts/clock-matrix.sh
'

echo "== low-connectivity line (from the test above)"
cat "$SPORTELLO_ARTIFACTS/low-connectivity.txt"
echo "== console under Xvfb (from the test above; screenshots in $SPORTELLO_ARTIFACTS)"
cat "$SPORTELLO_ARTIFACTS/startup.txt"

# A count of runs, not a duration: Go 1.26's fuzz coordinator can report
# its own -fuzztime deadline as a failure ("context deadline exceeded",
# no failing input; golang/go#75804, fixed in Go 1.27).
echo "== fuzz (each target briefly; FUZZTIME=1000000x for a longer run)"
for pkg in ./model ./client ./cache; do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz'); do
		fuzzlog=$(mktemp)
		go test -run '^$' -fuzz "^${target}\$" -fuzztime "${FUZZTIME:-5000x}" -fuzzminimizetime 1s "$pkg" >"$fuzzlog" 2>&1 ||
			{ tail -n 30 "$fuzzlog" >&2; echo "fuzz $pkg $target failed; a failing input is kept in $pkg/testdata/fuzz/$target" >&2; exit 1; }
		rm -f "$fuzzlog"
		echo "ok $pkg $target"
	done
done

echo "== benchmarks (figures for the closing notes; the console's under the same keyring)"
XDG_DATA_HOME="$keyring_home" dbus-run-session -- bash -c '
	set -euo pipefail
	echo -n sportello-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
	go test -tags '"$TAGS"' -run "^\$" -bench . -benchtime 300ms ./...
'

echo "== packages: Linux tarball (fyne package) and Windows amd64 .exe (MinGW-w64, cgo), in dist/"
scripts/package.sh

echo "== the Windows build under Wine (Xvfb; a throw-away prefix each, with a test-only ProcessPrng)"
scripts/setup.sh --windows
winelog=$(mktemp)
if ! SPORTELLO_WINE_EXE="$PWD/dist/Sportello.exe" SPORTELLO_REQUIRE_WINE=1 \
	go test -tags "$TAGS" -count=1 -run '^(TestWindowsBuildUnderWine|TestWindowsProxyUnderWine)$' -v . >"$winelog" 2>&1; then
	tail -n 100 "$winelog" >&2
	exit 1
fi
grep -E '^(--- |ok)' "$winelog"
rm -f "$winelog"
cat "$SPORTELLO_ARTIFACTS/wine.txt"
nogl_prefix=$(mktemp -d)
WINEPREFIX="$nogl_prefix" scripts/wine/nogl-test.sh dist/Sportello.exe "$SPORTELLO_ARTIFACTS"
WINEPREFIX="$nogl_prefix" wineserver -k || true
rm -rf "$nogl_prefix"
scripts/wine/msi-test.sh dist
