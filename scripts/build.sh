#!/usr/bin/env bash
# Configures and builds confide with CMake and Ninja.
#   scripts/build.sh                 Release build in build/ (the binary: build/confide)
#   scripts/build.sh --sanitize      AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/
#   scripts/build.sh --tsan          ThreadSanitizer build in build-tsan/ (RelWithDebInfo)
# Targets after the options build only those: scripts/build.sh --tsan confide confide_store_tests
set -euo pipefail
cd "$(dirname "$0")/.."

dir=build
args=(-DCMAKE_BUILD_TYPE=Release)
case "${1:-}" in
  --sanitize)
    dir=build-asan
    args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONFIDE_SANITIZE=ON -DCONFIDE_BUILD_BENCH=OFF)
    shift
    ;;
  --tsan)
    dir=build-tsan
    args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONFIDE_TSAN=ON -DCONFIDE_BUILD_BENCH=OFF)
    shift
    ;;
esac
cmake -S . -B "$dir" -G Ninja "${args[@]}" >/dev/null
ninja -C "$dir" "$@"
