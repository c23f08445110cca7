#!/usr/bin/env bash
# Client benchmark: prints payload sizes, first-frame time, idle frames and CPU per frame while
# typing. Never fails on a time; compare numbers within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
scripts/build.sh >/dev/null
node tests/bench/bench_client.js
