#!/usr/bin/env bash
# Runs the end-to-end tests (the real binary, a standalone sandbox, the
# console under Xvfb) at several moments of the week, so that no test
# depends on the hour or the day it runs at: before opening, mid-morning,
# the lunch break, after closing, a Saturday and a national holiday. The
# tests take their clock from SPORTELLO_TEST_CLOCK (a Monday morning when
# unset). Run inside the test command's environment (it needs the built
# binary, Xvfb and a keyring): scripts/test.sh runs it with the session,
# login and folder tests; pass a -run pattern to choose others, e.g.
#   scripts/clock-matrix.sh '.'            # every e2e test at every moment
set -euo pipefail
cd "$(dirname "$0")/.."
pattern=${1:-'^(TestSessionAuditAndSecretsUnderXvfb|TestCLILoginSyncLogout|TestCommandsShareTheDataFolder|TestReceptionUnderXvfb)$'}
moments=(
	"2026-11-23T07:30:00+01:00 before opening (Monday)"
	"2026-11-23T10:05:00+01:00 mid-morning (Monday)"
	"2026-11-23T13:30:00+01:00 lunch break (Monday)"
	"2026-11-23T18:45:00+01:00 after closing (Monday)"
	"2026-11-28T11:00:00+01:00 Saturday"
	"2026-12-08T10:00:00+01:00 holiday (Immacolata, Tuesday)"
)
for m in "${moments[@]}"; do
	at=${m%% *}
	echo "== e2e at $at: ${m#* }"
	log=$(mktemp)
	status=0
	SPORTELLO_TEST_CLOCK="$at" go test -tags migrated_fynedo -count=1 -run "$pattern" . >"$log" 2>&1 || status=$?
	grep -v ' INFO \|Fyne error\|Cause: language\|At: /' "$log" | tail -n 20 || true
	rm -f "$log"
	[ "$status" -eq 0 ] || { echo "e2e failed at $at" >&2; exit 1; }
done
