#!/usr/bin/env bash
# Sets up, builds and runs every test: unit tests, the integration suite, the gateway's
# end-to-end tests (socket.io-client) against the real binary, the event stream's against a
# real nats-server and webhook receiver, and the protocol layers against the official client,
# first on the Release build, then again under AddressSanitizer and UBSan; then every parser's
# fuzzer for a bounded time (scripts/fuzz.sh); last, the chat page in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test

run_suite() {  # $1: build directory
  echo "== unit tests ($1)"
  ctest --test-dir "$1" --output-on-failure -j2
  echo "== integration tests ($1)"
  CONFIDE_BIN="$PWD/$1/confide" node --test --test-concurrency=2 tests/integration/
  echo "== gateway end-to-end tests ($1)"
  CONFIDE_BIN="$PWD/$1/confide" node --test --test-concurrency=2 tests/e2e/gateway/
  echo "== event stream end-to-end tests ($1): jsonl, webhook and nats-server"
  CONFIDE_BIN="$PWD/$1/confide" node --test --test-concurrency=1 tests/e2e/events/
  echo "== protocol: socket.io-client against confide-conformance ($1)"
  CONFORMANCE_BIN="$PWD/$1/confide-conformance" node --test tests/e2e/protocol/
}

scripts/build.sh
run_suite build
scripts/build.sh --sanitize
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite build-asan
# Each parser's fuzzer, 30 s each, two at a time (tests/fuzz/README.md).
stage_start=$SECONDS
scripts/fuzz.sh 30
echo "== fuzz stage: $((SECONDS - stage_start)) s"
# The browser test exercises the page against the gateway, not the server's memory safety, which
# the suites above already cover under ASan: it runs once, on the Release build.
echo "== browser test (build)"
CONFIDE_BIN="$PWD/build/confide" node --test tests/e2e/browser/
echo "== all tests passed"
