#!/usr/bin/env bash
# Sets up and starts confide on the embedded default (one process, one SQLite file in data/)
# in development mode. Extra arguments go to `confide serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/confide serve --dev "$@"
