#!/usr/bin/env bash
# Configures and builds both presets (native, wasm). Incremental: a second run only rebuilds
# what changed. Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # Debian's emscripten tools need acorn from here

for preset in native wasm; do
  if [ ! -f "build/$preset/CMakeCache.txt" ]; then
    echo "[build] configure $preset"
    cmake --preset "$preset" >/dev/null
  fi
  echo "[build] build $preset"
  cmake --build --preset "$preset" -- -j"$(nproc)"
done
