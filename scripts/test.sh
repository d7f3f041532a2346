#!/usr/bin/env bash
# Sets up, builds and runs every test: unit tests (the store's and the services' on SQLite and
# on a throwaway PostgreSQL each binary starts), the integration suite, the gateway's
# end-to-end tests (socket.io-client) against the real binary, the event stream's against a
# real nats-server and webhook receiver, and the protocol layers against the official client,
# first on the Release build, then again under AddressSanitizer and UBSan; the integration,
# gateway and event stream suites once more on the Release build with PostgreSQL as the
# database (scripts/postgres.sh starts it); then every parser's fuzzer for a bounded time
# (scripts/fuzz.sh) and the threaded core under ThreadSanitizer (scripts/tsan.sh); last, the
# chat page in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
# stage <name> <command…>: runs one step and says how long it took, and the run so far.
stage() {
  local name="$1" start=$SECONDS
  shift
  echo "== $name"
  "$@"
  echo "== $name: $((SECONDS - start)) s (run so far: $((SECONDS - started)) s)"
}

stage "install what is missing" scripts/install-deps.sh --test

run_suite() {  # $1: build directory
  stage "unit tests ($1)" ctest --test-dir "$1" --output-on-failure -j2
  stage "integration tests ($1)" env CONFIDE_BIN="$PWD/$1/confide" \
    node --test --test-concurrency=2 --test-timeout=300000 tests/integration/
  stage "gateway end-to-end tests ($1)" env CONFIDE_BIN="$PWD/$1/confide" \
    node --test --test-concurrency=2 --test-timeout=300000 tests/e2e/gateway/
  stage "event stream end-to-end tests ($1): jsonl, webhook and nats-server" \
    env CONFIDE_BIN="$PWD/$1/confide" node --test --test-concurrency=1 --test-timeout=300000 tests/e2e/events/
  stage "protocol: socket.io-client against confide-conformance ($1)" \
    env CONFORMANCE_BIN="$PWD/$1/confide-conformance" node --test tests/e2e/protocol/
}

# The suites that take a --db run once more against PostgreSQL: a throwaway server in a
# temporary directory on a free loopback port, a database of its own per confide the tests
# start (tests/integration/harness.mjs, CONFIDE_TEST_POSTGRES), stopped when the script ends.
pg_dir=""
stop_postgres() {
  if [[ -n $pg_dir ]]; then
    scripts/postgres.sh stop "$pg_dir" || true
    rm -rf "$pg_dir"
    pg_dir=""
  fi
}
trap stop_postgres EXIT
start_postgres() {
  pg_dir=$(mktemp -d /tmp/confide-pg.XXXXXX)
  local port uri
  port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => {
    console.log(s.address().port); s.close(); })')
  uri=$(scripts/postgres.sh start "$pg_dir" "$port")
  export CONFIDE_TEST_POSTGRES="${uri%/*}"
  echo "PostgreSQL at $CONFIDE_TEST_POSTGRES"
}
run_postgres_suites() {  # $1: build directory
  stage "start PostgreSQL" start_postgres
  stage "integration tests ($1, PostgreSQL)" env CONFIDE_BIN="$PWD/$1/confide" \
    node --test --test-concurrency=2 --test-timeout=300000 tests/integration/
  stage "gateway end-to-end tests ($1, PostgreSQL)" env CONFIDE_BIN="$PWD/$1/confide" \
    node --test --test-concurrency=2 --test-timeout=300000 tests/e2e/gateway/
  stage "event stream end-to-end tests ($1, PostgreSQL)" env CONFIDE_BIN="$PWD/$1/confide" \
    node --test --test-concurrency=1 --test-timeout=300000 tests/e2e/events/
  stop_postgres
  unset CONFIDE_TEST_POSTGRES
}

stage "build (Release)" scripts/build.sh
run_suite build
run_postgres_suites build
stage "build (ASan+UBSan)" scripts/build.sh --sanitize
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export CONFIDE_SANITIZER=address  # tests that measure the server's RSS skip or say less
run_suite build-asan
unset ASAN_OPTIONS UBSAN_OPTIONS CONFIDE_SANITIZER
# Each parser's fuzzer, 30 s each, two at a time (tests/fuzz/README.md).
stage "fuzzers" scripts/fuzz.sh 30
stage "ThreadSanitizer" scripts/tsan.sh
# The browser test exercises the page against the gateway, not the server's memory safety, which
# the suites above already cover under ASan: it runs once, on the Release build.
stage "browser test (build)" env CONFIDE_BIN="$PWD/build/confide" node --test tests/e2e/browser/
echo "== all tests passed in $((SECONDS - started)) s"
