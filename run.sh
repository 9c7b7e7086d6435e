#!/usr/bin/env bash
# The README's run command: installs what is missing, then opens the console
# (against the embedded sandbox unless a server was configured with
# `sportello login`). Arguments go to sportello, e.g. ./run.sh --lang en
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
exec go run -tags migrated_fynedo . "$@"
