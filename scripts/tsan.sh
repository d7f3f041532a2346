#!/usr/bin/env bash
# Builds what crosses threads under ThreadSanitizer (build-tsan/, RelWithDebInfo) and runs it:
# the unit tests of the store (the writer, the readers and their job queues; PostgreSQL's job
# pools and lease against a throwaway server), the event stream
# (sink workers, outbox, relay), the HTTP server and its connections, JWKS refresh and the
# Socket.IO namespace (broadcasts across I/O threads, the room census), the cluster's
# presence heartbeat and its NATS bus (against a throwaway nats-server); then the real binary
# under the integration suite (REST on the I/O threads, the writer and the readers) and the
# gateway's and event stream's end-to-end suites (two I/O threads, so broadcasts cross them;
# changes fanned out to sockets, presence, users deleted while connected, the sinks).
# Any report fails the stage; the reports are kept in build-tsan/reports/. tests/tsan.supp
# names the only reports suppressed: races seen in libraries not built with ThreadSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

tests=(confide_core_tests confide_store_tests confide_store_postgres_tests confide_events_tests confide_http_tests
  confide_auth_tests confide_socketio_tests confide_realtime_tests confide_cluster_tests)

scripts/build.sh --tsan confide "${tests[@]}"

reports="$PWD/build-tsan/reports"
rm -rf "$reports"
mkdir -p "$reports"
# Reports go to files (one per process, the server's included) as well as failing the run:
# halt_on_error ends a process at its first report, with exit code 66.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 log_path=$reports/tsan \
suppressions=$PWD/tests/tsan.supp"

status=0
echo "== unit tests under ThreadSanitizer"
ctest --test-dir build-tsan --output-on-failure -j2 -R "^($(IFS="|"; echo "${tests[*]}"))\$" ||
  status=1
echo "== integration and end-to-end tests under ThreadSanitizer"
# CONFIDE_SANITIZER skips the tests that measure the server's RSS, which shadow memory swamps.
CONFIDE_SANITIZER=thread CONFIDE_BIN="$PWD/build-tsan/confide" node --test --test-concurrency=2 \
  tests/integration/ tests/e2e/gateway/ || status=1
CONFIDE_SANITIZER=thread CONFIDE_BIN="$PWD/build-tsan/confide" node --test --test-concurrency=1 \
  tests/e2e/events/ || status=1

if compgen -G "$reports/tsan*" >/dev/null; then
  echo "ThreadSanitizer reports:"
  cat "$reports"/tsan*
  status=1
fi
exit "$status"
