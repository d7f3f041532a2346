#!/usr/bin/env bash
# Real-time fan-out over a cluster of confide nodes, each held to the same CPU share.
#   bench/cluster/run.sh [--bin BIN] [--no-nats] [--idle CONNECTIONS] NODES [QUOTA_PERCENT] [options of fanout.mjs]
# Starts a throwaway PostgreSQL 15 (scripts/postgres.sh, a fresh cluster on a free loopback
# port), one nats-server (/usr/sbin/nats-server, loopback), and NODES confide nodes
# (build/confide serve --nats ... --node-id nI) sharing that database, each in a cgroup (v1
# cpu controller, /sys/fs/cgroup/cpu/) of its own with a quota of QUOTA_PERCENT (default 20)
# per cent of one CPU; then runs bench/gateway/fanout.mjs against all of them (sockets and
# sender lanes round-robin over the nodes; server CPU is the nodes' sum) and stops everything.
# --bin: another confide binary than build/confide. --no-nats: one node (NODES must be 1)
# without --nats, a plain PostgreSQL node. The nodes inherit the environment: CONFIDE_EVENTS=none
# runs them without the event outbox (by default each writes it, and one of them, the relay
# lease holder, delivers it to events.jsonl).
# After the run it prints the CPU seconds of PostgreSQL and of the nats-server, the messages
# through the nats-server (its /varz), each node's cgroup throttling (periods throttled / all,
# over the whole run: near 100 %, the node used all of its quota) and the warn/error lines in
# each node's log.
# --concurrency is the sender lanes in all: at a low quota give each node 48 of them (a lane
# waits for its 201, and a node's requests wait for its next quota period), so that every
# node runs at its quota. Needs root (the cgroups), build/confide, nats-server and `npm ci`.
# --idle CONNECTIONS: before the fan-out, that many more authenticated WebSockets, one user
# each, are opened and held idle, an equal share on each node, each share by a client process
# of its own (bench/gateway/idle.mjs) from source address 127.0.0.(10 + node); the fan-out runs
# while they are held, and each share's report (authenticated, still open, the node's memory
# per connection) is printed after it. One process may hold at most `ulimit -Hn` descriptors:
# the shares must fit under it, on both sides.
# Examples:
#   CONFIDE_EVENTS=none bench/cluster/run.sh 3 10 --members 60 --concurrency 144 --duration 15 --warmup 3
#   CONFIDE_EVENTS=none bench/cluster/run.sh --idle 100000 6 200 --members 100 --rate 100 --duration 15
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=$PWD/build/confide
if [[ ${1:-} == --bin ]]; then
  bin=$(realpath "${2:?--bin BIN}")
  shift 2
fi
nats=1
if [[ ${1:-} == --no-nats ]]; then
  nats=0
  shift
fi
idle=0
if [[ ${1:-} == --idle ]]; then
  idle=${2:?--idle CONNECTIONS}
  [[ $idle =~ ^[0-9]+$ ]] || { echo "--idle takes a number of connections" >&2; exit 2; }
  shift 2
fi
nodes=${1:-}
[[ $nodes =~ ^[1-9]$ ]] || { sed -n '2,30p' "$0" >&2; exit 2; }
shift
quota=20
if [[ ${1:-} =~ ^[0-9]+$ ]]; then
  quota=$1
  shift
fi
[[ $nats == 1 || $nodes == 1 ]] || { echo "--no-nats runs one node" >&2; exit 2; }
[[ -x $bin ]] || { echo "build first: scripts/build.sh" >&2; exit 1; }
[[ -x /usr/sbin/nats-server ]] || { echo "needs /usr/sbin/nats-server" >&2; exit 1; }
[[ -d node_modules/ws ]] || { echo "run npm ci first" >&2; exit 1; }
cgroot=/sys/fs/cgroup/cpu
[[ -w $cgroot ]] || { echo "needs the cgroup v1 cpu controller at $cgroot, writable (root)" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

tmp=$(mktemp -d /tmp/confide-cluster.XXXXXX)
chmod 755 "$tmp"
pids=()
idle_pids=()
cgroups=()
nats_pid=
pg_started=0
cleanup() {
  set +e
  for p in "${idle_pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${idle_pids[@]}"; do wait "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  [[ -n $nats_pid ]] && { kill -TERM "$nats_pid" 2>/dev/null; wait "$nats_pid" 2>/dev/null; }
  [[ $pg_started == 1 ]] && scripts/postgres.sh stop "$tmp/pg" >/dev/null 2>&1
  for g in "${cgroups[@]}"; do rmdir "$g" 2>/dev/null || echo "could not remove $g" >&2; done
  rm -rf "$tmp"
}
trap cleanup EXIT

wait_port() { # PORT SECONDS
  for ((k = 0; k < $2 * 10; k++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on $1 after $2 s" >&2
  return 1
}

# Below the kernel's ephemeral ports (32768 and up), which the load's own connections use.
base=$((20000 + RANDOM % 12000))
pg_port=$base
nats_port=$((base + 1))
nats_monitor=$((base + 2))
uri=$(scripts/postgres.sh start "$tmp/pg" "$pg_port")
pg_started=1
nats_args=()
if [[ $nats == 1 ]]; then
  /usr/sbin/nats-server -a 127.0.0.1 -p "$nats_port" -m "$nats_monitor" >"$tmp/nats.log" 2>&1 &
  nats_pid=$!
  wait_port "$nats_port" 10
  nats_args=(--nats "nats://127.0.0.1:$nats_port")
fi

secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
urls=()
for ((i = 1; i <= nodes; i++)); do
  port=$((base + 10 + i))
  g=$cgroot/confide-bench-$$-n$i
  mkdir "$g"
  cgroups+=("$g")
  echo 100000 >"$g/cpu.cfs_period_us"
  echo $((quota * 1000)) >"$g/cpu.cfs_quota_us"
  mkdir "$tmp/n$i"
  # The node enters its cgroup before it starts (every thread it makes is in it); it runs in
  # a directory of its own (its data/ folder).
  (cd "$tmp/n$i" && exec bash -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$g" \
    "$bin" serve --db "$uri" "${nats_args[@]}" --node-id "n$i" \
    --host 127.0.0.1 --port "$port" --jwt-secret "$secret" --auto-provision true \
    --log-requests false --log-level info \
    --max-sessions-per-address 1000000 --max-sessions 1000000 --max-connections-per-address 0 \
    --rate-messages 0 --rate-writes 0 --rate-events 0 --rate-user-events 0 \
    >"$tmp/n$i.log" 2>&1) &
  pids+=($!)
  urls+=("http://127.0.0.1:$port")
done
for ((i = 1; i <= nodes; i++)); do
  wait_port $((base + 10 + i)) 30 || { tail -20 "$tmp/n$i.log" >&2; exit 1; }
done

throttling() { # cgroup → "throttled/periods throttled_seconds"
  awk '/^nr_periods/ {p = $2} /^nr_throttled/ {t = $2} /^throttled_time/ {s = $2}
    END {printf "%d %d %.2f", t, p, s / 1e9}' "$1/cpu.stat"
}
declare -A before
for g in "${cgroups[@]}"; do before[$g]=$(throttling "$g"); done
cpu_of() { # PID... → user+system CPU seconds of these processes and of their children alive
  local total=0 p
  for p in "$@"; do
    [[ -r /proc/$p/stat ]] || continue
    total=$((total + $(awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$p/stat")))
    for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do total=$((total + $(cpu_of_ticks "$c"))); done
  done
  echo "$total"
}
cpu_of_ticks() { awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_pid=$(head -1 "$tmp/pg/postmaster.pid")
others() { # CPU ticks of PostgreSQL (postmaster and backends) and of the nats-server
  echo "$(cpu_of "$pg_pid") $([[ -n $nats_pid ]] && cpu_of "$nats_pid" || echo 0)"
}
read -r pg0 nt0 <<<"$(others)"
t_start=$(date +%s.%N)
nats_counts() { # messages into and out of the nats-server so far
  curl -s "http://127.0.0.1:$nats_monitor/varz" | tr -d ' ,' |
    awk -F: '/^"in_msgs"/ {i = $2} /^"out_msgs"/ {o = $2} /^"in_bytes"/ {b = $2} END {print i + 0, o + 0, b + 0}'
}
[[ $nats == 1 ]] && read -r nin0 nout0 nbytes0 <<<"$(nats_counts)"

echo "confide nodes: $nodes ($([[ $nats == 1 ]] && echo "NATS" || echo "no NATS")), quota ${quota}% of a CPU each"
status=0
if ((idle > 0)); then
  share=$(((idle + nodes - 1) / nodes))
  left=$idle
  for ((i = 1; i <= nodes; i++)); do
    n=$((left < share ? left : share))
    left=$((left - n))
    node bench/gateway/idle.mjs --url "${urls[i - 1]}" --secret "$secret" --pid "${pids[i - 1]}" \
      --connections "$n" --concurrency 100 --hold 0 --until-signal --json \
      --local-address "127.0.0.$((10 + i))" --ready "$tmp/idle$i.ready" \
      >"$tmp/idle$i.json" 2>"$tmp/idle$i.err" &
    idle_pids+=($!)
  done
  t_idle=$(date +%s)
  for ((i = 1; i <= nodes; i++)); do
    until [[ -s $tmp/idle$i.ready ]]; do
      kill -0 "${idle_pids[i - 1]}" 2>/dev/null || { echo "idle clients of n$i ended:" >&2; cat "$tmp/idle$i.err" >&2; exit 1; }
      (($(date +%s) - t_idle < 900)) || { echo "idle connections not open after 900 s" >&2; exit 1; }
      sleep 1
    done
    echo "idle on n$i: $(cat "$tmp/idle$i.ready")"
  done
fi
IFS=,
node bench/gateway/fanout.mjs --url "${urls[*]}" --secret "$secret" --pid "${pids[*]}" "$@" || status=$?
unset IFS
if ((idle > 0)); then
  for p in "${idle_pids[@]}"; do kill -USR2 "$p"; done
  held=0
  for ((i = 1; i <= nodes; i++)); do
    wait "${idle_pids[i - 1]}" || status=1
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").pop());
      console.log(`idle on ${process.argv[2]}: ${r.authenticated}/${r.options.connections} authenticated, ${r.stillOpen} still open after the fan-out, ` +
        `unexpected closes ${r.unexpectedCloses}, failures ${JSON.stringify(r.failures)}; node RSS ${r.rssBeforeMiB} -> ${r.rssAfterHoldMiB} MiB ` +
        `(${r.bytesPerConnection} bytes per connection), threads ${r.serverThreads}; client RSS ${r.clientRssMiB} MiB`);
      console.log(`held ${r.stillOpen}`);' "$tmp/idle$i.json" "n$i" | tee "$tmp/idle$i.txt" | grep -v '^held'
    held=$((held + $(awk '/^held/ {print $2}' "$tmp/idle$i.txt")))
  done
  idle_pids=()
  echo "idle connections held through the fan-out: $held of $idle"
  ((held == idle)) || status=1
fi

read -r pg1 nt1 <<<"$(others)"
echo "over the run ($(awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $t_start}") s, set-up and drain included): PostgreSQL" \
  "$(awk "BEGIN {printf \"%.2f\", ($pg1 - $pg0) / 100}") CPU-s, nats-server $(awk "BEGIN {printf \"%.2f\", ($nt1 - $nt0) / 100}") CPU-s"
if [[ $nats == 1 ]]; then
  read -r nin1 nout1 nbytes1 <<<"$(nats_counts)"
  echo "nats-server over the run: $((nin1 - nin0)) messages in ($(((nbytes1 - nbytes0) / 1048576)) MiB)," \
    "$((nout1 - nout0)) out"
fi
for ((i = 1; i <= nodes; i++)); do
  g=${cgroups[i - 1]}
  read -r t0 p0 s0 <<<"${before[$g]}"
  read -r t1 p1 s1 <<<"$(throttling "$g")"
  problems=$(grep -cE '"level":"(warn|warning|error|critical)"' "$tmp/n$i.log" || true)
  echo "node n$i: throttled in $((t1 - t0)) of $((p1 - p0)) periods ($(awk "BEGIN {printf \"%.1f\", $s1 - $s0}") s)," \
    "warn/error log lines: $problems"
  [[ $problems == 0 ]] || grep -E '"level":"(warn|warning|error|critical)"' "$tmp/n$i.log" | tail -5
done
exit "$status"
