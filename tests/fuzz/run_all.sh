#!/usr/bin/env bash
# scripts/test.sh's fuzz step: for every target, replay its corpus in tests/fuzz/corpus (each
# file once: every crash ever found stays fixed), then fuzz it from that corpus for a fixed
# number of inputs with a fixed seed (BK_FUZZ_SEED, default 1405), so that a CI run is
# reproducible: the same build tries the same inputs in the same order, however busy the machine
# is (a time limit tries fewer when it is). The counts are what 20 s of fuzzing each gave in CI
# when it was timed that way; BK_FUZZ_SCALE multiplies them. Targets run BK_FUZZ_JOBS at a time
# (default: the cores).
# Finding new bugs is scripts/fuzz.sh's job (long campaigns, a new seed each time). Prints
# "# pass N" / "# fail M" for test.sh's count.
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=build/fuzz/tests/fuzz
SEED=${BK_FUZZ_SEED:-1405}
SCALE=${BK_FUZZ_SCALE:-1}
JOBS=${BK_FUZZ_JOBS:-$(nproc)}
OUT=artifacts/fuzz
mkdir -p "$OUT"
declare -A RUNS=([api_json]=65000 [ids]=550000 [dates]=27000000 [registry_csv]=930000 [text]=100000)

one() { # target: writes $OUT/TARGET.tap (two TAP lines)
  local target=$1 corpus=tests/fuzz/corpus/$1 scratch runs
  {
    if "$BIN/fuzz_$target" -runs=0 -artifact_prefix="$OUT/crash-$target-" "$corpus" >"$OUT/$target-replay.log" 2>&1; then
      echo "ok - $target: replayed $(ls "$corpus" | wc -l) corpus files"
    else
      echo "not ok - $target: a corpus file fails (see $OUT/$target-replay.log)"; tail -n 30 "$OUT/$target-replay.log"
    fi
    if [ -z "${RUNS[$target]:-}" ]; then
      echo "not ok - $target: no input count in tests/fuzz/run_all.sh"
      return
    fi
    runs=$(( ${RUNS[$target]} * SCALE ))
    scratch=$(mktemp -d)
    if "$BIN/fuzz_$target" -runs="$runs" -seed="$SEED" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
         -artifact_prefix="$OUT/crash-$target-" -print_final_stats=1 "$scratch" "$corpus" >"$OUT/$target-fuzz.log" 2>&1; then
      echo "ok - $target: $runs inputs fuzzed (seed $SEED), nothing found"
    else
      echo "not ok - $target: fuzzing found a failure (see $OUT/$target-fuzz.log and $OUT/crash-$target-*)"
      grep -E "ERROR|property failed|SUMMARY|==[0-9]+==" "$OUT/$target-fuzz.log" | head -n 20
    fi
    rm -rf "$scratch"
  } >"$OUT/$target.tap"
}

targets=$(sed -n 's/^set(BK_FUZZ_TARGETS \(.*\))$/\1/p' tests/fuzz/CMakeLists.txt)
running=0
for target in $targets; do
  one "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
done
wait
pass=0 fail=0
for target in $targets; do
  cat "$OUT/$target.tap"
  pass=$((pass + $(grep -c '^ok ' "$OUT/$target.tap")))
  fail=$((fail + $(grep -c '^not ok ' "$OUT/$target.tap")))
done
echo "# pass $pass"
echo "# fail $fail"
[ "$fail" -eq 0 ]
