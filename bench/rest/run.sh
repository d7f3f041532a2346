#!/usr/bin/env bash
# End-to-end REST load: starts confide on a fresh database, seeds GROUP conversations of the
# same 8 users (the first with 1,000 messages), then drives them with wrk: sending messages to
# one conversation, sending spread over all of them, and listing the newest page of 50.
#   bench/rest/run.sh [--bin BIN] [--db sqlite|postgres] [--conversations N]
#                     [seconds per run, default 20] [connections, default 64] [-- serve options]
#   --bin            the binary to measure (default build/confide)
#   --db sqlite      a SQLite file on disk (WAL, fsync on every group commit); the default
#   --db postgres    a throwaway PostgreSQL 15 started for the run (scripts/postgres.sh, its
#                    defaults: synchronous_commit on, fsync on), on a free loopback port
#   --conversations  how many conversations the spread send goes round (default 64)
# Anything after `--` is passed to `confide serve` (e.g. -- --db-writers 16).
# Prints wrk's report (requests/s, latency percentiles) for each workload, then the database's
# size and the writes per commit. wrk (and PostgreSQL) share the machine with the server: on a
# 2-core machine the figures are what one box does serving and loading itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bin=build/confide
backend=sqlite
conversations=64
positional=()
serve_extra=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --db) backend=$2; shift 2 ;;
    --conversations) conversations=$2; shift 2 ;;
    --) shift; serve_extra=("$@"); break ;;
    -*) sed -n '5,12p' "$0" >&2; exit 2 ;;
    *) positional+=("$1"); shift ;;
  esac
done
seconds=${positional[0]:-20}
connections=${positional[1]:-64}
[[ $bin == /* ]] || bin=$root/$bin
[[ -x $bin ]] || { echo "build first: scripts/build.sh ($bin is missing)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[[ $backend == sqlite || $backend == postgres ]] || { echo "--db sqlite or postgres" >&2; exit 2; }

dir=$(mktemp -d)
chmod 755 "$dir"
server=
cleanup() {
  [[ -n $server ]] && { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
  if [[ $backend == postgres ]]; then scripts/postgres.sh stop "$dir/pg" || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
if [[ $backend == postgres ]]; then
  db=$(scripts/postgres.sh start "$dir/pg" $((20000 + RANDOM % 20000)))
else
  db=$dir/bench.db
fi
port=$((20000 + RANDOM % 20000))
secret=$(head -c 32 /dev/urandom | base64)
# From its own folder: on PostgreSQL, confide keeps its data/ folder in the working directory.
(cd "$dir" && exec "$bin" serve --db "$db" --port "$port" --host 127.0.0.1 --jwt-secret "$secret" \
  --auto-provision true --log-requests false --log-level warn --max-connections-per-address 0 \
  --rate-messages 0 --rate-writes 0 "${serve_extra[@]}") &
server=$!
base=http://127.0.0.1:$port
for _ in $(seq 100); do curl -sf "$base/health" >/dev/null && break; sleep 0.1; done
echo "== $bin ($("$bin" --version 2>/dev/null)) on $backend"

tokens=()
ids=()
for i in $(seq 8); do
  tokens+=("$("$bin" token --jwt-secret "$secret" --sub "bench_user_$i" --first-name "User" \
    --last-name "$i" --role client)")
  ids+=("\"bench_user_$i\"")
done
auth() { echo "Authorization: Bearer ${tokens[$1]}"; }
for i in $(seq 1 7); do curl -sf -H "$(auth "$i")" "$base/messaging/conversations" >/dev/null; done
others=$(IFS=,; echo "${ids[*]:1}")
create_conversation() {
  curl -sf -H "$(auth 0)" -H 'Content-Type: application/json' \
    -d "{\"participantIds\":[$others],\"type\":\"GROUP\",\"title\":\"bench $1\"}" \
    "$base/messaging/conversations" | sed -E 's/^\{"id":"([^"]+)".*/\1/'
}
all=()
for i in $(seq "$conversations"); do all+=("$(create_conversation "$i")"); done
conversation=${all[0]}
export BENCH_TOKENS="${tokens[*]}"

# 1,000 messages to list from (sent with 16 at a time, so seeding itself is quick).
seq 1000 | xargs -P 16 -I{} curl -sf -o /dev/null -H "$(auth 0)" \
  -H 'Content-Type: application/json' -d '{"content":"seed message {}"}' \
  "$base/messaging/conversations/$conversation/messages"

echo "== send to one conversation: POST /messaging/conversations/:id/messages ($connections connections, ${seconds}s)"
BENCH_CONVERSATION=$conversation wrk -t2 -c"$connections" -d"${seconds}s" --latency \
  -s bench/rest/send.lua "$base"
echo "== send spread over $conversations conversations ($connections connections, ${seconds}s)"
BENCH_CONVERSATION="${all[*]}" wrk -t2 -c"$connections" -d"${seconds}s" --latency \
  -s bench/rest/send.lua "$base"
echo "== list: GET /messaging/conversations/:id/messages?limit=50 ($connections connections, ${seconds}s)"
BENCH_CONVERSATION=$conversation wrk -t2 -c"$connections" -d"${seconds}s" --latency \
  -s bench/rest/list.lua "$base"
echo "== database"
if [[ $backend == postgres ]]; then
  echo "$(psql "$db" -tAc 'SELECT count(*) FROM messages') messages," \
    "$(psql "$db" -tAc "SELECT pg_size_pretty(pg_database_size(current_database()))")"
else
  echo "$(sqlite3 "$db" 'SELECT count(*) FROM messages' 2>/dev/null || echo '?') messages"
  du -b "$dir"/bench.db* | sed "s|$dir/||"
fi
curl -sf "$base/metrics" | grep -E '^confide_db_commit_batch_size_(sum|count)' || true
