#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang in build-fuzz/ (ASan + UBSan) and runs
# each from its seed corpus (tests/fuzz/corpus/<target>/) for a bounded time, two at a time.
#   scripts/fuzz.sh                    every target for 30 s
#   scripts/fuzz.sh 600                every target for 600 s
#   scripts/fuzz.sh 600 jwt router     only these targets
# Fails on a crash (a sanitizer report or a broken check), a leak, an input that runs longer
# than 10 s, or more than 2 GiB of memory. The failing input is saved as
# build-fuzz/artifacts/<target>-crash-…; new inputs found go to build-fuzz/corpus/<target>/,
# not into the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-30}"
shift || true
all=(http_request request_header router api_body jwt engineio_payload socketio_decoder
  websocket_frame)
targets=("${@:-${all[@]}}")

cmake -S . -B build-fuzz -G Ninja -DCONFIDE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ >/dev/null
ninja -C build-fuzz "${targets[@]/%/_fuzzer}"

mkdir -p build-fuzz/artifacts build-fuzz/logs
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

# Runs one target; its output goes to build-fuzz/logs/<target>.log.
run_target() {
  local target="$1"
  mkdir -p "build-fuzz/corpus/$target"
  "build-fuzz/${target}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$target-" \
    "build-fuzz/corpus/$target" "tests/fuzz/corpus/$target" >"build-fuzz/logs/$target.log" 2>&1
}

# Reports one finished target: its figures, or its whole log when it failed.
report() {
  local target="$1" status="$2"
  if ((status == 0)); then
    echo "fuzz $target: ok, $(grep -E '^stat::number_of_executed_units' "build-fuzz/logs/$target.log" |
      awk '{print $2}') runs, $(grep -cE '^#[0-9]+.*(NEW|REDUCE)' "build-fuzz/logs/$target.log") new inputs"
  else
    echo "fuzz $target: FAILED (exit $status); its log:"
    cat "build-fuzz/logs/$target.log"
    echo "reproduce: build-fuzz/${target}_fuzzer build-fuzz/artifacts/$target-<file>"
  fi
}

echo "== fuzzing ${#targets[@]} targets for ${seconds} s each, two at a time"
failed=0
declare -A running=()  # pid -> target
# Waits for one running target to end and reports it.
finish_one() {
  local pid status=0
  wait -n -p pid "${!running[@]}" || status=$?
  report "${running[$pid]}" "$status"
  ((status == 0)) || failed=1
  unset "running[$pid]"
}
for target in "${targets[@]}"; do
  [[ -d "tests/fuzz/corpus/$target" ]] || { echo "no seed corpus tests/fuzz/corpus/$target"; exit 1; }
  ((${#running[@]} < 2)) || finish_one
  run_target "$target" &
  running[$!]="$target"
done
while ((${#running[@]} > 0)); do finish_one; done
exit "$failed"
