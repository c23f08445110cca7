#!/usr/bin/env bash
# scripts/test.sh's fuzz step: for every target, replay its corpus in tests/fuzz/corpus (each
# file once: every crash ever found stays fixed), then fuzz it for BK_FUZZ_SECONDS (default 20)
# from that corpus, with a fixed seed (BK_FUZZ_SEED, default 1405) so that a CI run is
# reproducible: the same build tries the same inputs in the same order. Finding new bugs is
# scripts/fuzz.sh's job (long campaigns, a new seed each time). Prints "# pass N" / "# fail M"
# for test.sh's count.
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=build/fuzz/tests/fuzz
SECONDS_EACH=${BK_FUZZ_SECONDS:-20}
SEED=${BK_FUZZ_SEED:-1405}
OUT=artifacts/fuzz
mkdir -p "$OUT"
pass=0 fail=0
for target in $(sed -n 's/^set(BK_FUZZ_TARGETS \(.*\))$/\1/p' tests/fuzz/CMakeLists.txt); do
  corpus=tests/fuzz/corpus/$target
  if "$BIN/fuzz_$target" -runs=0 -artifact_prefix="$OUT/crash-$target-" "$corpus" >"$OUT/$target-replay.log" 2>&1; then
    echo "ok - $target: replayed $(ls "$corpus" | wc -l) corpus files"; pass=$((pass + 1))
  else
    echo "not ok - $target: a corpus file fails (see $OUT/$target-replay.log)"; tail -n 30 "$OUT/$target-replay.log"; fail=$((fail + 1))
  fi
  scratch=$(mktemp -d)
  if "$BIN/fuzz_$target" -max_total_time="$SECONDS_EACH" -seed="$SEED" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$OUT/crash-$target-" -print_final_stats=1 "$scratch" "$corpus" >"$OUT/$target-fuzz.log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/$target-fuzz.log")
    echo "ok - $target: ${SECONDS_EACH} s of fuzzing, ${runs:-?} inputs, nothing found"; pass=$((pass + 1))
  else
    echo "not ok - $target: fuzzing found a failure (see $OUT/$target-fuzz.log and $OUT/crash-$target-*)"
    grep -E "ERROR|property failed|SUMMARY|==[0-9]+==" "$OUT/$target-fuzz.log" | head -n 20
    fail=$((fail + 1))
  fi
  rm -rf "$scratch"
done
echo "# pass $pass"
echo "# fail $fail"
[ "$fail" -eq 0 ]
