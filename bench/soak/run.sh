#!/usr/bin/env bash
# A bounded soak of build/confide: mixed load for --minutes (30 by default), sampled each
# minute (bench/soak/soak.mjs says what it does). The open-file limit is raised to its hard
# limit first; the server is a child of the script and inherits it.
#   bench/soak/run.sh [--minutes 30] [--users 200] [--rate 40] [--json]
set -euo pipefail
cd "$(dirname "$0")/../.."
ulimit -n "$(ulimit -Hn)" 2>/dev/null || echo "cannot raise the open-file limit: $(ulimit -n)" >&2
[[ -x build/confide ]] || { echo "build first: ninja -C build confide" >&2; exit 1; }
[[ -d node_modules/ws ]] || { echo "run npm ci first" >&2; exit 1; }
exec node bench/soak/soak.mjs "$@"
