#!/usr/bin/env bash
# Installs everything lif needs on Debian 12, as root: compilers, RocksDB,
# cpp-httplib, nlohmann/json, OpenSSL, libzip, expat and libxlsxwriter (the
# XLSX import), GoogleTest, Emscripten, Node.js, Chromium (for the browser
# tests) and clang with its libFuzzer and sanitizer runtimes
# (scripts/fuzz.sh). Safe to run again.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: run as root (or with sudo)" >&2
  exit 1
fi

packages=(
  build-essential cmake pkg-config git ca-certificates
  librocksdb-dev libcpp-httplib-dev nlohmann-json3-dev libssl-dev libjemalloc-dev zlib1g-dev
  libzip-dev libexpat1-dev libxlsxwriter-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  emscripten node-acorn
  chromium
  curl ccache
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm: use the machine's if present (any vendor), else Debian's.
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "install-deps: all packages present"
