#!/usr/bin/env bash
# The README's second command: installs what is needed, builds everything
# (native and WebAssembly), runs every test through CTest, then fuzzes each
# fuzz target briefly (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
(cd "${LIF_BUILD_DIR:-build}" && ctest --output-on-failure -j2 --timeout 600)
# A bounded libFuzzer run of every fuzz target (docs/reliability.md#fuzzing);
# LIF_FUZZ_SECONDS=0 skips it.
if [ "${LIF_FUZZ_SECONDS:-45}" != 0 ]; then
  bash scripts/fuzz.sh "${LIF_FUZZ_SECONDS:-45}"
fi
