#!/usr/bin/env bash
# Runs a gateway load tool with the open-file limit raised to its hard limit (10,000
# connections need 10,000 descriptors in the client, and as many in the server, which is
# started from here and inherits the limit).
#   bench/gateway/run.sh fanout  [options of fanout.mjs]
#   bench/gateway/run.sh idle    [options of idle.mjs]
#   bench/gateway/run.sh compare [options of compare.mjs]   confide vs the Node.js baseline
#   bench/gateway/run.sh table [options of table.mjs]       confide, Node.js and the floor, each
#                                 held to one core: CPU per delivery and per message, memory
#   bench/gateway/run.sh baseline [--port 5000]             the Node.js baseline alone
#   bench/gateway/run.sh --db postgres TOOL [options]       confide on a throwaway PostgreSQL 15
#                                 (scripts/postgres.sh, on a free loopback port, a fresh
#                                 database for each server started) instead of a SQLite file
# Needs build/confide (scripts/build.sh, or: ninja -C build confide) and `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=sqlite
if [[ ${1:-} == --db ]]; then
  backend=${2:-}
  shift 2
  [[ $backend == sqlite || $backend == postgres ]] || { echo "--db sqlite or postgres" >&2; exit 2; }
fi
tool=${1:-}
[[ -n $tool ]] || { sed -n '2,14p' "$0" >&2; exit 2; }
shift
ulimit -n "$(ulimit -Hn)" 2>/dev/null || echo "cannot raise the open-file limit: $(ulimit -n)" >&2
[[ -d node_modules/ws && -d node_modules/socket.io ]] || { echo "run npm ci first" >&2; exit 1; }
if [[ $backend == postgres ]]; then
  pg=$(mktemp -d)
  chmod 755 "$pg"
  trap 'scripts/postgres.sh stop "$pg/data"; rm -rf "$pg"' EXIT
  uri=$(scripts/postgres.sh start "$pg/data" $((20000 + RANDOM % 20000)))
  export BENCH_POSTGRES=${uri%/*}
fi
case $tool in
  fanout | idle | compare | table)
    [[ -x build/confide ]] || { echo "build first: ninja -C build confide" >&2; exit 1; }
    node "bench/gateway/$tool.mjs" "$@" ;;
  baseline) node --expose-gc bench/gateway/node_baseline.mjs "$@" ;;
  *) echo "unknown tool $tool (fanout, idle, compare, table, baseline)" >&2; exit 2 ;;
esac
