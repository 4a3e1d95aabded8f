#!/usr/bin/env bash
# The README's second command: installs what is needed, builds everything
# (native and WebAssembly) and runs every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cd "${LIF_BUILD_DIR:-build}"
ctest --output-on-failure -j2 --timeout 600
