#!/usr/bin/env bash
# Sets up, builds and runs every test: unit tests, the integration suite and the gateway's
# end-to-end tests (socket.io-client) against the real binary, first on the Release build,
# then again under AddressSanitizer and UBSan.
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
}

scripts/build.sh
run_suite build
scripts/build.sh --sanitize
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite build-asan
echo "== all tests passed"
