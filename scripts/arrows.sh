#!/usr/bin/env bash
# Checks the arrows between Sportello's packages (docs/architecture.md:
# ui → app → {cache, client} → model): each package may import only
# the project packages listed for it here. A new arrow fails the test
# command until it is added on purpose. The screens (ui/*) import app,
# model, assets, export and the shared ui/widgets, never each other; the
# shell (ui) builds the window from them. ui/uitest is the ui tests' kit:
# it builds on the tests' kit (internal/testkit, consolekit) for central,
# the line, the logged-in console and waiting, and no package but tests
# imports it.
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A allowed=(
	[sportello]="app assets/i18n client/sandbox ui"
	[sportello/ui]="app model assets/i18n assets/i18n/quietlocale assets/icons ui/dayview ui/display ui/inbox ui/manager ui/reception ui/session ui/widgets"
	[sportello/ui/display]="model assets/i18n"
	[sportello/ui/manager]="app model assets/i18n ui/widgets"
	[sportello/ui/dayview]="app model assets/i18n assets/icons export ui/widgets"
	[sportello/ui/inbox]="app model assets/i18n assets/icons export ui/widgets"
	[sportello/ui/reception]="app model assets/i18n assets/icons export ui/widgets"
	[sportello/ui/session]="app model assets/i18n assets/icons ui/widgets"
	[sportello/ui/widgets]="app model assets/i18n assets/i18n/quietlocale assets/icons export"
	[sportello/ui/uitest]="app model client/sandbox internal/testkit internal/testkit/consolekit"
	[sportello/app]="cache client client/sandbox model assets/i18n"
	[sportello/cache]="model"
	[sportello/client]="model"
	[sportello/client/sandbox]="client model assets/i18n"
	[sportello/export]="model assets/i18n"
	[sportello/model]=""
	[sportello/internal/testkit]="client/sandbox"
	[sportello/internal/testkit/consolekit]="app internal/testkit"
)
bad=0
while read -r pkg imports; do
	[ -n "${allowed[$pkg]+set}" ] || continue
	for imp in $imports; do
		case "$imp" in sportello/*) ;; *) continue ;; esac
		short="${imp#sportello/}"
		if [[ " ${allowed[$pkg]} " != *" $short "* ]]; then
			echo "arrows: $pkg imports $imp, which it may not" >&2
			bad=1
		fi
	done
done < <(go list -tags migrated_fynedo -f '{{.ImportPath}} {{join .Imports " "}}' ./...)
[ "$bad" = 0 ] && echo "arrows: ui → app → {cache, client} → model hold"
exit "$bad"
