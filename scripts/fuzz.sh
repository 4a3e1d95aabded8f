#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan, UBSan) into ./build-fuzz and runs
# each for SECONDS (default 60). docs/reliability.md#fuzzing.
#
#   scripts/fuzz.sh                 # append_request and bundle, 60 s each (CI: 45 s)
#   scripts/fuzz.sh 3600 append_request bundle views   # the long run: an hour each
#   scripts/fuzz.sh 600 bundle      # one target
#
# "views" (every view computed after each accepted request) builds the whole
# core with the sanitizers, so it is left out of the default, CI run.
# Each target starts from the committed seeds (tests/fuzz/corpus/<target>;
# "views" uses append_request's)
# and keeps what it learns in build-fuzz/corpus/<target>, so later runs go on
# from there; the committed corpus is never written. A crash or a broken
# invariant leaves its input in build-fuzz/crashes/<target>/ and makes the
# script fail: fix the bug, then copy the input into the committed corpus so
# that the corpus replay (CTest fuzz_corpus_<target>) keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then targets=(append_request bundle); fi
build="${LIF_FUZZ_BUILD_DIR:-build-fuzz}"

cmake -S . -B "$build" -DLIF_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLIF_BUILD_WASM=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/lif_fuzz_}" >"$build/build.log" 2>&1 ||
  { tail -40 "$build/build.log"; exit 1; }

failed=0
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  crashes="$build/crashes/$t"
  mkdir -p "$work" "$crashes"
  seed_name="$t"
  if [ "$t" = views ]; then seed_name=append_request; fi
  seed_dir="tests/fuzz/corpus/$seed_name"
  dict=()
  if [ -f "tests/fuzz/$seed_name.dict" ]; then dict=(-dict="tests/fuzz/$seed_name.dict"); fi
  log="$build/fuzz-$t.log"
  echo "fuzz: $t for ${seconds}s (log: $log)"
  set +e
  "$build/tests/fuzz/lif_fuzz_$t" "$work" "$seed_dir" "${dict[@]}" \
    -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1
  status=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  seeds=$(find "$seed_dir" -type f | wc -l)
  learned=$(find "$work" -type f | wc -l)
  found=$(find "$crashes" -type f | wc -l)
  echo "fuzz: $t: ${execs:-?} executions in ${seconds}s (${rate:-?}/s), corpus $seeds seeds +" \
    "$learned learned inputs, $found crash inputs, exit $status"
  if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
    failed=1
    grep -E 'ERROR|invariant|SUMMARY' "$log" | head -20 || true
  fi
done
exit "$failed"
