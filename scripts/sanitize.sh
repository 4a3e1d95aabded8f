#!/usr/bin/env bash
# Builds the native server and tests with AddressSanitizer and
# UndefinedBehaviorSanitizer into ./build-asan and runs the whole CTest suite
# there, except the browser tests (label "web": they run the WebAssembly core,
# which the sanitizers do not instrument). docs/reliability.md#sanitizers.
#
#   scripts/sanitize.sh             # what CI runs (scripts/test.sh)
#   LIF_CRASH_ROUNDS=100 scripts/sanitize.sh   # a longer crash test, instrumented
#
# Any report fails the run: leaks (LeakSanitizer, part of ASan), memory errors
# and undefined behaviour all abort the process that hit them, so its test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${LIF_ASAN_BUILD_DIR:-build-asan}"

# -O1 keeps the instrumented tests fast enough for CI while keeping frames for
# readable reports.
LIF_BUILD_DIR="$build" LIF_BUILD_TYPE=Debug bash scripts/build.sh \
  -DLIF_SANITIZE=ON -DLIF_BUILD_WASM=OFF -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g"

export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_init_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
(cd "$build" && ctest --output-on-failure -j2 --timeout 900 -LE web)
