#!/usr/bin/env bash
# Runs one fuzz target (tests/fuzz/fuzz_TARGET.cpp) for SECONDS, from its seed corpus.
#   scripts/fuzz.sh TARGET SECONDS      e.g. scripts/fuzz.sh text 3600
#   scripts/fuzz.sh --list
# New inputs go to artifacts/fuzz/corpus/TARGET (not the repo); a crash is written to
# artifacts/fuzz/crash-TARGET-* — copy it into tests/fuzz/corpus/TARGET/ so every later run
# (and scripts/test.sh) replays it, and fix the bug with a test first.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=$(sed -n 's/^set(BK_FUZZ_TARGETS \(.*\))$/\1/p' tests/fuzz/CMakeLists.txt)
if [ "${1:-}" = "--list" ] || [ $# -ne 2 ]; then
  echo "usage: scripts/fuzz.sh TARGET SECONDS   (targets: $TARGETS)"
  [ "${1:-}" = "--list" ] && exit 0 || exit 2
fi
target=$1 seconds=$2
case " $TARGETS " in *" $target "*) ;; *) echo "unknown target $target (targets: $TARGETS)" >&2; exit 2 ;; esac
scripts/setup.sh >/dev/null
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "fuzz_$target"
mkdir -p "artifacts/fuzz/corpus/$target"
exec "build/fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="artifacts/fuzz/crash-$target-" -print_final_stats=1 \
  "artifacts/fuzz/corpus/$target" "tests/fuzz/corpus/$target"
