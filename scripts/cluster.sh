#!/usr/bin/env bash
# Starts a complete confide cluster on this machine, on loopback, from the build: PostgreSQL,
# three nats-servers in a NATS cluster, three confide nodes (n1, n2, n3) and HAProxy in front
# (deploy/haproxy.cfg). Prints the URL to use and a token; Ctrl-C stops everything.
#   scripts/cluster.sh            installs what is missing, builds if needed, starts
# Environment: CONFIDE_CLUSTER_DIR (default /tmp/confide-cluster: the database, the NATS
# stores and each node's log; kept, so a restart finds its data), CONFIDE_CLUSTER_PORT (the
# load balancer's port on 127.0.0.1, default 8000).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/install-deps.sh --cluster
[[ -x build/confide ]] || scripts/build.sh

dir=${CONFIDE_CLUSTER_DIR:-/tmp/confide-cluster}
lb_port=${CONFIDE_CLUSTER_PORT:-8000}
pg_port=5499
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "stopping the cluster"
  for pid in "${pids[@]}" ${sleeper:-}; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  scripts/postgres.sh stop "$dir/pg" || true
  exit 0
}
trap stop_all INT TERM EXIT

# Waits until `probe` succeeds, up to 30 s.
wait_for() {
  local what=$1
  shift
  for _ in $(seq 300); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "cluster.sh: $what did not come up; logs in $dir" >&2
  exit 1
}

# PostgreSQL: one database for every node.
db=$(scripts/postgres.sh start "$dir/pg" "$pg_port")

# NATS: three servers routed to each other.
routes="nats-route://127.0.0.1:6222,nats-route://127.0.0.1:6223,nats-route://127.0.0.1:6224"
nats_urls="nats://127.0.0.1:4222,nats://127.0.0.1:4223,nats://127.0.0.1:4224"
for i in 1 2 3; do
  mkdir -p "$dir/nats$i"
  nats-server --name "nats$i" -a 127.0.0.1 -p $((4221 + i)) -m $((8221 + i)) \
    --cluster_name confide --cluster "nats://127.0.0.1:$((6221 + i))" --routes "$routes" \
    -js -sd "$dir/nats$i" >"$dir/nats$i/log" 2>&1 &
  pids+=($!)
done
for i in 1 2 3; do
  wait_for "nats$i" curl -sf "http://127.0.0.1:$((8221 + i))/healthz"
done

# The nodes share the secrets: a token signed for one is good on all.
secrets=$dir/secrets
if [[ ! -f $secrets ]]; then
  (
    umask 077
    echo "jwt_secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    echo "admin_key=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  ) >"$secrets"
fi
jwt_secret=$(sed -n 's/^jwt_secret=//p' "$secrets")
admin_key=$(sed -n 's/^admin_key=//p' "$secrets")

for i in 1 2 3; do
  mkdir -p "$dir/n$i"
  (cd "$dir/n$i" && exec "$root/build/confide" serve --node-id "n$i" \
    --host "127.0.0.1$i" --port 5000 --db "$db" --nats "$nats_urls" \
    --jwt-secret "$jwt_secret" --admin-key "$admin_key" --auto-provision true \
    --trusted-proxies 127.0.0.1 --max-connections-per-address 0 \
    --events "jsonl:$dir/n$i/events.jsonl" >"$dir/n$i/log" 2>&1) &
  pids+=($!)
done
for i in 1 2 3; do
  wait_for "node n$i" curl -sf "http://127.0.0.1$i:5000/health"
done

CONFIDE_LB_BIND="127.0.0.1:$lb_port" CONFIDE_N1=127.0.0.11:5000 CONFIDE_N2=127.0.0.12:5000 \
  CONFIDE_N3=127.0.0.13:5000 haproxy -db -f deploy/haproxy.cfg >"$dir/haproxy.log" 2>&1 &
pids+=($!)
wait_for "haproxy" curl -sf "http://127.0.0.1:$lb_port/health"

token=$(CONFIDE_JWT_SECRET=$jwt_secret build/confide token --sub user_john --first-name John \
  --last-name Doe)
cat <<EOM

confide cluster: three nodes (127.0.0.11-13:5000) on PostgreSQL ($db),
three nats-servers (127.0.0.1:4222-4224), behind HAProxy.

  URL:    http://127.0.0.1:$lb_port
  token:  $token
  admin:  curl -H "X-Admin-Key: $admin_key" http://127.0.0.1:$lb_port/admin/websocket/stats
  more tokens: CONFIDE_JWT_SECRET=$jwt_secret build/confide token --sub user_jane

  curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$lb_port/messaging/conversations
  Logs in $dir (n1/log, nats1/log, haproxy.log, ...). Ctrl-C stops everything.
EOM
# Until Ctrl-C: a node stopped on purpose (kill -9, to see its clients move) leaves the rest
# running.
while true; do
  sleep 3600 &
  sleeper=$!
  wait "$sleeper" || true
done
