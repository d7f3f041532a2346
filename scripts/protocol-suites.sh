#!/usr/bin/env bash
# Runs the official Engine.IO v4 and Socket.IO v5 protocol test suites against
# build/confide-conformance. The suites are not part of this repository: they live in the
# socketio/socket.io repository (docs/engine.io-protocol/v4-test-suite and
# docs/socket.io-protocol/v5-test-suite). Give this script a checkout of it:
#
#   scripts/protocol-suites.sh /path/to/socket.io            # both suites
#   scripts/protocol-suites.sh /path/to/socket.io engineio   # one of them
#
# Each suite is copied to a temporary folder, its npm packages installed there (npm ci), its
# hard-coded address (http://localhost:3000) pointed at the conformance server's loopback
# port, and run with mocha. Nothing is written into either repository. See
# docs/protocol-compatibility.md.
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=${1:?usage: scripts/protocol-suites.sh /path/to/socket.io [engineio|socketio]}
only=${2:-}
bin=build/confide-conformance
[[ -x $bin ]] || { echo "build first: scripts/build.sh" >&2; exit 1; }
work=$(mktemp -d)
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

run_suite() {  # $1: engineio|socketio, $2: suite folder in the checkout
  local name=$1 folder=$checkout/$2 port=
  [[ -f $folder/test-suite.js ]] || { echo "no test suite at $folder" >&2; return 1; }
  cp -r "$folder" "$work/$name"
  (cd "$work/$name" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  "$bin" --suite "$name" --port 0 >"$work/$name.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do
    port=$(sed -nE 's/.*listening on 127\.0\.0\.1:([0-9]+).*/\1/p' "$work/$name.log")
    [[ -n $port ]] && break
    sleep 0.1
  done
  [[ -n $port ]] || { echo "confide-conformance did not start:" >&2; cat "$work/$name.log" >&2; return 1; }
  sed -i "s|^const URL = \"http://localhost:3000\";|const URL = \"http://127.0.0.1:$port\";|" \
    "$work/$name/test-suite.js"
  grep -q "127.0.0.1:$port" "$work/$name/test-suite.js" || {
    echo "the suite's address line has changed; update scripts/protocol-suites.sh" >&2
    return 1
  }
  echo "== $name suite ($2 @ $(git -C "$checkout" rev-parse --short HEAD 2>/dev/null || echo '?'))"
  local status=0
  (cd "$work/$name" && timeout 300 npx mocha --reporter spec test-suite.js) || status=$?
  if ! kill -0 "$server" 2>/dev/null; then
    echo "confide-conformance exited during the suite:" >&2
    cat "$work/$name.log" >&2
    status=1
  fi
  kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  server=
  return $status
}

status=0
if [[ -z $only || $only == engineio ]]; then
  run_suite engineio docs/engine.io-protocol/v4-test-suite || status=1
fi
if [[ -z $only || $only == socketio ]]; then
  run_suite socketio docs/socket.io-protocol/v5-test-suite || status=1
fi
exit $status
