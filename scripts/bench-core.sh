#!/usr/bin/env bash
# The node core module's national-ID validation against @persian-tools/persian-tools, per ID
# and in bulk, on the same random IDs (tests/bench/bench_core.js). Prints numbers, never fails.
#   BENCH_IDS (default 200000), BENCH_ROUNDS (default 5)
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null && scripts/build.sh >/dev/null || { echo "setup/build failed"; exit 0; }
node tests/bench/bench_core.js
exit 0
