#!/usr/bin/env bash
# Configures and builds confide with CMake and Ninja.
#   scripts/build.sh                 Release build in build/ (the binary: build/confide)
#   scripts/build.sh --sanitize      AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."

dir=build
args=(-DCMAKE_BUILD_TYPE=Release)
if [[ "${1:-}" == "--sanitize" ]]; then
  dir=build-asan
  args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONFIDE_SANITIZE=ON -DCONFIDE_BUILD_BENCH=OFF)
fi
cmake -S . -B "$dir" -G Ninja "${args[@]}" >/dev/null
ninja -C "$dir"
