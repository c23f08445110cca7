#!/usr/bin/env bash
# Configures and builds both presets (native, wasm), at the same time: each ends in long serial
# steps (linking), which the other's compiles fill. Incremental: a second run only rebuilds what
# changed. Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # Debian's emscripten tools need acorn from here

for preset in native wasm; do
  if [ ! -f "build/$preset/CMakeCache.txt" ]; then
    echo "[build] configure $preset"
    cmake --preset "$preset" >/dev/null
  fi
done
echo "[build] build native and wasm"
cmake --build --preset native -- -j"$(nproc)" &
native=$!
wasm_rc=0
cmake --build --preset wasm -- -j"$(nproc)" || wasm_rc=$?
native_rc=0
wait "$native" || native_rc=$?
[ "$native_rc" -eq 0 ] || echo "[build] the native build failed" >&2
[ "$wasm_rc" -eq 0 ] || echo "[build] the wasm build failed" >&2
[ "$native_rc" -eq 0 ] && [ "$wasm_rc" -eq 0 ]
