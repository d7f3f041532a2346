#!/usr/bin/env bash
# The event stream's cost and throughput.
#   bench/events/run.sh [seconds per run, default 20] [connections, default 64]
# 1. The outbox's added cost per sent message: the REST send load of bench/rest (wrk, a GROUP
#    conversation of 8 users) against a fresh server with --events none (no outbox), with the
#    default jsonl sink, and with jsonl, a webhook and NATS JetStream at once; requests/s and
#    latency for each, and whether the sinks kept up (their lag at the end of the run).
# 2. Events per second each sink sustains: `confide events replay` of the outbox filled by
#    the last run, to each sink alone, timed.
# The receiver (Node.js) and nats-server run on the same machine as the server and wrk.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
connections=${2:-64}
bin=build/confide
[[ -x $bin ]] || { echo "build first: scripts/build.sh" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v nats-server >/dev/null || { echo "nats-server is missing: apt-get install nats-server" >&2; exit 1; }

dir=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
free_port() { echo $((20000 + RANDOM % 20000)); }

nats_port=$(free_port)
nats-server -a 127.0.0.1 -p "$nats_port" -js -sd "$dir/nats" >/dev/null 2>&1 &
pids+=($!)
node bench/events/receiver.mjs 0 >"$dir/receiver.out" &
pids+=($!)
receiver=$!
for _ in $(seq 50); do grep -q listening "$dir/receiver.out" 2>/dev/null && break; sleep 0.1; done
webhook_port=$(sed -n 's/^listening //p' "$dir/receiver.out")
secret=$(head -c 32 /dev/urandom | base64)
webhook_secret=$(head -c 16 /dev/urandom | base64)

# One run: a fresh database, the given --events, the send load; prints wrk's report and the
# sinks' lag when the load ends.
run() {  # $1: label, $2: --events value
  local label=$1 events=$2 db="$dir/$1/bench.db" port
  port=$(free_port)
  mkdir -p "$dir/$label"
  "$bin" serve --db "$db" --port "$port" --host 127.0.0.1 --jwt-secret "$secret" \
    --auto-provision true --log-requests false --log-level warn --max-connections-per-address 0 \
    --rate-messages 0 --rate-writes 0 --events "$events" \
    --events-webhook-secret "$webhook_secret" --events-nats-stream "BENCH_${label^^}" &
  local server=$!
  local base=http://127.0.0.1:$port
  for _ in $(seq 50); do curl -sf "$base/health" >/dev/null && break; sleep 0.1; done
  local tokens=() ids=()
  for i in $(seq 8); do
    tokens+=("$("$bin" token --jwt-secret "$secret" --sub "bench_user_$i" --first-name User \
      --last-name "$i")")
    ids+=("\"bench_user_$i\"")
  done
  for i in $(seq 1 7); do
    curl -sf -H "Authorization: Bearer ${tokens[$i]}" "$base/messaging/conversations" >/dev/null
  done
  local others conversation
  others=$(IFS=,; echo "${ids[*]:1}")
  conversation=$(curl -sf -H "Authorization: Bearer ${tokens[0]}" -H 'Content-Type: application/json' \
    -d "{\"participantIds\":[$others],\"type\":\"GROUP\",\"title\":\"bench\"}" \
    "$base/messaging/conversations" | sed -E 's/^\{"id":"([^"]+)".*/\1/')
  echo "== send with --events $label ($connections connections, ${seconds}s)"
  BENCH_CONVERSATION=$conversation BENCH_TOKENS="${tokens[*]}" \
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/rest/send.lua "$base" |
    grep -E 'Requests/sec|^ +(50|99)%|requests in'
  curl -sf "$base/metrics" | grep -E '^confide_events_(lag|delivered_total)' || true
  # How long the sinks take to catch up once the load stops.
  local start=$SECONDS
  while curl -sf "$base/metrics" | grep -E '^confide_events_lag' | grep -qv ' 0$'; do
    ((SECONDS - start > 120)) && { echo "sinks still behind after 120 s"; break; }
    sleep 0.5
  done
  echo "caught up $((SECONDS - start)) s after the load ended"
  kill "$server"
  wait "$server" 2>/dev/null || true
  last_db=$db
}

run none none
run jsonl "jsonl:$dir/jsonl/events.jsonl"
run all "jsonl:$dir/all/events.jsonl,webhook:http://127.0.0.1:$webhook_port/events,nats:nats://127.0.0.1:$nats_port"

total=$("$bin" events status --db "$last_db" --events none | sed -nE 's/^outbox: newest seq ([0-9]+).*/\1/p')
echo "== events per second to each sink: confide events replay of $total events"
for sink in jsonl webhook nats; do
  case $sink in
    jsonl) spec="jsonl:$dir/replay.jsonl" ;;
    webhook) spec="webhook:http://127.0.0.1:$webhook_port/events" ;;
    nats) spec="nats:nats://127.0.0.1:$nats_port" ;;
  esac
  start=$(date +%s.%N)
  "$bin" events replay --db "$last_db" --events "$spec" --events-webhook-secret "$webhook_secret" \
    --events-nats-stream BENCH_REPLAY --events-nats-subject bench.replay --sink "$sink" --from 1
  end=$(date +%s.%N)
  awk -v n="$total" -v s="$start" -v e="$end" -v k="$sink" \
    'BEGIN { printf "%s: %.0f events/s (%.2f s)\n", k, n / (e - s), e - s }'
done
