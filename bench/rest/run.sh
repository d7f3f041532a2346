#!/usr/bin/env bash
# End-to-end REST load: starts build/confide on a fresh SQLite file (on disk, WAL, fsync on
# every group commit), seeds a GROUP conversation of 8 users with 1,000 messages, then drives
# it with wrk: sending messages, then listing the newest page of 50.
#   bench/rest/run.sh [seconds per run, default 20] [connections, default 64]
# Prints wrk's report (requests/s, latency percentiles) for each workload and the database's
# size on disk. wrk shares the machine with the server: on a 2-core machine the figures are
# what one box does serving and loading itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
connections=${2:-64}
bin=build/confide
[[ -x $bin ]] || { echo "build first: scripts/build.sh" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
secret=$(head -c 32 /dev/urandom | base64)
"$bin" serve --db "$dir/bench.db" --port "$port" --host 127.0.0.1 --jwt-secret "$secret" \
  --auto-provision true --log-requests false --log-level warn --max-connections-per-address 0 \
  --rate-messages 0 --rate-writes 0 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 50); do curl -sf "$base/health" >/dev/null && break; sleep 0.1; done

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
conversation=$(curl -sf -H "$(auth 0)" -H 'Content-Type: application/json' \
  -d "{\"participantIds\":[$others],\"type\":\"GROUP\",\"title\":\"bench\"}" \
  "$base/messaging/conversations" | sed -E 's/^\{"id":"([^"]+)".*/\1/')
export BENCH_CONVERSATION=$conversation BENCH_TOKENS="${tokens[*]}"

# 1,000 messages to list from (sent with 16 at a time, so seeding itself is quick).
seq 1000 | xargs -P 16 -I{} curl -sf -o /dev/null -H "$(auth 0)" \
  -H 'Content-Type: application/json' -d '{"content":"seed message {}"}' \
  "$base/messaging/conversations/$conversation/messages"

echo "== send: POST /messaging/conversations/:id/messages ($connections connections, ${seconds}s)"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/rest/send.lua "$base"
echo "== list: GET /messaging/conversations/:id/messages?limit=50 ($connections connections, ${seconds}s)"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/rest/list.lua "$base"
echo "== database on disk"
du -b "$dir"/bench.db* | sed "s|$dir/||"
curl -sf "$base/metrics" | grep -E '^confide_db_commit_batch_size_(sum|count)'
